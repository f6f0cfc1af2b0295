package watch

import (
	"bytes"
	"slices"
	"time"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
)

// The windows a watch keeps. Entries are counted, as they are read, into
// panes of paneLen of log time; a pane is frozen (encoded) once its time is
// over, and the windows are merges of the panes they cover (see [swag]).
const (
	paneLen   = 10 * time.Second
	paneGrace = 2 * time.Second // a pane is frozen this long after its end
	window1   = time.Minute
	window5   = 5 * time.Minute
	window15  = 15 * time.Minute
	horizon   = window15 + paneLen // entries older than this count only in the totals
	rateSecs  = int(window15 / time.Second)
)

// Options configure a [Live].
type Options struct {
	// Analyze sets the tables of the states (TopCapacity, Samples, Group,
	// Zone); Streams and Evidence are set by New.
	Analyze analyze.Options
	// Zone is the zone error-log times (which carry none) are read in.
	Zone *time.Location
	// ZoneNote says where Zone came from, as scan's reports do.
	ZoneNote string
	// MaxLine is the longest line read.
	MaxLine int
	// Forced are the formats the flags force.
	Forced Formats
	// Source names the machine, for the streams of the states.
	Source string
}

// Live is the state of a watch: the panes of the last 15 minutes, the
// windows over them, per-second counts and the totals since the start. It
// is fed by a [Follower] (it is its [Sink]) and asked at each tick; it is
// not safe for concurrent use and does no I/O.
type Live struct {
	opts      Options
	heavyOpts analyze.Options // the panes' tables
	lightOpts analyze.Options // the incident window's: times and statuses only
	inputs    []*Input
	meta      []analyze.InputMeta
	known     []parser.Format
	now       int64 // the clock at the last call of Advance

	panes  []*pane      // not frozen yet, oldest first
	frozen int64        // panes starting before this are frozen
	win5   *swag        // heavy, for the dashboard and incident causes
	win15  *swag        // light, for incidents
	errs   []frozenErrs // the last five minutes' panes

	secs [rateSecs]second
	// Totals since the start.
	Requests  int64
	Classes   [6]int64             // index 0: no status; 1-5: the classes
	Files     []analyze.InputStats // per file: its lines and what they were
	Late      int64                // entries older than the windows
	ErrorEnts int64

	evidence *liveEvidence
	matcher  *analyze.Matcher
	errRead  []errReader
	entry    parser.Entry
	// OnDetect is called when a file's kind and format have been chosen.
	OnDetect func(i int, in *Input)
	// OnEvent receives the follower's file events.
	OnEvent func(FileEvent)
	// head returns the start of file i, for detection.
	head func(i int) []byte
}

// second counts the requests of one second of log time per class.
type second struct {
	sec int64
	n   [6]int64
}

// frozenErrs is what the small windows need of a frozen pane: its
// error-log messages (one minute) and its failing clients (five minutes).
type frozenErrs struct {
	start   int64
	stats   *analyze.ErrorStats
	clients *analyze.TopK
}

// pane is what was counted for paneLen of log time.
type pane struct {
	start    int64
	heavy    *analyze.Partial
	light    *analyze.Partial
	errStats *analyze.ErrorStats
	errIn    []analyze.InputStats // per input; used for error logs
	events   []analyze.ErrorEvent // matching error-log entries, for the pane's evidence
	clients  *analyze.TopK        // clients of 4xx and 5xx answers
	dropped  int64                // matching entries beyond maxPaneEvents
}

// failCapacity is the size of the failing clients' tables.
const failCapacity = 256

// maxPaneEvents bounds the matching error-log entries a pane keeps.
const maxPaneEvents = 2000

// errReader holds back the last entry of an error log, whose continuation
// lines (a stack trace) may still come.
type errReader struct {
	pending []byte
	lines   int64 // lines before pending
	ent     parser.ErrorEntry
}

