package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/logscan/logscan/parser"
)

// dangerClasses are the kinds of log text every output must escape, or keep
// apart from an escape: one example of each. The order is that of the
// columns of escapeFormats' want.
var dangerClasses = []struct{ name, in string }{
	{"ESC (C0)", "\x1b"},
	{"DEL", "\x7f"},
	{"C1 CSI U+009B", "\u009b"},
	{"U+200B zero-width space", "\u200b"},
	{"U+202E right-to-left override", "\u202e"},
	{"U+FEFF byte order mark", "\ufeff"},
	{"U+2066 left-to-right isolate", "\u2066"},
	{"U+E0041 tag character", "\U000e0041"},
	{"U+2028 line separator", "\u2028"},
	{"lone backslash", `\`},
	{"literal \\x1b", `\x1b`},
	{"invalid UTF-8", "\xff"},
}

// escapeFormats renders text v (log text, between fuzzMark markers) in one
// output each; want is what each danger class becomes in that output.
var escapeFormats = []struct {
	name   string
	render func(t *testing.T, v string) string
	json   bool // output is JSON (one document or JSON Lines) holding v
	want   [12]string
}{
	{"text", renderSummary("text"), false,
		[12]string{`\x1b`, `\x7f`, `\u{009b}`, `\u{200b}`, `\u{202e}`, `\u{feff}`, `\u{2066}`, `\u{e0041}`, `\u{2028}`, `\\`, `\\x1b`, `\xff`}},
	{"markdown", renderSummary("markdown"), false,
		[12]string{`\\x1b`, `\\x7f`, `\\u{009b}`, `\\u{200b}`, `\\u{202e}`, `\\u{feff}`, `\\u{2066}`, `\\u{e0041}`, `\\u{2028}`, `\\\\`, `\\\\x1b`, `\\xff`}},
	{"html", renderSummary("html"), false,
		[12]string{`\x1b`, `\x7f`, `\u{009b}`, `\u{200b}`, `\u{202e}`, `\u{feff}`, `\u{2066}`, `\u{e0041}`, `\u{2028}`, `\\`, `\\x1b`, `\xff`}},
	{"csv", renderSummary("csv"), false,
		[12]string{`\x1b`, `\x7f`, `\u{009b}`, `\u{200b}`, `\u{202e}`, `\u{feff}`, `\u{2066}`, `\u{e0041}`, `\u{2028}`, `\\`, `\\x1b`, `\xff`}},
	{"json", renderSummary("json"), true,
		[12]string{`\u001b`, `\u007f`, `\u009b`, `\u200b`, `\u202e`, `\ufeff`, `\u2066`, `\udb40\udc41`, `\u2028`, `\\`, `\\x1b`, `\ufffd`}},
	{"check text", renderCheck(CheckText), false,
		[12]string{`\x1b`, `\x7f`, `\u{009b}`, `\u{200b}`, `\u{202e}`, `\u{feff}`, `\u{2066}`, `\u{e0041}`, `\u{2028}`, `\\`, `\\x1b`, `\xff`}},
	{"check github", renderCheck(GitHub), false,
		[12]string{`\x1b`, `\x7f`, `\u{009b}`, `\u{200b}`, `\u{202e}`, `\u{feff}`, `\u{2066}`, `\u{e0041}`, `\u{2028}`, `\\`, `\\x1b`, `\xff`}},
	{"check junit", renderCheck(JUnit), false,
		[12]string{`\x1b`, `\x7f`, `\u{009b}`, `\u{200b}`, `\u{202e}`, `\u{feff}`, `\u{2066}`, `\u{e0041}`, `\u{2028}`, `\\`, `\\x1b`, `\xff`}},
	{"check json", renderCheck(CheckJSON), true,
		[12]string{`\u001b`, `\u007f`, `\u009b`, `\u200b`, `\u202e`, `\ufeff`, `\u2066`, `\udb40\udc41`, `\u2028`, `\\`, `\\x1b`, `\ufffd`}},
	{"parse access JSON Lines", renderEntry, true,
		[12]string{`\u001b`, `\u007f`, `\u009b`, `\u200b`, `\u202e`, `\ufeff`, `\u2066`, `\udb40\udc41`, `\u2028`, `\\`, `\\x1b`, `\ufffd`}},
	{"parse error-log JSON Lines", renderErrorEntry, true,
		[12]string{`\u001b`, `\u007f`, `\u009b`, `\u200b`, `\u202e`, `\ufeff`, `\u2066`, `\udb40\udc41`, `\u2028`, `\\`, `\\x1b`, `\ufffd`}},
}

func renderSummary(format string) func(*testing.T, string) string {
	return func(t *testing.T, v string) string {
		var b bytes.Buffer
		require.NoError(t, Render(&b, format, fuzzSummary(v), Options{Title: "escapes"}))
		return b.String()
	}
}

// checkReportOf is a failed check whose top path and cause title hold v,
// with a passed one beside it.
func checkReportOf(v string) *CheckReport {
	return &CheckReport{Schema: "logscan/check/v1", Results: []analyze.CheckResult{
		{Name: "5xx", Message: "5xx requests are above the limit", Measured: true,
			TopPaths: []analyze.Counted{{Key: fuzzMark + v + fuzzMark, Count: 2}}},
		{Name: "requests", Pass: true, Measured: true, Message: "requests: 4, at least 1 wanted"},
	}, Summary: fuzzSummary(v)}
}

func renderCheck(f func(io.Writer, *CheckReport) error) func(*testing.T, string) string {
	return func(t *testing.T, v string) string {
		var b bytes.Buffer
		require.NoError(t, f(&b, checkReportOf(v)))
		return b.String()
	}
}

func renderEntry(_ *testing.T, v string) string {
	var e parser.Entry
	e.Reset()
	e.Path, e.UserAgent, e.Status = []byte(fuzzMark+v+fuzzMark), []byte(v), 200
	return string(AppendEntryJSON(nil, &e))
}

func renderErrorEntry(_ *testing.T, v string) string {
	var e parser.ErrorEntry
	e.Reset()
	e.Message, e.Level = []byte(fuzzMark+v+fuzzMark), []byte("error")
	return string(AppendErrorEntryJSON(nil, &e, time.UTC))
}

// TestEscapeEveryFormat renders each danger class in each output: it comes
// out escaped as the package doc's table says, nothing unsafe is left raw
// anywhere in the output, JSON still decodes to the log text, and the
// classes stay distinct, above all the ESC byte and the text \x1b.
func TestEscapeEveryFormat(t *testing.T) {
	for _, f := range escapeFormats {
		seen := map[string]string{}
		for i, c := range dangerClasses {
			want := f.want[i]
			require.NotContains(t, seen, want, "%s: %s and %s escape the same", f.name, seen[want], c.name)
			seen[want] = c.name
			t.Run(f.name+"/"+c.name, func(t *testing.T) {
				out := f.render(t, c.in)
				assert.Contains(t, out, fuzzMark+want+fuzzMark)
				requireNoControl(t, []byte(out))
				if f.json {
					assertJSONHolds(t, out, fuzzMark+string([]rune(c.in))+fuzzMark)
				}
				if f.name == "html" {
					requireSafeHTML(t, out)
				}
				if f.name == "check junit" {
					var v any
					require.NoError(t, xml.Unmarshal([]byte(out), &v))
				}
				if f.name == "csv" {
					readCSV(t, []byte(out))
				}
			})
		}
		assert.NotEqual(t, f.want[0], f.want[10], "%s: ESC and the text \\x1b read the same", f.name)
	}
}

// assertJSONHolds decodes every JSON document of out (one, or one per line)
// and checks that one of its strings is want.
func assertJSONHolds(t *testing.T, out, want string) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	found := false
	for dec.More() {
		var v any
		require.NoError(t, dec.Decode(&v))
		found = found || holdsString(v, want)
	}
	assert.True(t, found, "no JSON string decodes to %q", want)
}

func holdsString(v any, want string) bool {
	switch v := v.(type) {
	case string:
		return v == want
	case []any:
		for _, e := range v {
			if holdsString(e, want) {
				return true
			}
		}
	case map[string]any:
		for _, e := range v {
			if holdsString(e, want) {
				return true
			}
		}
	}
	return false
}

// TestUnsafeRune checks unsafeRune against the unicode tables on every
// non-ASCII rune.
func TestUnsafeRune(t *testing.T) {
	for r := rune(utf8.RuneSelf); r <= unicode.MaxRune; r++ {
		if want := unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp); unsafeRune(r) != want {
			t.Fatalf("unsafeRune(%U) = %v, want %v", r, !want, want)
		}
	}
}

// TestOwnTextKeepsBackslashes checks the text logscan writes itself: its
// control and format characters are escaped, its backslashes (here from a
// %q quote of log text) are kept, so it is not escaped twice.
func TestOwnTextKeepsBackslashes(t *testing.T) {
	reason := fmt.Sprintf("bad timestamp: %q", "x\x1b[2J\u202e")
	require.Equal(t, `bad timestamp: "x\x1b[2J\u202e"`, reason)
	assert.Equal(t, reason, TerminalMessage(reason))
	assert.Equal(t, `a\x1bb\u{200b}c\d`, TerminalMessage("a\x1bb\u200bc\\d"))
	s := &analyze.Summary{Schema: analyze.Schema, Classes: map[string]int64{}, Codes: []analyze.Code{},
		Inputs: []analyze.Input{{Path: "a.log", Kind: "access", Format: "combined", InputStats: analyze.InputStats{Lines: 1, Malformed: 1},
			MalformedSamples: []analyze.Sample{{Input: "a.log", Line: 1, Reason: reason, Excerpt: `x\y`}}}},
		Errors: &analyze.ErrorSummary{Zone: `UTC, the offset of the access log a\\b.log`}}
	wants := map[string][]string{
		"text":     {`a.log:1: bad timestamp: "x\x1b[2J\u202e": x\\y`, `times read in UTC, the offset of the access log a\\b.log`},
		"markdown": {`a.log:1: bad timestamp: "x\\x1b\[2J\\u202e": x\\\\y`, `the offset of the access log a\\\\b.log`},
		"html":     {`bad timestamp: &#34;x\x1b[2J\u202e&#34;`, `the offset of the access log a\\b.log`},
		"csv":      {`"bad timestamp: ""x\x1b[2J\u202e""",,,x\\y`, `the offset of the access log a\\b.log`},
	}
	for f, want := range wants {
		t.Run(f, func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, Render(&b, f, s, Options{}))
			for _, w := range want {
				assert.Contains(t, b.String(), w)
			}
		})
	}
}

