package analyze

import (
	"bytes"
	"cmp"
	"slices"
	"time"

	"github.com/logscan/logscan/parser"
)

// ErrorSummary describes the error logs of a run.
type ErrorSummary struct {
	Entries int64 `json:"entries"`
	// Zone says how the zone-less error-log timestamps were read: the UTC
	// offset used and where it came from.
	Zone      string     `json:"zone"`
	Levels    []Counted  `json:"levels"`
	Modules   []Counted  `json:"modules"`
	Templates []Template `json:"templates"`
	// Matched counts the entries that matched a cause rule.
	Matched int64 `json:"matched"`
	// Unindexed counts the matching entries beyond the most the diagnosis
	// indexes (200,000): counted in Matched, they explain no request.
	Unindexed int64 `json:"unindexed,omitempty"`
	// Timeline counts entries per bucket around the busiest period.
	Timeline *ErrorTimeline `json:"timeline,omitempty"`
}

// Template is a group of error messages that differ only in numbers,
// paths, addresses, ids and quoted strings.
type Template struct {
	Template string `json:"template"`
	Code     string `json:"code,omitempty"` // Apache AH code
	Level    string `json:"level"`
	Count    int64  `json:"count"`
	// First and Last are zero (and left out of JSON) when no entry of the
	// template had a time.
	First   time.Time `json:"first,omitzero"`
	Last    time.Time `json:"last,omitzero"`
	Example string    `json:"example"`
}

// ErrorTimeline is the number of error-log entries per time bucket.
type ErrorTimeline struct {
	Bucket  string        `json:"bucket"`
	Buckets []ErrorBucket `json:"buckets"`
}

// ErrorBucket is one bucket of an [ErrorTimeline].
type ErrorBucket struct {
	Start time.Time `json:"start"`
	Count int64     `json:"count"`
}

// maxTemplates bounds the number of distinct templates kept; entries of
// further templates are counted under one "(other messages)" row.
const maxTemplates = 5000

type templateStat struct {
	code, level string
	count       int64
	first, last int64
	example     string
}

// ErrorStats aggregates error-log entries. It is fed sequentially, as the
// error logs are read, and is not safe for concurrent use.
type ErrorStats struct {
	entries   int64
	levels    map[string]int64
	modules   map[string]int64
	templates map[string]*templateStat
	other     int64
	// minutes counts entries per bucket of res minutes, keyed by the
	// bucket's first Unix minute: at most maxTimelineBuckets, regrouped
	// into coarser buckets (as the access timeline) beyond.
	minutes map[int64]int64
	res     int64
	buf     []byte
}

// coarsen regroups the per-minute counts into buckets of res minutes.
func (s *ErrorStats) coarsen(res int64) {
	old := s.minutes
	s.minutes = make(map[int64]int64, len(old)/2)
	for k, n := range old {
		s.minutes[floorDiv(k, res)*res] += n
	}
	s.res = res
}

// NewErrorStats returns an empty aggregate.
func NewErrorStats() *ErrorStats {
	return &ErrorStats{levels: map[string]int64{}, modules: map[string]int64{},
		templates: map[string]*templateStat{}, minutes: map[int64]int64{}, res: 1}
}

// Add counts one entry whose time, already converted to UTC, is t (Unix
// nanoseconds, 0 when unknown).
func (s *ErrorStats) Add(e *parser.ErrorEntry, t int64) {
	s.entries++
	level := string(e.Level)
	if level == "" {
		level = "(none)"
	}
	s.levels[level]++
	if len(e.Module) > 0 {
		s.modules[string(e.Module)]++
	}
	if t != 0 {
		m := floorDiv(t, 60e9)
		k := floorDiv(m, s.res) * s.res
		if _, ok := s.minutes[k]; !ok && len(s.minutes) >= maxTimelineBuckets {
			s.coarsen(nextRes(s.res))
			k = floorDiv(m, s.res) * s.res
		}
		s.minutes[k]++
	}
	msg := e.Message
	if i := bytes.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i] // continuation lines (stack traces) stay out of the template
	}
	s.buf = TemplateOf(s.buf[:0], msg)
	ts := s.templates[string(s.buf)]
	if ts == nil {
		if len(s.templates) >= maxTemplates {
			s.other++
			return
		}
		ts = &templateStat{code: string(e.Code), level: level, first: t, last: t, example: excerpt(msg, 300)}
		s.templates[string(s.buf)] = ts
	}
	ts.count++
	if t != 0 {
		if ts.first == 0 || t < ts.first {
			ts.first = t
		}
		ts.last = max(ts.last, t)
	}
}

