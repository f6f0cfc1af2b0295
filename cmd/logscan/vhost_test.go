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

// TestTornRecord checks a log with a record cut short and the next record
// glued to it: every whole record is an entry, the cut part is counted as
// malformed ("torn record") with its line, and no field holds bytes of the
// cut record.
func TestTornRecord(t *testing.T) {
	recs := []string{
		`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`,
		`83.149.9.216 - - [17/May/2015:10:05:43 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-dashboard3.png HTTP/1.1" 200 171717 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`,
		`83.149.9.216 - - [17/May/2015:10:05:47 +0000] "GET /presentations/logstash-monitorama-2013/plugin/highlight/highlight.js HTTP/1.1" 200 26185 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`,
	}
	log := recs[0] + "\n" + recs[1][:150] + recs[2] + "\n" + recs[0] + "\n"
	dir := t.TempDir()
	p := writeFile(t, dir, "access.log", []byte(log))
	out, errOut, code := runCLI(t, "", "--format", "json", p)
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Requests  int64
		Malformed int64
		Inputs    []struct {
			Lines, Entries, Malformed, Torn int64
			MalformedSamples                []struct {
				Line   int64
				Reason string
			} `json:"malformed_samples"`
		}
		Top struct {
			Paths   []struct{ Key string }
			Clients []struct{ Key string }
		}
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.EqualValues(t, 3, rep.Requests, "every whole record")
	assert.EqualValues(t, 1, rep.Malformed, "the cut part")
	require.Len(t, rep.Inputs, 1)
	assert.EqualValues(t, 3, rep.Inputs[0].Lines)
	assert.EqualValues(t, 1, rep.Inputs[0].Torn)
	require.Len(t, rep.Inputs[0].MalformedSamples, 1)
	assert.EqualValues(t, 2, rep.Inputs[0].MalformedSamples[0].Line)
	assert.Contains(t, rep.Inputs[0].MalformedSamples[0].Reason, "torn record")
	for _, c := range rep.Top.Clients {
		assert.Equal(t, "83.149.9.216", c.Key)
	}
	for _, pth := range rep.Top.Paths {
		assert.NotContains(t, pth.Key, "kibana-dashboard3", "the cut record's path is not read")
	}
}