// NewLive returns the state of a watch of paths, whose heads head returns
// (for detection).
func NewLive(paths []string, opts Options, head func(i int) []byte) *Live {
	if opts.MaxLine <= 0 {
		opts.MaxLine = 1 << 20
	}
	l := &Live{opts: opts, head: head, known: parser.AccessFormats(), matcher: analyze.NewMatcher(analyze.Rules)}
	source := opts.Source
	for _, p := range paths {
		l.inputs = append(l.inputs, &Input{Path: p})
		l.meta = append(l.meta, analyze.InputMeta{Path: p, Kind: "access", Stream: source + "/" + p})
		l.opts.Analyze.Streams = append(l.opts.Analyze.Streams, source+"/"+p)
	}
	l.heavyOpts = l.opts.Analyze
	l.lightOpts = l.opts.Analyze
	l.lightOpts.TopCapacity, l.lightOpts.Samples, l.lightOpts.Group = 1, 0, nil
	l.Files = make([]analyze.InputStats, len(paths))
	l.errRead = make([]errReader, len(paths))
	l.win5 = newSwag(l.heavyOpts)
	l.win15 = newSwag(l.lightOpts)
	l.evidence = &liveEvidence{}
	return l
}

// DetectAll chooses the kind and format of every file that has lines
// already, and, unless Options.Zone was given, the zone of error-log times:
// the UTC offset of the first access log with a timed line, as scan does,
// else the local zone. Files without lines are detected when their first
// lines come.
func (l *Live) DetectAll() {
	defer l.chooseZone()
	for i, in := range l.inputs {
		if in.Kind == "" && l.head != nil {
			if h := l.head(i); len(bytes.TrimSpace(h)) > 0 {
				l.detect(i, nil)
			}
		}
	}
}

// chooseZone chooses, once, the zone of error-log times.
func (l *Live) chooseZone() {
	if l.opts.Zone != nil {
		return
	}
	l.opts.Zone = time.Local
	name, _ := time.Now().Zone()
	l.opts.ZoneNote = "the local time zone (" + name + "); give --tz to set it"
	for i, in := range l.inputs {
		if in.Kind != "access" || l.head == nil {
			continue
		}
		var e parser.Entry
		for _, line := range parser.SampleLines(l.head(i), sampleLines, false) {
			if in.Access.Parse(line, &e) == nil && e.HasZone {
				l.opts.Zone = parser.FixedZone(int(e.Offset))
				zone := l.opts.Zone.String()
				if zone != "UTC" {
					zone = "UTC" + zone
				}
				l.opts.ZoneNote = zone + ", the offset of the access log " + in.Path
				return
			}
		}
	}
}

// Zone returns the zone error-log times are read in.
func (l *Live) Zone() *time.Location { return l.opts.Zone }

// Inputs returns the followed files as detected so far.
func (l *Live) Inputs() []*Input { return l.inputs }

// Order returns the order in which files are best read: error logs first,
// so that the evidence they hold is there when the access lines it
// explains are counted.
func (l *Live) Order() []int {
	l.DetectAll()
	var errs, unknown, rest []int
	for i, in := range l.inputs {
		switch in.Kind {
		case "error":
			errs = append(errs, i)
		case "":
			unknown = append(unknown, i) // perhaps an error log
		default:
			rest = append(rest, i)
		}
	}
	return append(append(errs, unknown...), rest...)
}

// Advance sets the clock: panes are placed and frozen by it.
func (l *Live) Advance(now time.Time) { l.now = now.UnixNano() }

// Event implements [Sink].
func (l *Live) Event(e FileEvent) {
	if e.Change == Rotated || e.Change == Truncated || e.Change == Appeared {
		// A new file of the same log: line numbers start again.
		l.flushErrors(e.File)
		l.errRead[e.File].lines = 0
	}
	if l.OnEvent != nil {
		l.OnEvent(e)
	}
}

// TooLong implements [Sink].
func (l *Live) TooLong(i int) {
	l.Files[i].Lines++
	l.Files[i].TooLong++
}

// Idle implements [Sink]: an error log that gave nothing new has its held
// back entry counted.
func (l *Live) Idle(i int) {
	if l.inputs[i].Kind == "error" {
		l.flushErrors(i)
	}
}

