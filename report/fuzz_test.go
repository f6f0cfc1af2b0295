package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/internal/fuzzbudget"
)

// fuzzMark brackets the fuzzed text so a raw copy of it in the output can
// be told apart from the report's own markup.
const fuzzMark = "qzq"

// fuzzSummary is a small summary with s in nearly every place log text
// reaches.
func fuzzSummary(s string) *analyze.Summary {
	v := fuzzMark + s + fuzzMark
	at := time.Date(2025, 3, 4, 5, 0, 0, 0, time.UTC)
	c := []analyze.Counted{{Key: v, Count: 3}, {Key: "/", Count: 1}}
	return &analyze.Summary{
		Schema: analyze.Schema,
		Inputs: []analyze.Input{{Path: v, Kind: "access", Format: "combined",
			InputStats:       analyze.InputStats{Lines: 6, Entries: 4, Malformed: 2},
			MalformedSamples: []analyze.Sample{{Input: v, Line: 2, Reason: "missing fields", Excerpt: v}},
			WarningSamples:   []analyze.Sample{{Input: v, Line: 3, Reason: "truncated", Excerpt: v}},
			Error:            v}},
		Requests:  4,
		Malformed: 2,
		Classes:   map[string]int64{"1xx": 0, "2xx": 1, "3xx": 0, "4xx": 3, "5xx": 0},
		Codes: []analyze.Code{
			{Code: 404, Count: 3, Share: 0.75, Meaning: "Not Found", Unexplained: 1, TopPaths: c,
				Causes:  []analyze.CauseResult{{ID: "x", Title: "T", Confidence: analyze.Confirmed, Evidence: 2, Advice: "A", Detail: v, Examples: []string{v}}},
				Latency: &analyze.Quantiles{Count: 3, P50: 0.1, P90: 0.2, P99: 0.3, Max: 0.4}},
			{Code: 200, Count: 1, Share: 0.25, Meaning: "OK", Causes: []analyze.CauseResult{}},
		},
		Time:          &analyze.Span{First: at, Last: at.Add(time.Hour)},
		UniqueClients: 2,
		Top:           analyze.Top{Paths: c, Clients: c, UserAgents: c, Referers: c},
		Timeline: &analyze.Timeline{Bucket: "1h", Seconds: 3600, Buckets: []analyze.Bucket{
			{Start: at, C2xx: 1, C4xx: 2}, {Start: at.Add(time.Hour), C4xx: 1}}},
		Latency: &analyze.Latency{Overall: analyze.Quantiles{Count: 4, P50: 0.1, P90: 0.2, P99: 0.3, Max: 0.4},
			Slowest: []analyze.PathTime{{Path: v, Total: 1, Count: 3, Mean: 0.33}}},
		Incidents: []analyze.Incident{{Start: at, End: at.Add(time.Minute), Requests: 2, Errors: 1,
			Codes: []analyze.CodeCount{{Code: 503, Count: 1}}, Conditions: []analyze.Condition{{Cause: "mpm-limits", Messages: 1, Example: v}}}},
		// The zone note, levels and codes stay plain: the text report,
		// which this fuzz test covers too, prints them as they are.
		Errors: &analyze.ErrorSummary{Entries: 3, Zone: "UTC", Levels: []analyze.Counted{{Key: v, Count: 3}},
			Modules: c, Templates: []analyze.Template{{Template: v, Level: "error", Count: 3, First: at, Last: at, Example: v}},
			Timeline: &analyze.ErrorTimeline{Bucket: "1m", Buckets: []analyze.ErrorBucket{{Start: at, Count: 2}, {Start: at.Add(time.Minute), Count: 1}}}},
	}
}

