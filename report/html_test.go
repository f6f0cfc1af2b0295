package report

import (
	"bytes"
	"flag"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
)

const csp = `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`

func TestHTMLGolden(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, HTML(&b, summaryOf(t, "mixed.log"), Options{Generated: time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)}))
	golden(t, "mixed.html.golden", b.Bytes())
	requireSafeHTML(t, b.String())
}

// The tags and attributes the HTML report may hold. Log text can add
// neither: a tag or attribute outside these lists means it escaped.
var (
	htmlTags = map[string]bool{"!DOCTYPE": true, "html": true, "head": true, "meta": true, "title": true, "style": true,
		"body": true, "main": true, "header": true, "footer": true, "section": true, "div": true, "h1": true, "h2": true,
		"h3": true, "p": true, "dl": true, "dt": true, "dd": true, "table": true, "caption": true, "thead": true,
		"tbody": true, "tr": true, "th": true, "td": true, "ol": true, "ul": true, "li": true, "code": true,
		"strong": true, "span": true, "small": true, "svg": true, "g": true, "rect": true, "line": true, "text": true}
	htmlAttrs = map[string]bool{"lang": true, "charset": true, "http-equiv": true, "content": true, "name": true,
		"class": true, "id": true, "scope": true, "viewBox": true, "width": true, "height": true, "role": true,
		"aria-label": true, "x": true, "y": true, "rx": true, "dy": true, "fill": true, "x1": true, "x2": true,
		"y1": true, "y2": true, "stroke": true, "stroke-width": true, "text-anchor": true}
	tagRE  = regexp.MustCompile(`<(/?)([!A-Za-z][A-Za-z0-9-]*)([^<>]*)>`)
	attrRE = regexp.MustCompile(`^\s+([A-Za-z][A-Za-z0-9:-]*)(="[^"]*")?`)
)

// requireSafeHTML checks the structure of an HTML report: the CSP meta tag,
// only known tags and attributes (so no script, link, image, event handler,
// style attribute, src or href), no < that does not open a known tag, and
// no control characters.
func requireSafeHTML(t *testing.T, out string) {
	t.Helper()
	require.Contains(t, out, csp)
	require.NotContains(t, strings.ToLower(out), "<script")
	requireNoControl(t, []byte(out))
	rest := out
	for {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		m := tagRE.FindStringSubmatch(rest[i:])
		require.NotNil(t, m, "a < that opens no tag: %q", rest[i:min(len(rest), i+60)])
		require.True(t, htmlTags[m[2]], "unexpected tag %q", m[0])
		attrs := m[3]
		if m[2] == "!DOCTYPE" {
			attrs = ""
		}
		for attrs != "" {
			a := attrRE.FindStringSubmatch(attrs)
			require.NotNil(t, a, "bad attributes %q in %q", attrs, m[0])
			require.True(t, htmlAttrs[a[1]], "unexpected attribute %q in %q", a[1], m[0])
			attrs = attrs[len(a[0]):]
		}
		rest = rest[i+len(m[0]):]
	}
	// Text may mention URLs, but no tag has one and the CSS loads nothing.
	for _, tag := range tagRE.FindAllString(out, -1) {
		assert.NotRegexp(t, `(?i)https?:|javascript:`, tag)
	}
	assert.NotRegexp(t, `(?i)@import|url\(`, out)
}

