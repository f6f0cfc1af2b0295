package analyze

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/logscan/logscan/parser"
)

// Schema names the version of the JSON summary; its field names are a
// contract documented in docs/json.md.
const Schema = "logscan/v1"

// Summary is the one model every renderer reads. It is fully sorted, so the
// same input gives the same output byte for byte.
type Summary struct {
	Schema string  `json:"schema"`
	Inputs []Input `json:"inputs"`
	Window *Window `json:"window,omitempty"`
	// Findings are at most five ranked sentences of what went wrong (see
	// [Finding]); the report starts with them.
	Findings  []Finding        `json:"findings"`
	Requests  int64            `json:"requests"`
	Malformed int64            `json:"malformed"`
	Classes   map[string]int64 `json:"classes"`
	// NoStatus counts the entries of formats that log no status code; they
	// are in Requests but in no class.
	NoStatus int64  `json:"no_status,omitempty"`
	Codes    []Code `json:"codes"`
	Time     *Span  `json:"time"`
	// Excluded is the span of the entries --since/--until left out, when
	// any was.
	Excluded      *Span         `json:"excluded,omitempty"`
	UniqueClients int64         `json:"unique_clients"`
	Top           Top           `json:"top"`
	Timeline      *Timeline     `json:"timeline,omitempty"`
	Latency       *Latency      `json:"latency,omitempty"`
	Errors        *ErrorSummary `json:"errors,omitempty"`
	// Incidents are the periods in which the share of server errors rose
	// well above the rest of the log.
	Incidents []Incident `json:"incidents"`
	// Baseline compares the report with earlier days (--history); nil
	// without a history.
	Baseline *Baseline `json:"baseline,omitempty"`
	// Webshell is the confirmed evidence of a web shell: a request whose
	// query carries a shell command, answered 2xx, and the command's output
	// in the error log (see webshell.go); nil when there is none.
	Webshell *Webshell `json:"webshell,omitempty"`
	// VHosts are the virtual hosts, by requests, when the format logs one.
	VHosts []VHost `json:"vhosts,omitempty"`
	// Agents counts the requests by kind of client, when the format logs
	// user agents.
	Agents *Agents `json:"agents,omitempty"`
	// Filters says how many entries each --include, --exclude and
	// --ignore-crawlers left out (they are also in inputs[].out_of_window).
	Filters []Removed `json:"filters,omitempty"`
}

// Webshell pairs a request that ran a shell command with the output the
// command left in the error log; each is "file:line: text".
type Webshell struct {
	Status  int        `json:"status"`
	At      *time.Time `json:"at,omitempty"`
	Request string     `json:"request"`
	Output  string     `json:"output"`
}

// Input describes one input file and what it held.
type Input struct {
	Path   string `json:"path"`
	Kind   string `json:"kind"` // "access" or "error"
	Format string `json:"format"`
	InputStats
	// Formats counts the entries each format read, when a file mixes
	// layouts (a format change midway, or aggregated logs).
	Formats          map[string]int64 `json:"formats,omitempty"`
	MalformedSamples []Sample         `json:"malformed_samples"`
	WarningSamples   []Sample         `json:"warnings,omitempty"`
	// Error is set when the input could not be read to its end.
	Error string `json:"error,omitempty"`
}

// Window is the time window of --since and --until.
type Window struct {
	Since *time.Time `json:"since,omitempty"`
	Until *time.Time `json:"until,omitempty"`
}

// Span is the time of the first and last entry, in the zone of the log.
type Span struct {
	First time.Time `json:"first"`
	Last  time.Time `json:"last"`
}

// Code is one status code with its count and likely causes.
type Code struct {
	Code    int     `json:"code"`
	Count   int64   `json:"count"`
	Share   float64 `json:"share"`
	Meaning string  `json:"meaning"`
	// Causes lists the likely causes of an error code (4xx, 5xx): confirmed
	// ones by evidence, then textbook ones in their usual order.
	Causes []CauseResult `json:"causes"`
	// Unexplained is the number of requests of this code no evidence
	// explains.
	Unexplained int64      `json:"unexplained"`
	Advice      string     `json:"advice,omitempty"`
	TopPaths    []Counted  `json:"top_paths,omitempty"`
	Latency     *Quantiles `json:"latency,omitempty"`
}