// Merge adds the counts of o into s. Templates beyond the bound go to
// "(other messages)", taken in the order of their text so that the result
// does not depend on map order.
func (s *ErrorStats) Merge(o *ErrorStats) {
	if o == nil {
		return
	}
	s.entries += o.entries
	s.other += o.other
	for k, n := range o.levels {
		s.levels[k] += n
	}
	for k, n := range o.modules {
		s.modules[k] += n
	}
	keys := make([]string, 0, len(o.templates))
	for k := range o.templates {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		t := o.templates[k]
		mine := s.templates[k]
		if mine == nil {
			if len(s.templates) >= maxTemplates {
				s.other += t.count
				continue
			}
			c := *t
			s.templates[k] = &c
			continue
		}
		mine.count += t.count
		if t.first != 0 && (mine.first == 0 || t.first < mine.first) {
			mine.first = t.first
		}
		mine.last = max(mine.last, t.last)
	}
	if o.res > s.res {
		s.coarsen(o.res)
	}
	for k, n := range o.minutes {
		s.minutes[floorDiv(k, s.res)*s.res] += n
	}
	for len(s.minutes) > maxTimelineBuckets {
		s.coarsen(nextRes(s.res))
	}
}

func excerpt(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}

// Summary returns the sorted summary with the top n templates.
func (s *ErrorStats) Summary(n int, loc *time.Location, zone string) *ErrorSummary {
	out := &ErrorSummary{Entries: s.entries, Zone: zone, Levels: sortedCounts(s.levels), Modules: sortedCounts(s.modules)}
	for k, t := range s.templates {
		tp := Template{Template: k, Code: t.code, Level: t.level, Count: t.count, Example: t.example}
		if t.first != 0 {
			tp.First, tp.Last = time.Unix(0, t.first).In(loc), time.Unix(0, t.last).In(loc)
		}
		out.Templates = append(out.Templates, tp)
	}
	if s.other > 0 {
		out.Templates = append(out.Templates, Template{Template: "(other messages)", Count: s.other})
	}
	slices.SortFunc(out.Templates, func(a, b Template) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Template, b.Template)
	})
	if len(out.Templates) > n {
		out.Templates = out.Templates[:n]
	}
	if out.Templates == nil {
		out.Templates = []Template{}
	}
	out.Timeline = s.timeline(loc)
	return out
}

