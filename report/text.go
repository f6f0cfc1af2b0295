package report

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/renderer"
	"github.com/olekukonko/tablewriter/tw"

	"github.com/logscan/logscan/analyze"
)

// TextOptions sets how [Text] lays out the report.
type TextOptions struct {
	// Color enables ANSI colour for status classes.
	Color bool
	// Width is the terminal width the report should fit (default 100).
	Width int
}

// Text writes the human-readable report: header, status classes, status
// codes, and for each error code its likely causes and top paths, then the
// top lists, timeline, latency and malformed lines.
func Text(w io.Writer, s *analyze.Summary, o TextOptions) error {
	if o.Width <= 0 {
		o.Width = 100
	}
	tw := &textWriter{w: w, o: o}
	tw.header(s)
	tw.classes(s)
	tw.codes(s)
	tw.vhosts(s)
	tw.agents(s)
	tw.incidents(s)
	tw.errorCodes(s)
	tw.errorLog(s)
	tw.tops(s)
	tw.timeline(s)
	tw.latency(s)
	tw.problems(s)
	return tw.err
}

type textWriter struct {
	w   io.Writer
	o   TextOptions
	err error
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

func (t *textWriter) title(s string) {
	if t.o.Color {
		s = "\x1b[1m" + s + "\x1b[0m"
	}
	t.printf("\n%s\n", s)
}

// table renders rows with the first column left-aligned and the others as
// given by right (true = right-aligned, for numbers).
func (t *textWriter) table(header []string, right []bool, rows [][]string) {
	if t.err != nil || len(rows) == 0 {
		return
	}
	align := make([]tw.Align, len(header))
	for i := range align {
		align[i] = tw.AlignLeft
		if i < len(right) && right[i] {
			align[i] = tw.AlignRight
		}
	}
	tbl := tablewriter.NewTable(t.w,
		tablewriter.WithRenderer(renderer.NewBlueprint(tw.Rendition{
			Borders:  tw.BorderNone,
			Symbols:  tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{Lines: tw.LinesNone, Separators: tw.SeparatorsNone},
		})),
		tablewriter.WithHeaderAutoFormat(tw.Off),
		tablewriter.WithHeaderAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAlignmentConfig(tw.CellAlignment{PerColumn: align}),
		tablewriter.WithRowAutoWrap(tw.WrapNone),
	)
	tbl.Header(header)
	if err := tbl.Bulk(rows); err != nil {
		t.err = err
		return
	}
	t.err = tbl.Render()
}

// Thousands formats n with comma separators: 1234567 → "1,234,567".
func Thousands(n int64) string { return analyze.Thousands(n) }

// Percent formats a share as "12.3%".
func Percent(f float64) string { return analyze.Percent(f) }

// Seconds formats a duration in seconds compactly: "850ms", "1.20s".
func Seconds(v float64) string {
	switch {
	case v < 1:
		return strconv.FormatFloat(v*1000, 'f', 0, 64) + "ms"
	case v < 100:
		return strconv.FormatFloat(v, 'f', 2, 64) + "s"
	default:
		return strconv.FormatFloat(v, 'f', 0, 64) + "s"
	}
}

const timeLayout = "2006-01-02 15:04:05 -0700"

// findings prints the ranked sentences of what went wrong, first thing
// after the header.
func (t *textWriter) findings(s *analyze.Summary) {
	if len(s.Findings) == 0 {
		return
	}
	t.title("Findings")
	for i, f := range s.Findings {
		for j, l := range Wrap(Terminal(f.Text), t.o.Width-5) {
			if j == 0 {
				t.printf(" %d. %s\n", i+1, l)
			} else {
				t.printf("    %s\n", l)
			}
		}
	}
}

func (t *textWriter) header(s *analyze.Summary) {
	t.printf("logscan report: %s from %s", plural(s.Requests, "request"), plural(int64(len(s.Inputs)), "input"))
	if s.Malformed > 0 {
		t.printf(", %s malformed line(s)", Thousands(s.Malformed))
	}
	t.printf("\n")
	if s.Time != nil {
		t.printf("Time span: %s to %s\n", s.Time.First.Format(timeLayout), s.Time.Last.Format(timeLayout))
	}
	if s.Window != nil {
		since, until := windowBounds(s.Window)
		t.printf("Window:    %s to %s\n", since, until)
	}
	if s.UniqueClients > 0 {
		t.printf("Clients:   %s unique\n", Thousands(s.UniqueClients))
	}
	t.findings(s)
	t.baseline(s)
	t.title("Inputs")
	rows := make([][]string, 0, len(s.Inputs))
	for _, in := range s.Inputs {
		rows = append(rows, []string{CutLeft(Terminal(in.Path), 32), TerminalMessage(in.Kind), TerminalMessage(in.Format),
			Thousands(in.Lines), Thousands(in.Entries), Thousands(in.Malformed + in.TooLong), Thousands(in.Blank)})
	}
	t.table([]string{"file", "kind", "format", "lines", "entries", "malformed", "blank"},
		[]bool{false, false, false, true, true, true, true}, rows)
	for _, in := range s.Inputs {
		switch {
		case len(in.Formats) > 0:
			names := make([]string, 0, len(in.Formats))
			for name := range in.Formats {
				names = append(names, name)
			}
			sort.Strings(names)
			parts := make([]string, len(names))
			for i, n := range names {
				parts[i] = fmt.Sprintf("%s %s", TerminalMessage(n), Thousands(in.Formats[n]))
			}
			t.printf("  %s mixes formats: %s\n", CutLeft(Terminal(in.Path), 40), strings.Join(parts, ", "))
		case in.Kind == "unknown":
			t.printf("  %s: no known format fits; give --log-format\n", CutLeft(Terminal(in.Path), 40))
		}
		if in.Continuation > 0 {
			t.printf("  %s: %s continuation line(s) folded into their entries\n", CutLeft(Terminal(in.Path), 40), Thousands(in.Continuation))
		}
	}
}

func (t *textWriter) classes(s *analyze.Summary) {
	t.title("Status classes")
	var rows [][]string
	for _, c := range []string{"1xx", "2xx", "3xx", "4xx", "5xx"} {
		n := s.Classes[c]
		frac := 0.0
		if s.Requests > 0 {
			frac = float64(n) / float64(s.Requests)
		}
		rows = append(rows, []string{t.colorClass(c), Thousands(n), Percent(frac)})
	}
	t.table([]string{"class", "count", "share"}, []bool{false, true, true}, rows)
}

func (t *textWriter) colorClass(c string) string {
	if !t.o.Color {
		return c
	}
	switch c[0] {
	case '2':
		return "\x1b[32m" + c + "\x1b[0m"
	case '3':
		return "\x1b[36m" + c + "\x1b[0m"
	case '4':
		return "\x1b[33m" + c + "\x1b[0m"
	case '5':
		return "\x1b[31m" + c + "\x1b[0m"
	}
	return c
}

func (t *textWriter) codes(s *analyze.Summary) {
	t.title("Status codes")
	var rows [][]string
	for _, c := range s.Codes {
		rows = append(rows, []string{strconv.Itoa(c.Code), Thousands(c.Count), Percent(c.Share), c.Meaning})
	}
	if len(rows) == 0 {
		t.printf("  (no requests)\n")
	}
	t.table([]string{"code", "count", "share", "meaning"}, []bool{false, true, true, false}, rows)
}

func (t *textWriter) errorCodes(s *analyze.Summary) {
	for _, c := range s.Codes {
		if c.Code < 400 {
			continue
		}
		t.title(fmt.Sprintf("%d %s: %s (%s)", c.Code, c.Meaning, plural(c.Count, "request"), Percent(c.Share)))
		if len(c.Causes) == 0 && c.Advice != "" {
			for _, l := range Wrap(c.Advice, t.o.Width-2) {
				t.printf("  %s\n", l)
			}
		}
		for i, cause := range c.Causes {
			if cause.Confidence == analyze.Confirmed {
				t.printf("%s\n", Cut(fmt.Sprintf("  %d. %s: %s (confirmed, explains %s)", i+1, cause.ID, cause.Title, Thousands(cause.Evidence)), t.o.Width))
				if cause.Detail != "" {
					t.printf("       evidence: %s\n", Cut(Terminal(cause.Detail), t.o.Width-17))
				}
				for _, ex := range cause.Examples {
					t.printf("       e.g. %s\n", Cut(Terminal(ex), t.o.Width-12))
				}
			} else {
				t.printf("%s\n", Cut(fmt.Sprintf("  %d. %s: %s (textbook, unconfirmed)", i+1, cause.ID, cause.Title), t.o.Width))
				if cause.Detail != "" { // why evidence seen was not enough
					for j, l := range Wrap("not confirmed: "+Terminal(cause.Detail), t.o.Width-9) {
						if j > 0 {
							l = "  " + l
						}
						t.printf("       %s\n", l)
					}
				}
			}
			// Advice for confirmed causes and the most likely textbook one;
			// the JSON report carries it for every cause.
			if cause.Advice != "" && (cause.Confidence == analyze.Confirmed || i == firstTextbook(c.Causes)) {
				for j, l := range Wrap("check: "+cause.Advice, t.o.Width-9) {
					if j > 0 {
						l = "  " + l
					}
					t.printf("       %s\n", l)
				}
			}
		}
		if len(c.Causes) > 0 && c.Unexplained > 0 && c.Unexplained < c.Count {
			t.printf("  %s not explained by any evidence\n", plural(c.Unexplained, "request"))
		}
		if len(c.TopPaths) > 0 {
			t.printf("  paths of all %s:\n", plural(c.Count, "request"))
			rows := make([][]string, 0, len(c.TopPaths))
			for _, p := range c.TopPaths {
				rows = append(rows, []string{Thousands(p.Count), Cut(Terminal(p.Key), t.o.Width-14)})
			}
			t.table([]string{"count", "path"}, []bool{true, false}, rows)
		}
	}
}

func (t *textWriter) tops(s *analyze.Summary) {
	list := func(name, col string, items []analyze.Counted) {
		if len(items) == 0 {
			return
		}
		t.title(name)
		rows := make([][]string, 0, len(items))
		for _, it := range items {
			rows = append(rows, []string{Thousands(it.Count), Cut(Terminal(it.Key), t.o.Width-14)})
		}
		t.table([]string{"count", col}, []bool{true, false}, rows)
	}
	list("Top paths", "path", s.Top.Paths)
	list("Top clients", "client", s.Top.Clients)
	list("Top user agents", "user agent", s.Top.UserAgents)
	list("Top referers", "referer", s.Top.Referers)
}

// bars are the block characters of the timeline chart, from 1/8 to 8/8.
var bars = []rune(" ▁▂▃▄▅▆▇█")

func (t *textWriter) timeline(s *analyze.Summary) {
	tl := s.Timeline
	if tl == nil || len(tl.Buckets) < 2 {
		return
	}
	folded, per := foldTimeline(tl, t.o.Width-20)
	column := durationName(time.Duration(int64(per)*tl.Seconds) * time.Second)
	t.title(fmt.Sprintf("Timeline (%s per column; all requests, then 4xx and 5xx)", column))
	var all, c4, c5 []int64
	for _, b := range folded {
		all, c4, c5 = append(all, b.Total()), append(c4, b.C4xx), append(c5, b.C5xx)
	}
	spark := func(label string, vals []int64) {
		line, peak := sparkline(vals)
		t.printf("  %-5s %s  peak %s\n", label, line, Thousands(peak))
	}
	spark("all", all)
	spark("4xx", c4)
	spark("5xx", c5)
	end := timelineEnd(tl)
	t.printf("  from %s to %s, %s per column\n", tl.Buckets[0].Start.Format(timeLayout), end.Format(timeLayout), column)
	if tl.Outside > 0 && tl.OutsideSpan != nil {
		t.printf("  %s far outside this span (%s to %s) not drawn\n", plural(tl.Outside, "request"),
			tl.OutsideSpan.First.Format(timeLayout), tl.OutsideSpan.Last.Format(timeLayout))
	}
}

// durationName writes a bucket size the way the reports name them: "1m",
// "2h", "1d", "7d", "1h30m".
func durationName(d time.Duration) string {
	switch {
	case d >= 24*time.Hour && d%(24*time.Hour) == 0:
		return fmt.Sprintf("%dd", d/(24*time.Hour))
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	}
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (t *textWriter) latency(s *analyze.Summary) {
	l := s.Latency
	if l == nil {
		return
	}
	t.title("Latency")
	t.table(latencyHeader, []bool{false, true, true, true, true, true}, latencyRows(s))
	if len(l.Slowest) > 0 {
		t.printf("\n")
		rows := slowestRows(l, func(p string) string { return Cut(Terminal(p), t.o.Width-30) })
		t.table([]string{"total", "mean", "path (most time spent)"}, []bool{true, true, false}, rows)
	}
}

func (t *textWriter) problems(s *analyze.Summary) {
	var lines []string
	for _, in := range s.Inputs {
		if in.Error != "" {
			lines = append(lines, Cut(fmt.Sprintf("  %s: read incomplete: %s", CutLeft(Terminal(in.Path), 40), Terminal(in.Error)), t.o.Width))
		}
		for _, m := range in.MalformedSamples {
			lines = append(lines, "  "+sampleLine(m, t.o.Width-2))
		}
		if n := in.Malformed + in.TooLong - int64(len(in.MalformedSamples)); n > 0 {
			lines = append(lines, fmt.Sprintf("  %s: %s more malformed line(s)", CutLeft(Terminal(in.Path), 60), Thousands(n)))
		}
		for _, m := range in.WarningSamples {
			lines = append(lines, "  warning: "+sampleLine(m, t.o.Width-11))
		}
	}
	if len(lines) == 0 {
		return
	}
	t.title("Problems")
	for _, l := range lines {
		t.printf("%s\n", l)
	}
}

// sampleLine formats a sample compiler-style, "file:line: reason: excerpt",
// in at most width columns: a long file name is cut from the left, the
// excerpt from the right, keeping at least 34 columns of it.
func sampleLine(m analyze.Sample, width int) string {
	head := fmt.Sprintf(":%d: %s", m.Line, TerminalMessage(m.Reason))
	name := CutLeft(Terminal(m.Input), max(16, width-utf8.RuneCountInString(head)-36))
	s := name + head
	if m.Excerpt != "" {
		s += ": " + Cut(Terminal(m.Excerpt), max(34, width-utf8.RuneCountInString(s)-2))
	}
	return s
}

// firstTextbook returns the index of the first textbook cause, or -1.
func firstTextbook(cs []analyze.CauseResult) int {
	for i, c := range cs {
		if c.Confidence == analyze.Textbook {
			return i
		}
	}
	return -1
}

// Wrap breaks text into lines of at most width bytes at spaces.
func Wrap(text string, width int) []string {
	var lines []string
	for len(text) > width {
		i := strings.LastIndexByte(text[:width], ' ')
		if i <= 0 {
			i = width
		}
		lines = append(lines, text[:i])
		text = strings.TrimLeft(text[i:], " ")
	}
	return append(lines, text)
}

func (t *textWriter) errorLog(s *analyze.Summary) {
	el := s.Errors
	if el == nil {
		return
	}
	t.title(fmt.Sprintf("Error log: %s entries, %s matched a known cause", Thousands(el.Entries), Thousands(el.Matched)))
	t.printf("%s\n", Cut("  times read in "+TerminalMessage(el.Zone), t.o.Width))
	if el.Unindexed > 0 {
		t.printf("%s\n", Cut(fmt.Sprintf("  %s more matching entries counted but not joined to requests (index limit 200,000)", Thousands(el.Unindexed)), t.o.Width))
	}
	var lv []string
	for _, l := range el.Levels {
		lv = append(lv, fmt.Sprintf("%s %s", Terminal(l.Key), Thousands(l.Count)))
	}
	t.printf("%s\n", Cut("  levels: "+strings.Join(lv, ", "), t.o.Width))
	if len(el.Modules) > 0 {
		var md []string
		for i, m := range el.Modules {
			if i == 8 {
				md = append(md, "…")
				break
			}
			md = append(md, fmt.Sprintf("%s %s", Terminal(m.Key), Thousands(m.Count)))
		}
		t.printf("%s\n", Cut("  modules: "+strings.Join(md, ", "), t.o.Width))
	}
	if len(el.Templates) > 0 {
		rows := make([][]string, 0, len(el.Templates))
		// Dates carry the year when the messages span more than one.
		day := "01-02 15:04"
		years := map[int]bool{}
		for _, tp := range el.Templates {
			if !tp.First.IsZero() {
				years[tp.First.Year()], years[tp.Last.Year()] = true, true
			}
		}
		if len(years) > 1 {
			day = "2006-01-02 15:04"
		}
		for _, tp := range el.Templates {
			when := ""
			if !tp.First.IsZero() {
				when = tp.First.Format(day) + "–" + tp.Last.Format("15:04")
				if tp.First.YearDay() != tp.Last.YearDay() || tp.First.Year() != tp.Last.Year() {
					when = tp.First.Format(day) + "–" + tp.Last.Format(day)
				}
			}
			rows = append(rows, []string{Thousands(tp.Count), Terminal(tp.Level), Terminal(tp.Code), Cut(Terminal(tp.Template), t.o.Width-56), when})
		}
		t.table([]string{"count", "level", "code", "message", "first–last"}, []bool{true, false, false, false, false}, rows)
	}
	if tl := el.Timeline; tl != nil && len(tl.Buckets) > 1 {
		vals := make([]int64, len(tl.Buckets))
		for i, b := range tl.Buckets {
			vals[i] = b.Count
		}
		line, peak := sparkline(vals)
		t.printf("  per %s from %s: %s  peak %s\n", tl.Bucket, tl.Buckets[0].Start.Format(timeLayout), line, Thousands(peak))
	}
}

// agents prints the kinds of clients and what the filters left out.
func (t *textWriter) agents(s *analyze.Summary) {
	if len(s.Filters) > 0 {
		t.title("Filters")
		for _, l := range Wrap(Terminal(filterText(s.Filters)), t.o.Width-2) {
			t.printf("  %s\n", l)
		}
	}
	if s.Agents == nil {
		return
	}
	t.title("Clients by kind (user agents)")
	t.table([]string{"kind", "requests", "share"}, []bool{false, true, true}, agentRows(s.Agents, s.Requests))
}

// vhosts prints the table of virtual hosts, when the format logs them.
func (t *textWriter) vhosts(s *analyze.Summary) {
	if len(s.VHosts) == 0 {
		return
	}
	t.title("Virtual hosts")
	rows := vhostRows(s, 20)
	for _, r := range rows {
		r[0], r[5] = Cut(Terminal(r[0]), 40), Cut(Terminal(r[5]), t.o.Width-70)
	}
	t.table(vhostHeader, []bool{false, true, true, true, true, false}, rows)
	if len(s.VHosts) > len(rows) {
		t.printf("  (%s more in the JSON report)\n", Thousands(int64(len(s.VHosts)-len(rows))))
	}
}

// baseline prints the comparison with earlier days (--history).
func (t *textWriter) baseline(s *analyze.Summary) {
	b := s.Baseline
	if b == nil {
		return
	}
	t.title(baselineTitle(b))
	for _, l := range Wrap(baselineIntro(b), t.o.Width-2) {
		t.printf("  %s\n", l)
	}
	rows := baselineRows(b, 20)
	for _, r := range rows {
		r[0] = Cut(Terminal(r[0]), 60)
	}
	t.table(baselineHeader, []bool{false, true, true, true, false}, rows)
}

func (t *textWriter) incidents(s *analyze.Summary) {
	if len(s.Incidents) == 0 {
		return
	}
	t.title("Incidents (periods of unusually many server errors)")
	for _, in := range s.Incidents {
		var codes []string
		for _, c := range in.Codes {
			codes = append(codes, fmt.Sprintf("%s × %d", Thousands(c.Count), c.Code))
		}
		end := in.End.Format("15:04")
		if in.End.YearDay() != in.Start.YearDay() || in.End.Year() != in.Start.Year() {
			end = in.End.Format(timeLayout)
		}
		t.printf("  %s to %s: %s of %s requests failed (%s)\n", in.Start.Format(timeLayout), end,
			Thousands(in.Errors), Thousands(in.Requests), strings.Join(codes, ", "))
		for _, c := range in.Conditions {
			t.printf("    %s: %s error-log message(s) in the same window, e.g.\n      %s\n", c.Cause, Thousands(c.Messages), Cut(Terminal(c.Example), t.o.Width-6))
		}
	}
}