// CauseResult is a likely cause of a status code.
type CauseResult struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Confidence string `json:"confidence"` // "confirmed" or "textbook"
	// Evidence is the number of requests the cause explains (0 for
	// textbook causes).
	Evidence int64  `json:"evidence"`
	Advice   string `json:"advice"`
	// Detail says what the evidence is, in a few words, when an example
	// line cannot show it (e.g. "/Foo is missing, /foo was served").
	Detail string `json:"detail,omitempty"`
	// Examples are one access-log line and, for error-log evidence, one
	// error-log line, as "file:line: text".
	Examples []string `json:"examples,omitempty"`
}

// Confidence values of [CauseResult].
const (
	Confirmed = "confirmed"
	Textbook  = "textbook"
)

// Top holds the top lists over all requests.
type Top struct {
	Paths      []Counted `json:"paths"`
	Clients    []Counted `json:"clients"`
	UserAgents []Counted `json:"user_agents"`
	Referers   []Counted `json:"referers"`
}

// Timeline is the number of requests per time bucket and status class.
type Timeline struct {
	Bucket  string   `json:"bucket"` // e.g. "1m", "5m", "1h", "1d"
	Seconds int64    `json:"bucket_seconds"`
	Buckets []Bucket `json:"buckets"`
	// Outside counts the requests far outside the bulk of the log (a stray
	// old line, a clock jump), left out of the buckets so that they do not
	// stretch them; OutsideSpan is when they were.
	Outside     int64 `json:"outside,omitempty"`
	OutsideSpan *Span `json:"outside_span,omitempty"`
}

// Bucket is one time bucket of a [Timeline].
type Bucket struct {
	Start time.Time `json:"start"`
	C1xx  int64     `json:"1xx"`
	C2xx  int64     `json:"2xx"`
	C3xx  int64     `json:"3xx"`
	C4xx  int64     `json:"4xx"`
	C5xx  int64     `json:"5xx"`
}

// Total returns the number of requests in the bucket.
func (b Bucket) Total() int64 { return b.C1xx + b.C2xx + b.C3xx + b.C4xx + b.C5xx }

// Latency summarizes request times, when the format logs them.
type Latency struct {
	Overall Quantiles  `json:"overall"`
	Slowest []PathTime `json:"slowest_paths"`
}

