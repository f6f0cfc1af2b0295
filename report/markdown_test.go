package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
)

func TestMarkdownGolden(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Markdown(&b, summaryOf(t, "mixed.log")))
	golden(t, "mixed.md.golden", b.Bytes())
	requireTablesKeepColumns(t, b.String())
}

func TestMarkdownHostile(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, Markdown(&b, hostileSummary(t)))
	out := b.String()
	requireNoControl(t, b.Bytes())
	requireTablesKeepColumns(t, out)
	// The path keeps its | escaped inside a table row, and its markup is
	// escaped text.
	assert.Contains(t, out, "| /\\<script\\>alert(1)\\</script\\>\\|x\\`y ")
	assert.Contains(t, out, "| /a\\|b ")
	for _, raw := range []string{"<script", "<img", "<b>", "&amp;", "](", "![", "http://evil", "www.evil", "@user", "#1", "**b**", "_i_", "\x1b"} {
		assert.False(t, rawMarkdown(out, raw), "%q is not escaped", raw)
	}
	assert.Contains(t, out, `\\x1b\[31mred`, "control characters are shown as in Terminal")
	assert.Contains(t, out, "- e.g. \\[link\\](http\\://evil)")
	assert.Contains(t, out, "1. `missing-file` File not found (**confirmed**, explains 3)")
	assert.Contains(t, out, "2. `bad-link` Broken link (textbook, unconfirmed)")
	assert.Contains(t, out, "\\-evil\\|\\<b\\>.log:7: missing fields: \\-2+3\\\\x09\\<img")
	// The new sections: input notes, incident, cause evidence, error log.
	assert.Contains(t, out, "- mixed.log mixes formats: combined 39, common 2\n")
	assert.Contains(t, out, "- \\=evil\\|\\<i\\>unknown\\</i\\>.log: no known format fits; give `--log-format`\n")
	assert.Contains(t, out, "- error.log: 2 continuation line(s) folded into their entries\n")
	assert.Contains(t, out, "- **2015-05-18 09:00:00 +0000 to 09:03**: 3 of 9 requests failed (3 × 500)\n")
	assert.Contains(t, out, "  - `mpm-limits` The server ran out of worker slots: 2 error-log message(s) in the same window, e.g. error.log:3: \\[error\\] \\\\x1b\\[31mred")
	assert.Contains(t, out, "   - Evidence: linked from \\[link\\](http\\://evil)")
	assert.Contains(t, out, "- Modules: core 3, \\=HYPERLINK(\"http\\://evil\") 1\n")
	assert.Contains(t, out, "| File does not exist: /\\<script\\>alert(1)\\</script\\>\\|x\\`y | \\-2+3\\\\x09\\<img src=x onerror=alert(1)\\>")
}

// TestMarkdownErrorLogFields checks the error-log fields the hostile
// summary leaves plain (the zone note names a file; level and code come
// from the log) with hostile text of their own.
func TestMarkdownErrorLogFields(t *testing.T) {
	s := hostileSummary(t)
	s.Errors.Zone = "UTC+0000, the offset of the access log " + hostileMarkdown
	s.Errors.Templates[0].Level, s.Errors.Templates[0].Code = hostileAgent, "|`x"
	var b bytes.Buffer
	require.NoError(t, Markdown(&b, s))
	out := b.String()
	requireNoControl(t, b.Bytes())
	requireTablesKeepColumns(t, out)
	for _, raw := range []string{"<b>", "](", "http://evil", "@user", "<img"} {
		assert.False(t, rawMarkdown(out, raw), "%q is not escaped", raw)
	}
}

// rawMarkdown reports whether s occurs in out with its first character not
// escaped by a backslash.
func rawMarkdown(out, s string) bool {
	for i := 0; ; {
		j := strings.Index(out[i:], s)
		if j < 0 {
			return false
		}
		j += i
		slashes := 0
		for k := j - 1; k >= 0 && out[k] == '\\'; k-- {
			slashes++
		}
		if slashes%2 == 0 {
			return true
		}
		i = j + 1
	}
}

