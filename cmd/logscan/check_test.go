package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkLog writes a log with n200 successes, n404 not-founds and n500
// server errors, each with a request time.
func checkLog(t *testing.T, dir string, n200, n404, n500 int) string {
	t.Helper()
	var b strings.Builder
	line := func(i, status int, rt string) {
		fmt.Fprintf(&b, `192.0.2.%d - - [24/Nov/2026:10:00:%02d +0000] "GET /p%d HTTP/1.1" %d 10 "-" "ci" %s`+"\n", i%200, i%60, i%3, status, rt)
	}
	for i := range n200 {
		line(i, 200, "0.050")
	}
	for i := range n404 {
		line(i, 404, "0.010")
	}
	for i := range n500 {
		line(i, 500, "1.500")
	}
	return writeFile(t, dir, fmt.Sprintf("run-%d-%d-%d.log", n200, n404, n500), []byte(b.String()))
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	clean := checkLog(t, dir, 98, 2, 0)
	broken := checkLog(t, dir, 90, 5, 5)
	cfg := writeFile(t, dir, "gate.json", []byte(`{"max": {"5xx": 0}, "max_rate": {"4xx": "3%"}, "max_latency": {"p99": "2s"}, "min_requests": 50, "max_malformed": 0}`))
	badCfg := writeFile(t, dir, "bad.json", []byte(`{"max": {"5xx": 0}, "maxx": 1}`))
	tests := []struct {
		name   string
		args   []string
		code   int
		outHas []string
		errHas string
	}{
		{"max passes", []string{"check", "--max", "5xx=0", clean}, 0, []string{"PASS  max 5xx=0"}, ""},
		{"max fails with top paths", []string{"check", "--max", "5xx=0", broken}, 1, []string{"FAIL  max 5xx=0", "5xx requests are over the limit: 5, limit 0", "/p"}, ""},
		{"max on a code", []string{"check", "--max", "500=10", broken}, 0, []string{"PASS  max 500=10"}, ""},
		{"max-rate percent", []string{"check", "--max-rate", "404=2%", broken}, 1, []string{"FAIL  max-rate 404=2%", "(5.00%)"}, ""},
		{"max-rate fraction", []string{"check", "--max-rate", "4xx=0.05", broken}, 0, []string{"PASS  max-rate 4xx=5%"}, ""},
		{"latency", []string{"check", "--max-latency", "p99=800ms", broken}, 1, []string{"FAIL  max-latency p99=800ms"}, ""},
		{"latency max passes", []string{"check", "--max-latency", "max=2s", "--max-latency", "p50=100ms", broken}, 0, []string{"PASS  max-latency max=2s", "PASS  max-latency p50=100ms"}, ""},
		{"min requests", []string{"check", "--min-requests", "1000", clean}, 1, []string{"FAIL  min-requests 1000"}, ""},
		{"max malformed", []string{"check", "--max-malformed", "0", clean}, 0, []string{"PASS  max-malformed 0"}, ""},
		{"config file", []string{"check", "--config", cfg, clean}, 0, []string{"5 threshold(s), 5 passed, 0 failed"}, ""},
		{"config file fails", []string{"check", "--config", cfg, broken}, 1, []string{"FAIL  max 5xx=0", "FAIL  max-rate 4xx=3%"}, ""},
		{"config unknown field", []string{"check", "--config", badCfg, clean}, 2, nil, "unknown field"},
		{"no thresholds", []string{"check", clean}, 2, nil, "no thresholds"},
		{"bad threshold", []string{"check", "--max", "6xx=1", clean}, 2, nil, "not a status class"},
		{"missing log never passes", []string{"check", "--max", "5xx=0", filepath.Join(dir, "missing.log")}, 2, nil, "no such file"},
		{"missing log among good ones never passes", []string{"check", "--max", "5xx=0", clean, filepath.Join(dir, "missing.log")}, 2, nil, "not passing"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			for _, s := range tc.outHas {
				assert.Contains(t, out, s)
			}
			if tc.errHas != "" {
				assert.Contains(t, errOut, tc.errHas)
			}
		})
	}
}

