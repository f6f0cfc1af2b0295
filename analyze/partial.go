package analyze

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"hash/maphash"
	"math"
	"slices"
	"time"

	"github.com/DataDog/sketches-go/ddsketch"
	"github.com/axiomhq/hyperloglog"

	"github.com/logscan/logscan/parser"
)

// Options sets what a [Partial] keeps.
type Options struct {
	// TopCapacity sets the size of each top list (see [NewTopK]: it keeps up
	// to twice as many keys);
	// the top lists shown are exact while fewer distinct keys occur.
	TopCapacity int
	// Samples is how many malformed lines to keep per input, with their line
	// numbers and excerpts.
	Samples int
	// Since and Until bound the time window in Unix nanoseconds; 0 means
	// unbounded. Entries outside are counted as skipped.
	Since, Until int64
	// Group, when set, folds ids in paths before they are counted.
	Group *PathGrouper
	// Zone is the zone of timestamps logged without a UTC offset; nil
	// means UTC.
	Zone *time.Location
	// Evidence, when set, is the error-log index access entries are
	// matched against.
	Evidence *Evidence
	// Streams names the stream of each input (one log, whatever rotation
	// or cutting made of it): the order-dependent heuristics follow each
	// stream on its own. Inputs beyond its length share the stream "".
	Streams []string
	// Filters, when set, leaves out the entries they reject before they are
	// counted (see [ParseFilters]).
	Filters *Filters
	// VHosts, when not empty, keeps only the entries of these virtual
	// hosts (compared without case); the others are counted as skipped,
	// as entries outside the time window are. Entries without a virtual
	// host are skipped too.
	VHosts [][]byte
}

// DefaultOptions returns the options the CLI uses by default.
func DefaultOptions() Options { return Options{TopCapacity: 5000, Samples: 5} }

// excerptLen is how many bytes of a bad line a sample keeps.
const excerptLen = 160

// Sample is a line that could not be read as an entry (or was read with a
// warning), kept to show the user where and why.
type Sample struct {
	Input   string `json:"file"`
	Line    int64  `json:"line"`
	Reason  string `json:"reason"`
	Excerpt string `json:"excerpt"` // raw bytes of the line's start; renderers sanitize it

	input int // index of the input, resolved to Input by Summarize
}

// InputStats counts what one input held. Lines = Entries + Malformed + Blank
// + TooLong (+ Continuation and Foreign for error logs).
type InputStats struct {
	Lines     int64 `json:"lines"`
	Entries   int64 `json:"entries"`
	Malformed int64 `json:"malformed"`
	Blank     int64 `json:"blank"`
	TooLong   int64 `json:"too_long"`
	// Continuation counts the lines of an error log folded into the entry
	// before them (stack traces and the like).
	Continuation int64 `json:"continuation,omitempty"`
	// Foreign counts the lines of an error log that are access-log lines
	// (a file that mixes both): they are counted as requests.
	Foreign int64 `json:"foreign,omitempty"`
	// Truncated entries were read although their last field was cut off.
	Truncated int64 `json:"truncated"`
	// Torn counts the records cut short at the start of a line, before a
	// whole record that was read as an entry: the cut parts, malformed
	// records within lines counted as entries (so not in Lines' sum).
	Torn int64 `json:"torn,omitempty"`
	// OutOfWindow entries were read but lie outside --since/--until.
	OutOfWindow int64    `json:"out_of_window"`
	Samples     []Sample `json:"-"`
	Warnings    []Sample `json:"-"`

	// byFormat counts the lines each fallback format of a
	// [parser.Fallback] read; index 0, the primary format, is left at 0
	// and derived by Summarize.
	byFormat []int64
}

// CountFormat counts one line of input in read by format i of a
// [parser.Fallback] (i > 0: a fallback format, not the primary one).
func (p *Partial) CountFormat(in, i int) { p.Touch(in); p.Inputs[in].countFormat(i) }

