package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/logscan/logscan/analyze"
)

// baselineTitle is the heading of the comparison with earlier days.
func baselineTitle(b *analyze.Baseline) string {
	if b.Days == 1 {
		return "Compared with the previous day"
	}
	return fmt.Sprintf("Compared with the previous %d days", b.Days)
}

// baselineIntro says what was compared with, or why nothing was.
func baselineIntro(b *analyze.Baseline) string {
	if b.Note != "" {
		return b.Note + "."
	}
	sig := 0
	for _, c := range b.Changes {
		if c.Significant {
			sig++
		}
	}
	s := "The same hours of 1 earlier day with data; "
	if b.Windows != 1 {
		s = fmt.Sprintf("The same hours of %d earlier days with data; ", b.Windows)
	}
	if sig == 0 {
		return s + "nothing moved beyond its usual day-to-day noise (|z| < 3)."
	}
	return s + fmt.Sprintf("%s beyond the usual day-to-day noise (|z| ≥ 3).", plural(int64(sig), "change"))
}

// baselineRows are the rows of the comparison: every significant change,
// then the status classes, at most maxRows. Cells are raw text (metric
// names hold log text): each renderer escapes them.
func baselineRows(b *analyze.Baseline, maxRows int) [][]string {
	var rows [][]string
	for _, c := range b.Changes {
		if len(rows) == maxRows {
			break
		}
		if !c.Significant && !strings.HasPrefix(c.Metric, "class:") {
			continue
		}
		mark := ""
		switch {
		case c.Significant && c.New:
			mark = "new, significant"
		case c.Significant:
			mark = "significant"
		case c.New:
			mark = "new"
		}
		rows = append(rows, []string{c.Metric, metricValue(c.Metric, c.Now), metricValue(c.Metric, c.Baseline),
			strconv.FormatFloat(c.Z, 'f', 1, 64), mark})
	}
	return rows
}

// metricValue formats a metric's value: shares as percentages, latency in
// seconds, counts as numbers (the baseline's mean with one decimal).
func metricValue(metric string, v float64) string {
	switch {
	case strings.HasPrefix(metric, "class:"), strings.HasPrefix(metric, "code:"):
		return strconv.FormatFloat(v*100, 'f', 2, 64) + "%"
	case strings.HasPrefix(metric, "latency:"):
		return Seconds(v)
	case v == float64(int64(v)):
		return Thousands(int64(v))
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

var baselineHeader = []string{"metric", "now", "baseline", "z", ""}
