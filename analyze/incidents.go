package analyze

import (
	"cmp"
	"math"
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

// incidentGap joins minutes with excess server errors at most this many
// minutes apart into one candidate period.
const incidentGap = 2

// An incident is a period whose server errors are too many to be chance at
// the log's overall error rate: at least minIncidentErrors of them, and a
// binomial tail probability at most incidentP (bounded from above with the
// Chernoff bound exp(-n·KL(k/n ‖ p)), so the true probability is smaller
// still). The minimum is small so that a quiet server's run of failures
// counts; the probability is small so that the many periods of a long log
// do not raise one by chance.
const (
	minIncidentErrors = 3
	incidentLogP      = -13.8155 // ln(1e-6)
)

// excessMinute reports whether a bucket's server-error share is well above
// the log's share base: the seeds that candidate periods grow from.
func excessMinute(errs, total int64, base float64) bool {
	return errs > 0 && float64(errs) > float64(total)*max(2*base, base+0.02)
}

// chernoffLogTail bounds ln P(X ≥ k) for X ~ Binomial(n, p), k/n > p.
func chernoffLogTail(k, n int64, p float64) float64 {
	q := float64(k) / float64(n)
	if q <= p {
		return 0
	}
	kl := q * math.Log(q/p)
	if q < 1 {
		kl += (1 - q) * math.Log((1-q)/(1-p))
	}
	return -float64(n) * kl
}

// dominantCode returns the server-error code most of a bucket's 5xx
// answered (one of minuteCodes; 0 for the others), ties to the lower code.
func dominantCode(b *minute) int {
	best, bestN := 0, b[5]
	for i, c := range minuteCodes {
		if c >= 500 {
			bestN -= b[6+i] // what is left is the other 5xx
		}
	}
	for i, c := range minuteCodes {
		if c >= 500 && (b[6+i] > bestN || b[6+i] == bestN && best != 0 && c < best) {
			best, bestN = c, b[6+i]
		}
	}
	return best
}

// incidents finds the periods of unusually many server errors: runs of
// minutes whose 5xx share is well above the log's, joined across gaps of
// up to incidentGap minutes, that hold at least minIncidentErrors errors
// and whose pooled count would be a one-in-a-million chance at the log's
// rate. A dense burst of one code and a quiet server's run of consecutive
// failures both qualify; a log whose every minute fails alike has none.
func (p *Partial) incidents(loc *time.Location, windows []window, inputs []string) []Incident {
	var total, errs int64
	for _, b := range p.timeline {
		total += b.total()
		errs += b[5]
	}
	if errs == 0 || total == 0 || errs == total {
		return nil
	}
	base := float64(errs) / float64(total)
	var excess []int64
	for m, b := range p.timeline {
		if excessMinute(b[5], b.total(), base) {
			excess = append(excess, m)
		}
	}
	slices.Sort(excess)
	var hot []int64 // first and last bucket of each significant period, in pairs
	for i := 0; i < len(excess); {
		j := i
		for j+1 < len(excess) && excess[j+1]-excess[j] <= max(incidentGap, p.res) {
			j++
		}
		run := excess[i : j+1]
		pooled := func(run []int64) (k, n int64, codes minute) {
			for m := run[0]; m <= run[len(run)-1]; m += p.res {
				if b := p.timeline[m]; b != nil {
					k += b[5]
					n += b.total()
					for c := range codes {
						codes[c] += b[c]
					}
				}
			}
			return k, n, codes
		}
		significant := func(run []int64) bool {
			k, n, _ := pooled(run)
			return k >= minIncidentErrors && chernoffLogTail(k, n, base) <= incidentLogP
		}
		if significant(run) {
			// Trim the ends that fail with another code than the period
			// (a script error or a probe a minute before a 503 burst) while
			// what is left still stands out on its own.
			_, _, codes := pooled(run)
			main := dominantCode(&codes)
			for len(run) > 1 {
				if b := p.timeline[run[0]]; dominantCode(b) != main && significant(run[1:]) {
					run = run[1:]
				} else if b := p.timeline[run[len(run)-1]]; dominantCode(b) != main && significant(run[:len(run)-1]) {
					run = run[:len(run)-1]
				} else {
					break
				}
			}
			hot = append(hot, run[0], run[len(run)-1])
		}
		i = j + 1
	}
	var out []Incident
	for i := 0; i+1 < len(hot); i += 2 {
		first, last := hot[i], hot[i+1]
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
		slices.SortFunc(inc.Codes, func(a, b CodeCount) int {
			if c := cmp.Compare(b.Count, a.Count); c != 0 {
				return c
			}
			return cmp.Compare(a.Code, b.Code)
		})
		for _, w := range windows {
			if w.cause == causeDocroot {
				continue // a 404 condition from start-up to start-up, not a 5xx one
			}
			// The window was widened by the slack on both sides.
			s, e := w.start+serverWideSlack, w.end-serverWideSlack
			if s < (last+p.res)*60e9 && e >= first*60e9 {
				inc.Conditions = append(inc.Conditions, Condition{Cause: catalog[w.cause].ID, Messages: w.messages,
					Example: exampleLine(w.example, inputs)})
			}
		}
		out = append(out, inc)
	}
	return out
}
