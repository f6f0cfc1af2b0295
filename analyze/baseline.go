package analyze

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
)

// Baseline compares a report with the same hours of earlier days (a
// history's stored days): each metric's value now against its values in
// those windows.
type Baseline struct {
	// Days is the span compared with, in days; Windows the earlier windows
	// that held data (at most one per day).
	Days    int `json:"days"`
	Windows int `json:"windows"`
	// Note says why nothing is compared (a first run, no earlier data).
	Note    string   `json:"note,omitempty"`
	Changes []Change `json:"changes"`
}

// Change is one metric compared with the baseline.
//
// Metrics: "class:5xx" and "code:503" are shares of requests, compared by
// z = (now − mean) / √(s² + mean·(1 − mean)/n), where mean and s are the
// mean and standard deviation of the share over the baseline windows (s is
// 0 with one window) and n the requests now: the day-to-day spread plus the
// binomial noise of the window. "path:/x" (requests answered 5xx) and
// "template:..." (error-log entries) are counts, compared by
// z = (now − mean) / √max(mean, 1), a Poisson test. "latency:p99" (seconds)
// is compared by z = (now − mean) / max(s, mean/10). A change is significant
// when |z| ≥ 3, and for counts also now ≥ 5.
type Change struct {
	Metric      string  `json:"metric"`
	Now         float64 `json:"now"`
	Baseline    float64 `json:"baseline"`
	Z           float64 `json:"z"`
	Significant bool    `json:"significant"`
	// New: absent from every baseline window.
	New bool `json:"new,omitempty"`
}

// significance thresholds (see [Change]).
const (
	zSignificant  = 3.0
	minCountShift = 5
)

// Compare compares now with the summaries of the baseline windows, over a
// span of days.
func Compare(now *Summary, base []*Summary, days int) *Baseline {
	b := &Baseline{Days: days, Windows: len(base), Changes: []Change{}}
	if len(base) == 0 {
		b.Note = fmt.Sprintf("no history of the same hours in the previous %d days to compare with", days)
		return b
	}
	// Shares of classes and error codes.
	share := func(n, total int64) float64 {
		if total == 0 {
			return 0
		}
		return float64(n) / float64(total)
	}
	classes := []string{"1xx", "2xx", "3xx", "4xx", "5xx"}
	for _, c := range classes {
		vals := make([]float64, len(base))
		for i, s := range base {
			vals[i] = share(s.Classes[c], s.Requests)
		}
		b.add(shareChange("class:"+c, share(now.Classes[c], now.Requests), now.Requests, vals))
	}
	codes := map[int]bool{}
	for _, s := range append([]*Summary{now}, base...) {
		for _, c := range s.Codes {
			if c.Code >= 400 {
				codes[c.Code] = true
			}
		}
	}
	for _, code := range slices.Sorted(maps.Keys(codes)) {
		vals := make([]float64, len(base))
		for i, s := range base {
			vals[i] = share(codeCount(s, code), s.Requests)
		}
		ch := shareChange(fmt.Sprintf("code:%d", code), share(codeCount(now, code), now.Requests), now.Requests, vals)
		ch.New = allZero(vals) && ch.Now > 0
		b.add(ch)
	}
	// Paths answered 5xx, and error-log templates: counts.
	counts := func(metric string, of func(*Summary) map[string]int64) {
		nowC := of(now)
		baseC := make([]map[string]int64, len(base))
		for i, s := range base {
			baseC[i] = of(s)
		}
		for _, k := range slices.Sorted(maps.Keys(nowC)) {
			vals := make([]float64, len(base))
			for i := range base {
				vals[i] = float64(baseC[i][k])
			}
			ch := countChange(metric+k, float64(nowC[k]), vals)
			ch.New = allZero(vals)
			if ch.New || ch.Significant {
				b.add(ch)
			}
		}
	}
	counts("path:", failingPaths)
	counts("template:", templates)
	// Latency.
	if now.Latency != nil && now.Latency.Overall.Count > 0 {
		var vals []float64
		for _, s := range base {
			if s.Latency != nil && s.Latency.Overall.Count > 0 {
				vals = append(vals, s.Latency.Overall.P99)
			}
		}
		if len(vals) > 0 {
			b.add(latencyChange("latency:p99", now.Latency.Overall.P99, vals))
		}
	}
	slices.SortStableFunc(b.Changes, func(x, y Change) int {
		if x.Significant != y.Significant {
			if x.Significant {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(math.Abs(y.Z), math.Abs(x.Z)); c != 0 {
			return c
		}
		return strings.Compare(x.Metric, y.Metric)
	})
	if len(b.Changes) > maxChanges {
		b.Changes = b.Changes[:maxChanges]
	}
	return b
}

// maxChanges bounds the changes listed.
const maxChanges = 100

func (b *Baseline) add(c Change) {
	c.Now, c.Baseline, c.Z = round6(c.Now), round6(c.Baseline), math.Round(c.Z*100)/100
	b.Changes = append(b.Changes, c)
}

func round6(v float64) float64 { return math.Round(v*1e6) / 1e6 }

func meanSD(vals []float64) (mean, sd float64) {
	for _, v := range vals {
		mean += v
	}
	mean /= float64(len(vals))
	if len(vals) < 2 {
		return mean, 0
	}
	for _, v := range vals {
		sd += (v - mean) * (v - mean)
	}
	return mean, math.Sqrt(sd / float64(len(vals)-1))
}

func shareChange(metric string, now float64, n int64, vals []float64) Change {
	mean, sd := meanSD(vals)
	c := Change{Metric: metric, Now: now, Baseline: mean}
	if n == 0 {
		return c
	}
	p := mean
	if p == 0 {
		p = 1 / float64(n) // one request's share: the noise of a rate not seen before
	}
	sigma := math.Sqrt(sd*sd + p*(1-p)/float64(n))
	if sigma > 0 {
		c.Z = (now - mean) / sigma
	}
	c.Significant = math.Abs(c.Z) >= zSignificant
	return c
}

func countChange(metric string, now float64, vals []float64) Change {
	mean, _ := meanSD(vals)
	c := Change{Metric: metric, Now: now, Baseline: mean}
	c.Z = (now - mean) / math.Sqrt(math.Max(mean, 1))
	c.Significant = math.Abs(c.Z) >= zSignificant && now >= minCountShift
	return c
}

func latencyChange(metric string, now float64, vals []float64) Change {
	mean, sd := meanSD(vals)
	c := Change{Metric: metric, Now: now, Baseline: mean}
	if sigma := math.Max(sd, mean/10); sigma > 0 {
		c.Z = (now - mean) / sigma
	}
	c.Significant = math.Abs(c.Z) >= zSignificant
	return c
}

func codeCount(s *Summary, code int) int64 {
	for _, c := range s.Codes {
		if c.Code == code {
			return c.Count
		}
	}
	return 0
}

// failingPaths counts, per path, the requests answered 5xx.
func failingPaths(s *Summary) map[string]int64 {
	out := map[string]int64{}
	for _, c := range s.Codes {
		if c.Code < 500 {
			continue
		}
		for _, p := range c.TopPaths {
			out[p.Key] += p.Count
		}
	}
	return out
}

// templates counts the error-log entries per template.
func templates(s *Summary) map[string]int64 {
	out := map[string]int64{}
	if s.Errors == nil {
		return out
	}
	for _, t := range s.Errors.Templates {
		out[t.Template] += t.Count
	}
	return out
}

func allZero(vals []float64) bool {
	for _, v := range vals {
		if v != 0 {
			return false
		}
	}
	return true
}
