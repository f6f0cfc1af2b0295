package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Reference regexps for each format: slow, strict oracles for the lines
// loggen writes. The status is always submatch 1.
const (
	reQuoted = `"(?:[^"\\]|\\.)*"`
	reCLF    = `\S+ \S+ \S+ \[\d{2}/[A-Z][a-z]{2}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] ` + reQuoted + ` ([1-5]\d\d) (?:\d+|-)`
	reRefUA  = ` ` + reQuoted + ` ` + reQuoted
	reSecs   = `\d+\.\d{3}`
)

// formatRes maps every format to the regexp one of its well-formed lines matches.
var formatRes = map[logFormat]*regexp.Regexp{
	fmtCommon:        regexp.MustCompile(`^` + reCLF + `$`),
	fmtCombined:      regexp.MustCompile(`^` + reCLF + reRefUA + `$`),
	fmtVhost:         regexp.MustCompile(`^[a-z0-9.]+:\d+ ` + reCLF + reRefUA + `$`),
	fmtNginxTimed:    regexp.MustCompile(`^` + reCLF + reRefUA + ` ` + reSecs + `$`),
	fmtNginxUpstream: regexp.MustCompile(`^` + reCLF + reRefUA + ` ` + reSecs + ` (?:-|` + reSecs + `(?:, ` + reSecs + `)*)$`),
	fmtJSON: regexp.MustCompile(`^\{"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d","remote_addr":"[0-9a-f.:]+",` +
		`"remote_user":"[^"]*","host":"[a-z0-9.]+","request":` + reQuoted + `,"status":([1-5]\d\d),` +
		`"body_bytes_sent":\d+,"request_time":` + reSecs + `,"upstream_response_time":"(?:` + reSecs + `(?:, ` + reSecs + `)*)?",` +
		`"http_referer":` + reQuoted + `,"http_user_agent":` + reQuoted + `\}$`),
}

// jsonLine is the shape of one json-format line.
type jsonLine struct {
	Time      time.Time `json:"time"`
	Addr      string    `json:"remote_addr"`
	User      string    `json:"remote_user"`
	Host      string    `json:"host"`
	Request   string    `json:"request"`
	Status    int       `json:"status"`
	Bytes     int64     `json:"body_bytes_sent"`
	ReqTime   float64   `json:"request_time"`
	Upstream  string    `json:"upstream_response_time"`
	Referer   string    `json:"http_referer"`
	UserAgent string    `json:"http_user_agent"`
}

// wellFormed reports whether line is a valid line of format f, and its status.
func wellFormed(f logFormat, line []byte) (int, bool) {
	m := formatRes[f].FindSubmatch(line)
	if m == nil {
		return 0, false
	}
	if f == fmtJSON {
		var j jsonLine
		if json.Unmarshal(line, &j) != nil {
			return 0, false
		}
	}
	st, _ := strconv.Atoi(string(m[1]))
	return st, true
}

// testConfig returns the default config with the given format, line count
// and malformed rate.
func testConfig(f logFormat, lines int64, malformed float64) config {
	c := defaultConfig()
	c.Format, c.Lines, c.Malformed = f, lines, malformed
	return c
}

// gen runs generate into memory.
func gen(t *testing.T, c config) ([]byte, stats) {
	t.Helper()
	var buf bytes.Buffer
	st, err := generate(c, &buf)
	require.NoError(t, err)
	return buf.Bytes(), st
}

// splitLines splits b into lines without their newlines; b must end in one.
func splitLines(t *testing.T, b []byte) [][]byte {
	t.Helper()
	require.NotEmpty(t, b)
	require.Equal(t, byte('\n'), b[len(b)-1], "output must end with a newline")
	return bytes.Split(b[:len(b)-1], []byte{'\n'})
}

// allFormats lists every format loggen writes.
func allFormats() []logFormat {
	return []logFormat{fmtCombined, fmtCommon, fmtVhost, fmtNginxTimed, fmtNginxUpstream, fmtJSON}
}

