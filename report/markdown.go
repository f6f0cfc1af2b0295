package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/logscan/logscan/analyze"
)

// mdCut is the number of runes of log text a Markdown cell or line shows.
const mdCut = 120

// mdColumns is the widest the Markdown timeline chart gets, in characters.
const mdColumns = 72

// Markdown writes the report as GitHub-flavoured Markdown, with the same
// sections as [Text]: header, inputs (with notes on mixed formats, unknown
// formats and folded continuation lines), status classes and codes,
// incidents with the error-log conditions inside them, each error code with
// its likely causes (evidence and examples) and top paths, the error log
// (levels, modules, message templates and a chart of its busiest period),
// the top lists, a timeline chart in a code block, latency and malformed
// lines. Log text goes through [MarkdownText], and every table cell has its
// | escaped, so no log line can add markup, links or table columns.
func Markdown(w io.Writer, s *analyze.Summary) error {
	m := &mdWriter{w: w}
	m.header(s)
	m.classes(s)
	m.codes(s)
	m.vhosts(s)
	m.agents(s)
	m.incidents(s)
	m.errorCodes(s)
	m.errorLog(s)
	m.tops(s)
	m.timeline(s)
	m.latency(s)
	m.problems(s)
	return m.err
}

type mdWriter struct {
	w   io.Writer
	err error
}

func (m *mdWriter) printf(format string, args ...any) {
	if m.err == nil {
		_, m.err = fmt.Fprintf(m.w, format, args...)
	}
}

// md makes log text safe Markdown, cut to n runes.
func md(s string, n int) string { return MarkdownText(Cut(s, n)) }

// table renders a GFM table; right marks the right-aligned (number) columns.
// Cells must already be Markdown; a row filter escapes any | left raw.
func (m *mdWriter) table(header []string, right []bool, rows [][]string) {
	if m.err != nil || len(rows) == 0 {
		return
	}
	align := make([]tw.Align, len(header))
	for i := range align {
		align[i] = tw.AlignLeft
		if i < len(right) && right[i] {
			align[i] = tw.AlignRight
		}
	}
	esc := func(cells []string) []string {
		for i, c := range cells {
			cells[i] = escapePipes(c)
		}
		return cells
	}
	tbl := tablewriter.NewTable(m.w,
		tablewriter.WithRenderer(renderer.NewMarkdown()),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
		tablewriter.WithHeaderFilter(tw.CellFilter{Global: esc}),
		tablewriter.WithRowFilter(tw.CellFilter{Global: esc}),
	)
	tbl.Header(header)
	if err := tbl.Bulk(rows); err != nil {
		m.err = err
		return
	}
	m.err = tbl.Render()
	m.printf("\n")
}