// Touch notes that input in has counts in p; every method that counts for
// an input calls it, and a caller that changes p.Inputs[in] itself must.
func (p *Partial) Touch(in int) {
	if in == p.lastTouched {
		return
	}
	p.lastTouched = in
	for len(p.touchedBy) < len(p.Inputs) {
		p.touchedBy = append(p.touchedBy, false)
	}
	if !p.touchedBy[in] {
		p.touchedBy[in] = true
		p.touched = append(p.touched, in)
	}
}

// countFormat counts one line read by format i of a fallback.
func (s *InputStats) countFormat(i int) {
	for len(s.byFormat) <= i {
		s.byFormat = append(s.byFormat, 0)
	}
	s.byFormat[i]++
}

func (s *InputStats) merge(o *InputStats, keep int) {
	s.Lines += o.Lines
	s.Entries += o.Entries
	s.Malformed += o.Malformed
	s.Blank += o.Blank
	s.TooLong += o.TooLong
	s.Continuation += o.Continuation
	s.Foreign += o.Foreign
	s.Truncated += o.Truncated
	s.Torn += o.Torn
	s.OutOfWindow += o.OutOfWindow
	for i, n := range o.byFormat {
		for len(s.byFormat) <= i {
			s.byFormat = append(s.byFormat, 0)
		}
		s.byFormat[i] += n
	}
	s.Samples = mergeSamples(s.Samples, o.Samples, keep)
	s.Warnings = mergeSamples(s.Warnings, o.Warnings, keep)
}

func mergeSamples(a, b []Sample, keep int) []Sample {
	a = append(a, b...)
	slices.SortFunc(a, func(x, y Sample) int { return cmp.Compare(x.Line, y.Line) })
	if len(a) > keep {
		a = a[:keep]
	}
	return a
}

// latency tracks request times in seconds: a DDSketch with 1% relative
// accuracy and a bounded number of bins, plus the exact maximum.
type latency struct {
	sk  *ddsketch.DDSketch
	max float64
	n   int64
}

func newLatency() *latency {
	sk, _ := ddsketch.LogCollapsingLowestDenseDDSketch(0.01, 2048)
	return &latency{sk: sk}
}

func (l *latency) add(v float64) {
	if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return
	}
	_ = l.sk.Add(v)
	l.n++
	if v > l.max {
		l.max = v
	}
}

func (l *latency) reset() {
	l.sk.Clear()
	l.max, l.n = 0, 0
}

func (l *latency) merge(o *latency) {
	if o == nil || o.n == 0 {
		return
	}
	_ = l.sk.MergeWith(o.sk)
	l.n += o.n
	l.max = max(l.max, o.max)
}