// Lines implements [Sink].
func (l *Live) Lines(i int, data []byte) {
	in := l.inputs[i]
	if in.Kind == "" {
		l.detect(i, data)
	}
	if in.Kind == "error" {
		l.errorLines(i, data)
		return
	}
	// The error-log entries read before these lines explain them: the
	// entries held back are counted now.
	l.flushAllErrors()
	if l.evidence.dirty {
		l.EndPoll()
	}
	st := &l.Files[i]
	for len(data) > 0 {
		nl := bytes.IndexByte(data, '\n')
		line := data[:nl]
		data = data[nl+1:]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		line = input.TrimLeadingNULs(line)
		st.Lines++
		if len(line) > l.opts.MaxLine {
			st.TooLong++
			continue
		}
		if err := in.Access.Parse(line, &l.entry); err != nil {
			if blank(line) {
				st.Blank++
			} else {
				st.Malformed++
				l.pane(l.now).heavy.Malformed(i, st.Lines, err, line)
			}
			continue
		}
		st.Entries++
		l.add(i, st.Lines, line, &l.entry)
	}
}

// detect chooses the kind and format of file i from its head, or from its
// first lines when it had none.
func (l *Live) detect(i int, data []byte) {
	in := l.inputs[i]
	var head []byte
	if l.head != nil {
		head = l.head(i)
	}
	sample := parser.SampleLines(head, sampleLines, false)
	if len(sample) == 0 {
		sample = parser.SampleLines(data, sampleLines, true)
	}
	detect(in, sample, l.opts.Forced, l.known)
	if in.Kind == "error" {
		l.meta[i].Kind, l.meta[i].Format = "error", in.Error.Name()
	} else {
		l.meta[i].Kind, l.meta[i].Format = in.Kind, in.Access.Name()
		if fb, ok := in.Access.(*parser.Fallback); ok {
			l.meta[i].FormatNames = fb.Names()
		}
	}
	if l.OnDetect != nil {
		l.OnDetect(i, in)
	}
}

// add counts one access entry of input i.
func (l *Live) add(i int, lineNo int64, line []byte, e *parser.Entry) {
	if e.HasTime && !e.HasZone && l.opts.Analyze.Zone != nil {
		_, off := time.Unix(0, e.Time).In(l.opts.Analyze.Zone).Zone()
		e.Time -= int64(off) * 1e9
		e.Offset, e.HasZone = int32(off), true
	}
	l.Requests++
	class := 0
	if e.Status >= 100 {
		class = e.Status / 100
	}
	l.Classes[class]++
	t := l.now
	if e.HasTime {
		t = e.Time
	}
	if t < l.now-int64(horizon) {
		l.Late++
		return
	}
	if sec, now := t/1e9, l.now/1e9; sec <= now && sec > now-int64(rateSecs) {
		s := &l.secs[int(sec%int64(rateSecs)+int64(rateSecs))%rateSecs]
		if s.sec != sec {
			*s = second{sec: sec}
		}
		s.n[class]++
	}
	p := l.pane(t)
	if e.Truncated {
		p.heavy.Truncated(i, lineNo, line)
	}
	if e.Status >= 400 && e.Client != nil {
		p.clients.Add(e.Client, 1)
	}
	p.heavy.Add(i, lineNo, line, e)
	light := parser.Entry{Time: e.Time, Offset: e.Offset, HasTime: e.HasTime, HasZone: e.HasZone, Status: e.Status,
		Bytes: -1, Port: -1, RequestTime: -1, UpstreamTime: -1, Connection: -1}
	p.light.Add(i, lineNo, nil, &light)
}