// FuzzEscape checks the sanitizers on any input against plain reference
// implementations: [Terminal] writes no byte below 0x20, no DEL, no C1, no
// format character and no invalid UTF-8, matches refTerminal and decodes
// back to its input (so distinct inputs give distinct outputs);
// [TerminalMessage] makes the same guarantees and is idempotent; Markdown
// renders as the text form; a CSV cell undoes to its input; JSON strings
// decode to the input (invalid bytes as U+FFFD) and need no further
// rewriting.
func FuzzEscape(f *testing.F) {
	for _, c := range dangerClasses {
		f.Add(c.in)
		f.Add("a" + c.in + "b" + c.in)
	}
	for _, s := range []string{"", "plain", `\\x1b`, "\\\x1b", "\xc2", "\xed\xa0\x80", "\ufffd", "=cmd", "'=cmd", "''", "\u00ad", "\U0001d173", "\u061c"} {
		f.Add(s)
	}
	f.Fuzz(checkEscapes)
}

// checkEscapes is the body of [FuzzEscape].
func checkEscapes(t *testing.T, s string) {
	defer fuzzbudget.Start(t, fuzzbudget.Default)()
	term := Terminal(s)
	requireTerminalSafe(t, "Terminal", term)
	if want := refTerminal(s); term != want {
		t.Fatalf("Terminal(%q) = %q, reference %q", s, term, want)
	}
	if back, err := decodeTerminal(term); err != nil || back != s {
		t.Fatalf("Terminal(%q) = %q decodes to %q (%v)", s, term, back, err)
	}

	msg := TerminalMessage(s)
	requireTerminalSafe(t, "TerminalMessage", msg)
	if again := TerminalMessage(msg); again != msg {
		t.Fatalf("TerminalMessage not idempotent on %q: %q then %q", s, msg, again)
	}
	if TerminalMessage(term) != term {
		t.Fatalf("TerminalMessage changes Terminal's output %q", term)
	}

	md := MarkdownText(s)
	requireTerminalSafe(t, "MarkdownText", md)
	if r := unMarkdown(md); r != term {
		t.Fatalf("MarkdownText(%q) = %q renders %q, want %q", s, md, r, term)
	}

	cell := CSVCell(s)
	requireTerminalSafe(t, "CSVCell", cell)
	if cell != "" && strings.IndexByte("=+-@\t\r", cell[0]) >= 0 {
		t.Fatalf("CSVCell(%q) = %q is a formula", s, cell)
	}
	undone := cell
	if s != "" && strings.IndexByte("=+-@\t\r'", s[0]) >= 0 {
		undone = strings.TrimPrefix(cell, "'")
	}
	if back, err := decodeTerminal(undone); err != nil || back != s {
		t.Fatalf("CSVCell(%q) = %q undoes to %q (%v)", s, cell, back, err)
	}

	valid := string([]rune(s)) // each invalid byte as U+FFFD
	js := AppendJSONString(nil, s)
	var back string
	if err := json.Unmarshal(js, &back); err != nil || back != valid {
		t.Fatalf("AppendJSONString(%q) = %s decodes to %q (%v)", s, js, back, err)
	}
	requireTerminalSafe(t, "AppendJSONString", string(js))
	if again := TerminalJSON(js); !bytes.Equal(again, js) {
		t.Fatalf("TerminalJSON rewrites AppendJSONString(%q) = %s to %s", s, js, again)
	}
	std, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	std = TerminalJSON(std)
	requireTerminalSafe(t, "TerminalJSON", string(std))
	if err := json.Unmarshal(std, &back); err != nil || back != valid {
		t.Fatalf("TerminalJSON(json.Marshal(%q)) = %s decodes to %q (%v)", s, std, back, err)
	}
}