func (m *mdWriter) header(s *analyze.Summary) {
	m.printf("# logscan report\n\n")
	m.printf("**%s** from %s", plural(s.Requests, "request"), plural(int64(len(s.Inputs)), "input"))
	if s.Malformed > 0 {
		m.printf(", **%s** malformed line(s)", Thousands(s.Malformed))
	}
	m.printf(".\n\n")
	if s.Time != nil {
		m.printf("- Time span: %s to %s\n", s.Time.First.Format(timeLayout), s.Time.Last.Format(timeLayout))
	}
	if s.Window != nil {
		since, until := windowBounds(s.Window)
		m.printf("- Window: %s to %s\n", since, until)
	}
	if s.UniqueClients > 0 {
		m.printf("- Clients: %s unique\n", Thousands(s.UniqueClients))
	}
	if s.Time != nil || s.Window != nil || s.UniqueClients > 0 {
		m.printf("\n")
	}
	if len(s.Findings) > 0 {
		m.printf("## Findings\n\n")
		for i, f := range s.Findings {
			m.printf("%d. %s\n", i+1, MarkdownText(f.Text))
		}
		m.printf("\n")
	}
	if b := s.Baseline; b != nil {
		m.printf("## %s\n\n%s\n\n", baselineTitle(b), MarkdownText(baselineIntro(b)))
		if rows := baselineRows(b, 20); len(rows) > 0 {
			m.printf("| metric | now | baseline | z | |\n|---|--:|--:|--:|---|\n")
			for _, r := range rows {
				m.printf("| %s | %s | %s | %s | %s |\n", MarkdownText(r[0]), r[1], r[2], r[3], r[4])
			}
			m.printf("\n")
		}
	}
	m.printf("## Inputs\n\n")
	rows := make([][]string, 0, len(s.Inputs))
	for _, in := range s.Inputs {
		rows = append(rows, []string{MarkdownText(CutLeft(in.Path, 60)), markdownOwn(in.Kind), markdownOwn(in.Format),
			Thousands(in.Lines), Thousands(in.Entries), Thousands(in.Malformed + in.TooLong), Thousands(in.Blank)})
	}
	m.table([]string{"file", "kind", "format", "lines", "entries", "malformed", "blank"},
		[]bool{false, false, false, true, true, true, true}, rows)
	var notes []string
	for _, in := range s.Inputs {
		path := MarkdownText(CutLeft(in.Path, 60))
		switch {
		case len(in.Formats) > 0:
			notes = append(notes, fmt.Sprintf("%s mixes formats: %s", path, markdownOwn(formatsText(in.Formats))))
		case in.Kind == "unknown":
			notes = append(notes, fmt.Sprintf("%s: no known format fits; give `--log-format`", path))
		}
		if in.Continuation > 0 {
			notes = append(notes, fmt.Sprintf("%s: %s continuation line(s) folded into their entries", path, Thousands(in.Continuation)))
		}
	}
	for _, n := range notes {
		m.printf("- %s\n", n)
	}
	if len(notes) > 0 {
		m.printf("\n")
	}
}

// formatsText lists the formats of an input that mixes layouts, by name:
// "combined 600, common 90".
func formatsText(f map[string]int64) string {
	names := make([]string, 0, len(f))
	for name := range f {
		names = append(names, name)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " " + Thousands(f[n])
	}
	return strings.Join(parts, ", ")
}

// incidentEnd formats the end of an incident: the time of day alone when
// it falls on the day the incident started.
func incidentEnd(in analyze.Incident) string {
	if y, m, d := in.Start.Date(); in.End.Year() == y && in.End.Month() == m && in.End.Day() == d {
		return in.End.Format("15:04")
	}
	return in.End.Format(timeLayout)
}

// incidentCodes lists the server-error codes of an incident: "40 × 503".
func incidentCodes(in analyze.Incident) string {
	parts := make([]string, len(in.Codes))
	for i, c := range in.Codes {
		parts[i] = Thousands(c.Count) + " × " + strconv.Itoa(c.Code)
	}
	return strings.Join(parts, ", ")
}

// causeTitle returns the title of a cause id, or "" when it is unknown.
func causeTitle(id string) string {
	c, _ := analyze.CauseByID(id)
	return c.Title
}

// templateSpan formats the first and last time of a message template in
// the zone of the report, to the minute: "2026-11-24 10:05 – 10:13", one
// time when both fall in the same minute, "" when the times are unknown.
func templateSpan(tp analyze.Template) string {
	if tp.First.IsZero() {
		return ""
	}
	const day, minute = "2006-01-02 ", "15:04"
	first, last := tp.First.Format(day+minute), tp.Last.Format(day+minute)
	switch {
	case first == last:
		return first
	case first[:len(day)] == last[:len(day)]:
		return first + " – " + tp.Last.Format(minute)
	}
	return first + " – " + last
}

// templateExample returns the example of a message template, or "" when it
// reads the same as the template (a message with nothing to replace).
func templateExample(tp analyze.Template) string {
	if tp.Example == tp.Template {
		return ""
	}
	return tp.Example
}

// errorTimelineEnd returns the end of the last bucket of an error-log
// timeline.
func errorTimelineEnd(tl *analyze.ErrorTimeline) time.Time {
	last := tl.Buckets[len(tl.Buckets)-1].Start
	d, err := time.ParseDuration(tl.Bucket)
	if err != nil || d <= 0 {
		return last
	}
	return last.Add(d)
}

