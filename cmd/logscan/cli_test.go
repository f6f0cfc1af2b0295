package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, strings.NewReader(stdin), &o, &e)
	return o.String(), e.String(), code
}

const (
	goodLine = `83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`
	errLine  = `83.149.9.216 - - [17/May/2015:10:05:04 +0000] "GET /missing HTTP/1.1" 404 12 "-" "curl/7.1"`
)

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, data, 0o644))
	return p
}

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "access.log", []byte(goodLine+"\n"+errLine+"\n"))
	bad := writeFile(t, dir, "bad.log", []byte(goodLine+"\nnot a log line\n"))
	big := strings.Repeat(goodLine+"\n", 3000)
	z := gzipped(t, big)
	cut := writeFile(t, dir, "cut.log.gz", z[:len(z)/2])
	tests := []struct {
		name       string
		args       []string
		stdin      string
		code       int
		outHas     string
		errHas     string
		outMissing bool
	}{
		{name: "default command", args: []string{good}, code: 0, outHas: "404 Not Found"},
		{name: "scan command word", args: []string{"scan", good}, code: 0, outHas: "2 requests"},
		{name: "stdin as dash", args: []string{"-"}, stdin: goodLine + "\n", code: 0, outHas: "1 request from 1 input"},
		{name: "demo", args: []string{"--demo"}, code: 0, outHas: "Status classes"},
		{name: "missing file", args: []string{filepath.Join(dir, "nope.log")}, code: 2, errHas: "nope.log: no such file", outMissing: true},
		{name: "missing file among good ones still reports", args: []string{good, filepath.Join(dir, "nope.log")}, code: 2, outHas: "2 requests", errHas: "no such file"},
		{name: "directory", args: []string{dir}, code: 2, errHas: "is a directory"},
		{name: "unknown flag", args: []string{"--bogus", good}, code: 2, errHas: "unknown flag"},
		{name: "bad enum", args: []string{"-f", "xml", good}, code: 2, errHas: "must be one of"},
		{name: "unknown log format", args: []string{"--log-format", "nope", good}, code: 2, errHas: "unknown log format"},
		{name: "malformed lines are fine by default", args: []string{bad}, code: 0, outHas: "bad.log:2: "},
		{name: "strict fails on malformed lines", args: []string{"--strict", bad}, code: 1, errHas: "logscan: --strict: not passing: 1 malformed line(s)\n"},
		{name: "truncated gzip is incomplete", args: []string{cut}, code: 3, errHas: "read only up to the damage", outHas: "requests"},
		{name: "strict turns incomplete into failure", args: []string{"--strict", cut}, code: 1,
			errHas: "logscan: --strict: not passing: an input is unusable: " + cut + " (read only up to the damage: gzip data cut short (unexpected EOF))\n"},
		{name: "version", args: []string{"--version"}, code: 0, outHas: "logscan "},
		{name: "top 0 shows no top lists", args: []string{"--top", "0", good}, code: 0, outHas: "2 requests"},
		{name: "top negative is a usage error", args: []string{"--top=-1", good}, code: 2, errHas: "--top takes a number of rows of at least 0", outMissing: true},
		{name: "tz as a numeric offset", args: []string{"--tz", "+02:00", good}, code: 0, outHas: "12:05:03 +0200"},
		{name: "tz as UTC-5", args: []string{"--tz", "UTC-5", good}, code: 0, outHas: "05:05:03 -0500"},
		{name: "tz out of range", args: []string{"--tz", "+25:00", good}, code: 2, errHas: "bad UTC offset", outMissing: true},
		{name: "tz unknown name", args: []string{"--tz", "Mars/Olympus", good}, code: 2, errHas: "unknown time zone", outMissing: true},
		{name: "help", args: []string{"--help"}, code: 0, outHas: "Usage: logscan"},
		{name: "formats", args: []string{"formats"}, code: 0, outHas: "vhost_combined"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, tc.stdin, tc.args...)
			assert.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
			if tc.outHas != "" {
				assert.Contains(t, out, tc.outHas)
			}
			if tc.errHas != "" {
				assert.Contains(t, errOut, tc.errHas)
			}
			if tc.outMissing {
				assert.Empty(t, out)
			}
		})
	}
}

