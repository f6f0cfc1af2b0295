package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
)

// Hostile log text: markup, script URLs, spreadsheet formulas, terminal
// escapes, DEL, a C1 control and a bidi override.
const (
	hostilePath     = "/<script>alert(1)</script>|x`y"
	hostileAgent    = "\x1b[31mred\x1b]0;title\x07 \"><img src=x onerror=alert(1)>\x7f\u009b\u202e"
	hostileReferer  = "javascript:alert(1)"
	hostileFormula  = `=HYPERLINK("http://evil")`
	hostileClient   = "@SUM(1+1)*cmd|' /C calc'!A0"
	hostileExcerpt  = "-2+3\t<img src=x onerror=alert(1)>\r\n[x](javascript:alert(1)) **b** _i_ # h"
	hostileMarkdown = "[link](http://evil) ![img](http://evil/x.png) <b>&amp;</b> www.evil.com @user #1"
)

// hostileSummary is the mixed.log summary with hostile text added to every
// place log text reaches: top lists, cause details and examples, samples,
// latency paths, input names, an incident's error-log example and the
// error log's modules, templates and examples. It also has the input notes:
// mixed formats, an unknown format and continuation lines.
func hostileSummary(t *testing.T) *analyze.Summary {
	t.Helper()
	s := summaryOf(t, "mixed.log")
	for i := range s.Codes {
		if s.Codes[i].Code == 404 {
			s.Codes[i].Causes = []analyze.CauseResult{
				{ID: "missing-file", Title: "File not found", Confidence: analyze.Confirmed, Evidence: 3,
					Advice: "Check the document root.", Detail: "linked from " + hostileMarkdown,
					Examples: []string{hostilePath, hostileAgent, hostileFormula, hostileMarkdown}},
				{ID: "bad-link", Title: "Broken link", Confidence: analyze.Textbook, Advice: "Look at the referer."},
			}
			s.Codes[i].Unexplained = 4
			s.Codes[i].TopPaths = append(s.Codes[i].TopPaths, analyze.Counted{Key: "/a|b", Count: 1}, analyze.Counted{Key: hostileMarkdown, Count: 1})
		}
	}
	s.Top.UserAgents = append(s.Top.UserAgents, analyze.Counted{Key: hostileAgent, Count: 1}, analyze.Counted{Key: "+cmd|calc", Count: 1})
	s.Top.Referers = append(s.Top.Referers, analyze.Counted{Key: hostileReferer, Count: 1}, analyze.Counted{Key: hostileFormula, Count: 1})
	s.Top.Clients = append(s.Top.Clients, analyze.Counted{Key: hostileClient, Count: 1})
	s.Top.Paths = append(s.Top.Paths, analyze.Counted{Key: "/a|b", Count: 1}, analyze.Counted{Key: hostileMarkdown, Count: 1})
	s.Inputs[0].MalformedSamples = append(s.Inputs[0].MalformedSamples,
		analyze.Sample{Input: "-evil|<b>.log", Line: 7, Reason: "missing fields", Excerpt: hostileExcerpt})
	s.Inputs[0].WarningSamples = append(s.Inputs[0].WarningSamples,
		analyze.Sample{Input: "mixed.log", Line: 8, Reason: "truncated", Excerpt: hostileAgent})
	s.Latency = &analyze.Latency{Overall: analyze.Quantiles{Count: 41, P50: 0.012, P90: 0.25, P99: 1.5, Max: 2.25},
		Slowest: []analyze.PathTime{{Path: hostilePath, Total: 3.5, Count: 2, Mean: 1.75}, {Path: hostileExcerpt, Total: 1}}}
	s.Inputs[0].Formats = map[string]int64{"combined": 39, "common": 2}
	s.Inputs = append(s.Inputs,
		analyze.Input{Path: "=evil|<i>unknown</i>.log", Kind: "unknown", Format: "combined", MalformedSamples: []analyze.Sample{}},
		analyze.Input{Path: "error.log", Kind: "error", Format: "apache-2.4-error", MalformedSamples: []analyze.Sample{},
			InputStats: analyze.InputStats{Lines: 6, Entries: 4, Continuation: 2}})
	at := time.Date(2015, 5, 18, 9, 0, 0, 0, time.UTC)
	s.Incidents = []analyze.Incident{{Start: at, End: at.Add(3 * time.Minute), Requests: 9, Errors: 3,
		Codes:      []analyze.CodeCount{{Code: 500, Count: 3}},
		Conditions: []analyze.Condition{{Cause: "mpm-limits", Messages: 2, Example: "error.log:3: [error] " + hostileAgent + " " + hostileMarkdown}}}}
	s.Errors = &analyze.ErrorSummary{Entries: 4, Matched: 2, Zone: "UTC+0000, the offset of the access log mixed.log",
		Levels:  []analyze.Counted{{Key: "error", Count: 3}, {Key: "notice", Count: 1}},
		Modules: []analyze.Counted{{Key: "core", Count: 3}, {Key: hostileFormula, Count: 1}},
		Templates: []analyze.Template{
			{Template: "File does not exist: " + hostilePath, Code: "AH00128", Level: "error", Count: 3,
				First: at, Last: at.Add(90 * time.Second), Example: hostileExcerpt},
			{Template: hostileFormula, Level: "notice", Count: 1, First: at, Last: at, Example: hostileMarkdown},
		},
		Timeline: &analyze.ErrorTimeline{Bucket: "1m", Buckets: []analyze.ErrorBucket{{Start: at, Count: 3}, {Start: at.Add(time.Minute), Count: 1}}}}
	s.VHosts = []analyze.VHost{{VHost: hostileAgent + hostileFormula, Requests: 5, Classes: map[string]int64{"1xx": 0, "2xx": 3, "3xx": 0, "4xx": 1, "5xx": 1},
		TopErrorPath: &analyze.Counted{Key: hostilePath + hostileMarkdown, Count: 2}}}
	s.Webshell = &analyze.Webshell{Status: 200, Request: "access.log:3: " + hostileAgent, Output: "error.log:9: " + hostileMarkdown}
	s.Baseline = &analyze.Baseline{Days: 7, Windows: 6, Changes: []analyze.Change{
		{Metric: "template:" + hostileAgent + hostileMarkdown, Now: 9, Z: 9, Significant: true, New: true},
		{Metric: "path:" + hostilePath + hostileFormula, Now: 6, Baseline: 0.5, Z: 5.5, Significant: true},
		{Metric: "class:5xx", Now: 0.2, Baseline: 0.01, Z: 12.3, Significant: true}}}
	return s
}