func TestDeterminism(t *testing.T) {
	for _, f := range allFormats() {
		t.Run(f.String(), func(t *testing.T) {
			c := testConfig(f, 10000, 0.01)
			c.IncidentAt, c.IncidentFor = time.Minute, time.Minute
			a, _ := gen(t, c)
			b, _ := gen(t, c)
			assert.True(t, bytes.Equal(a, b), "same seed must give the same bytes")
			c.Seed = 2
			d, _ := gen(t, c)
			assert.False(t, bytes.Equal(a, d), "another seed must give other bytes")
		})
	}
}

func TestLineCount(t *testing.T) {
	tests := []struct {
		name      string
		format    logFormat
		lines     int64
		malformed float64
	}{
		{"one line", fmtCombined, 1, 0},
		{"combined", fmtCombined, 12345, 0.0005},
		{"common with many broken", fmtCommon, 5000, 0.5},
		{"json", fmtJSON, 777, 0.01},
		{"all broken", fmtNginxUpstream, 1000, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, st := gen(t, testConfig(tc.format, tc.lines, tc.malformed))
			assert.Equal(t, tc.lines, st.Lines)
			assert.Len(t, splitLines(t, b), int(tc.lines))
			assert.Equal(t, int64(len(b)), st.Bytes)
		})
	}
}

func TestSizeLimit(t *testing.T) {
	tests := []struct {
		name   string
		format logFormat
		size   int64
		lines  int64
	}{
		{"1 MiB combined", fmtCombined, 1 << 20, 0},
		{"3 MB json", fmtJSON, 3e6, 0},
		{"lines limit first", fmtCommon, 1 << 20, 100},
		{"tiny", fmtCombined, 10, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig(tc.format, tc.lines, 0.001)
			c.Size = tc.size
			b, st := gen(t, c)
			assert.LessOrEqual(t, int64(len(b)), tc.size)
			assert.Equal(t, int64(len(b)), st.Bytes)
			switch {
			case tc.lines > 0:
				assert.Equal(t, tc.lines, st.Lines)
			case tc.size < 100:
				assert.Empty(t, b, "no line fits")
			default:
				assert.Greater(t, int64(len(b)), tc.size-4096, "should fill up to the last line")
				assert.Len(t, splitLines(t, b), int(st.Lines))
			}
		})
	}
}

func TestWellFormedLines(t *testing.T) {
	const n = 20000
	for _, f := range allFormats() {
		t.Run(f.String(), func(t *testing.T) {
			// Without malformed lines, every line matches the format.
			b, _ := gen(t, testConfig(f, n, 0))
			for i, line := range splitLines(t, b) {
				if _, ok := wellFormed(f, line); !ok {
					require.Failf(t, "line does not match its format", "line %d: %q", i+1, line)
				}
			}
			// With them, exactly the broken lines fail to match.
			b, st := gen(t, testConfig(f, n, 0.02))
			bad := 0
			for _, line := range splitLines(t, b) {
				if _, ok := wellFormed(f, line); !ok {
					bad++
				}
			}
			assert.Equal(t, int(st.Malformed), bad)
		})
	}
}

func TestMalformedRate(t *testing.T) {
	tests := []struct {
		name   string
		format logFormat
		rate   float64
		lines  int64
	}{
		{"none", fmtCombined, 0, 50000},
		{"default", fmtCombined, 0.0005, 200000},
		{"one percent json", fmtJSON, 0.01, 50000},
		{"ten percent vhost", fmtVhost, 0.1, 20000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, st := gen(t, testConfig(tc.format, tc.lines, tc.rate))
			want := tc.rate * float64(tc.lines)
			// Five standard deviations of the binomial count, at least 1.
			tol := 5*math.Sqrt(want*(1-tc.rate)) + 1
			assert.InDelta(t, want, float64(st.Malformed), tol)
		})
	}
}