func TestHTMLHostile(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, HTML(&b, hostileSummary(t), Options{Title: "<b>T</b>"}))
	out := b.String()
	requireSafeHTML(t, out)
	for _, raw := range []string{"<script", "<img", "<b>", "\x1b", "\u202e"} {
		assert.NotContains(t, out, raw)
	}
	// Escaped, as text.
	assert.Contains(t, out, "/&lt;script&gt;alert(1)&lt;/script&gt;|x`y")
	assert.Contains(t, out, `&lt;img src=x onerror=alert(1)&gt;`)
	assert.Contains(t, out, `<td class="t">javascript:alert(1)</td>`, "a javascript: referer stays plain text")
	assert.Contains(t, out, `\x1b[31mred\x1b]0;title\x07`, "control characters are shown as in Terminal")
	assert.Contains(t, out, `<title>&lt;b&gt;T&lt;/b&gt;</title>`)
	assert.Contains(t, out, `<span class="badge confirmed">confirmed</span> explains 3 request(s)`)
	assert.Contains(t, out, `<span class="badge textbook">textbook</span>`)
	assert.Contains(t, out, "Check: Check the document root.")
	assert.Contains(t, out, "4 requests not explained by any evidence.")
	assert.Contains(t, out, `<section id="latency">`)
	// The new sections: input notes, incident, cause evidence, error log.
	assert.Contains(t, out, `<li><code>mixed.log</code> mixes formats: combined 39, common 2</li>`)
	assert.Contains(t, out, `<li class="warn"><code>=evil|&lt;i&gt;unknown&lt;/i&gt;.log</code> no known format fits; give --log-format</li>`)
	assert.Contains(t, out, `<li><code>error.log</code> 2 continuation lines folded into their entries</li>`)
	assert.Contains(t, out, `<span class="incident-time">2015-05-18 09:00:00 &#43;0000 to 09:03</span>: 3 of 9 requests failed (3 × 500)`)
	assert.Contains(t, out, `<li><code>mpm-limits</code> <strong>The server ran out of worker slots</strong>: 2 error-log messages in the same window, e.g. <code>error.log:3: [error] \x1b[31mred\x1b]0;title\x07 &#34;&gt;&lt;img`)
	assert.Contains(t, out, `<p class="evidence">Evidence: linked from [link](http://evil) ![img](http://evil/x.png) &lt;b&gt;&amp;amp;&lt;/b&gt;`)
	assert.Contains(t, out, `<dd>core 3, =HYPERLINK(&#34;http://evil&#34;) 1</dd>`)
	assert.Contains(t, out, `<td class="t">File does not exist: /&lt;script&gt;alert(1)&lt;/script&gt;|x`+"`"+`y <span class="example">e.g. -2&#43;3\x09&lt;img src=x onerror=alert(1)&gt;\x0d\x0a`)
	assert.Contains(t, out, `<title>2015-05-18 09:00:00 &#43;0000: 3</title>`, "the error-log chart")
}

// TestHTMLErrorLogFields checks the error-log fields the hostile summary
// leaves plain (the zone note names a file; level and code come from the
// log) with hostile text of their own.
func TestHTMLErrorLogFields(t *testing.T) {
	s := hostileSummary(t)
	s.Errors.Zone = "UTC+0000, the offset of the access log " + hostileAgent
	s.Errors.Templates[0].Level, s.Errors.Templates[0].Code = hostileAgent, "<b>x</b>"
	s.Errors.Levels[0].Key = hostileAgent
	var b bytes.Buffer
	require.NoError(t, HTML(&b, s, Options{}))
	out := b.String()
	requireSafeHTML(t, out)
	assert.NotContains(t, out, "<img")
	assert.NotContains(t, out, "<b>x")
}

func TestHTMLErrorLogChart(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, HTML(&b, diagSummary(t), Options{}))
	out := b.String()
	assert.Equal(t, 3, strings.Count(out, "<svg "), "status classes, error log and timeline")
	assert.Contains(t, out, `<title>Error-log entries per minute</title>`)
	// The chart's numbers are in the table below it, and its x labels fall
	// on round times.
	assert.Contains(t, out, "around the busiest minute: 2026-11-24 10:05:00 &#43;0100, with 5 entries.")
	assert.Contains(t, out, "<caption>Every minute with entries.</caption>")
	assert.Contains(t, out, `<tr><td>2026-11-24 10:05:00 &#43;0100</td><td class="n">5</td></tr>`)
	for _, l := range []string{">10:00<", ">10:10<", ">10:20<", ">10:30<", ">10:40<"} {
		assert.Contains(t, out, l)
	}
	assert.NotContains(t, out, ">10:05<")
	// The error log comes before the causes, the incidents before both.
	inc, el, causes := strings.Index(out, `<section id="incidents">`), strings.Index(out, `<section id="errorlog">`), strings.Index(out, `<section id="errors">`)
	assert.True(t, 0 < inc && inc < el && el < causes, "incidents %d, error log %d, causes %d", inc, el, causes)
}