// requireTerminalSafe fails when out holds a byte below 0x20, DEL, a C1
// control, a format character, U+2028 or U+2029, or invalid UTF-8.
func requireTerminalSafe(t *testing.T, what, out string) {
	t.Helper()
	if i := controlByte([]byte(out)); i >= 0 || strings.IndexByte(out, '\n') >= 0 {
		t.Fatalf("%s: unsafe character in %q", what, out)
	}
}

// refTerminal is a plain reference for [Terminal], one rune at a time with
// fmt and the unicode predicates.
func refTerminal(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case r < 0x80 && unicode.IsControl(r):
			fmt.Fprintf(&b, `\x%02x`, r)
		case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029':
			fmt.Fprintf(&b, `\u{%04x}`, r)
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// decodeTerminal undoes [Terminal]: \\ is a backslash, \xHH a byte,
// \u{H...} a rune; any other backslash is an error.
func decodeTerminal(s string) (string, error) {
	var b []byte
	for i := 0; i < len(s); {
		if s[i] != '\\' {
			b = append(b, s[i])
			i++
			continue
		}
		switch {
		case strings.HasPrefix(s[i:], `\\`):
			b = append(b, '\\')
			i += 2
		case strings.HasPrefix(s[i:], `\x`) && i+4 <= len(s):
			v, err := strconv.ParseUint(s[i+2:i+4], 16, 8)
			if err != nil {
				return string(b), err
			}
			b = append(b, byte(v))
			i += 4
		case strings.HasPrefix(s[i:], `\u{`):
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return string(b), fmt.Errorf("unterminated \\u{ at %d", i)
			}
			v, err := strconv.ParseUint(s[i+3:i+end], 16, 32)
			if err != nil || end-3 < 4 {
				return string(b), fmt.Errorf("bad \\u{ at %d: %v", i, err)
			}
			b = utf8.AppendRune(b, rune(v))
			i += end + 1
		default:
			return string(b), fmt.Errorf("stray backslash at %d", i)
		}
	}
	return string(b), nil
}

// unMarkdown renders the backslash escapes of [MarkdownText] output: every
// backslash there escapes the character after it.
func unMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func ExampleTerminal() {
	fmt.Println(Terminal("/a\x1b[2J"))     // an ESC byte
	fmt.Println(Terminal(`/a\x1b[2J`))     // the four characters \x1b
	fmt.Println(Terminal("/a\u202eb\xff")) // a right-to-left override, an invalid byte
	// Output:
	// /a\x1b[2J
	// /a\\x1b[2J
	// /a\u{202e}b\xff
}

func ExampleTerminalMessage() {
	fmt.Println(TerminalMessage(fmt.Sprintf("bad status %q\u200b", "x\x1b")))
	// Output: bad status "x\x1b"\u{200b}
}