func TestJSONContract(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "access.log", []byte(goodLine+"\n\n"+errLine+"\ngarbage\n"))
	for _, args := range [][]string{{"--json", good}, {"--format", "json", good}, {"-f", "json", good}} {
		out, _, code := runCLI(t, "", args...)
		require.Equal(t, 0, code)
		var doc struct {
			Schema string `json:"schema"`
			Inputs []struct {
				Path, Kind, Format               string
				Lines, Entries, Malformed, Blank int64
				MalformedSamples                 []struct{ Line int64 } `json:"malformed_samples"`
			} `json:"inputs"`
			Requests int64            `json:"requests"`
			Classes  map[string]int64 `json:"classes"`
			Codes    []struct {
				Code    int     `json:"code"`
				Count   int64   `json:"count"`
				Share   float64 `json:"share"`
				Meaning string  `json:"meaning"`
				Causes  []struct {
					ID, Title, Confidence string
					Evidence              int64
				} `json:"causes"`
			} `json:"codes"`
			Time struct{ First, Last string } `json:"time"`
		}
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		assert.Equal(t, "logscan/v1", doc.Schema)
		require.Len(t, doc.Inputs, 1)
		in := doc.Inputs[0]
		assert.Equal(t, "access", in.Kind)
		assert.Equal(t, "combined", in.Format)
		assert.Equal(t, int64(4), in.Lines)
		assert.Equal(t, in.Lines, in.Entries+in.Malformed+in.Blank)
		assert.Equal(t, int64(1), in.Blank)
		require.Len(t, in.MalformedSamples, 1)
		assert.Equal(t, int64(4), in.MalformedSamples[0].Line)
		assert.Equal(t, int64(2), doc.Requests)
		assert.Equal(t, map[string]int64{"1xx": 0, "2xx": 1, "3xx": 0, "4xx": 1, "5xx": 0}, doc.Classes)
		require.Len(t, doc.Codes, 2)
		assert.Equal(t, 200, doc.Codes[0].Code) // ties break by code
		assert.Equal(t, 404, doc.Codes[1].Code)
		assert.Equal(t, "Not Found", doc.Codes[1].Meaning)
		assert.InDelta(t, 0.5, doc.Codes[1].Share, 1e-9)
		assert.Equal(t, "2015-05-17T10:05:03Z", doc.Time.First)
		assert.Equal(t, "2015-05-17T10:05:04Z", doc.Time.Last)
	}
}

func TestParseCommand(t *testing.T) {
	in := goodLine + "\n" + `111.68.102.124 - - [26/Apr/2018:08:41:23 -0400] "-" 408 - "-" "-"` + "\nbroken line\n"
	out, errOut, code := runCLI(t, in, "parse", "-")
	require.Equal(t, 0, code)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Len(t, lines, 2)
	var first, second map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
	require.NoError(t, json.Unmarshal([]byte(lines[1]), &second))
	assert.Equal(t, "83.149.9.216", first["client"])
	assert.Equal(t, "2015-05-17T10:05:03Z", first["time"])
	assert.Equal(t, "GET", first["method"])
	assert.Equal(t, float64(200), first["status"])
	assert.Equal(t, float64(203023), first["bytes"])
	assert.Nil(t, first["user"])
	assert.Contains(t, first, "user")
	assert.Equal(t, "2018-04-26T08:41:23-04:00", second["time"])
	assert.Nil(t, second["bytes"])
	assert.Nil(t, second["method"])
	assert.Nil(t, second["request"])
	assert.Equal(t, "-:3: missing fields\n", errOut)
}

func runAt(t *testing.T, now time.Time, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = runEnv(args, &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e, now: func() time.Time { return now }})
	return o.String(), e.String(), code
}