// pane returns the pane of log time t: the first pane not frozen for
// earlier times, the pane of the clock for later ones.
func (l *Live) pane(t int64) *pane {
	if t > l.now {
		t = l.now
	}
	start := floorDiv(t, int64(paneLen)) * int64(paneLen)
	start = max(start, l.frozen)
	k, found := slices.BinarySearchFunc(l.panes, start, func(p *pane, s int64) int {
		switch {
		case p.start < s:
			return -1
		case p.start > s:
			return 1
		}
		return 0
	})
	if found {
		return l.panes[k]
	}
	heavy := analyze.NewPartial(len(l.inputs), l.heavyOpts)
	heavy.SetEvidence(l.evidence.ev)
	p := &pane{start: start, heavy: heavy, light: analyze.NewPartial(len(l.inputs), l.lightOpts),
		errStats: analyze.NewErrorStats(), errIn: make([]analyze.InputStats, len(l.inputs)), clients: analyze.NewTopK(failCapacity)}
	l.panes = slices.Insert(l.panes, k, p)
	return p
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func blank(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' && c != '\r' && c != 0 {
			return false
		}
	}
	return true
}

// errorLines reads whole lines of error log i, holding back its last entry
// while its continuation lines may still come.
func (l *Live) errorLines(i int, data []byte) {
	r := &l.errRead[i]
	r.pending = append(r.pending, data...)
	// The last line that starts an entry, and what follows it, wait.
	cut := len(r.pending)
	f := l.inputs[i].Error
	for end := len(r.pending) - 1; end > 0; {
		start := bytes.LastIndexByte(r.pending[:end], '\n') + 1
		line := r.pending[start:end]
		if n := len(line); n > 0 && line[n-1] == '\r' {
			line = line[:n-1]
		}
		if f.Parse(line, &r.ent) == nil {
			cut = start
			break
		}
		end = start - 1
		if len(r.pending)-start > 64<<10 {
			break // a run of lines this long is not one entry's tail
		}
	}
	if cut > 0 {
		l.readErrors(i, r.pending[:cut])
		r.pending = append(r.pending[:0], r.pending[cut:]...)
	}
}

// flushAllErrors counts the held back entries of every error log.
func (l *Live) flushAllErrors() {
	for j := range l.errRead {
		if len(l.errRead[j].pending) > 0 {
			l.flushErrors(j)
		}
	}
}

// flushErrors counts the held back entry of error log i.
func (l *Live) flushErrors(i int) {
	r := &l.errRead[i]
	if len(r.pending) > 0 && l.inputs[i].Kind == "error" {
		l.readErrors(i, r.pending)
	}
	r.pending = r.pending[:0]
}

// readErrors counts whole entries of error log i.
func (l *Live) readErrors(i int, data []byte) {
	r := &l.errRead[i]
	in := l.inputs[i]
	sc := parser.NewErrorScanner(bytes.NewReader(data), in.Error, l.opts.MaxLine)
	sc.File = in.Path
	base := r.lines
	var acc parser.Entry
	sc.Foreign = func(line []byte, lineNo int) bool {
		if in.Access.Parse(line, &acc) != nil {
			return false
		}
		l.add(i, base+int64(lineNo), line, &acc)
		return true
	}
	server := "apache"
	if in.Error.Name() == parser.NameNginxError {
		server = "nginx"
	}
	zone := l.opts.Zone
	var last *pane
	for sc.Next() {
		ent := sc.Entry()
		t := l.now
		if ent.HasTime {
			t = ent.Timestamp(zone).UnixNano()
		}
		l.ErrorEnts++
		if t < l.now-int64(horizon) {
			l.Late++
			continue
		}
		p := l.pane(t)
		last = p
		et := int64(0)
		if ent.HasTime {
			et = t
		}
		p.errStats.Add(ent, et)
		if l.matcher.Match(ent.Code, ent.ErrnoNum, ent.Message) < 0 {
			continue
		}
		ev := analyze.ErrorEvent{Time: et, Connection: ent.Connection, Errno: ent.ErrnoNum, Server: server,
			Code: bytes.Clone(ent.Code), Message: bytes.Clone(ent.Message), Request: bytes.Clone(ent.Request),
			Client:  bytes.Clone(ent.Client),
			Example: analyze.Sample{Input: in.Path, Line: base + int64(sc.Line()), Excerpt: excerpt(ent)}}
		l.evidence.add(ev)
		if len(p.events) < maxPaneEvents {
			p.events = append(p.events, ev)
		} else {
			p.dropped++
		}
	}
	c := sc.Counts()
	if last == nil {
		last = l.pane(l.now)
	}
	st := &last.errIn[i]
	st.Lines += int64(c.Lines)
	st.Entries += int64(c.Entries)
	st.Malformed += int64(c.Malformed)
	st.Blank += int64(c.Blank)
	st.TooLong += int64(c.TooLong)
	st.Continuation += int64(c.Continuation)
	st.Foreign += int64(c.Foreign)
	tot := &l.Files[i]
	tot.Lines += int64(c.Lines)
	tot.Entries += int64(c.Entries)
	tot.Malformed += int64(c.Malformed)
	tot.Blank += int64(c.Blank)
	tot.TooLong += int64(c.TooLong)
	tot.Continuation += int64(c.Continuation)
	tot.Foreign += int64(c.Foreign)
	r.lines += int64(c.Lines)
}

