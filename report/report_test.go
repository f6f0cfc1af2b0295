package report

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// summaryOf reads a testdata log with the pipeline and summarizes it.
func summaryOf(t *testing.T, name string) *analyze.Summary {
	t.Helper()
	path := filepath.Join("..", "testdata", "report", name)
	in, err := input.Open(path, nil)
	require.NoError(t, err)
	defer in.Close()
	head, whole, err := in.Peek()
	require.NoError(t, err)
	f, n := parser.DetectFormat(parser.SampleLines(head, 100, whole), parser.AccessFormats())
	require.NotZero(t, n)
	p, errs := input.Scan([]input.AccessInput{{Name: name, Reader: in, Format: f}},
		input.ScanOptions{Options: analyze.DefaultOptions(), Workers: 2, BlockSize: 1 << 10, MaxLine: 512})
	require.NoError(t, errs[0])
	return analyze.Summarize(p, []analyze.InputMeta{{Path: name, Kind: "access", Format: f.Name()}}, analyze.SummaryOptions{TopN: 5})
}

// diagSummary builds the summary of testdata/report/diag-access.log and
// diag-error.log (copies of the demo sample) as cmd/logscan does
// (load.go readErrorLogs and scan_cmd.go read): the error log is read
// first, in the zone of the access log, and becomes the evidence the access
// scan matches against; its summary is attached with the match count.
func diagSummary(t *testing.T) *analyze.Summary {
	t.Helper()
	const top, maxLine = 10, 1 << 16
	open := func(name string) (*input.Input, [][]byte) {
		in, err := input.Open(filepath.Join("..", "testdata", "report", name), nil)
		require.NoError(t, err)
		in.Name = name
		head, whole, err := in.Peek()
		require.NoError(t, err)
		return in, parser.SampleLines(head, 100, whole)
	}

	// The access log: its format as a fallback chain, and the UTC offset
	// the zone-less error-log times are read in.
	acc, sample := open("diag-access.log")
	defer acc.Close()
	af, n := parser.DetectFormat(sample, parser.AccessFormats())
	require.NotZero(t, n)
	var ent parser.Entry
	var loc *time.Location
	var zoneNote string
	for _, l := range sample {
		if af.Parse(l, &ent) == nil && ent.HasZone {
			loc = parser.FixedZone(int(ent.Offset))
			zoneNote = fmt.Sprintf("UTC%s, the offset of the access log %s", loc.String(), acc.Name)
			break
		}
	}
	require.NotNil(t, loc)
	fb := parser.NewFallback(af, parser.AccessFormats()...)

	// The error log, read as cmd/logscan reads it.
	el, sample := open("diag-error.log")
	defer el.Close()
	ef, n := parser.DetectErrorFormat(sample)
	require.NotZero(t, n)
	errLogs := analyze.ReadErrorLogs([]analyze.ErrorLog{{Name: el.Name, Reader: el, Format: ef}}, loc, maxLine)
	require.NoError(t, errLogs.Errs[0])

	opts := analyze.DefaultOptions()
	opts.Evidence = errLogs.Evidence
	p, errs := input.Scan([]input.AccessInput{{Name: acc.Name, Reader: acc, Format: fb}},
		input.ScanOptions{Options: opts, Workers: 2, BlockSize: 16 << 10, MaxLine: maxLine})
	require.NoError(t, errs[0])
	meta := []analyze.InputMeta{{Path: acc.Name, Kind: "access", Format: fb.Name(), FormatNames: fb.Names()},
		{Path: el.Name, Kind: "error", Format: ef.Name()}}
	return analyze.NewState(meta, p, errLogs, zoneNote).Summary(analyze.SummaryOptions{TopN: top, ErrorLocation: loc})
}

// golden compares got with testdata/report/<name>, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("..", "testdata", "report", name)
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./report -update to create it")
	assert.Equal(t, string(want), string(got))
}

func TestGolden(t *testing.T) {
	s := summaryOf(t, "mixed.log")
	renderers := []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"mixed.txt.golden", func(b *bytes.Buffer) error { return Text(b, s, TextOptions{}) }},
		{"mixed.json.golden", func(b *bytes.Buffer) error { return JSON(b, s) }},
	}
	for _, r := range renderers {
		t.Run(r.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, r.render(&b))
			golden(t, r.name, b.Bytes())
		})
	}
}