// errorBucketNoun names the bucket of an error-log timeline: "minute" for
// 1m, "hour" for 1h, else the bucket as written.
func errorBucketNoun(tl *analyze.ErrorTimeline) string {
	switch tl.Bucket {
	case "1m":
		return "minute"
	case "1h":
		return "hour"
	}
	return "period"
}

// errorTimelineSpark draws an error-log timeline as block characters and
// returns it with its peak.
func errorTimelineSpark(tl *analyze.ErrorTimeline) (string, int64) {
	vals := make([]int64, len(tl.Buckets))
	for i, b := range tl.Buckets {
		vals[i] = b.Count
	}
	return sparkline(vals)
}

func (m *mdWriter) classes(s *analyze.Summary) {
	m.printf("## Status classes\n\n")
	var rows [][]string
	for _, c := range classNames {
		rows = append(rows, []string{c, Thousands(s.Classes[c]), Percent(classShare(s, c))})
	}
	m.table([]string{"class", "count", "share"}, []bool{false, true, true}, rows)
}

func (m *mdWriter) codes(s *analyze.Summary) {
	m.printf("## Status codes\n\n")
	if len(s.Codes) == 0 {
		m.printf("No requests.\n\n")
		return
	}
	var rows [][]string
	for _, c := range s.Codes {
		unexplained := ""
		if c.Code >= 400 {
			unexplained = Thousands(c.Unexplained)
		}
		rows = append(rows, []string{strconv.Itoa(c.Code), Thousands(c.Count), Percent(c.Share), markdownOwn(c.Meaning), unexplained})
	}
	m.table([]string{"code", "count", "share", "meaning", "unexplained"}, []bool{false, true, true, false, true}, rows)
}

func (m *mdWriter) agents(s *analyze.Summary) {
	if len(s.Filters) > 0 {
		m.printf("## Filters\n\n%s\n\n", MarkdownText(filterText(s.Filters)))
	}
	if s.Agents == nil {
		return
	}
	m.printf("## Clients by kind\n\n")
	m.table([]string{"kind", "requests", "share"}, []bool{false, true, true}, agentRows(s.Agents, s.Requests))
}

func (m *mdWriter) vhosts(s *analyze.Summary) {
	if len(s.VHosts) == 0 {
		return
	}
	m.printf("## Virtual hosts\n\n")
	rows := vhostRows(s, 50)
	for _, r := range rows {
		r[0], r[5] = MarkdownText(r[0]), MarkdownText(r[5])
	}
	m.table(vhostHeader, []bool{false, true, true, true, true, false}, rows)
}

func (m *mdWriter) errorCodes(s *analyze.Summary) {
	for _, c := range s.Codes {
		if c.Code < 400 {
			continue
		}
		m.printf("## %d %s\n\n", c.Code, markdownOwn(c.Meaning))
		m.printf("%s, %s of all.", plural(c.Count, "request"), Percent(c.Share))
		if len(c.Causes) > 0 && c.Unexplained > 0 && c.Unexplained < c.Count {
			m.printf(" %s not explained by any evidence.", plural(c.Unexplained, "request"))
		}
		m.printf("\n\n")
		if len(c.Causes) == 0 && c.Advice != "" {
			m.printf("%s\n\n", markdownOwn(c.Advice))
		}
		if len(c.Causes) > 0 {
			m.printf("Likely causes:\n\n")
		}
		for i, cause := range c.Causes {
			if cause.Confidence == analyze.Confirmed {
				m.printf("%d. `%s` %s (**confirmed**, explains %s)\n", i+1, codeSpanText(cause.ID), markdownOwn(cause.Title), Thousands(cause.Evidence))
			} else {
				m.printf("%d. `%s` %s (textbook, unconfirmed)\n", i+1, codeSpanText(cause.ID), markdownOwn(cause.Title))
			}
			if cause.Detail != "" {
				label := "Evidence"
				if cause.Confidence != analyze.Confirmed {
					label = "Not confirmed" // why the evidence seen was not enough
				}
				m.printf("   - %s: %s\n", label, md(cause.Detail, mdCut))
			}
			for _, ex := range cause.Examples {
				m.printf("   - e.g. %s\n", md(ex, mdCut))
			}
			if cause.Advice != "" {
				m.printf("   - Check: %s\n", markdownOwn(cause.Advice))
			}
		}
		if len(c.Causes) > 0 {
			m.printf("\n")
		}
		if len(c.TopPaths) > 0 {
			m.printf("Paths of all %s:\n\n", plural(c.Count, "request"))
			rows := make([][]string, 0, len(c.TopPaths))
			for _, p := range c.TopPaths {
				rows = append(rows, []string{Thousands(p.Count), Percent(ratio(p.Count, c.Count)), md(p.Key, mdCut)})
			}
			m.table([]string{"count", "share", "path"}, []bool{true, true, false}, rows)
		}
	}
}

