package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// vhostLog is a vhost_combined log: two sites, one of them failing.
func vhostLog() string {
	var b strings.Builder
	for i := range 30 {
		host, status, path := "www.example.com:443", 200, fmt.Sprintf("/page/%d", i%3)
		if i%3 == 0 {
			host = "Shop.Example.com:443"
			status, path = 502, "/cart"
			if i%2 == 0 {
				status, path = 404, "/old"
			}
		}
		fmt.Fprintf(&b, "%s 192.0.2.%d - - [24/Nov/2026:10:%02d:00 +0100] \"GET %s HTTP/1.1\" %d 512 \"-\" \"Mozilla/5.0\"\n", host, i, i, path, status)
	}
	return b.String()
}

func TestVirtualHosts(t *testing.T) {
	dir := t.TempDir()
	log := writeFile(t, dir, "other_vhosts_access.log", []byte(vhostLog()))
	out, errOut, code := runCLI(t, "", "--format", "json", log)
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Requests int64
		VHosts   []struct {
			VHost        string           `json:"vhost"`
			Requests     int64            `json:"requests"`
			Classes      map[string]int64 `json:"classes"`
			TopErrorPath *struct {
				Key   string `json:"key"`
				Count int64  `json:"count"`
			} `json:"top_error_path"`
		} `json:"vhosts"`
		Inputs []struct {
			OutOfWindow int64 `json:"out_of_window"`
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.VHosts, 2)
	assert.Equal(t, "www.example.com", rep.VHosts[0].VHost)
	assert.EqualValues(t, 20, rep.VHosts[0].Requests)
	assert.Nil(t, rep.VHosts[0].TopErrorPath)
	assert.Equal(t, "shop.example.com", rep.VHosts[1].VHost, "host names in lower case")
	assert.EqualValues(t, 10, rep.VHosts[1].Requests)
	assert.EqualValues(t, 5, rep.VHosts[1].Classes["5xx"])
	assert.EqualValues(t, 5, rep.VHosts[1].Classes["4xx"])
	require.NotNil(t, rep.VHosts[1].TopErrorPath)
	assert.EqualValues(t, 5, rep.VHosts[1].TopErrorPath.Count)

	// --vhost narrows the report to one host; the rest are out of the window.
	out, errOut, code = runCLI(t, "", "--format", "json", "--vhost", "SHOP.example.com", log)
	require.Equal(t, 0, code, errOut)
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.EqualValues(t, 10, rep.Requests)
	assert.EqualValues(t, 20, rep.Inputs[0].OutOfWindow)
	require.Len(t, rep.VHosts, 1)

	// The gate too, and the text report has the table.
	_, _, code = runCLI(t, "", "check", "--max", "5xx=0", "--vhost", "www.example.com", log)
	assert.Equal(t, 0, code, "the other host's 502s are not counted")
	text, _, _ := runCLI(t, "", log)
	assert.Contains(t, text, "Virtual hosts")
	assert.Contains(t, text, "shop.example.com")
}