func TestWindowAndOutput(t *testing.T) {
	dir := t.TempDir()
	var log strings.Builder
	for h := 0; h < 48; h++ {
		fmt.Fprintf(&log, `192.0.2.1 - - [%02d/Nov/2026:%02d:30:00 +0000] "GET /users/%d HTTP/1.1" %d 10 "-" "ua"`+"\n", 23+h/24, h%24, h, map[bool]int{true: 500, false: 200}[h%5 == 0])
	}
	path := writeFile(t, dir, "access.log", []byte(log.String()))
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

	t.Run("yesterday to today", func(t *testing.T) {
		out, errOut, code := runAt(t, now, "--json", "--tz", "UTC", "--since", "yesterday", "--until", "today", path)
		require.Equal(t, 0, code, errOut)
		var doc struct {
			Requests int64
			Window   struct{ Since, Until string }
			Inputs   []struct {
				Entries     int64
				OutOfWindow int64 `json:"out_of_window"`
			}
		}
		require.NoError(t, json.Unmarshal([]byte(out), &doc))
		assert.Equal(t, int64(24), doc.Requests)
		assert.Equal(t, int64(24), doc.Inputs[0].OutOfWindow)
		assert.Equal(t, "2026-11-24T00:00:00Z", doc.Window.Since)
		assert.Equal(t, "2026-11-25T00:00:00Z", doc.Window.Until)
	})
	t.Run("duration back from now", func(t *testing.T) {
		out, _, code := runAt(t, now, "--json", "--since", "6h", path)
		require.Equal(t, 0, code)
		assert.Contains(t, out, `"requests": 0`) // the log ends at 2026-11-24 23:30
	})
	t.Run("bad window", func(t *testing.T) {
		_, errOut, code := runAt(t, now, "--since", "today", "--until", "yesterday", path)
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "--until must be after --since")
		_, errOut, code = runAt(t, now, "--since", "soonish", path)
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "cannot read time")
	})
	t.Run("group paths", func(t *testing.T) {
		out, _, code := runAt(t, now, "--group", path)
		require.Equal(t, 0, code)
		assert.Contains(t, out, "/users/:id")
		assert.NotContains(t, out, "/users/15")
	})
	t.Run("out file with format from extension, atomic", func(t *testing.T) {
		target := filepath.Join(dir, "report.json")
		out, errOut, code := runAt(t, now, "-o", target, path)
		require.Equal(t, 0, code, errOut)
		assert.Empty(t, out)
		data, err := os.ReadFile(target)
		require.NoError(t, err)
		assert.True(t, json.Valid(data))
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for _, e := range entries {
			assert.NotContains(t, e.Name(), ".tmp", "temporary file left behind")
		}
	})
	t.Run("refuses to overwrite an input", func(t *testing.T) {
		before, _ := os.ReadFile(path)
		_, errOut, code := runAt(t, now, "-o", path, path)
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "refusing to write the report over the input")
		link := filepath.Join(dir, "link.log")
		require.NoError(t, os.Symlink(path, link))
		_, _, code = runAt(t, now, "-o", link, path)
		assert.Equal(t, 2, code)
		after, _ := os.ReadFile(path)
		assert.Equal(t, before, after)
	})
}

func TestGroupPathsFlag(t *testing.T) {
	dir := t.TempDir()
	log := `192.0.2.1 - - [24/Nov/2026:10:00:00 +0000] "GET /users/42/a,b HTTP/1.1" 200 1 "-" "-"` + "\n" +
		`192.0.2.1 - - [24/Nov/2026:10:00:01 +0000] "GET /orders/AB-7/lines HTTP/1.1" 404 1 "-" "-"` + "\n"
	p := writeFile(t, dir, "a.log", []byte(log))
	out, _, code := runCLI(t, "", "--group-paths", p)
	require.Equal(t, 0, code)
	assert.Contains(t, out, "/users/:id/a,b")
	// A rule may hold commas; it is applied before the built-in folding.
	out, errOut, code := runCLI(t, "", "--group-paths", `/orders/[^/,]+=/orders/:order`, "--group-paths", `/users/[0-9]+/a,b=/users/:id/ab`, p)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "/orders/:order/lines")
	assert.Contains(t, out, "/users/:id/ab")
	assert.Equal(t, []string{"--group", "x.log"}, bareGroupPaths([]string{"--group-paths", "x.log"}))
	assert.Equal(t, []string{"--group", "--json"}, bareGroupPaths([]string{"--group-paths", "--json"}))
	assert.Equal(t, []string{"--", "--group-paths"}, bareGroupPaths([]string{"--", "--group-paths"}))
}

func TestReportFormats(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "access.log", []byte(goodLine+"\n"+errLine+"\n"))
	for _, tc := range []struct{ flag, has string }{
		{"markdown", "| code |"}, {"html", "Content-Security-Policy"}, {"csv", "section,key,count"}, {"json", `"schema": "logscan/v1"`}, {"text", "Status classes"},
	} {
		out, errOut, code := runCLI(t, "", "-f", tc.flag, p)
		require.Equal(t, 0, code, errOut)
		assert.Contains(t, out, tc.has, tc.flag)
	}
	for ext, has := range map[string]string{".md": "| code |", ".html": "<!DOCTYPE html>", ".csv": "section,key,count", ".txt": "Status classes"} {
		target := filepath.Join(dir, "report"+ext)
		_, errOut, code := runCLI(t, "", "-o", target, p)
		require.Equal(t, 0, code, errOut)
		data, err := os.ReadFile(target)
		require.NoError(t, err)
		assert.Contains(t, string(data), has, ext)
	}
}

func TestNoInputOnATerminal(t *testing.T) {
	for _, args := range [][]string{{}, {"parse"}, {"check", "--max", "5xx=0"}} {
		var o, e bytes.Buffer
		code := runEnv(args, &env{stdin: strings.NewReader(""), stdinTTY: true, stdout: &o, stderr: &e})
		assert.Equal(t, 2, code, "%v", args)
		assert.Contains(t, e.String(), "no input: give log files", "%v", args)
	}
	var o, e bytes.Buffer
	code := runEnv([]string{"--demo"}, &env{stdin: strings.NewReader(""), stdinTTY: true, stdout: &o, stderr: &e})
	assert.Equal(t, 0, code, e.String())
}