func ExampleMarkdownText() {
	fmt.Println(MarkdownText("/<script>alert(1)</script>|x`y"))
	fmt.Println(MarkdownText("[click](http://evil) *now*"))
	// Output:
	// /\<script\>alert(1)\</script\>\|x\`y
	// \[click\](http\://evil) \*now\*
}

func TestMarkdownText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"/plain/path-1.2.html?a=1", "/plain/path-1.2.html?a=1"},
		{"/a|b", `/a\|b`},
		{"x`y", "x\\`y"},
		{"*b* _i_ ~s~", `\*b\* \_i\_ \~s\~`},
		{"<b>&amp;</b>", `\<b\>\&amp;\</b\>`},
		{"[t](u) ![i](u)", `\[t\](u) !\[i\](u)`},
		{"http://evil/x https://e", `http\://evil/x https\://e`},
		{"javascript:alert(1) rv:25.0", "javascript:alert(1) rv:25.0"},
		{"ftp://x", `ftp\://x`},
		{"83.149.9.216", "83.149.9.216"},
		{"1.", `1\.`},
		{"1.5 x", "1.5 x"},
		{"see www.evil.com", `see www\.evil.com`},
		{"me@host.com @user #12 $x$", `me\@host.com \@user \#12 \$x\$`},
		{`back\slash`, `back\\\\slash`}, // renders back\\slash, as the text report prints it
		{`\x1b`, `\\\\x1b`},             // the text \x1b, not an ESC byte: renders \\x1b
		{"- item", `\- item`},
		{"+ item", `\+ item`},
		{"=====", `\=====`},
		{"12. item", `12\. item`},
		{"3) item", `3\) item`},
		{"a-b+c=d 1.5", "a-b+c=d 1.5"},
		{"\x1b[2J", `\\x1b\[2J`},
		{"tab\tnl\n", `tab\\x09nl\\x0a`},
		{"ünïcode 日本", "ünïcode 日本"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, MarkdownText(tc.in), "%q", tc.in)
	}
}

func TestEscapePipes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a|b", `a\|b`},
		{`a\|b`, `a\|b`},
		{`a\\|b`, `a\\\|b`},
		{"||", `\|\|`},
		{MarkdownText("x|y\\|z"), MarkdownText("x|y\\|z")},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, escapePipes(tc.in), "%q", tc.in)
	}
	assert.True(t, strings.Contains(escapePipes("|"), `\|`))
}

func TestIncidentEnd(t *testing.T) {
	at := time.Date(2026, 11, 24, 23, 50, 0, 0, time.FixedZone("", 3600))
	tests := []struct {
		name string
		end  time.Time
		want string
	}{
		{"same day", at.Add(4 * time.Minute), "23:54"},
		{"next day", at.Add(20 * time.Minute), "2026-11-25 00:10:00 +0100"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, incidentEnd(analyze.Incident{Start: at, End: tc.end}))
		})
	}
	assert.Equal(t, "40 × 503, 2 × 502", incidentCodes(analyze.Incident{Codes: []analyze.CodeCount{{Code: 503, Count: 40}, {Code: 502, Count: 2}}}))
}

func TestTemplateSpan(t *testing.T) {
	at := time.Date(2026, 11, 24, 10, 5, 0, 620e6, time.UTC)
	tests := []struct {
		name        string
		first, last time.Time
		want        string
	}{
		{"no times", time.Time{}, time.Time{}, ""},
		{"one minute", at, at.Add(28 * time.Second), "2026-11-24 10:05"},
		{"same day", at, at.Add(8 * time.Minute), "2026-11-24 10:05 – 10:13"},
		{"two days", at, at.Add(24 * time.Hour), "2026-11-24 10:05 – 2026-11-25 10:05"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, templateSpan(analyze.Template{First: tc.first, Last: tc.last}))
		})
	}
}
