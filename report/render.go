package report

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/logscan/logscan/analyze"
)

// Options sets how [Render] lays out a report. Each format reads only the
// fields that apply to it.
type Options struct {
	// Color enables ANSI colour (text only).
	Color bool
	// Width is the terminal width the text report should fit (text only;
	// default 100).
	Width int
	// Title is the document title (HTML only; default "logscan report").
	Title string
	// Generated is the time the report was made, shown in the HTML footer
	// when set. It is passed in, never read from the clock, so output stays
	// deterministic.
	Generated time.Time
}

// ErrUnknownFormat is returned by [Render] for a format not in [Formats].
var ErrUnknownFormat = errors.New("unknown report format")

// formats lists the report formats in the order [Formats] returns them.
var formats = []struct {
	name   string
	render func(io.Writer, *analyze.Summary, Options) error
}{
	{"text", func(w io.Writer, s *analyze.Summary, o Options) error {
		return Text(w, s, TextOptions{Color: o.Color, Width: o.Width})
	}},
	{"json", func(w io.Writer, s *analyze.Summary, _ Options) error { return JSON(w, s) }},
	{"markdown", func(w io.Writer, s *analyze.Summary, _ Options) error { return Markdown(w, s) }},
	{"html", HTML},
	{"csv", func(w io.Writer, s *analyze.Summary, _ Options) error { return CSV(w, s) }},
}

// Formats returns the names of the report formats [Render] knows: text,
// json, markdown, html and csv. The slice is new on every call.
func Formats() []string {
	out := make([]string, len(formats))
	for i, f := range formats {
		out[i] = f.name
	}
	return out
}

// Render writes s to w in the named format, one of [Formats]. An unknown
// name gives an error wrapping [ErrUnknownFormat] and writes nothing.
func Render(w io.Writer, format string, s *analyze.Summary, o Options) error {
	for _, f := range formats {
		if f.name == format {
			return f.render(w, s, o)
		}
	}
	return fmt.Errorf("%w %q (want one of %s)", ErrUnknownFormat, format, strings.Join(Formats(), ", "))
}

// FormatForPath infers a report format from the extension of an output
// file name, ignoring case: .txt is text, .json json, .md and .markdown
// markdown, .html and .htm html, .csv csv. It reports false for any other
// extension.
func FormatForPath(path string) (string, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt":
		return "text", true
	case ".json":
		return "json", true
	case ".md", ".markdown":
		return "markdown", true
	case ".html", ".htm":
		return "html", true
	case ".csv":
		return "csv", true
	}
	return "", false
}

// classNames are the status classes in display order.
var classNames = []string{"1xx", "2xx", "3xx", "4xx", "5xx"}

// classCount returns the count of class i (0 = 1xx … 4 = 5xx) in b.
func classCount(b analyze.Bucket, i int) int64 {
	return [5]int64{b.C1xx, b.C2xx, b.C3xx, b.C4xx, b.C5xx}[i]
}

// foldTimeline merges consecutive buckets of tl so that at most cols remain,
// and returns them with the number of original buckets in each (the last
// may hold fewer).
func foldTimeline(tl *analyze.Timeline, cols int) ([]analyze.Bucket, int) {
	cols = max(cols, 1)
	per := (len(tl.Buckets) + cols - 1) / cols
	per = max(per, 1)
	out := make([]analyze.Bucket, 0, (len(tl.Buckets)+per-1)/per)
	for i := 0; i < len(tl.Buckets); i += per {
		f := analyze.Bucket{Start: tl.Buckets[i].Start}
		for _, b := range tl.Buckets[i:min(i+per, len(tl.Buckets))] {
			f.C1xx += b.C1xx
			f.C2xx += b.C2xx
			f.C3xx += b.C3xx
			f.C4xx += b.C4xx
			f.C5xx += b.C5xx
		}
		out = append(out, f)
	}
	return out, per
}

// timelineEnd returns the end of the last bucket of tl.
func timelineEnd(tl *analyze.Timeline) time.Time {
	return tl.Buckets[len(tl.Buckets)-1].Start.Add(time.Duration(tl.Seconds) * time.Second)
}

// sparkline draws vals as block characters scaled to their peak, a space
// for zero, and returns it with the peak.
func sparkline(vals []int64) (string, int64) {
	var peak int64
	for _, v := range vals {
		peak = max(peak, v)
	}
	var b strings.Builder
	for _, v := range vals {
		i := 0
		if peak > 0 && v > 0 {
			i = 1 + int(float64(v)/float64(peak)*7.999)
		}
		b.WriteRune(bars[min(i, len(bars)-1)])
	}
	return b.String(), peak
}

// classShare returns the share of class c in s.
func classShare(s *analyze.Summary, c string) float64 {
	if s.Requests == 0 {
		return 0
	}
	return float64(s.Classes[c]) / float64(s.Requests)
}

// durationText formats a bucket width compactly: "2h", "1h30m", "5m",
// "90s"; whole days as "1d", "7d".
func durationText(d time.Duration) string {
	if d >= 24*time.Hour && d%(24*time.Hour) == 0 {
		return strconv.FormatInt(int64(d/(24*time.Hour)), 10) + "d"
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = s[:len(s)-2]
	}
	if strings.HasSuffix(s, "h0m") {
		s = s[:len(s)-2]
	}
	return s
}

// latencyHeader and latencyRows are the latency table every text-like
// format shows: overall, then per status code.
var latencyHeader = []string{"status", "count", "p50", "p90", "p99", "max"}

func latencyRows(s *analyze.Summary) [][]string {
	q := s.Latency.Overall
	rows := [][]string{{"all", Thousands(q.Count), Seconds(q.P50), Seconds(q.P90), Seconds(q.P99), Seconds(q.Max)}}
	for _, c := range s.Codes {
		if c.Latency != nil {
			q := *c.Latency
			rows = append(rows, []string{strconv.Itoa(c.Code), Thousands(q.Count), Seconds(q.P50), Seconds(q.P90), Seconds(q.P99), Seconds(q.Max)})
		}
	}
	return rows
}

// slowestRows lists the paths with the most time spent: total, mean and the
// path made safe by esc.
func slowestRows(l *analyze.Latency, esc func(string) string) [][]string {
	rows := make([][]string, 0, len(l.Slowest))
	for _, p := range l.Slowest {
		mean := ""
		if p.Count > 0 {
			mean = Seconds(p.Mean)
		}
		rows = append(rows, []string{Seconds(p.Total), mean, esc(p.Path)})
	}
	return rows
}

// windowBounds formats the --since and --until bounds of a window, "(open)"
// for a bound not given.
func windowBounds(w *analyze.Window) (since, until string) {
	since, until = "(open)", "(open)"
	if w.Since != nil {
		since = w.Since.Format(timeLayout)
	}
	if w.Until != nil {
		until = w.Until.Format(timeLayout)
	}
	return since, until
}
