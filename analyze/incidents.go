package analyze

import (
	"cmp"
	"slices"
	"time"
)

// Incident is a period in which the share of server errors rose well above
// the rest of the log.
type Incident struct {
	Start    time.Time `json:"start"`
	End      time.Time `json:"end"` // end of the last minute in the incident
	Requests int64     `json:"requests"`
	Errors   int64     `json:"errors"` // 5xx responses
	// Codes counts the main server-error codes inside the incident.
	Codes []CodeCount `json:"codes"`
	// Conditions are the server-wide error-log conditions (MaxRequestWorkers
	// reached, a backend marked down) logged inside the incident.
	Conditions []Condition `json:"conditions,omitempty"`
}

// CodeCount is a status code with a count.
type CodeCount struct {
	Code  int   `json:"code"`
	Count int64 `json:"count"`
}

// Condition is a server-wide error-log condition seen in an incident.
type Condition struct {
	Cause    string `json:"cause"`
	Messages int64  `json:"messages"`
	Example  string `json:"example"`
}

// incidentGap joins hot minutes at most this many minutes apart.
const incidentGap = 2

// incidents finds the minutes whose 5xx share is far above the log's
// (at least 5 errors, and a share at least three times the overall one and
// ten points above it), and joins them into periods.
func (p *Partial) incidents(loc *time.Location, windows []window, inputs []string) []Incident {
	var total, errs int64
	for _, b := range p.timeline {
		total += b.total()
		errs += b[5]
	}
	if errs == 0 || total == 0 {
		return nil
	}
	base := float64(errs) / float64(total)
	var hot []int64
	for m, b := range p.timeline {
		n, t := b[5], b.total()
		if n < 5 {
			continue
		}
		share := float64(n) / float64(t)
		if share >= 3*base && share >= base+0.10 {
			hot = append(hot, m)
		}
	}
	slices.Sort(hot)
	var out []Incident
	for i := 0; i < len(hot); {
		j := i
		for j+1 < len(hot) && hot[j+1]-hot[j] <= max(incidentGap, p.res) {
			j++
		}
		first, last := hot[i], hot[j]
		inc := Incident{Start: time.Unix(first*60, 0).In(loc), End: time.Unix((last+p.res)*60, 0).In(loc)}
		var codes [len(minuteCodes)]int64
		for m := first; m <= last; m += p.res {
			b := p.timeline[m]
			if b == nil {
				continue
			}
			inc.Requests += b.total()
			inc.Errors += b[5]
			for k := range minuteCodes {
				codes[k] += b[6+k]
			}
		}
		for k, c := range minuteCodes {
			if codes[k] > 0 && c >= 500 {
				inc.Codes = append(inc.Codes, CodeCount{c, codes[k]})
			}
		}
		slices.SortFunc(inc.Codes, func(a, b CodeCount) int { return cmp.Compare(b.Count, a.Count) })
		{
			for _, w := range windows {
				// The window was widened by the slack on both sides.
				s, e := w.start+serverWideSlack, w.end-serverWideSlack
				if s < (last+p.res)*60e9 && e >= first*60e9 {
					inc.Conditions = append(inc.Conditions, Condition{Cause: catalog[w.cause].ID, Messages: w.messages,
						Example: exampleLine(w.example, inputs)})
				}
			}
		}
		out = append(out, inc)
		i = j + 1
	}
	return out
}