func TestCheckFormats(t *testing.T) {
	dir := t.TempDir()
	broken := checkLog(t, dir, 90, 5, 5)
	args := []string{"check", "--max", "5xx=0", "--max-rate", "4xx=10%", "--min-requests", "10"}

	t.Run("junit is well-formed with one case per threshold", func(t *testing.T) {
		out, _, code := runCLI(t, "", append(args, "--format", "junit", broken)...)
		require.Equal(t, 1, code)
		var doc struct {
			XMLName  xml.Name `xml:"testsuites"`
			Tests    int      `xml:"tests,attr"`
			Failures int      `xml:"failures,attr"`
			Suites   []struct {
				Cases []struct {
					Name    string `xml:"name,attr"`
					Failure *struct {
						Message string `xml:"message,attr"`
					} `xml:"failure"`
				} `xml:"testcase"`
			} `xml:"testsuite"`
		}
		require.NoError(t, xml.Unmarshal([]byte(out), &doc))
		assert.Equal(t, 3, doc.Tests)
		assert.Equal(t, 1, doc.Failures)
		require.Len(t, doc.Suites, 1)
		require.Len(t, doc.Suites[0].Cases, 3)
		assert.Equal(t, "max 5xx=0", doc.Suites[0].Cases[0].Name)
		require.NotNil(t, doc.Suites[0].Cases[0].Failure)
		assert.Contains(t, doc.Suites[0].Cases[0].Failure.Message, "over the limit")
		assert.Nil(t, doc.Suites[0].Cases[1].Failure)
	})
	t.Run("github annotations", func(t *testing.T) {
		out, _, code := runCLI(t, "", append(args, "--format", "github", broken)...)
		require.Equal(t, 1, code)
		lines := strings.Split(strings.TrimSpace(out), "\n")
		require.Len(t, lines, 4)
		assert.True(t, strings.HasPrefix(lines[0], "::error title=logscan check%3A max 5xx=0::5xx requests are over the limit"), lines[0])
		assert.Contains(t, lines[0], "%0A")
		assert.True(t, strings.HasPrefix(lines[1], "logscan check: PASS"))
		assert.Equal(t, "logscan check: NOT PASSING (exit 1): 1 threshold(s) failed: max 5xx=0", lines[3])
	})
	t.Run("json", func(t *testing.T) {
		out, _, code := runCLI(t, "", append(args, "--format", "json", broken)...)
		require.Equal(t, 1, code)
		var doc struct {
			Schema  string
			Pass    bool
			Results []struct {
				Name  string
				Pass  bool
				Value float64
				Limit float64
			}
		}
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		assert.Equal(t, "logscan/check/v1", doc.Schema)
		assert.False(t, doc.Pass)
		require.Len(t, doc.Results, 3)
		assert.Equal(t, 5.0, doc.Results[0].Value)
		assert.InDelta(t, 0.05, doc.Results[1].Value, 1e-9)
		assert.InDelta(t, 0.10, doc.Results[1].Limit, 1e-9)
	})
}

func TestGitHubAnnotationCannotBeInjected(t *testing.T) {
	dir := t.TempDir()
	log := `192.0.2.1 - - [24/Nov/2026:10:00:00 +0000] "GET /x%0A::warning::owned HTTP/1.1" 500 1 "-" "-"` + "\n" +
		"192.0.2.1 - - [24/Nov/2026:10:00:01 +0000] \"GET /y\n::error::injected HTTP/1.1\" 500 1 \"-\" \"-\"\n"
	p := writeFile(t, dir, "evil.log", []byte(log))
	out, _, _ := runCLI(t, "", "check", "--max", "5xx=0", "--format", "github", p)
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		assert.True(t, strings.HasPrefix(l, "::error title=") || strings.HasPrefix(l, "logscan check: PASS") || strings.HasPrefix(l, "logscan check: NOT PASSING"), "unexpected line %q", l)
	}
	assert.Contains(t, out, "/x%250A::warning::owned")
}