func (m *mdWriter) incidents(s *analyze.Summary) {
	if len(s.Incidents) == 0 {
		return
	}
	m.printf("## Incidents\n\n")
	m.printf("Periods of unusually many server errors (5xx), with the server-wide conditions the error log reported inside them.\n\n")
	for _, in := range s.Incidents {
		m.printf("- **%s to %s**: %s of %s requests failed", in.Start.Format(timeLayout), incidentEnd(in),
			Thousands(in.Errors), Thousands(in.Requests))
		if len(in.Codes) > 0 {
			m.printf(" (%s)", incidentCodes(in))
		}
		m.printf("\n")
		for _, c := range in.Conditions {
			m.printf("  - `%s`", codeSpanText(c.Cause))
			if t := causeTitle(c.Cause); t != "" {
				m.printf(" %s", markdownOwn(t))
			}
			m.printf(": %s error-log message(s) in the same window, e.g. %s\n", Thousands(c.Messages), md(c.Example, mdCut))
		}
	}
	m.printf("\n")
}

func (m *mdWriter) errorLog(s *analyze.Summary) {
	el := s.Errors
	if el == nil {
		return
	}
	m.printf("## Error log\n\n")
	m.printf("**%s** entries, **%s** matched a known cause. Times read in %s.\n\n", Thousands(el.Entries), Thousands(el.Matched), markdownOwn(Cut(el.Zone, mdCut)))
	counts := func(items []analyze.Counted, most int) string {
		parts := make([]string, 0, len(items))
		for i, c := range items {
			if i == most {
				parts = append(parts, "…")
				break
			}
			parts = append(parts, MarkdownText(Cut(c.Key, 40))+" "+Thousands(c.Count))
		}
		return strings.Join(parts, ", ")
	}
	if len(el.Levels) > 0 {
		m.printf("- Levels: %s\n", counts(el.Levels, -1))
	}
	if len(el.Modules) > 0 {
		m.printf("- Modules: %s\n", counts(el.Modules, 8))
	}
	if len(el.Levels) > 0 || len(el.Modules) > 0 {
		m.printf("\n")
	}
	if len(el.Templates) > 0 {
		m.printf("Top messages, grouped by template (numbers, paths, addresses and quoted text replaced):\n\n")
		rows := make([][]string, 0, len(el.Templates))
		for _, tp := range el.Templates {
			rows = append(rows, []string{Thousands(tp.Count), MarkdownText(tp.Level), MarkdownText(tp.Code), templateSpan(tp),
				md(tp.Template, mdCut), md(templateExample(tp), mdCut)})
		}
		m.table([]string{"count", "level", "code", "first – last", "message", "example (when it differs)"},
			[]bool{true, false, false, false, false, false}, rows)
	}
	if tl := el.Timeline; tl != nil && len(tl.Buckets) > 1 {
		line, peak := errorTimelineSpark(tl)
		m.printf("Entries per %s from %s to %s, around the busiest %s:\n\n", markdownOwn(tl.Bucket),
			tl.Buckets[0].Start.Format(timeLayout), errorTimelineEnd(tl).Format(timeLayout), errorBucketNoun(tl))
		m.printf("```text\n%s  peak %s\n```\n\n", line, Thousands(peak))
	}
}

