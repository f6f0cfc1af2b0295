package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// filterLog is a combined log with a browser, a crawler, a scanner and a
// tool, from two networks.
func filterLog() string {
	agents := []string{
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
		"sqlmap/1.7.2#stable (https://sqlmap.org)",
		"curl/8.5.0",
	}
	var b strings.Builder
	for i := range 40 {
		client := fmt.Sprintf("10.0.0.%d", i%10)
		if i%2 == 1 {
			client = fmt.Sprintf("192.0.2.%d", i%10)
		}
		path := fmt.Sprintf("/shop/item/%d", i%5)
		if i%4 == 2 {
			path = "/admin/login.php"
		}
		fmt.Fprintf(&b, "%s - - [24/Nov/2026:10:%02d:00 +0100] \"GET %s?x=1 HTTP/1.1\" 200 512 \"-\" \"%s\"\n", client, i, path, agents[i%4])
	}
	return b.String()
}

type filterReport struct {
	Requests int64
	Agents   map[string]int64
	Filters  []struct {
		Filter  string
		Removed int64
	}
	Inputs []struct {
		OutOfWindow int64 `json:"out_of_window"`
	}
}

func runFilters(t *testing.T, args ...string) filterReport {
	t.Helper()
	log := writeFile(t, t.TempDir(), "access.log", []byte(filterLog()))
	out, errOut, code := runCLI(t, "", append(append([]string{"--format", "json"}, args...), log)...)
	require.Equal(t, 0, code, errOut)
	var r filterReport
	require.NoError(t, json.Unmarshal([]byte(out), &r))
	return r
}

func TestFilters(t *testing.T) {
	all := runFilters(t)
	assert.EqualValues(t, 40, all.Requests)
	assert.Equal(t, map[string]int64{"browser": 10, "crawler": 10, "scanner": 10, "tool": 10, "unknown": 0}, all.Agents)
	assert.Empty(t, all.Filters)

	r := runFilters(t, "--ignore-crawlers")
	assert.EqualValues(t, 30, r.Requests)
	require.Len(t, r.Filters, 1)
	assert.Equal(t, "ignore crawlers", r.Filters[0].Filter)
	assert.EqualValues(t, 10, r.Filters[0].Removed)
	assert.EqualValues(t, 10, r.Inputs[0].OutOfWindow)

	r = runFilters(t, "--include", "client=10.0.0.0/24")
	assert.EqualValues(t, 20, r.Requests)
	r = runFilters(t, "--include", "client=10.0.0.0/24", "--include", "client=192.0.2.3")
	assert.EqualValues(t, 24, r.Requests, "alternatives of one key")
	r = runFilters(t, "--exclude", "path=/admin/*")
	assert.EqualValues(t, 30, r.Requests)
	r = runFilters(t, "--include", "client=10.0.0.0/24", "--exclude", "agent=SQLMAP")
	assert.EqualValues(t, 10, r.Requests, "keys together; agent without case")
	require.Len(t, r.Filters, 2)
	assert.EqualValues(t, 20, r.Filters[0].Removed)
	assert.EqualValues(t, 10, r.Filters[1].Removed)

	// The gate counts what the filters keep.
	log := writeFile(t, t.TempDir(), "access.log", []byte(filterLog()))
	_, _, code := runCLI(t, "", "check", "--min-requests", "35", "--ignore-crawlers", log)
	assert.Equal(t, 1, code)

	for _, bad := range []string{"client=nope", "color=red", "path=[", "client"} {
		_, errOut, code := runCLI(t, "", "--include", bad, log)
		assert.Equal(t, 2, code, bad)
		assert.Contains(t, errOut, "--include/--exclude", bad)
	}
}