// TestManyInputs reads hundreds of rotated files in one run: every line is
// counted, and detection leaves no file open (each is opened again when it
// is read), so neither descriptors nor buffers grow with the number of files.
func TestManyInputs(t *testing.T) {
	dir := t.TempDir()
	const files = 300
	var names []string
	for i := range files {
		data := []byte(goodLine + "\n" + errLine + "\n")
		name := fmt.Sprintf("access.log.%d", i)
		if i%3 == 0 {
			data, name = gzipped(t, string(data)), name+".gz"
		}
		names = append(names, writeFile(t, dir, name, data))
	}
	fds := func() int {
		entries, err := os.ReadDir("/proc/self/fd")
		if err != nil {
			t.Skip("no /proc/self/fd on this system")
		}
		return len(entries)
	}
	before := fds()
	e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	inputs, failed := openAll(e, names, nil, nil)
	require.False(t, failed)
	require.Len(t, inputs, files)
	assert.Less(t, fds()-before, 10, "files left open after detection")

	out, errOut, code := runCLI(t, "", append([]string{"--json"}, names...)...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, fmt.Sprintf(`"requests": %d`, 2*files))
}

func TestProfileNeverOverwritesAnInput(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "access.log", []byte(goodLine+"\n"))
	_, errOut, code := runCLI(t, "", "--cpuprofile", p, p)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "refusing to write")
	data, err := os.ReadFile(p)
	require.NoError(t, err)
	assert.Equal(t, goodLine+"\n", string(data))
}

func TestTopZeroShowsNoTopLists(t *testing.T) {
	out, _, code := runCLI(t, "", "--demo", "--top", "0")
	require.Equal(t, 0, code)
	assert.NotContains(t, out, "Top paths")
	assert.NotContains(t, out, "Top clients")
	out, _, _ = runCLI(t, "", "--demo")
	assert.Contains(t, out, "Top paths")
}

// TestManyInputsLowDescriptorLimit reads 2,000 inputs with at most 256
// descriptors: each input is closed as soon as it has been read.
func TestManyInputsLowDescriptorLimit(t *testing.T) {
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &old); err != nil {
		t.Skip("no RLIMIT_NOFILE here")
	}
	dir := t.TempDir()
	const files = 2000
	names := make([]string, files)
	for i := range files {
		data := []byte(goodLine + "\n")
		name := fmt.Sprintf("access.log.%d", i)
		if i%4 == 0 {
			data, name = gzipped(t, string(data)), name+".gz"
		}
		names[i] = writeFile(t, dir, name, data)
	}
	names = append(names, writeFile(t, dir, "error.log", []byte("[Tue Nov 24 10:00:00.000000 2026] [core:error] [pid 1] AH00128: File does not exist: /var/www/x\n")))
	low := old
	low.Cur = 256
	require.NoError(t, syscall.Setrlimit(syscall.RLIMIT_NOFILE, &low))
	defer syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old)
	out, errOut, code := runCLI(t, "", append([]string{"--json", "-q"}, names...)...)
	require.Equal(t, 0, code, errOut)
	assert.Contains(t, out, fmt.Sprintf(`"requests": %d`, files))
	assert.Empty(t, errOut)
}

// TestNonUTF8Names reads a file whose name is not valid UTF-8 and writes
// a report to another: names go as bytes to open, and are shown escaped.
func TestNonUTF8Names(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "caf\xe9.log", []byte(goodLine+"\n"))
	out := filepath.Join(dir, "r\xe9port.txt")
	stdout, stderr, code := runCLI(t, "", in)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, `caf\xe9.log`)
	// JSON, of the report and of the gate, names the file the same way
	// (not with U+FFFD, which would lose which file it was).
	for _, args := range [][]string{{"--format", "json", in}, {"check", "--max", "5xx=0", "--format", "json", in}} {
		js, stderr, code := runCLI(t, "", args...)
		require.Equal(t, 0, code, stderr)
		assert.Contains(t, js, `caf\\xe9.log`, "%v", args)
		assert.NotContains(t, js, `\ufffd`, "%v", args)
	}
	_, stderr, code = runCLI(t, "", "-o", out, in)
	require.Equal(t, 0, code, stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(data), "1 request from 1 input")
	_, stderr, code = runCLI(t, "", "--out="+out, in)
	require.Equal(t, 0, code, stderr)
	// The parser's own messages are escaped too.
	_, stderr, code = runCLI(t, "", "--bogus\x1b[31m", in)
	assert.Equal(t, 2, code)
	assert.NotContains(t, stderr, "\x1b")
	assert.Contains(t, stderr, `\x1b[31m`)
}