func TestExplain(t *testing.T) {
	out, _, code := runCLI(t, "", "explain", "503")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "503 Service Unavailable (5xx)")
	assert.Contains(t, out, "1. ")
	out, _, code = runCLI(t, "", "explain", "--list")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "mpm-limits")
	out, _, code = runCLI(t, "", "explain", "deny-rule")
	require.Equal(t, 0, code)
	assert.Contains(t, out, "explains 403 Forbidden")
	_, errOut, code := runCLI(t, "", "explain", "999")
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "neither a status code")
}

// TestCheckNeverPassesOnNothing pins issue 17 item 2: a check that read no
// request exits 2 and says which case it met (empty input, every line
// malformed, a window that excludes every entry, naming the span the inputs
// cover), in every format; --allow-empty lets the thresholds judge alone.
func TestCheckNeverPassesOnNothing(t *testing.T) {
	dir := t.TempDir()
	empty := writeFile(t, dir, "empty.log", nil)
	blank := writeFile(t, dir, "blank.log", []byte("\n\n\n"))
	junk := writeFile(t, dir, "junk.log", []byte("not a log line\nnor this one\n"))
	good := checkLog(t, dir, 10, 0, 0) // 24/Nov/2026 10:00:00-10:00:09 UTC
	errOnly := writeFile(t, dir, "error.log", []byte(apacheErrorLog(3)))
	span := "the inputs cover 2026-11-24T10:00:00Z to 2026-11-24T10:00:09Z"
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
		has   []string // in stdout (text format) and in stderr
	}{
		{name: "empty file", args: []string{empty}, code: 2, has: []string{"no request was read: the input is empty"}},
		{name: "empty standard input", args: []string{"-"}, code: 2, has: []string{"no request was read: the input is empty"}},
		{name: "blank lines only", args: []string{blank}, code: 2, has: []string{"no request was read: the input is empty (3 blank line(s))"}},
		{name: "every line malformed", args: []string{junk}, code: 2, has: []string{"no request was read: every line is malformed (2 malformed line(s), 0 blank)"}},
		{name: "malformed and empty together", args: []string{junk, empty}, code: 2, has: []string{"every line is malformed"}},
		{name: "error log only", args: []string{errOnly}, code: 2, has: []string{"no request was read: the inputs hold no access log, only 3 error-log entries"}},
		{name: "--since after every entry", args: []string{"--since", "2026-11-25", "--tz", "UTC", good}, code: 2,
			has: []string{"no request was read: the window --since 2026-11-25T00:00:00Z excludes all 10 entries; " + span}},
		{name: "--until before every entry", args: []string{"--until", "2026-11-24T09:00:00Z", good}, code: 2,
			has: []string{"the window --until 2026-11-24T09:00:00Z excludes all 10 entries; " + span}},
		{name: "a window between the entries of two files", args: []string{"--since", "2026-11-24T10:00:30Z", "--until", "2026-11-24T10:00:40Z", good, checkLog(t, dir, 5, 0, 0)}, code: 2,
			has: []string{"the window --since 2026-11-24T10:00:30Z --until 2026-11-24T10:00:40Z excludes all 15 entries; " + span}},
		{name: "a window over standard input names its span too", args: []string{"--since", "2026-11-25T00:00:00Z", "-"}, stdin: accessLog(3), code: 2,
			has: []string{"excludes all 3 entries; the inputs cover 2015-05-17T10:00:00Z to 2015-05-17T10:00:02Z"}},
		{name: "allow-empty: empty file passes", args: []string{"--allow-empty", empty}, code: 0, has: []string{"PASS  max 5xx=0"}},
		{name: "allow-empty: every line malformed passes", args: []string{"--allow-empty", junk}, code: 0, has: []string{"PASS  max 5xx=0"}},
		{name: "allow-empty: an empty window passes", args: []string{"--allow-empty", "--since", "2026-11-25", good}, code: 0, has: []string{"PASS  max 5xx=0"}},
		{name: "allow-empty: --min-requests still fails", args: []string{"--allow-empty", "--min-requests", "1", empty}, code: 1, has: []string{"FAIL  min-requests 1"}},
		{name: "a request read passes", args: []string{good}, code: 0, has: []string{"PASS  max 5xx=0"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"check", "--max", "5xx=0"}, tc.args...)
			out, errOut, code := runCLI(t, tc.stdin, args...)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			for _, s := range tc.has {
				assert.Contains(t, out, s)
				if tc.code == 2 {
					assert.Contains(t, errOut, s)
				}
			}
			if tc.code == 2 {
				assert.Contains(t, out, "ERROR no request was read")
				assert.Contains(t, out, "NOT PASSING (exit 2)")
				assert.Contains(t, out, "--allow-empty")
			} else {
				assert.NotContains(t, out, "no request was read")
			}
			for _, f := range []string{"json", "junit", "github"} {
				fout, _, fcode := runCLI(t, tc.stdin, append(args, "-f", f)...)
				assert.Equal(t, tc.code, fcode, "format %s", f)
				if tc.code == 2 {
					assert.Contains(t, fout, "no-requests", "format %s", f)
				}
			}
		})
	}
}