// fixedHash hashes b with fixed constants (8 bytes at a time, then the
// murmur3 finalizer), so that the unique-client estimate is the same on
// every run: the top lists' hashes are seeded at random against flooding,
// which moved the estimate by about 1% from run to run. A crafted set of
// clients can only skew the estimate, not slow anything down.
func fixedHash(b []byte) uint64 {
	const m = 0x9E3779B97F4A7C15
	h := uint64(len(b)) * m
	for ; len(b) >= 8; b = b[8:] {
		h = (h ^ binary.LittleEndian.Uint64(b)) * m
		h ^= h >> 29
	}
	if len(b) > 0 {
		var t [8]byte
		copy(t[:], b)
		h = (h ^ binary.LittleEndian.Uint64(t[:])) * m
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	h ^= h >> 33
	return h
}

// maxTimelineBuckets bounds the buckets of a partial's timeline: 131,072
// minutes (91 days) at one minute each, about 17 MB.
const maxTimelineBuckets = 1 << 17

// timelineRes are the bucket sizes, in minutes, a timeline coarsens through:
// each divides the next, and they are the sizes the report shows.
var timelineRes = []int64{1, 5, 15, 60, 360, 1440, 10080}

// nextRes returns the bucket size after r.
func nextRes(r int64) int64 {
	for _, x := range timelineRes {
		if x > r {
			return x
		}
	}
	return r * 4
}

// coarsen regroups the timeline into buckets of res minutes (a multiple
// of the current size).
func (p *Partial) coarsen(res int64) {
	if res <= p.res {
		return
	}
	old := p.timeline
	p.timeline = make(map[int64]*minute, len(old)/int(min(res/p.res, int64(len(old))+1))+1)
	for k, b := range old {
		k = floorDiv(k, res) * res
		if mine := p.timeline[k]; mine != nil {
			for i := range b {
				mine[i] += b[i]
			}
		} else {
			p.timeline[k] = b
		}
	}
	p.res, p.lastBucket = res, nil
}

// minute counts the requests of one minute: per status class (index 0 is
// unknown, 1–5 the classes) and for the codes incidents are reported by.
type minute [6 + len(minuteCodes)]int64

// minuteCodes are the codes counted per minute, beside the classes.
var minuteCodes = [...]int{500, 502, 503, 504, 429}

func (m *minute) add(code int) {
	m[code/100]++
	if code >= 429 {
		for i, c := range minuteCodes {
			if c == code {
				m[6+i]++
			}
		}
	}
}

func (m *minute) total() int64 { return m[1] + m[2] + m[3] + m[4] + m[5] }

// code returns the count of one of minuteCodes.
func (m *minute) code(code int) int64 {
	for i, c := range minuteCodes {
		if c == code {
			return m[6+i]
		}
	}
	return 0
}

// Partial is what one worker counts. Partials of the same run merge with
// [Partial.Merge], which is associative and commutative.
type Partial struct {
	opts   Options
	Inputs []InputStats
	// touched lists the inputs with counts, so that merging and resetting
	// the partial of one segment costs nothing for the thousands of other
	// inputs of a run; touchedBy marks them, lastTouched caches the last.
	touched     []int
	touchedBy   []bool
	lastTouched int

	codes    [600]int64
	requests int64
	first    int64
	last     int64
	firstOff int32
	hasTime  bool
	// outFirst and outLast are the first and last time of the entries
	// outside --since/--until (outTime: there was one), so that a window
	// that leaves nothing can name the span the inputs cover.
	outFirst, outLast int64
	outFirstOff       int32
	outTime           bool
	paths             *TopK
	clients           *TopK
	agents            *TopK
	referers          *TopK
	codePaths         [600]*TopK // by status code, made on first use
	// codeClients finds, per error code, the client that sent most of its
	// requests (a small frequent-items table with an example line each).
	codeClients [600]*TopK
	timeline    map[int64]*minute // first unix minute of a bucket of res minutes → counts
	// res is the timeline's bucket size in minutes: 1 until the log spans
	// more than maxTimelineBuckets distinct minutes, then coarser (see
	// [Partial.coarsen]), so that memory stays bounded whatever the span.
	res int64
	// lastMinute and lastBucket cache the bucket of the previous entry.
	lastMinute int64
	lastBucket *minute
	latAll     *latency
	latCode    [600]*latency
	latPaths   *TopK // sum of request time (ms) per path, for the slowest paths
	uniq       *hyperloglog.Sketch
	group      *PathGrouper
	evidence   map[evKey]*evidence
	access     *accessState
	finished   bool // finishHeuristics ran
	// demoted are causes whose evidence a summary found too weak to
	// confirm (see checkUntilRestart), by code: listed as textbook, with
	// why. Only a summary's copy of a partial has them.
	demoted map[int][]CauseResult
	// filtered counts the entries each filter left out (by index in
	// Filters.Names); agentCache remembers the class of user agents for
	// --ignore-crawlers.
	filtered   []int64
	agentCache map[string]AgentClass
	// vhosts counts requests per virtual host (vhosts.go); nil until one
	// is seen.
	vhosts map[string]*vhostStat
	// shell are the earliest requests answered 2xx whose query carries a
	// shell command (webshell.go); shellBuf is scratch space.
	shell    []shellHit
	shellBuf []byte
}

// NewPartial returns an empty partial summary for n inputs.
func NewPartial(n int, opts Options) *Partial {
	if opts.TopCapacity <= 0 {
		opts.TopCapacity = DefaultOptions().TopCapacity
	}
	return &Partial{
		opts:        opts,
		Inputs:      make([]InputStats, n),
		touchedBy:   make([]bool, n),
		lastTouched: -1,
		paths:       NewPathTable(opts.TopCapacity),
		clients:     NewTopK(opts.TopCapacity),
		agents:      NewTopK(opts.TopCapacity),
		referers:    NewTopK(opts.TopCapacity),
		timeline:    make(map[int64]*minute),
		res:         1,
		latAll:      newLatency(),
		latPaths:    NewTopK(opts.TopCapacity),
		uniq:        hyperloglog.NewNoSparse(), // dense: no map insert per line; exact counts cover the small range
		group:       opts.Group.Clone(),
		evidence:    make(map[evKey]*evidence),
		access:      newAccessState(opts.TopCapacity),
	}
}

// Requests returns the number of entries counted.
func (p *Partial) Requests() int64 { return p.requests }

// newCodePaths makes a table of the paths of one status code.
func (p *Partial) newCodePaths() *TopK { return NewTopK(p.opts.TopCapacity) }

// newCodeClients makes a table of the clients of one status code.
func newCodeClients() *TopK { return newExampleTable(codeClientCap) }

// mergeCodeTables merges the per-code tables of src into dst, making with
// mk the ones dst lacks (Merge copies: the tables of src stay src's, to be
// reset and reused).
func mergeCodeTables(dst, src *[600]*TopK, mk func() *TopK) {
	for c, t := range src {
		if t == nil {
			continue
		}
		if dst[c] == nil {
			dst[c] = mk()
		}
		dst[c].Merge(t)
	}
}

// codeClientCap is the capacity of the per-code client tables: any client
// with more than a sixteenth of a code's requests is kept.
const codeClientCap = 16

// noPath is the path key of requests without a request line.
var noPath = []byte("-")

// pathOf returns the path without its query string, the key of path lists.
func pathOf(e *parser.Entry) []byte {
	p := e.Path
	if p == nil {
		p = e.Request
	}
	if p == nil {
		return noPath
	}
	if i := bytes.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return p
}

// Add counts one entry of input in, read from line number line whose text
// is raw (kept only as an example, copied).
func (p *Partial) Add(in int, line int64, raw []byte, e *parser.Entry) {
	p.Touch(in)
	st := &p.Inputs[in]
	if e.HasTime && !e.HasZone && p.opts.Zone != nil {
		_, off := time.Unix(0, e.Time).In(p.opts.Zone).Zone()
		e.Time -= int64(off) * 1e9
		e.Offset, e.HasZone = int32(off), true
	}
	if e.HasTime && ((p.opts.Since != 0 && e.Time < p.opts.Since) || (p.opts.Until != 0 && e.Time >= p.opts.Until)) ||
		len(p.opts.VHosts) > 0 && !vhostWanted(p.opts.VHosts, e.VHost) || p.opts.Filters != nil && p.filterOut(e) {
		st.OutOfWindow++
		if e.HasTime {
			if !p.outTime || e.Time < p.outFirst {
				p.outFirst, p.outFirstOff = e.Time, e.Offset
			}
			if !p.outTime || e.Time > p.outLast {
				p.outLast = e.Time
			}
			p.outTime = true
		}
		return
	}
	st.Entries++
	p.requests++
	p.codes[e.Status]++
	if e.HasTime {
		if !p.hasTime || e.Time < p.first {
			p.first, p.firstOff = e.Time, e.Offset
		}
		if !p.hasTime || e.Time > p.last {
			p.last = e.Time
		}
		p.hasTime = true
		min := floorDiv(e.Time, 60e9)
		b := p.lastBucket
		if min < p.lastMinute || min >= p.lastMinute+p.res || b == nil {
			k := floorDiv(min, p.res) * p.res
			b = p.timeline[k]
			if b == nil {
				if len(p.timeline) >= maxTimelineBuckets {
					p.coarsen(nextRes(p.res))
					k = floorDiv(min, p.res) * p.res
					b = p.timeline[k]
				}
				if b == nil {
					b = new(minute)
					p.timeline[k] = b
				}
			}
			p.lastMinute, p.lastBucket = k, b
		}
		b.add(e.Status)
	}
	path := pathOf(e)
	if p.group != nil {
		path = p.group.Group(path)
	}
	pathHash, pathAt := p.paths.addPath(path, e.Status, e.Time, e.Client)
	if (e.Status == 404 || e.Status == 410) && !p.paths.hasExample(pathAt) {
		p.paths.setExample(pathAt, p.sample(in, line, "", raw))
	}
	var clientHash uint64
	if e.Client != nil {
		clientHash = maphash.Bytes(sharedSeed, e.Client)
		if p.clients.AddHashed(clientHash, e.Client, 1) {
			// A client the table holds was counted when it came in:
			// the sketch needs each client once, not each request.
			p.uniq.InsertHash(fixedHash(e.Client))
		}
	}
	if e.UserAgent != nil {
		p.agents.Add(e.UserAgent, 1)
	}
	if e.Referer != nil {
		p.referers.Add(e.Referer, 1)
	}
	if e.Status >= 400 && e.Client != nil {
		t := p.codeClients[e.Status]
		if t == nil {
			t = newCodeClients()
			p.codeClients[e.Status] = t
		}
		// The example is taken at a client's second response of the code:
		// most clients have one and never need one, and a client behind
		// most responses has many.
		if i, inserted := t.addAt(clientHash, e.Client, 1); !inserted && !t.hasExample(i) {
			t.setExample(i, p.sample(in, line, "", raw))
		}
	}
	if e.Status >= 400 {
		t := p.codePaths[e.Status]
		if t == nil {
			t = NewTopK(p.opts.TopCapacity)
			p.codePaths[e.Status] = t
		}
		t.AddHashed(pathHash, path, 1)
	}
	if rt := e.RequestTime; rt >= 0 {
		p.latAll.add(rt)
		l := p.latCode[e.Status]
		if l == nil {
			l = newLatency()
			p.latCode[e.Status] = l
		}
		l.add(rt)
		p.latPaths.AddHashed(pathHash, path, int64(rt*1000+0.5))
	}
	p.addAccess(in, line, raw, e, path, pathHash, clientHash)
	if e.VHost != nil {
		p.addVHost(e.VHost, e.Status, path)
	}
	if e.Status >= 200 && e.Status < 300 && bytes.IndexByte(e.Path, '?') >= 0 {
		var ok bool
		if ok, p.shellBuf = shellQuery(e.Path, p.shellBuf); ok {
			p.shell = addShellHit(p.shell, shellHit{time: e.Time, status: e.Status, ex: p.sample(in, line, "", raw)})
		}
	}
}

// Malformed records a line of input in that could not be parsed.
func (p *Partial) Malformed(in int, line int64, err error, text []byte) {
	p.Touch(in)
	st := &p.Inputs[in]
	st.Malformed++
	if len(st.Samples) < p.opts.Samples {
		st.Samples = append(st.Samples, sample(line, err.Error(), text))
	}
}

// Truncated records an entry read although its last field was cut off.
func (p *Partial) Truncated(in int, line int64, text []byte) {
	p.Touch(in)
	st := &p.Inputs[in]
	st.Truncated++
	if len(st.Warnings) < p.opts.Samples {
		st.Warnings = append(st.Warnings, sample(line, "last field cut off (no closing quote); read with a warning", text))
	}
}

// Torn records the cut part of a torn record: text, the start of line
// line, was a record cut short before the whole record read from the rest.
func (p *Partial) Torn(in int, line int64, text []byte) {
	p.Touch(in)
	st := &p.Inputs[in]
	st.Torn++
	if len(st.Samples) < p.opts.Samples {
		st.Samples = append(st.Samples, sample(line, "torn record: a record cut short before a whole one, which was read", text))
	}
}

// TooLong records lines over the line limit, the first of them at line.
func (p *Partial) TooLong(in int, line, n int64) {
	p.Touch(in)
	st := &p.Inputs[in]
	st.TooLong += n
	if len(st.Samples) < p.opts.Samples {
		st.Samples = append(st.Samples, Sample{Line: line, Reason: parser.ErrLineTooLong.Error()})
	}
}

func sample(line int64, reason string, text []byte) Sample {
	if line == 0 {
		return Sample{}
	}
	if len(text) > excerptLen {
		text = text[:excerptLen]
	}
	return Sample{Line: line, Reason: reason, Excerpt: string(text)}
}

// Reset empties p for reuse by counts of the same inputs and options,
// keeping the memory its tables have grown to. Merge copies the tables it
// takes from the partial it merges and takes over only what Reset lets go
// (map entries, the 401 pieces), so a partial merged into another can be
// reset and filled again.
func (p *Partial) Reset() {
	for _, i := range p.touched {
		p.Inputs[i] = InputStats{}
		p.touchedBy[i] = false
	}
	p.touched, p.lastTouched = p.touched[:0], -1
	p.codes = [600]int64{}
	p.requests, p.first, p.last, p.firstOff, p.hasTime = 0, 0, 0, 0, false
	p.outFirst, p.outLast, p.outFirstOff, p.outTime = 0, 0, 0, false
	p.paths.Reset()
	p.clients.Reset()
	p.agents.Reset()
	p.referers.Reset()
	for _, t := range p.codePaths {
		if t != nil {
			t.Reset()
		}
	}
	for _, t := range p.codeClients {
		if t != nil {
			t.Reset()
		}
	}
	clear(p.timeline)
	p.res, p.lastMinute, p.lastBucket = 1, 0, nil
	p.latAll.reset()
	for _, l := range p.latCode {
		if l != nil {
			l.reset()
		}
	}
	p.latPaths.Reset()
	p.uniq = hyperloglog.NewNoSparse()
	clear(p.evidence)
	p.access.reset()
	clear(p.filtered)
	p.shell = p.shell[:0]
	p.vhosts = nil
	p.finished = false
}

// shiftInputs renumbers the inputs of o as if n inputs stood before them,
// so that o can be merged into a partial of those n inputs.
func (o *Partial) shiftInputs(n int) {
	if n == 0 {
		return
	}
	to := make([]int, len(o.Inputs))
	for j := range to {
		to[j] = j + n
	}
	o.remapInputs(to, len(o.Inputs)+n)
}

// remapInputs renumbers input j of o as to[j], in a partial of n inputs:
// inputs mapped to the same number are counted together.
func (o *Partial) remapInputs(to []int, n int) {
	old, oldTouched := o.Inputs, o.touched
	o.Inputs = make([]InputStats, n)
	o.touchedBy = make([]bool, n)
	o.touched = o.touched[:0:0]
	re := func(s *Sample) {
		if s.Line > 0 && s.Input == "" && s.input < len(to) {
			s.input = to[s.input]
		}
	}
	for _, j := range oldTouched {
		k := to[j]
		if !o.touchedBy[k] {
			o.touchedBy[k] = true
			o.touched = append(o.touched, k)
		}
		for i := range old[j].Samples {
			re(&old[j].Samples[i])
		}
		o.Inputs[k].merge(&old[j], o.opts.Samples)
	}
	o.lastTouched = -1
	for _, ev := range o.evidence {
		re(&ev.example)
		re(&ev.errLine)
	}
	tables := []*TopK{o.paths, o.access.referers}
	for _, t := range o.codeClients {
		if t != nil {
			tables = append(tables, t)
		}
	}
	for _, t := range tables {
		for i := range t.examples {
			re(&t.examples[i])
		}
	}
	for i := range o.shell {
		re(&o.shell[i].ex)
	}
	// The clients with 404s are renumbered while they are merged, in the
	// one walk over them (see accessState.merge).
	o.access.remap = composeRemap(o.access.remap, to)
	for _, ps := range o.access.auth {
		for _, pc := range ps {
			re(&pc.ex)
			for k, h := range pc.heads {
				re(&h.ex)
				pc.heads[k] = h
			}
		}
	}
}

// composeRemap returns the renumbering "first a, then b" (a nil: none yet).
func composeRemap(a, b []int) []int {
	if a == nil {
		return slices.Clone(b)
	}
	out := make([]int, len(a))
	for i, k := range a {
		if k < len(b) {
			out[i] = b[k]
		} else {
			out[i] = k
		}
	}
	return out
}

// Merge adds o into p. o may hold more inputs than p (those of another
// state, renumbered by shiftInputs); p grows to hold them.
func (p *Partial) Merge(o *Partial) {
	for len(p.Inputs) < len(o.Inputs) {
		p.Inputs = append(p.Inputs, InputStats{})
	}
	for _, i := range o.touched {
		p.Touch(i)
		p.Inputs[i].merge(&o.Inputs[i], p.opts.Samples)
	}
	for i, c := range o.codes {
		p.codes[i] += c
	}
	p.requests += o.requests
	for _, h := range o.shell {
		p.shell = addShellHit(p.shell, h)
	}
	p.mergeVHosts(o)
	for i, n := range o.filtered {
		for len(p.filtered) <= i {
			p.filtered = append(p.filtered, 0)
		}
		p.filtered[i] += n
	}
	if o.hasTime {
		if !p.hasTime || o.first < p.first {
			p.first, p.firstOff = o.first, o.firstOff
		}
		if !p.hasTime || o.last > p.last {
			p.last = o.last
		}
		p.hasTime = true
	}
	if o.outTime {
		if !p.outTime || o.outFirst < p.outFirst {
			p.outFirst, p.outFirstOff = o.outFirst, o.outFirstOff
		}
		if !p.outTime || o.outLast > p.outLast {
			p.outLast = o.outLast
		}
		p.outTime = true
	}
	p.paths.Merge(o.paths)
	p.clients.Merge(o.clients)
	p.agents.Merge(o.agents)
	p.referers.Merge(o.referers)
	mergeCodeTables(&p.codePaths, &o.codePaths, p.newCodePaths)
	mergeCodeTables(&p.codeClients, &o.codeClients, newCodeClients)
	if o.res > p.res {
		p.coarsen(o.res)
	}
	for k, b := range o.timeline {
		k = floorDiv(k, p.res) * p.res
		if mine := p.timeline[k]; mine != nil {
			for i := range b {
				mine[i] += b[i]
			}
		} else {
			p.timeline[k] = b // Reset only clears the map: b stays p's
		}
	}
	for len(p.timeline) > maxTimelineBuckets {
		p.coarsen(nextRes(p.res))
	}
	p.latAll.merge(o.latAll)
	for c, l := range o.latCode {
		if l == nil {
			continue
		}
		mine := p.latCode[c]
		if mine == nil {
			mine = newLatency()
			p.latCode[c] = mine
		}
		mine.merge(l)
	}
	p.latPaths.Merge(o.latPaths)
	_ = p.uniq.Merge(o.uniq)
	for k, ev := range o.evidence {
		mine := p.evidence[k]
		if mine == nil {
			p.evidence[k] = ev // Reset only clears the map: ev stays p's
			continue
		}
		mine.n += ev.n
		mine.errorLog = mine.errorLog || ev.errorLog
		if mine.detail == "" {
			mine.detail = ev.detail
		}
		if ev.example.input < mine.example.input || ev.example.input == mine.example.input && ev.example.Line < mine.example.Line {
			mine.example = ev.example
			if ev.errLine.Line > 0 {
				mine.errLine = ev.errLine
			}
		}
	}
	p.access.merge(o.access)
}