// excerpt renders an error entry for an example line as scan does:
// "[level] errno: code: message", the message cut to 200 bytes.
func excerpt(ent *parser.ErrorEntry) string {
	s := ""
	if len(ent.Level) > 0 {
		s = "[" + string(ent.Level) + "] "
	}
	if len(ent.Errno) > 0 && ent.Connection < 0 {
		s += string(ent.Errno) + ": "
	}
	if len(ent.Code) > 0 {
		s += string(ent.Code) + ": "
	}
	msg := ent.Message
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return s + string(msg)
}

// EndPoll is called after each poll: the error-log index is rebuilt when
// new matching entries came, and the live panes join against it.
func (l *Live) EndPoll() {
	if l.evidence.update(l.now) {
		for _, p := range l.panes {
			p.heavy.SetEvidence(l.evidence.ev)
		}
	}
}

// paneEvidence indexes the matching entries of a pane: its server-wide
// conditions, for incidents.
func paneEvidence(p *pane) *analyze.Evidence {
	if len(p.events) == 0 {
		return nil
	}
	return analyze.BuildEvidence(p.events, analyze.Rules)
}

// errorInputs returns the error-log inputs' stats of a pane in the order
// NewState wants them.
func (l *Live) errorInputs(p *pane) []analyze.Input {
	var out []analyze.Input
	for i, m := range l.meta {
		if m.Kind == "error" {
			out = append(out, analyze.Input{Path: m.Path, Kind: "error", Format: m.Format, InputStats: p.errIn[i]})
		}
	}
	return out
}

// states makes the heavy and light states of a pane. They share the
// pane's tables: a live pane's are cloned before use.
func (l *Live) states(p *pane) (heavy, light *analyze.State) {
	ev := paneEvidence(p)
	heavy = analyze.NewState(l.meta, p.heavy, &analyze.ErrorLogs{Inputs: l.errorInputs(p), Evidence: ev, Stats: p.errStats}, l.opts.ZoneNote)
	light = analyze.NewState(l.meta, p.light, &analyze.ErrorLogs{Evidence: ev}, "")
	return heavy, light
}

// Freeze freezes the panes whose time is over and drops from the windows
// the panes that left them.
func (l *Live) Freeze() {
	l.flushAllErrors()
	l.EndPoll()
	for len(l.panes) > 0 && l.panes[0].start+int64(paneLen+paneGrace) <= l.now {
		p := l.panes[0]
		l.panes = l.panes[1:]
		l.frozen = p.start + int64(paneLen)
		heavy, light := l.states(p)
		l.win5.push(p.start, l.win5.encode(heavy))
		l.win15.push(p.start, l.win15.encode(light))
		l.errs = append(l.errs, frozenErrs{p.start, p.errStats, p.clients})
	}
	if l.frozen < l.now-int64(paneLen+paneGrace) {
		// No entry for a while: later entries of that time are late.
		l.frozen = floorDiv(l.now-int64(paneLen+paneGrace), int64(paneLen)) * int64(paneLen)
		if len(l.panes) > 0 {
			l.frozen = min(l.frozen, l.panes[0].start)
		}
	}
	drop := func(w *swag, span time.Duration) {
		for {
			s, ok := w.oldest()
			if !ok || s+int64(paneLen) > l.now-int64(span) {
				return
			}
			w.pop()
		}
	}
	drop(l.win5, window5)
	drop(l.win15, window15)
	k := 0
	for k < len(l.errs) && l.errs[k].start+int64(paneLen) <= l.now-int64(window5) {
		k++
	}
	l.errs = append(l.errs[:0], l.errs[k:]...)
}