// TestCheckUnmeasuredStatus pins issue 23 item 5 (the gate part): status
// thresholds that cannot be measured, because no entry had a status, fail
// with exit 2 and say why, instead of "measured": true with a value of 0.
func TestCheckUnmeasuredStatus(t *testing.T) {
	dir := t.TempDir()
	log := writeFile(t, dir, "header-status.log", []byte(accessLog(10))) // 2 of every 5 lines are 5xx or 4xx
	hdr := []string{"--log-format", headerStatusFormat}
	tests := []struct {
		name       string
		args       []string
		code       int
		unmeasured []string // results expected not measured
		measured   []string // results expected measured
	}{
		{name: "max on a class", args: []string{"--max", "5xx=0"}, code: 2, unmeasured: []string{"max 5xx=0"}},
		{name: "max-rate on a code", args: []string{"--max-rate", "500=1%"}, code: 2, unmeasured: []string{"max-rate 500=1%"}},
		{name: "a generous limit fails all the same", args: []string{"--max", "5xx=1000"}, code: 2, unmeasured: []string{"max 5xx=1000"}},
		{name: "other thresholds are measured", args: []string{"--max", "4xx=0", "--min-requests", "5", "--max-malformed", "0"}, code: 2,
			unmeasured: []string{"max 4xx=0"}, measured: []string{"min-requests 5", "max-malformed 0"}},
		{name: "no status threshold: nothing to measure", args: []string{"--min-requests", "5"}, code: 0, measured: []string{"min-requests 5"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append(append(append([]string{"check", "-f", "json"}, hdr...), tc.args...), log)
			out, errOut, code := runCLI(t, "", args...)
			require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			var doc struct {
				Pass    bool
				Reason  string
				Errors  []struct{ Code, Message string }
				Results []struct {
					Name     string
					Pass     bool
					Measured bool
					Value    float64
					Message  string
				}
			}
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			byName := map[string]int{}
			for i, r := range doc.Results {
				byName[r.Name] = i
			}
			for _, n := range tc.unmeasured {
				r := doc.Results[byName[n]]
				assert.False(t, r.Measured, n)
				assert.False(t, r.Pass, n)
				assert.Contains(t, r.Message, "cannot be measured: no entry had a status code (all 10 requests counted as no_status")
			}
			for _, n := range tc.measured {
				assert.True(t, doc.Results[byName[n]].Measured, n)
			}
			if tc.code == 2 {
				require.Len(t, doc.Errors, 1)
				assert.Equal(t, "unmeasured", doc.Errors[0].Code)
				assert.Contains(t, doc.Errors[0].Message, "status threshold(s) cannot be measured ("+strings.Join(tc.unmeasured, ", ")+")")
				assert.Contains(t, errOut, "logscan: check: not passing: ")
				assert.Contains(t, errOut, "no entry had a status code")
			} else {
				assert.Empty(t, doc.Errors)
			}
		})
	}
	t.Run("a format with statuses is measured", func(t *testing.T) {
		out, _, code := runCLI(t, "", "check", "-f", "json", "--max", "5xx=1000", log)
		require.Equal(t, 0, code)
		assert.Contains(t, out, `"measured": true`)
		assert.NotContains(t, out, "unmeasured")
	})
}