// Quantiles of request time in seconds, within 1% relative error (max is
// exact).
type Quantiles struct {
	Count int64   `json:"count"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P99   float64 `json:"p99"`
	Max   float64 `json:"max"`
}

// PathTime is a path with the total and mean time spent serving it.
type PathTime struct {
	Path  string  `json:"path"`
	Total float64 `json:"total_seconds"`
	Count int64   `json:"count,omitempty"`
	Mean  float64 `json:"mean_seconds,omitempty"`
}

// SummaryOptions sets how [Summarize] presents a partial.
type SummaryOptions struct {
	// TopN is the number of rows of each top list: 0 means 10, a negative
	// number none.
	TopN int
	// Location is the zone for displayed times; nil keeps the zone of the
	// log's first entry.
	Location *time.Location
	// Bucket forces the timeline bucket size; 0 picks one from the span.
	Bucket time.Duration
	// Window is echoed into the summary.
	Window *Window
	// AllCauses lists every textbook cause of a code, not only the first
	// two after the confirmed ones.
	AllCauses bool
	// ErrorLocation is the zone error-log times are shown in when Location
	// is nil and no access entry has a time; otherwise they are shown like
	// the access log's.
	ErrorLocation *time.Location
}

// InputMeta names an input and the format it was read with.
type InputMeta struct {
	Path, Kind, Format string
	// FormatNames are the formats of a fallback chain, primary first.
	FormatNames []string
	// Stream names the log the input is a piece of (see [Options.Streams]).
	Stream string
	// Err is the error that stopped reading the input early, or nil; Error
	// is its text, which is what a state keeps.
	Err   error
	Error string
}

// Summarize turns a merged partial of access logs into the sorted summary
// model: [State.Summary] for a state without error logs.
func Summarize(p *Partial, meta []InputMeta, o SummaryOptions) *Summary {
	return NewState(meta, p, nil, "").Summary(o)
}

// Summary turns the state into the sorted summary model. It does not change
// the state's meaning: the same state gives the same summary however often
// it is asked, and a state merged from pieces gives the summary of the whole.
func (st *State) Summary(o SummaryOptions) *Summary {
	switch {
	case o.TopN == 0:
		o.TopN = 10
	case o.TopN < 0:
		o.TopN = 0 // no rows
	}
	q := *st.p
	q.evidence = make(map[evKey]*evidence, len(st.p.evidence))
	for k, ev := range st.p.evidence {
		c := *ev
		q.evidence[k] = &c
	}
	p := &q
	meta := st.meta
	s := &Summary{Schema: Schema, Requests: p.requests, Window: o.Window,
		Classes: map[string]int64{"1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0}}
	for i, m := range meta {
		st := p.Inputs[i]
		st.byFormat = slices.Clone(st.byFormat)
		in := Input{Path: m.Path, Kind: m.Kind, Format: m.Format, InputStats: st,
			MalformedSamples: slices.Clone(st.Samples), WarningSamples: slices.Clone(st.Warnings)}
		for j := range in.MalformedSamples {
			in.MalformedSamples[j].Input = m.Path
		}
		for j := range in.WarningSamples {
			in.WarningSamples[j].Input = m.Path
		}
		if in.MalformedSamples == nil {
			in.MalformedSamples = []Sample{}
		}
		in.Error = m.Error
		if m.Err != nil {
			in.Error = m.Err.Error()
		}
		s.Malformed += st.Malformed + st.TooLong + st.Torn
		if len(st.byFormat) > 0 {
			var others int64
			for _, n := range st.byFormat[1:] {
				others += n
			}
			st.byFormat[0] = st.Entries + st.OutOfWindow - others
		}
		used := 0
		for _, n := range st.byFormat {
			if n > 0 {
				used++
			}
		}
		if used > 1 || used == 1 && st.byFormat[0] == 0 {
			in.Formats = map[string]int64{}
			for j, n := range st.byFormat {
				if n > 0 && j < len(m.FormatNames) {
					in.Formats[m.FormatNames[j]] = n
				}
			}
		}
		s.Inputs = append(s.Inputs, in)
	}
	loc := o.Location
	if loc == nil {
		loc = parser.FixedZone(int(p.firstOff))
	}
	if p.hasTime {
		s.Time = &Span{First: time.Unix(0, p.first).In(loc), Last: time.Unix(0, p.last).In(loc)}
	}
	if p.outTime {
		oloc := o.Location
		if oloc == nil {
			oloc = parser.FixedZone(int(p.outFirstOff))
		}
		s.Excluded = &Span{First: time.Unix(0, p.outFirst).In(oloc), Last: time.Unix(0, p.outLast).In(oloc)}
	}
	names := make([]string, len(meta))
	for i, m := range meta {
		names[i] = m.Path
	}
	p.finishHeuristics(loc)
	p.checkUntilRestart(st.windows)
	s.Codes = []Code{}
	for code, n := range p.codes {
		if n == 0 {
			continue
		}
		if code < 100 {
			s.NoStatus += n
			continue
		}
		s.Classes[ClassOf(code).String()] += n
		c := Code{Code: code, Count: n, Share: share(n, p.requests), Meaning: Meaning(code), Causes: []CauseResult{}}
		if code >= 400 {
			c.Causes, c.Unexplained = p.causesFor(code, n, names, o.AllCauses)
			if len(c.Causes) == 0 {
				c.Advice = GenericAdvice(code)
			}
			if t := p.codePaths[code]; t != nil {
				c.TopPaths = t.Top(o.TopN)
			}
		}
		if l := p.latCode[code]; l != nil && l.n > 0 {
			q := l.quantiles()
			c.Latency = &q
		}
		s.Codes = append(s.Codes, c)
	}
	slices.SortStableFunc(s.Codes, func(a, b Code) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
	s.UniqueClients = int64(p.uniq.Estimate())
	if p.clients.Exact() {
		s.UniqueClients = int64(p.clients.Len()) // exact while the top list holds every client
	}
	s.Top = Top{Paths: p.paths.Top(o.TopN), Clients: p.clients.Top(o.TopN),
		UserAgents: p.agents.Top(o.TopN), Referers: p.referers.Top(o.TopN)}
	if p.hasTime {
		s.Timeline = timeline(p, loc, o.Bucket)
	}
	s.Incidents = p.incidents(loc, st.windows, names)
	if s.Incidents == nil {
		s.Incidents = []Incident{}
	}
	if p.latAll.n > 0 {
		lat := &Latency{Overall: p.latAll.quantiles(), Slowest: []PathTime{}}
		counts := make(map[string]int64)
		for _, c := range p.paths.Top(-1) {
			counts[c.Key] = c.Count
		}
		for _, c := range p.latPaths.Top(o.TopN) {
			pt := PathTime{Path: c.Key, Total: float64(c.Count) / 1000}
			if n := counts[c.Key]; n > 0 {
				pt.Count, pt.Mean = n, pt.Total/float64(n)
			}
			lat.Slowest = append(lat.Slowest, pt)
		}
		s.Latency = lat
	}
	if st.errStats != nil && slices.ContainsFunc(meta, func(m InputMeta) bool { return m.Kind == "error" }) {
		eloc := loc
		if o.Location == nil && o.ErrorLocation != nil && !p.hasTime {
			eloc = o.ErrorLocation
		}
		s.Errors = st.errStats.Summary(o.TopN, eloc, strings.Join(st.zones, "; "))
		s.Errors.Matched, s.Errors.Unindexed = st.matched, st.unindexed
	}
	if st.errStats != nil {
		if r, out, ok := shellFinding(p.shell, st.errStats.shell); ok {
			w := &Webshell{Status: r.status, Request: exampleLine(r.ex, names), Output: exampleLine(out.ex, names)}
			if r.time != 0 {
				at := time.Unix(0, r.time).In(loc)
				w.At = &at
			}
			s.Webshell = w
		}
	}
	s.VHosts = p.vhostSummary()
	s.Agents = p.agentSummary()
	if f := p.opts.Filters; f != nil {
		for i, name := range f.Names() {
			var n int64
			if i < len(p.filtered) {
				n = p.filtered[i]
			}
			s.Filters = append(s.Filters, Removed{Filter: name, Removed: n})
		}
	}
	s.Findings = findings(s)
	return s
}

func share(n, total int64) float64 {
	if total == 0 {
		return 0
	}
	return float64(n) / float64(total)
}

func (l *latency) quantiles() Quantiles {
	q := Quantiles{Count: l.n, Max: l.max}
	if v, err := l.sk.GetValuesAtQuantiles([]float64{0.5, 0.9, 0.99}); err == nil {
		q.P50, q.P90, q.P99 = min(v[0], l.max), min(v[1], l.max), min(v[2], l.max)
	}
	return q
}

// bucketSizes are the timeline bucket sizes tried, smallest first.
var bucketSizes = []struct {
	name string
	d    time.Duration
}{
	{"1m", time.Minute}, {"5m", 5 * time.Minute}, {"15m", 15 * time.Minute},
	{"1h", time.Hour}, {"6h", 6 * time.Hour}, {"1d", 24 * time.Hour}, {"7d", 7 * 24 * time.Hour},
}

// maxBuckets bounds the length of an automatic timeline.
const maxBuckets = 120

// coreSpan returns the first and last bucket of the timeline's bulk: at
// each end it leaves out isolated buckets that together hold at most 0.1%
// of the requests (at least one) and lie more than a day, and more than the
// rest's own span, away from it. It also returns the requests left out and
// the first and last of their buckets (minutes).
func (p *Partial) coreSpan() (first, last, outside, outFirst, outLast int64) {
	keys := make([]int64, 0, len(p.timeline))
	var total int64
	for k, b := range p.timeline {
		keys = append(keys, k)
		total += b.total()
	}
	if len(keys) == 0 {
		return 0, 0, 0, 0, 0
	}
	slices.Sort(keys)
	budget := max(total/1000, 1)
	i, j := 0, len(keys)-1
	for i < j {
		n := p.timeline[keys[i]].total()
		if outside+n > budget || keys[i+1]-keys[i] <= max(1440, keys[j]-keys[i+1]) {
			break
		}
		outside += n
		i++
	}
	for i < j {
		n := p.timeline[keys[j]].total()
		if outside+n > budget || keys[j]-keys[j-1] <= max(1440, keys[j-1]-keys[i]) {
			break
		}
		outside += n
		j--
	}
	if outside > 0 {
		outFirst, outLast = keys[len(keys)-1], keys[0]
		if i > 0 {
			outFirst, outLast = keys[0], keys[i-1]
		}
		if j < len(keys)-1 {
			outFirst, outLast = min(outFirst, keys[j+1]), max(outLast, keys[len(keys)-1])
		}
	}
	return keys[i], keys[j], outside, outFirst, outLast
}

func timeline(p *Partial, loc *time.Location, force time.Duration) *Timeline {
	coreFirst, coreLast, outside, outFirst, outLast := p.coreSpan()
	first, last := p.first, p.last
	if outside > 0 {
		first, last = max(first, coreFirst*60e9), min(last, (coreLast+p.res)*60e9-1)
	}
	span := time.Duration(last - first)
	size := bucketSizes[len(bucketSizes)-1]
	for _, b := range bucketSizes {
		if span/b.d < maxBuckets {
			size = b
			break
		}
	}
	if force > 0 {
		size.d, size.name = force, force.String()
	}
	sec := int64(size.d / time.Second)
	if sec < 60 {
		sec = 60
	}
	if sec < p.res*60 {
		// The partial kept coarser buckets (a very long span): show those.
		sec = p.res * 60
		size.name = (time.Duration(sec) * time.Second).String()
		for _, b := range bucketSizes {
			if b.d == time.Duration(sec)*time.Second {
				size.name = b.name
			}
		}
	}
	// Buckets align to the displayed zone (days start at local midnight).
	_, off := time.Unix(0, first).In(loc).Zone()
	align := func(unix int64) int64 {
		l := unix + int64(off)
		b := l - ((l%sec)+sec)%sec
		return b - int64(off)
	}
	start := align(first / 1e9)
	end := align(last / 1e9)
	n := (end-start)/sec + 1
	if n > 100000 { // a far outlier timestamp: keep the timeline bounded
		n = 100000
	}
	t := &Timeline{Bucket: size.name, Seconds: sec, Buckets: make([]Bucket, n), Outside: outside}
	if outside > 0 {
		t.OutsideSpan = &Span{First: time.Unix(outFirst*60, 0).In(loc), Last: time.Unix(outLast*60, 0).In(loc)}
	}
	for i := range t.Buckets {
		t.Buckets[i].Start = time.Unix(start+int64(i)*sec, 0).In(loc)
	}
	for minute, c := range p.timeline {
		i := (align(minute*60) - start) / sec
		if i < 0 || i >= n {
			continue
		}
		b := &t.Buckets[i]
		b.C1xx += c[1]
		b.C2xx += c[2]
		b.C3xx += c[3]
		b.C4xx += c[4]
		b.C5xx += c[5]
	}
	return t
}
