package watch

import (
	"cmp"
	"slices"
	"time"

	"github.com/logscan/logscan/analyze"
)

// incidentGap is scan's: minutes that stand out at most this far apart are
// one incident, so an incident is over once this long has passed since its
// last such minute.
const incidentGap = 2 * time.Minute

// Incident is an incident as watch reports it: scan's incident over the
// last 15 minutes, followed from tick to tick, with the confirmed causes
// and top paths of its codes over the last five minutes.
type Incident struct {
	ID int `json:"id"`
	// Start is when it started; End the end of the last minute that stood
	// out (in the future while that minute is the current one).
	Start    time.Time           `json:"start"`
	End      time.Time           `json:"end"`
	Requests int64               `json:"requests"`
	Errors   int64               `json:"errors"`
	Codes    []analyze.CodeCount `json:"codes"`
	TopPaths []analyze.Counted   `json:"top_paths"`
	Causes   []IncidentCause     `json:"causes"`
}

// IncidentCause is a confirmed cause of an incident.
type IncidentCause struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	// Requests is how many of the incident codes' requests of the last five
	// minutes it explains; Messages how many error-log messages of a
	// server-wide condition (MaxRequestWorkers reached, a backend marked
	// down) were logged inside the incident.
	Requests int64 `json:"requests"`
	Messages int64 `json:"messages"`
	// Example is an error-log line, or an access line, that shows it.
	Example string `json:"example,omitempty"`
}

// tracker follows the current incident from tick to tick.
type tracker struct {
	cur  *Incident
	next int
}

// Transition is what a tick did to the current incident.
type Transition int

// The transitions of [tracker.update].
const (
	NoChange Transition = iota
	Started
	Updated // its codes or causes changed
	Ended
)

// ongoing returns the last incident of the window that can still grow:
// its last minute that stood out is less than the gap ago.
func ongoing(incs []analyze.Incident, now time.Time) *analyze.Incident {
	for i := len(incs) - 1; i >= 0; i-- {
		if now.Before(incs[i].End.Add(incidentGap)) {
			return &incs[i]
		}
	}
	return nil
}

// update takes the incidents of the 15-minute window and returns what
// happened: ended is set when the incident before ended (also when a new
// one started at once).
func (tr *tracker) update(now time.Time, incs []analyze.Incident, window5 *analyze.Summary) (t Transition, ended *Incident) {
	live := ongoing(incs, now)
	if tr.cur != nil {
		switch {
		case live != nil && !live.Start.After(tr.cur.End.Add(incidentGap)):
			before := *tr.cur
			tr.fill(live, window5)
			if !sameCodes(before.Codes, tr.cur.Codes) || !sameCauses(before.Causes, tr.cur.Causes) {
				return Updated, nil
			}
			return NoChange, nil
		case live == nil && now.Before(tr.cur.End.Add(incidentGap)):
			return NoChange, nil // it fell below significance: wait for the gap
		}
		ended, tr.cur = tr.cur, nil
		t = Ended
	}
	if live != nil {
		tr.next++
		tr.cur = &Incident{ID: tr.next, Start: live.Start}
		tr.fill(live, window5)
		return Started, ended
	}
	return t, ended
}

// fill sets what the current incident holds from the window's incident and
// the five-minute summary.
func (tr *tracker) fill(live *analyze.Incident, window5 *analyze.Summary) {
	c := tr.cur
	if live.End.After(c.End) {
		c.End = live.End
	}
	if live.Start.Before(c.Start) {
		c.Start = live.Start
	}
	c.Requests, c.Errors = live.Requests, live.Errors
	c.Codes = slices.Clone(live.Codes)
	causes := map[string]*IncidentCause{}
	var order []string
	get := func(id string) *IncidentCause {
		if k, ok := causes[id]; ok {
			return k
		}
		k := &IncidentCause{ID: id}
		if cause, ok := analyze.CauseByID(id); ok {
			k.Title = cause.Title
		}
		causes[id] = k
		order = append(order, id)
		return k
	}
	for _, cond := range live.Conditions {
		k := get(cond.Cause)
		k.Messages += cond.Messages
		if k.Example == "" {
			k.Example = cond.Example
		}
	}
	c.TopPaths = nil
	if window5 != nil {
		for _, cc := range c.Codes {
			i := slices.IndexFunc(window5.Codes, func(x analyze.Code) bool { return x.Code == cc.Code })
			if i < 0 {
				continue
			}
			code := window5.Codes[i]
			for _, cr := range code.Causes {
				if cr.Confidence != analyze.Confirmed {
					continue
				}
				k := get(cr.ID)
				k.Requests += cr.Evidence
				if k.Example == "" && len(cr.Examples) > 0 {
					k.Example = cr.Examples[len(cr.Examples)-1]
				}
			}
			c.TopPaths = mergeCounted(c.TopPaths, code.TopPaths)
		}
	}
	if len(c.TopPaths) > 5 {
		c.TopPaths = c.TopPaths[:5]
	}
	if c.TopPaths == nil {
		c.TopPaths = []analyze.Counted{}
	}
	// In scan's order: the causes of the codes as ranked there, then the
	// conditions no code's causes name.
	c.Causes = []IncidentCause{}
	for _, id := range order[len(live.Conditions):] {
		c.Causes = append(c.Causes, *causes[id])
	}
	for _, id := range order[:len(live.Conditions)] {
		if !slices.ContainsFunc(c.Causes, func(x IncidentCause) bool { return x.ID == id }) {
			c.Causes = append(c.Causes, *causes[id])
		}
	}
}

// mergeCounted adds the counts of b into a, sorted by count, then key.
func mergeCounted(a, b []analyze.Counted) []analyze.Counted {
	for _, x := range b {
		if i := slices.IndexFunc(a, func(y analyze.Counted) bool { return y.Key == x.Key }); i >= 0 {
			a[i].Count += x.Count
			a[i].Error += x.Error
		} else {
			a = append(a, x)
		}
	}
	slices.SortStableFunc(a, func(x, y analyze.Counted) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		return cmp.Compare(x.Key, y.Key)
	})
	return a
}

func sameCodes(a, b []analyze.CodeCount) bool {
	codes := func(cs []analyze.CodeCount) []int {
		var out []int
		for _, c := range cs {
			out = append(out, c.Code)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(codes(a), codes(b))
}

func sameCauses(a, b []IncidentCause) bool {
	if len(a) != len(b) {
		return false
	}
	ids := func(cs []IncidentCause) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.ID)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(ids(a), ids(b))
}