// codeSpanText keeps s, a cause id logscan writes itself, fit for a
// one-backtick code span: control characters escaped as [TerminalMessage] does, and
// backticks, which would end the span, replaced by a prime.
func codeSpanText(s string) string {
	b := []byte(TerminalMessage(s))
	for i, c := range b {
		if c == '`' {
			b[i] = '\''
		}
	}
	return string(b)
}

func ratio(n, total int64) float64 {
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}

func (m *mdWriter) tops(s *analyze.Summary) {
	list := func(name, col string, items []analyze.Counted) {
		if len(items) == 0 {
			return
		}
		m.printf("## %s\n\n", name)
		rows := make([][]string, 0, len(items))
		for _, it := range items {
			rows = append(rows, []string{Thousands(it.Count), Percent(ratio(it.Count, s.Requests)), md(it.Key, mdCut)})
		}
		m.table([]string{"count", "share", col}, []bool{true, true, false}, rows)
	}
	list("Top paths", "path", s.Top.Paths)
	list("Top clients", "client", s.Top.Clients)
	list("Top user agents", "user agent", s.Top.UserAgents)
	list("Top referers", "referer", s.Top.Referers)
}

func (m *mdWriter) timeline(s *analyze.Summary) {
	tl := s.Timeline
	if tl == nil || len(tl.Buckets) < 2 {
		return
	}
	folded, per := foldTimeline(tl, mdColumns)
	m.printf("## Timeline\n\n")
	m.printf("Requests per %s from %s to %s (%s buckets): all requests, then 4xx and 5xx.\n\n",
		durationText(time.Duration(int64(per)*tl.Seconds)*time.Second),
		tl.Buckets[0].Start.Format(timeLayout), timelineEnd(tl).Format(timeLayout), markdownOwn(tl.Bucket))
	var all, c4, c5 []int64
	for _, b := range folded {
		all, c4, c5 = append(all, b.Total()), append(c4, b.C4xx), append(c5, b.C5xx)
	}
	m.printf("```text\n")
	for _, series := range []struct {
		label string
		vals  []int64
	}{{"all", all}, {"4xx", c4}, {"5xx", c5}} {
		line, peak := sparkline(series.vals)
		m.printf("%-4s %s  peak %s\n", series.label, line, Thousands(peak))
	}
	m.printf("```\n\n")
}

func (m *mdWriter) latency(s *analyze.Summary) {
	l := s.Latency
	if l == nil {
		return
	}
	m.printf("## Latency\n\n")
	m.table(latencyHeader, []bool{false, true, true, true, true, true}, latencyRows(s))
	if len(l.Slowest) > 0 {
		m.printf("Paths with the most time spent:\n\n")
		rows := slowestRows(l, func(p string) string { return md(p, mdCut) })
		m.table([]string{"total", "mean", "path"}, []bool{true, true, false}, rows)
	}
}

func (m *mdWriter) problems(s *analyze.Summary) {
	var lines []string
	for _, in := range s.Inputs {
		if in.Error != "" {
			lines = append(lines, fmt.Sprintf("%s: read incomplete: %s", MarkdownText(in.Path), md(in.Error, mdCut)))
		}
		for _, x := range in.MalformedSamples {
			lines = append(lines, mdSample(x))
		}
		if n := in.Malformed + in.TooLong - int64(len(in.MalformedSamples)); n > 0 {
			lines = append(lines, fmt.Sprintf("%s: %s more malformed line(s)", MarkdownText(in.Path), Thousands(n)))
		}
		for _, x := range in.WarningSamples {
			lines = append(lines, "warning: "+mdSample(x))
		}
	}
	if len(lines) == 0 {
		return
	}
	m.printf("## Problems\n\n")
	for _, l := range lines {
		m.printf("- %s\n", l)
	}
}

// mdSample formats a sample compiler-style: "file:line: reason: excerpt".
func mdSample(x analyze.Sample) string {
	s := fmt.Sprintf("%s:%d: %s", MarkdownText(x.Input), x.Line, markdownOwn(x.Reason))
	if x.Excerpt != "" {
		s += ": " + md(x.Excerpt, 80)
	}
	return s
}