// FuzzRenderers renders a summary holding fuzzed log text in every format,
// and a check report holding it in every check format: nothing panics or
// fails; no byte below 0x20 but the formats' own newlines, no DEL, no C1
// control, no format character (Cf), no U+2028/U+2029 and no invalid UTF-8
// reaches any output (JSON included: it writes them all as \u escapes); the
// text outputs hold the text exactly as [Terminal] escapes it, which is
// injective (see [FuzzEscape]), and JSON decodes back to it; HTML never
// holds the text raw when it has a <; Markdown tables keep their columns;
// and CSV parses back with no formula cells.
func FuzzRenderers(f *testing.F) {
	for _, s := range []string{"", "/index.html", hostilePath, hostileAgent, hostileReferer, hostileFormula,
		hostileClient, hostileExcerpt, hostileMarkdown, "a\\|b", "\\", "`", "<", "]]>", "<!--", "</title>", "\xff\xfe", "\u2028"} {
		f.Add(s)
	}
	for _, c := range dangerClasses {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		sum := fuzzSummary(s)
		// Short enough that no renderer cuts it.
		whole := utf8.RuneCountInString(Terminal(s)) <= 60
		v := fuzzMark + s + fuzzMark
		for _, format := range Formats() {
			var b bytes.Buffer
			if err := Render(&b, format, sum, Options{Title: s}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			out := b.Bytes()
			if i := controlByte(out); i >= 0 {
				t.Fatalf("%s: control character at %d: %q", format, i, out[max(0, i-20):min(len(out), i+4)])
			}
			switch format {
			case "text":
				if whole && !bytes.Contains(out, []byte(fuzzMark+Terminal(s)+fuzzMark)) {
					t.Fatalf("text does not hold %q as Terminal escapes it", s)
				}
			case "json":
				var back analyze.Summary
				if err := json.Unmarshal(out, &back); err != nil {
					t.Fatalf("json: %v", err)
				}
				if want := string([]rune(v)); back.Top.Paths[0].Key != want {
					t.Fatalf("json: %q decodes to %q, want %q", s, back.Top.Paths[0].Key, want)
				}
			case "html":
				if strings.Contains(s, "<") && bytes.Contains(out, []byte(v)) {
					t.Fatalf("html holds %q raw", s)
				}
			case "markdown":
				requireTablesKeepColumns(t, b.String())
			case "csv":
				r := csv.NewReader(&b)
				r.FieldsPerRecord = len(CSVHeader)
				rows, err := r.ReadAll()
				if err != nil {
					t.Fatalf("csv: %v", err)
				}
				for _, row := range rows {
					for _, cell := range row {
						if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
							t.Fatalf("csv: formula cell %q", cell)
						}
					}
				}
			}
		}
		cr := checkReportOf(s)
		cr.Results[0].Message, cr.Results[0].Name = "limit "+s, s
		for name, render := range map[string]func(io.Writer, *CheckReport) error{
			"check text": CheckText, "check json": CheckJSON, "github": GitHub, "junit": JUnit} {
			var b bytes.Buffer
			if err := render(&b, cr); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			out := b.Bytes()
			if i := controlByte(out); i >= 0 {
				t.Fatalf("%s: control character at %d: %q", name, i, out[max(0, i-20):min(len(out), i+4)])
			}
			switch name {
			case "check text":
				if whole && !bytes.Contains(out, []byte(fuzzMark+Terminal(s)+fuzzMark)) {
					t.Fatalf("%s does not hold %q as Terminal escapes it", name, s)
				}
			case "github":
				if whole && !bytes.Contains(out, []byte(ghData(fuzzMark+Terminal(s)+fuzzMark))) {
					t.Fatalf("%s does not hold %q as Terminal and the runner's escapes write it", name, s)
				}
			}
			switch name {
			case "github":
				for _, l := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
					if !strings.HasPrefix(l, "::error title=logscan check") && !strings.HasPrefix(l, "logscan check: PASS ") && !strings.HasPrefix(l, "logscan check: NOT PASSING (exit 1): ") {
						t.Fatalf("github: a line of its own: %q", l)
					}
				}
			case "junit":
				var back junitSuites
				if err := xml.Unmarshal(out, &back); err != nil {
					t.Fatalf("junit: %v", err)
				}
				if text := back.Suites[0].Cases[0].Failure.Text; whole && !strings.Contains(text, fuzzMark+Terminal(s)+fuzzMark) {
					t.Fatalf("junit: failure text %q does not hold %q as Terminal escapes it", text, s)
				}
			case "check json":
				var back CheckReport
				if err := json.Unmarshal(out, &back); err != nil {
					t.Fatalf("check json: %v", err)
				}
				if want := string([]rune(v)); back.Results[0].TopPaths[0].Key != want {
					t.Fatalf("check json: %q decodes to %q, want %q", s, back.Results[0].TopPaths[0].Key, want)
				}
			}
		}
	})
}