// controlByte returns the offset of the first character in out that no
// output may hold raw: a C0 control other than newline, DEL, a C1 control,
// a format character (Cf), U+2028, U+2029 or a byte of invalid UTF-8; or
// -1.
func controlByte(out []byte) int {
	for i := 0; i < len(out); {
		r, n := utf8.DecodeRune(out[i:])
		if r < 0x20 && r != '\n' || r == 0x7f || r >= utf8.RuneSelf && unsafeRune(r) || r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

func requireNoControl(t *testing.T, out []byte) {
	t.Helper()
	if i := controlByte(out); i >= 0 {
		t.Fatalf("control character at offset %d: %q", i, out[max(0, i-40):min(len(out), i+4)])
	}
}

func ExampleFormatForPath() {
	for _, p := range []string{"report.md", "out/summary.HTML", "data.csv", "notes.pdf"} {
		f, ok := FormatForPath(p)
		fmt.Printf("%s: %q %v\n", p, f, ok)
	}
	// Output:
	// report.md: "markdown" true
	// out/summary.HTML: "html" true
	// data.csv: "csv" true
	// notes.pdf: "" false
}

func ExampleFormats() {
	fmt.Println(strings.Join(Formats(), ","))
	// Output: text,json,markdown,html,csv
}

func TestFormats(t *testing.T) {
	assert.Equal(t, []string{"text", "json", "markdown", "html", "csv"}, Formats())
	f := Formats()
	f[0] = "changed"
	assert.Equal(t, "text", Formats()[0], "Formats returns a new slice")
}

func TestFormatForPath(t *testing.T) {
	tests := []struct {
		path, want string
		ok         bool
	}{
		{"report.txt", "text", true},
		{"out/summary.json", "json", true},
		{"REPORT.MD", "markdown", true},
		{"notes.markdown", "markdown", true},
		{"/tmp/r.html", "html", true},
		{"r.htm", "html", true},
		{"data.CSV", "csv", true},
		{"report", "", false},
		{"report.pdf", "", false},
		{"archive.html.gz", "", false},
		{".md/report", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			got, ok := FormatForPath(tc.path)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.ok, ok)
		})
	}
}