func TestHTMLCharts(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, HTML(&b, summaryOf(t, "mixed.log"), Options{}))
	out := b.String()
	assert.Equal(t, 2, strings.Count(out, "<svg "), "status classes and timeline")
	assert.Contains(t, out, `<title>Requests per 1h by status class</title>`)
	// Every chart has its numbers as text too.
	assert.Contains(t, out, `<tr><th scope="row">2xx</th><td class="n">30</td><td class="n">73.2%</td></tr>`)
	assert.Contains(t, out, "The busiest period, from 2015-05-17 10:00:00 &#43;0000, had 31 requests.")
	assert.Contains(t, out, "Every period of 1h with requests.")
	assert.NotContains(t, out, "Made by logscan on", "no time unless given")
}

func TestErrorTicks(t *testing.T) {
	tl := func(bucket string, n int, step time.Duration) *analyze.ErrorTimeline {
		e := &analyze.ErrorTimeline{Bucket: bucket}
		at := time.Date(2026, 11, 24, 9, 55, 0, 0, time.UTC).Truncate(step)
		for i := 0; i < n; i++ {
			e.Buckets = append(e.Buckets, analyze.ErrorBucket{Start: at.Add(time.Duration(i) * step)})
		}
		return e
	}
	labels := func(e *analyze.ErrorTimeline) []string {
		on := errorTicks(e)
		var out []string
		for _, b := range e.Buckets {
			if on(b.Start) {
				out = append(out, b.Start.Format("15:04"))
			}
		}
		return out
	}
	assert.Equal(t, []string{"10:00", "10:10", "10:20", "10:30", "10:40"}, labels(tl("1m", 50, time.Minute)))
	assert.Equal(t, []string{"09:55", "09:56", "09:57"}, labels(tl("1m", 3, time.Minute)))
	assert.Equal(t, []string{"09:00", "12:00", "15:00", "18:00", "21:00", "00:00", "03:00", "06:00"}, labels(tl("1h", 24, time.Hour)),
		"hours: every third hour of the day")
}

func TestDurationText(t *testing.T) {
	for d, want := range map[time.Duration]string{time.Minute: "1m", 90 * time.Second: "1m30s", 2 * time.Hour: "2h",
		90 * time.Minute: "1h30m", 24 * time.Hour: "1d", 7 * 24 * time.Hour: "7d", 36 * time.Hour: "36h"} {
		assert.Equal(t, want, durationText(d), "%v", d)
	}
}

func TestNiceScale(t *testing.T) {
	tests := []struct{ peak, top, step int64 }{
		{0, 1, 1}, {1, 1, 1}, {3, 3, 1}, {5, 5, 1}, {6, 6, 2}, {32, 40, 10}, {99, 100, 20}, {101, 150, 50}, {1234, 1500, 500},
	}
	for _, tc := range tests {
		top, step := niceScale(tc.peak)
		assert.Equal(t, []int64{tc.top, tc.step}, []int64{top, step}, "peak %d", tc.peak)
	}
}

var htmlSample = flag.String("html-sample", "", "write the HTML report of testdata/report/diag-*.log to this file")

// TestHTMLSample writes the report shown in docs/report-html.png, that of
// the demo sample with its error log (incidents, confirmed causes with
// examples, the error log); it runs only when asked:
//
//	go test ./report -run TestHTMLSample -html-sample=/tmp/sample.html
//	chromium --headless --no-sandbox --hide-scrollbars --user-data-dir=$(mktemp -d) \
//		--window-size=1200,3606 --screenshot=/tmp/shot.png file:///tmp/sample.html
//	convert /tmp/shot.png +dither -colors 128 docs/report-html.png
func TestHTMLSample(t *testing.T) {
	if *htmlSample == "" {
		t.Skip("set -html-sample=FILE to write the sample report")
	}
	s := diagSummary(t)
	var b bytes.Buffer
	require.NoError(t, HTML(&b, s, Options{Title: "logscan report: demo sample", Generated: time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)}))
	requireSafeHTML(t, b.String())
	require.NoError(t, os.WriteFile(*htmlSample, b.Bytes(), 0o644))
}