// TestBaselineGolden renders the comparison with earlier days, and
// error-log templates whose dates cross a year (which then carry it).
func TestBaselineGolden(t *testing.T) {
	s := summaryOf(t, "mixed.log")
	eve := time.Date(2025, 12, 31, 23, 50, 0, 0, time.UTC)
	s.Errors = &analyze.ErrorSummary{Entries: 5, Zone: "UTC", Levels: []analyze.Counted{{Key: "error", Count: 5}},
		Templates: []analyze.Template{
			{Template: "AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting", Code: "AH00484", Level: "error", Count: 3, First: eve, Last: eve.Add(20 * time.Minute)},
			{Template: "AH00128: File does not exist: <path>", Code: "AH00128", Level: "error", Count: 2, First: eve.Add(15 * time.Minute), Last: eve.Add(18 * time.Minute)},
		}}
	s.Baseline = analyze.Compare(s, []*analyze.Summary{summaryOf(t, "mixed.log"), summaryOf(t, "mixed.log")}, 7)
	s.Baseline.Changes = append(s.Baseline.Changes, analyze.Change{Metric: "code:503", Now: 0.2, Baseline: 0.001, Z: 14.2, Significant: true, New: true})
	for _, r := range []struct {
		name   string
		render func(*bytes.Buffer) error
	}{
		{"baseline.txt.golden", func(b *bytes.Buffer) error { return Text(b, s, TextOptions{}) }},
		{"baseline.md.golden", func(b *bytes.Buffer) error { return Markdown(b, s) }},
	} {
		t.Run(r.name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, r.render(&b))
			golden(t, r.name, b.Bytes())
		})
	}
	var none bytes.Buffer
	s.Baseline = analyze.Compare(s, nil, 7)
	require.NoError(t, Text(&none, s, TextOptions{}))
	assert.Contains(t, none.String(), "no history of the same hours in the previous 7 days to compare with.")
}

// diagOptions are the render options of the diag goldens.
var diagOptions = Options{Title: "logscan report: diag", Generated: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)}

// TestDiagGolden renders the demo sample with its error log, incidents and
// confirmed causes in every format, through Render.
func TestDiagGolden(t *testing.T) {
	s := diagSummary(t)
	require.NotNil(t, s.Errors)
	require.NotEmpty(t, s.Incidents)
	require.NotEmpty(t, s.Incidents[0].Conditions)
	ext := map[string]string{"text": "txt", "json": "json", "markdown": "md", "html": "html", "csv": "csv"}
	for _, f := range Formats() {
		name := "diag." + ext[f] + ".golden"
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, Render(&b, f, s, diagOptions))
			golden(t, name, b.Bytes())
			switch f {
			case "markdown":
				requireTablesKeepColumns(t, b.String())
			case "html":
				requireSafeHTML(t, b.String())
			case "csv":
				readCSV(t, b.Bytes())
			}
		})
	}
}

func TestTextHasNoControlCharacters(t *testing.T) {
	s := summaryOf(t, "mixed.log")
	var b bytes.Buffer
	require.NoError(t, Text(&b, s, TextOptions{}))
	for i, c := range b.Bytes() {
		if c < 0x20 && c != '\n' || c == 0x7f {
			t.Fatalf("control byte %#x at offset %d: %q", c, i, b.Bytes()[max(0, i-40):i+1])
		}
	}
	assert.Contains(t, b.String(), `/raw\x1b[2Jclear`)
}

func TestTerminal(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain /path?a=1", "plain /path?a=1"},
		{"\x1b[31mred", `\x1b[31mred`},
		{"bell\x07", `bell\x07`},
		{"tab\tnl\n", `tab\x09nl\x0a`},
		{"del\x7f", `del\x7f`},
		{"bad\xff utf8", `bad\xff utf8`},
		{"c1 \u009b", `c1 \u{009b}`},
		{"bidi \u202e", `bidi \u{202e}`},
		{"ünïcode 日本", "ünïcode 日本"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Terminal(tc.in), "%q", tc.in)
	}
}

func TestNumbers(t *testing.T) {
	assert.Equal(t, "0", Thousands(0))
	assert.Equal(t, "999", Thousands(999))
	assert.Equal(t, "1,000", Thousands(1000))
	assert.Equal(t, "1,234,567", Thousands(1234567))
	assert.Equal(t, "-1,000", Thousands(-1000))
	assert.Equal(t, "12.3%", Percent(0.123))
	assert.Equal(t, "<0.1%", Percent(0.0001))
	assert.Equal(t, "0.0%", Percent(0))
	assert.Equal(t, "850ms", Seconds(0.85))
	assert.Equal(t, "1.20s", Seconds(1.2))
	assert.Equal(t, "…/access.log", CutLeft("/var/log/access.log", 12))
	assert.Equal(t, "abcd…", Cut("abcdefgh", 5))
}

func TestJSONEscapesTerminalUnsafe(t *testing.T) {
	s := summaryOf(t, "mixed.log")
	s.Top.Paths = append(s.Top.Paths, analyze.Counted{Key: "/a\x7fb\u009b[2J\u202ex", Count: 1})
	var b bytes.Buffer
	require.NoError(t, JSON(&b, s))
	assert.Contains(t, b.String(), `/a\u007fb\u009b[2J\u202ex`)
	assert.NotContains(t, b.String(), "\u009b")
	var back analyze.Summary
	require.NoError(t, json.Unmarshal(b.Bytes(), &back))
	assert.Equal(t, "/a\x7fb\u009b[2J\u202ex", back.Top.Paths[len(back.Top.Paths)-1].Key)
	line := AppendJSONString(nil, "x\u009by\u202ez\x7f")
	assert.Equal(t, `"x\u009by\u202ez\u007f"`, string(line))
}