func TestRenderDispatches(t *testing.T) {
	s := summaryOf(t, "mixed.log")
	o := Options{Width: 90, Title: "Mixed", Generated: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}
	direct := map[string]func(*bytes.Buffer) error{
		"text":     func(b *bytes.Buffer) error { return Text(b, s, TextOptions{Width: 90}) },
		"json":     func(b *bytes.Buffer) error { return JSON(b, s) },
		"markdown": func(b *bytes.Buffer) error { return Markdown(b, s) },
		"html":     func(b *bytes.Buffer) error { return HTML(b, s, o) },
		"csv":      func(b *bytes.Buffer) error { return CSV(b, s) },
	}
	require.Len(t, direct, len(Formats()))
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			var want, got bytes.Buffer
			require.NoError(t, direct[f](&want))
			require.NoError(t, Render(&got, f, s, o))
			assert.Equal(t, want.String(), got.String())
		})
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	var b bytes.Buffer
	err := Render(&b, "xml", summaryOf(t, "mixed.log"), Options{})
	require.ErrorIs(t, err, ErrUnknownFormat)
	assert.Equal(t, `unknown report format "xml" (want one of text, json, markdown, html, csv)`, err.Error())
	assert.Zero(t, b.Len())
}

// TestNoControlCharacters checks every format, JSON included: no C0 control
// but newline, no DEL, C1 control, format character or invalid UTF-8 is
// written raw.
func TestNoControlCharacters(t *testing.T) {
	s := hostileSummary(t)
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, Render(&b, f, s, Options{}))
			requireNoControl(t, b.Bytes())
			assert.NotContains(t, b.String(), "\x1b")
		})
	}
}

func TestRenderEmptySummary(t *testing.T) {
	s := &analyze.Summary{Schema: analyze.Schema, Classes: map[string]int64{}, Codes: []analyze.Code{}}
	for _, f := range Formats() {
		t.Run(f, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, Render(&b, f, s, Options{}))
			assert.NotZero(t, b.Len())
		})
	}
}

// tableRows returns the GFM table rows of md, grouped by table.
func tableRows(md string) [][]string {
	var tables [][]string
	var cur []string
	for _, line := range strings.Split(md, "\n") {
		if strings.HasPrefix(line, "|") {
			cur = append(cur, line)
			continue
		}
		if cur != nil {
			tables = append(tables, cur)
			cur = nil
		}
	}
	if cur != nil {
		tables = append(tables, cur)
	}
	return tables
}

// cellCount counts the cells of a GFM table row: the | not escaped by a
// backslash, less one.
func cellCount(row string) int {
	n, slashes := 0, 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			slashes++
			continue
		case '|':
			if slashes%2 == 0 {
				n++
			}
		}
		slashes = 0
	}
	return n - 1
}

// requireTablesKeepColumns fails when a row of a Markdown table has more or
// fewer cells than its header.
func requireTablesKeepColumns(t *testing.T, md string) {
	t.Helper()
	for _, tbl := range tableRows(md) {
		want := cellCount(tbl[0])
		for _, row := range tbl[1:] {
			require.Equal(t, want, cellCount(row), "row %q of table %q", row, tbl[0])
		}
	}
}