// statusShares generates n well-formed lines and returns the share of each status.
func statusShares(t *testing.T, f logFormat, n int64) map[int]float64 {
	t.Helper()
	b, _ := gen(t, testConfig(f, n, 0))
	counts := map[int]int{}
	for _, line := range splitLines(t, b) {
		st, ok := wellFormed(f, line)
		require.True(t, ok, "%q", line)
		counts[st]++
	}
	shares := map[int]float64{}
	for k, v := range counts {
		shares[k] = float64(v) / float64(n)
	}
	return shares
}

func TestStatusMix(t *testing.T) {
	apache := statusShares(t, fmtCombined, 100000)
	nginx := statusShares(t, fmtNginxTimed, 100000)
	sum := func(m map[int]float64, codes ...int) float64 {
		s := 0.0
		for _, c := range codes {
			s += m[c]
		}
		return s
	}
	tests := []struct {
		name   string
		shares map[int]float64
		codes  []int
		want   float64
		tol    float64
	}{
		{"2xx apache", apache, []int{200, 201, 204}, 0.803, 0.006},
		{"2xx nginx", nginx, []int{200, 201, 204}, 0.80, 0.006},
		{"200 alone", apache, []int{200}, 0.775, 0.015},
		{"304", apache, []int{304}, 0.06, 0.004},
		{"301/302", apache, []int{301, 302}, 0.04, 0.003},
		{"404", apache, []int{404}, 0.06, 0.004},
		{"403", apache, []int{403}, 0.01, 0.0015},
		{"401", apache, []int{401}, 0.005, 0.001},
		{"500", apache, []int{500}, 0.005, 0.001},
		{"502/503/504", apache, []int{502, 503, 504}, 0.01, 0.0015},
		{"400/408", apache, []int{400, 408}, 0.007, 0.0015},
		{"499 nginx", nginx, []int{499}, 0.003, 0.001},
		{"no 499 in apache", apache, []int{499}, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.InDelta(t, tc.want, sum(tc.shares, tc.codes...), tc.tol)
		})
	}
}

func TestIncident(t *testing.T) {
	c := testConfig(fmtCombined, 50000, 0)
	c.IncidentAt, c.IncidentFor, c.IncidentShare = 10*time.Minute, 5*time.Minute, 0.6
	b, _ := gen(t, c)
	from, to := c.Start.Add(c.IncidentAt), c.Start.Add(c.IncidentAt+c.IncidentFor)
	var in, in503, out, out503 int
	for _, line := range splitLines(t, b) {
		ts := clfTime(t, line)
		st, ok := wellFormed(fmtCombined, line)
		require.True(t, ok)
		if !ts.Before(from) && ts.Before(to) {
			in++
			if st == 503 {
				in503++
			}
		} else {
			out++
			if st == 503 {
				out503++
			}
		}
	}
	require.Positive(t, in)
	require.Positive(t, out)
	assert.InDelta(t, 0.6, float64(in503)/float64(in), 0.05)
	assert.Less(t, float64(out503)/float64(out), 0.01)
}

// clfTime returns the timestamp of a CLF-style line.
func clfTime(t *testing.T, line []byte) time.Time {
	t.Helper()
	i := bytes.IndexByte(line, '[')
	j := bytes.IndexByte(line, ']')
	require.True(t, i >= 0 && j > i, "%q", line)
	ts, err := time.Parse("02/Jan/2006:15:04:05 -0700", string(line[i+1:j]))
	require.NoError(t, err)
	return ts
}

func TestTimestamps(t *testing.T) {
	tests := []struct {
		name  string
		start string
		rate  float64
	}{
		{"default", "2025-06-02T00:00:00+02:00", 50},
		{"negative offset, fast", "2000-10-10T13:55:36-07:00", 2000},
		{"utc, slow", "2024-02-28T23:59:00Z", 0.5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := testConfig(fmtCombined, 20000, 0)
			var err error
			c.Start, err = time.Parse(time.RFC3339, tc.start)
			require.NoError(t, err)
			c.Rate = tc.rate
			b, _ := gen(t, c)
			lines := splitLines(t, b)
			first := clfTime(t, lines[0])
			assert.Equal(t, c.Start.Unix(), first.Unix())
			_, wantOff := c.Start.Zone()
			_, gotOff := first.Zone()
			assert.Equal(t, wantOff, gotOff, "logged zone")
			prev := first
			for _, line := range lines[1:] {
				ts := clfTime(t, line)
				require.False(t, ts.Before(prev), "timestamps must not decrease: %q", line)
				prev = ts
			}
			// The mean rate is rate (the time-of-day factor averages out
			// only over a day, so allow a wide margin).
			span := prev.Sub(first).Seconds()
			assert.InDelta(t, float64(len(lines))/tc.rate, span, 0.7*span)
		})
	}
}