func sortedCounts(m map[string]int64) []Counted {
	out := make([]Counted, 0, len(m))
	for k, v := range m {
		out = append(out, Counted{Key: k, Count: v})
	}
	slices.SortFunc(out, func(a, b Counted) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}

// timeline returns per-minute counts for the hour around the busiest minute
// when the log spans less than a day, else per-hour counts for the day
// around the busiest hour.
func (s *ErrorStats) timeline(loc *time.Location) *ErrorTimeline {
	if len(s.minutes) == 0 {
		return nil
	}
	var lo, hi int64 = 1<<62 - 1, -1 << 62
	for m := range s.minutes {
		lo, hi = min(lo, m), max(hi, m)
	}
	step, name, width := int64(1), "1m", int64(60)
	if hi-lo > 24*60 {
		step, name, width = 60, "1h", 24
	}
	if s.res > step { // a log spanning years: the buckets kept are coarser
		step, name = s.res, (time.Duration(s.res) * time.Minute).String()
		for _, b := range bucketSizes {
			if b.d == time.Duration(s.res)*time.Minute {
				name = b.name
			}
		}
	}
	counts := map[int64]int64{}
	var peak, peakAt int64
	for m, n := range s.minutes {
		b := floorDiv(m, step)
		counts[b] += n
	}
	for b, n := range counts {
		if n > peak || n == peak && b < peakAt {
			peak, peakAt = n, b
		}
	}
	first := max(floorDiv(lo, step), peakAt-width/2)
	last := min(floorDiv(hi, step), first+width-1)
	tl := &ErrorTimeline{Bucket: name}
	for b := first; b <= last; b++ {
		tl.Buckets = append(tl.Buckets, ErrorBucket{Start: time.Unix(b*step*60, 0).In(loc), Count: counts[b]})
	}
	return tl
}

// floorDiv is a / b rounded towards minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// TemplateOf appends to dst the template of an error message: numbers
// become <n>, absolute paths <path>, IP addresses <ip>, long hex ids <hex>
// and quoted strings "<*>", so that messages about different files or
// clients group into one row.
func TemplateOf(dst, msg []byte) []byte {
	for i := 0; i < len(msg); {
		c := msg[i]
		switch {
		case c == '"' || c == '\'':
			j := i + 1
			for j < len(msg) && msg[j] != c {
				if msg[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(msg) {
				dst = append(dst, msg[i:]...)
				return dst
			}
			dst = append(dst, c, '<', '*', '>', c)
			i = j + 1
		case c == '/' && (i == 0 || isSep(msg[i-1])):
			j := i
			for j < len(msg) && !isSep(msg[j]) && msg[j] != '"' && msg[j] != '\'' {
				j++
			}
			if j > i+1 {
				dst = append(dst, "<path>"...)
				i = trimPathEnd(msg, i, j)
				continue
			}
			dst = append(dst, c)
			i++
		case isWordStart(msg, i):
			j := i
			for j < len(msg) && isTokenByte(msg[j]) {
				j++
			}
			tok := msg[i:j]
			if len(tok) == 2 && tok[1] == ':' && j < len(msg) && (msg[j] == '\\' || msg[j] == '/') { // C:\path
				k := j
				for k < len(msg) && !isSep(msg[k]) {
					k++
				}
				dst = append(dst, "<path>"...)
				i = trimPathEnd(msg, i, k)
				continue
			}
			core := tok
			for len(core) > 1 && (core[len(core)-1] == '.' || core[len(core)-1] == ':' || core[len(core)-1] == '-') {
				core = core[:len(core)-1]
			}
			switch tokenKind(core) {
			case 'n':
				dst = append(dst, "<n>"...)
				dst = append(dst, tok[len(core):]...)
			case 'i':
				dst = append(dst, "<ip>"...)
				dst = append(dst, tok[len(core):]...)
			case 'h':
				dst = append(dst, "<hex>"...)
				dst = append(dst, tok[len(core):]...)
			default:
				dst = append(dst, tok...)
			}
			if j == i {
				dst = append(dst, msg[i])
				j++
			}
			i = j
		default:
			dst = append(dst, c)
			i++
		}
	}
	return dst
}

// trimPathEnd keeps a path's trailing ':' or ',' or ')' out of it.
func trimPathEnd(msg []byte, i, j int) int {
	for j > i+1 && (msg[j-1] == ':' || msg[j-1] == ',' || msg[j-1] == ')' || msg[j-1] == '.') {
		j--
	}
	return j
}

func isSep(c byte) bool { return c == ' ' || c == '\t' || c == ',' || c == '(' || c == '[' || c == '=' }

func isTokenByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == ':' || c == '_' || c == '-'
}

// isWordStart reports whether a token starts at i.
func isWordStart(msg []byte, i int) bool {
	return isTokenByte(msg[i]) && (i == 0 || !isTokenByte(msg[i-1]))
}

// tokenKind classifies a token: 'n' number, 'i' IP address (v4 or v6, with
// an optional port), 'h' hex id, 'w' other.
func tokenKind(tok []byte) byte {
	t := tok
	if len(t) == 0 {
		return 'w'
	}
	digits, dots, colons, hexOnly, letters := 0, 0, 0, true, 0
	for _, c := range t {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.':
			dots++
		case c == ':':
			colons++
		case c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F':
			letters++
		default:
			hexOnly = false
		}
	}
	switch {
	case digits > 0 && hexOnly && dots == 0 && colons == 0 && letters == 0:
		return 'n'
	case dots == 3 && colons <= 1 && letters == 0 && hexOnly:
		return 'i'
	case colons >= 2 && hexOnly && dots <= 3:
		return 'i'
	case digits > 0 && hexOnly && dots == 0 && colons == 0 && len(t) >= 8:
		return 'h'
	case digits > 0 && dots > 0 && hexOnly && letters == 0 && colons == 0:
		return 'n' // 1.5, version-like numbers
	}
	return 'w'
}