// Window5 returns the state of the last five minutes (at the granularity
// of panes), nil when nothing was counted in them. The caller owns it.
func (l *Live) Window5() *analyze.State {
	st := l.win5.state()
	for _, p := range l.panes {
		heavy, _ := l.states(p)
		c := heavy.Clone(l.heavyOpts)
		if st == nil {
			st = c
		} else {
			st.Merge(c)
		}
	}
	return st
}

// Window15 returns the light state (times, statuses and error-log
// conditions) of the last 15 minutes, for incidents; nil when empty.
func (l *Live) Window15() *analyze.State {
	st := l.win15.state()
	for _, p := range l.panes {
		_, light := l.states(p)
		c := light.Clone(l.lightOpts)
		if st == nil {
			st = c
		} else {
			st.Merge(c)
		}
	}
	return st
}

// Errors1 returns the error-log messages of the last minute.
func (l *Live) Errors1(top int, loc *time.Location) *analyze.ErrorSummary {
	s := analyze.NewErrorStats()
	for _, f := range l.errs {
		if f.start+int64(paneLen) > l.now-int64(window1) {
			s.Merge(f.stats)
		}
	}
	for _, p := range l.panes {
		if p.start+int64(paneLen) > l.now-int64(window1) {
			s.Merge(p.errStats)
		}
	}
	return s.Summary(top, loc, l.opts.ZoneNote)
}

// FailingClients returns the n clients with most 4xx and 5xx answers in
// the last five minutes.
func (l *Live) FailingClients(n int) []analyze.Counted {
	t := analyze.NewTopK(failCapacity)
	for _, f := range l.errs {
		t.Merge(f.clients)
	}
	for _, p := range l.panes {
		t.Merge(p.clients)
	}
	return t.Top(n)
}

// Rates returns the requests per class of each of the last n seconds of
// the clock, oldest first.
func (l *Live) Rates(n int) [][6]int64 {
	n = min(n, rateSecs)
	out := make([][6]int64, n)
	now := l.now / 1e9
	for k := range n {
		sec := now - int64(n-1-k)
		s := &l.secs[int(sec%int64(rateSecs)+int64(rateSecs))%rateSecs]
		if s.sec == sec {
			out[k] = s.n
		}
	}
	return out
}

// Counts returns the requests per class in the last d of the clock, at the
// granularity of seconds.
func (l *Live) Counts(d time.Duration) [6]int64 {
	var out [6]int64
	for _, r := range l.Rates(int(d / time.Second)) {
		for c := range out {
			out[c] += r[c]
		}
	}
	return out
}

// liveEvidence is the error-log index access entries are joined against:
// the matching entries of the last few minutes, rebuilt when new ones came.
type liveEvidence struct {
	events []analyze.ErrorEvent
	dirty  bool
	ev     *analyze.Evidence
}

// Bounds of the live index: entries this recent, at most this many.
const (
	evidenceRetain = 3 * time.Minute
	evidenceMax    = 5000
)

func (e *liveEvidence) add(ev analyze.ErrorEvent) {
	e.events = append(e.events, ev)
	e.dirty = true
}

// update rebuilds the index when entries came since the last time, and
// reports whether it did.
func (e *liveEvidence) update(now int64) bool {
	if !e.dirty {
		return false
	}
	e.dirty = false
	k := 0
	for k < len(e.events) && (len(e.events)-k > evidenceMax || e.events[k].Time != 0 && e.events[k].Time < now-int64(evidenceRetain)) {
		k++
	}
	if k > 0 {
		e.events = append(e.events[:0], e.events[k:]...)
	}
	e.ev = analyze.BuildEvidence(e.events, analyze.Rules)
	return true
}