func TestContent(t *testing.T) {
	apache, _ := gen(t, testConfig(fmtCombined, 100000, 0))
	nginx, _ := gen(t, testConfig(fmtNginxUpstream, 100000, 0))
	js, _ := gen(t, testConfig(fmtJSON, 100000, 0))
	tests := []struct {
		name string
		in   []byte
		re   string
	}{
		{"ipv6 client", apache, `(?m)^[0-9a-f]+:[0-9a-f:]+ - `},
		{"uuid in path", apache, `/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}`},
		{"numeric id and query", apache, `/api/v1/users/\d+`},
		{"query string", apache, `\?q=[a-z]+`},
		{"post", apache, `"POST /`},
		{"head", apache, `"HEAD /`},
		{"put", apache, `"PUT /`},
		{"delete", apache, `"DELETE /`},
		{"options", apache, `"OPTIONS /`},
		{"scanner wp-login 404", apache, `"GET /wp-login.php HTTP/1\.[01]" 404 `},
		{"scanner .env", apache, `"GET /\.env HTTP/1\.[01]" 40[34] `},
		{"scanner .git/config", apache, `/\.git/config HTTP`},
		{"scanner phpmyadmin", apache, `/phpmyadmin/ HTTP`},
		{"tls probe apache", apache, `"\\x16\\x03\\x01[^"]*" 400 `},
		{"tls probe nginx", nginx, `"\\x16\\x03\\x01[^"]*" 400 `},
		{"tls probe json", js, `"request":"\\u0016\\u0003\\u0001`},
		{"apache 408 without request", apache, `"-" 408 - "-" "-"`},
		{"escaped quote apache", apache, `" "[^"]*\\"[^"]*\\"[^"]*"$|\\"Mozilla`},
		{"escaped quote nginx", nginx, `\\x22Mozilla`},
		{"escaped quote json", js, `"http_user_agent":"\\"Mozilla`},
		{"utf-8 escaped apache", apache, `\\xe5\\xb0\\x8f`},
		{"dash bytes", apache, `" 304 - "`},
		{"dash referer", apache, ` "-" "Mozilla`},
		{"same-site referer", apache, `"https://www\.example\.com/`},
		{"external referer", apache, `"https://www\.google\.com/"`},
		{"user", apache, `(?m)^\S+ - [a-z.]+(@example\.com)? \[`},
		{"504 at exactly 60 s", nginx, `" 504 \d+ "[^"]*" "(?:[^"\\]|\\.)*" 60\.000 60\.000`},
		{"499", nginx, `" 499 0 `},
		{"two upstreams", nginx, ` \d+\.\d{3}, \d+\.\d{3}\n`},
		{"no upstream", nginx, ` \d+\.\d{3} -\n`},
		{"slow tail", nginx, `" [1-5]?[0-9]\.\d{3} [1-5]?[0-9]\.\d{3}\n`},
		{"http2", apache, `HTTP/2\.0"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			re := regexp.MustCompile(tc.re)
			assert.True(t, re.Match(tc.in), "no line matches %s", tc.re)
		})
	}
}

func TestMethods(t *testing.T) {
	// Methods are mostly GET, but not only.
	b, _ := gen(t, testConfig(fmtCommon, 50000, 0))
	get := bytes.Count(b, []byte(`"GET `))
	share := float64(get) / 50000
	assert.Greater(t, share, 0.85)
	assert.Less(t, share, 0.97)
}

func TestEscape(t *testing.T) {
	tests := []struct {
		name  string
		style escStyle
		in    string
		want  string
	}{
		{"apache plain", escApache, "curl/8.5.0", "curl/8.5.0"},
		{"apache quote and backslash", escApache, `a"b\c`, `a\"b\\c`},
		{"apache control and high", escApache, "\x16\x03\t\xe5", `\x16\x03\t\xe5`},
		{"nginx quote and backslash", escNginx, `a"b\c`, `a\x22b\x5Cc`},
		{"nginx control and high", escNginx, "\x16\xfc", `\x16\xFC`},
		{"json quote and backslash", escJSON, `a"b\c`, `a\"b\\c`},
		{"json control", escJSON, "\x16\n", `\u0016\n`},
		{"json high bytes kept", escJSON, "\xe5\xb0\x8f", "\xe5\xb0\x8f"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g := &generator{style: tc.style}
			assert.Equal(t, tc.want, string(g.escape(nil, []byte(tc.in))))
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"1000", 1000, false},
		{"64K", 64 << 10, false},
		{"100M", 100 << 20, false},
		{"1G", 1 << 30, false},
		{"1g", 1 << 30, false},
		{"1GB", 1 << 30, false},
		{"2GiB", 2 << 30, false},
		{"1.5G", 3 << 29, false},
		{"", 0, true},
		{"G", 0, true},
		{"-1M", 0, true},
		{"12X", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseSize(tc.in)
			if tc.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestRun(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string // regexp the output must match
		wantErr  string // regexp stderr must match
	}{
		{"lines", []string{"-lines", "3"}, 0, `^(?:[^\n]+\n){3}$`, `^$`},
		{"format", []string{"-lines", "2", "-format", "json", "-malformed", "0"}, 0, `^(?:\{[^\n]+\}\n){2}$`, `^$`},
		{"help", []string{"-h"}, 0, `^$`, `Usage: loggen`},
		{"no limit", nil, 2, `^$`, `give -size or -lines`},
		{"bad format", []string{"-lines", "1", "-format", "xml"}, 2, `^$`, `unknown format "xml"`},
		{"bad size", []string{"-size", "lots"}, 2, `^$`, `bad -size`},
		{"bad flag", []string{"-nope"}, 2, `^$`, `not defined`},
		{"bad start", []string{"-lines", "1", "-start", "yesterday"}, 2, `^$`, `-start`},
		{"bad incident", []string{"-lines", "1", "-incident", "2h"}, 2, `^$`, `bad -incident`},
		{"bad rate", []string{"-lines", "1", "-rate", "0"}, 2, `^$`, `-rate`},
		{"bad malformed", []string{"-lines", "1", "-malformed", "2"}, 2, `^$`, `-malformed`},
		{"extra argument", []string{"-lines", "1", "x"}, 2, `^$`, `unexpected argument`},
		{"unwritable", []string{"-lines", "1", "-o", "/nonexistent/dir/x.log"}, 1, `^$`, `loggen: open`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run(tc.args, &out, &errOut)
			assert.Equal(t, tc.wantCode, code, "stderr: %s", errOut.String())
			assert.Regexp(t, tc.wantOut, out.String())
			assert.Regexp(t, tc.wantErr, errOut.String())
		})
	}
}

func TestRunFiles(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "a.log")
	gz := filepath.Join(dir, "a.log.gz")
	var errOut bytes.Buffer
	args := []string{"-size", "200K", "-format", "vhost", "-seed", "7", "-incident", "1m+1m"}
	require.Equal(t, 0, run(append(args, "-o", plain), io.Discard, &errOut), errOut.String())
	require.Equal(t, 0, run(append(args, "-o", gz, "-gzip"), io.Discard, &errOut), errOut.String())

	want, err := os.ReadFile(plain)
	require.NoError(t, err)
	assert.LessOrEqual(t, len(want), 200<<10)
	assert.Greater(t, len(want), 190<<10)

	f, err := os.Open(gz)
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	got, err := io.ReadAll(zr)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(want, got), "gzip output must decompress to the plain output")
}
