package analyze

import (
	"bytes"
	"cmp"
	"hash/maphash"
	"math"
	"slices"

	"github.com/logscan/logscan/parser"
)

// ErrorEvent is one error-log entry as the diagnosis needs it. The caller
// converts parsed error-log entries (whose timestamps carry no zone) into
// events with Unix times, and copies the byte slices it passes.
type ErrorEvent struct {
	Time       int64  // Unix nanoseconds; 0 when unknown
	Client     []byte // client address without port, nil when none
	Connection int64  // nginx connection serial (*N), -1 when none
	Code       []byte // Apache AH code, nil when none
	Errno      int    // OS error number, -1 when none
	Message    []byte // the message without prefixes
	Request    []byte // nginx `request: "..."` line, nil when none
	Server     string // "apache" or "nginx"
	Example    Sample // the error-log line, for the report
}

// event is an indexed error-log entry that matched a rule.
type event struct {
	rule    int
	cause   uint8
	time    int64
	conn    int64  // nginx connection serial, -1 when none
	urlPath []byte // from an nginx request line or a ModSecurity [uri "..."] tag
	fsPath  []byte // the requested file or directory, as the message names it
	above   bool   // fsPath may be a directory above the requested path
	example Sample
}

// pathCauses are the causes whose messages name the file or directory the
// request asked for, mapped to whether that may be a directory above the
// requested path (a denied directory, a symbolic link or an unsearchable or
// missing directory on the way). The paths in other messages name something
// else (a password file, a backend URL, a PHP source file, a temporary
// file, a rewritten target), which says nothing of the request's path.
var pathCauses = map[string]bool{"missing-file": true, "fs-permissions": true, "symlink-denied": true,
	"deny-rule": true, "no-index": false, "primary-script-unknown": false}

// window is a period in which a server-wide condition (MaxRequestWorkers
// reached, a backend marked down) explains the error responses.
type window struct {
	rule       int
	cause      uint8
	start, end int64
	messages   int64
	example    Sample
}

// Evidence indexes the error-log entries that match a cause rule, so that
// access entries can be matched against them while they stream by. It is
// built before the access logs are read and is then read-only, shared by
// all workers. Its memory grows with the matching error-log entries, up to
// maxIndexed of them; see [EvidenceBuilder].
type Evidence struct {
	rules    []Rule
	events   []event
	byConn   eventIndex[int64]  // by nginx connection
	byClient eventIndex[uint64] // by hash of client and second
	windows  []window
	// maxLookback is the longest lookback of the causes indexed.
	maxLookback int64
	// clientBits has a bit set, by client hash, for every client an
	// indexed entry names: a clear bit spares an error response the search
	// through every second of its join window.
	clientBits [1024]uint64
	Matched    int64 // error-log entries that matched a rule
	Total      int64 // error-log entries seen
	// Unindexed counts the matching entries beyond the first maxIndexed,
	// which are counted in Matched but cannot explain access entries.
	Unindexed int64
}

// maxIndexed bounds the error-log entries an Evidence indexes (a few
// hundred bytes each): an error log of millions of matching lines keeps
// memory bounded, and its first 200,000 explain the access log.
const maxIndexed = 200_000

// serverWideSlack widens a server-wide condition's window on each side: the
// responses it causes come shortly before the first message and shortly
// after the last.
const serverWideSlack = 60e9

// serverWideGap joins two messages of the same condition into one window.
const serverWideGap = 120e9

// clientSlack is how far apart, in seconds, an error-log entry and the
// access entry it explains may be beside what the request's duration
// explains.
const clientSlack = 2

// nginx writes the access line when the request ends, so the error line of
// a slow request comes before it by the request's duration (Apache's %t is
// the request's start: its error lines come after by up to as much). When
// the access log has the request time, the join reaches that far on both
// sides, up to maxJoinSeconds. When it has not, causes whose message is
// written early in a long request reach back by their own window:
// causeLookback, in seconds, by cause id.
const maxJoinSeconds = 600

var causeLookback = map[string]int64{
	"body-too-large": 60, // written while the body is still being sent
	"backend-down":   60, // connect() failed, then other upstreams or a retry (proxy_connect_timeout 60 s)
	"client-timeout": 60, // client_header_timeout and client_body_timeout are 60 s
}

// lookback is causeLookback by cause index.
var lookback = func() [256]int64 {
	var l [256]int64
	for id, s := range causeLookback {
		l[causeNum(id)] = s
	}
	return l
}()

// EvidenceBuilder builds an [Evidence] from error-log entries as they are
// read, so that only the entries that match a rule are kept, and only what
// the diagnosis needs of them: [EvidenceBuilder.Match] each entry, then
// [EvidenceBuilder.Keep] the ones that matched.
type EvidenceBuilder struct {
	m     *Matcher
	ev    *Evidence
	wides []wide
	limit int // entries indexed at most: maxIndexed
	// starts are the times of the server's start-up messages, which end
	// the windows of UntilRestart rules.
	starts []int64
}

// maxStarts bounds the start-up messages kept (a server restarted every
// minute for months).
const maxStarts = 100_000

// startUpGrace is how long after an UntilRestart message the start-up
// messages of the same start-up come (Apache writes the configuration's
// warnings, then "resuming normal operations" and "Command line" within a
// second): a start-up message later than that is the next start-up.
const startUpGrace = 5e9

// isStartUp reports whether an Apache error-log entry is one of the
// messages of a start-up or restart: AH00163 / AH00489 "... configured --
// resuming normal operations", AH00094 "Command line: ...", or 2.2's
// "resuming normal operations" without a code.
func isStartUp(code, msg []byte) bool {
	switch string(code) {
	case "AH00163", "AH00489", "AH00094":
		return true
	case "":
		return len(msg) < 300 && bytes.Contains(msg, []byte("resuming normal operations"))
	}
	return false
}

// wide is a message of a server-wide condition, joined into windows at the
// end.
type wide struct {
	rule int
	t    int64
	ex   Sample
}

// NewEvidenceBuilder returns a builder matching entries against rules.
func NewEvidenceBuilder(rules []Rule) *EvidenceBuilder {
	return &EvidenceBuilder{m: NewMatcher(rules), limit: maxIndexed,
		ev: &Evidence{rules: rules, byConn: newEventIndex[int64](), byClient: newEventIndex[uint64]()}}
}

// Match counts one error-log entry and returns the index of the rule it
// matches with a cause to keep, or -1. e's byte slices are only read.
func (b *EvidenceBuilder) Match(e *ErrorEvent) int {
	ev := b.ev
	ev.Total++
	if e.Time != 0 && len(b.starts) < maxStarts && isStartUp(e.Code, e.Message) {
		b.starts = append(b.starts, e.Time)
	}
	r := b.m.Match(e.Code, e.Errno, e.Message)
	if r < 0 {
		return -1
	}
	ev.Matched++
	if _, ok := causeIndex[ev.rules[r].Cause]; !ok {
		return -1
	}
	if len(ev.events)+len(b.wides) >= b.limit {
		ev.Unindexed++
		return -1
	}
	return r
}

// Keep indexes an entry that matched rule r (as [EvidenceBuilder.Match]
// returned), with e.Example set. It copies what it keeps of e's bytes.
func (b *EvidenceBuilder) Keep(e *ErrorEvent, r int) {
	ev := b.ev
	rule := ev.rules[r]
	c := causeIndex[rule.Cause]
	if rule.ServerWide && e.Time != 0 {
		b.wides = append(b.wides, wide{r, e.Time, e.Example})
		return
	}
	x := event{rule: r, cause: c, time: e.Time, conn: e.Connection, example: e.Example}
	ev.maxLookback = max(ev.maxLookback, lookback[c])
	if above, ok := pathCauses[rule.Cause]; ok {
		x.fsPath, x.above = fsPathOf(e.Message), above
		// An .htaccess file applies to every request below its
		// directory, and the document root is unknown.
		if bytes.HasSuffix(x.fsPath, []byte("/.htaccess")) {
			x.fsPath = nil
		}
	}
	x.urlPath = uriTag(e.Message)
	if e.Request != nil {
		if sp := bytes.IndexByte(e.Request, ' '); sp > 0 {
			u := e.Request[sp+1:]
			if last := bytes.LastIndexByte(u, ' '); last > 0 {
				u = u[:last]
			}
			if q := bytes.IndexByte(u, '?'); q >= 0 {
				u = u[:q]
			}
			x.urlPath = u
		}
	}
	x.fsPath, x.urlPath = bytes.Clone(x.fsPath), bytes.Clone(x.urlPath)
	idx := int32(len(ev.events))
	ev.events = append(ev.events, x)
	ev.byConn.grow()
	ev.byClient.grow()
	if e.Connection >= 0 {
		ev.byConn.add(e.Connection, idx)
	}
	if e.Client != nil && e.Time != 0 {
		ch := maphash.Bytes(sharedSeed, e.Client)
		ev.byClient.add(secondKey(ch, e.Time/1e9), idx)
		ev.clientBits[ch%(64*uint64(len(ev.clientBits)))/64] |= 1 << (ch % 64)
	}
}

// Evidence joins the server-wide messages into windows and returns the
// index. The builder is not used after.
func (b *EvidenceBuilder) Evidence() *Evidence {
	ev := b.ev
	slices.SortFunc(b.wides, func(a, b wide) int {
		if c := cmp.Compare(a.rule, b.rule); c != 0 {
			return c
		}
		return cmp.Compare(a.t, b.t)
	})
	slices.Sort(b.starts)
	for _, w := range b.wides {
		n := len(ev.windows)
		if ev.rules[w.rule].UntilRestart {
			// From the warning until the next start-up (its own start-up
			// messages come within startUpGrace), else the end of the log.
			end := int64(math.MaxInt64)
			if i, _ := slices.BinarySearch(b.starts, w.t+startUpGrace+1); i < len(b.starts) {
				end = b.starts[i]
			}
			if n > 0 && ev.windows[n-1].rule == w.rule && w.t <= ev.windows[n-1].end {
				last := &ev.windows[n-1]
				last.end = max(last.end, end)
				last.messages++
				continue
			}
			ev.windows = append(ev.windows, window{rule: w.rule, cause: causeIndex[ev.rules[w.rule].Cause],
				start: w.t, end: end, messages: 1, example: w.ex})
			continue
		}
		if n > 0 && ev.windows[n-1].rule == w.rule && w.t-ev.windows[n-1].end <= serverWideGap+serverWideSlack {
			last := &ev.windows[n-1]
			last.end = w.t + serverWideSlack
			last.messages++
			continue
		}
		ev.windows = append(ev.windows, window{rule: w.rule, cause: causeIndex[ev.rules[w.rule].Cause],
			start: w.t - serverWideSlack, end: w.t + serverWideSlack, messages: 1, example: w.ex})
	}
	b.wides = nil
	return ev
}

// BuildEvidence matches events against the rule table and indexes them.
func BuildEvidence(events []ErrorEvent, rules []Rule) *Evidence {
	b := NewEvidenceBuilder(rules)
	for i := range events {
		if r := b.Match(&events[i]); r >= 0 {
			b.Keep(&events[i], r)
		}
	}
	return b.Evidence()
}

// eventIndex lists the events of each key in the order they were added:
// a map from the key to its first and last event, and for every event the
// next one of its key. It allocates nothing per key beyond the map entry,
// where a slice per key cost an allocation for most keys.
type eventIndex[K comparable] struct {
	ends map[K][2]int32 // first and last event of the key
	next []int32        // per event: the next event of its key, or -1
}

func newEventIndex[K comparable]() eventIndex[K] {
	return eventIndex[K]{ends: make(map[K][2]int32)}
}

// grow makes room for one more event (call once per event, in order).
func (x *eventIndex[K]) grow() { x.next = append(x.next, -1) }

// add appends event i, the last one grown, to the list of k.
func (x *eventIndex[K]) add(k K, i int32) {
	if e, ok := x.ends[k]; ok {
		x.next[e[1]] = i
		x.ends[k] = [2]int32{e[0], i}
		return
	}
	x.ends[k] = [2]int32{i, i}
}

// first returns the first event of k, or -1.
func (x *eventIndex[K]) first(k K) int32 {
	if e, ok := x.ends[k]; ok {
		return e[0]
	}
	return -1
}

// secondKey is the index key of a client (its maphash) and a second.
func secondKey(client uint64, sec int64) uint64 {
	return (client ^ uint64(sec)*0x9E3779B97F4A7C15) * 0xBF58476D1CE4E5B9
}

// fsPathOf returns the first absolute path named in a message ("File does
// not exist: /var/www/x", "open() \"/srv/x\" failed"), or nil.
func fsPathOf(msg []byte) []byte {
	i := bytes.IndexByte(msg, '/')
	for i > 0 && msg[i-1] != ' ' && msg[i-1] != '"' && msg[i-1] != ':' {
		j := bytes.IndexByte(msg[i+1:], '/')
		if j < 0 {
			return nil
		}
		i += 1 + j
	}
	if i < 0 {
		return nil
	}
	p := msg[i:]
	if j := bytes.IndexAny(p, "\" ,"); j >= 0 {
		p = p[:j]
	}
	return bytes.TrimSuffix(p, []byte(":"))
}

// uriTag returns the request path of a ModSecurity or Coraza message, the
// value of its [uri "..."] tag, or nil.
func uriTag(msg []byte) []byte {
	i := bytes.Index(msg, []byte(`[uri "`))
	if i < 0 {
		return nil
	}
	u := msg[i+6:]
	j := bytes.IndexByte(u, '"')
	if j <= 0 || u[0] != '/' {
		return nil
	}
	u = u[:j]
	if q := bytes.IndexByte(u, '?'); q >= 0 {
		u = u[:q]
	}
	return u
}

// statusOK reports whether rule r can explain status code.
func (ev *Evidence) statusOK(r, code int) bool {
	return slices.Contains(ev.rules[r].Statuses, code)
}

// pathOK reports whether an event's path fits the request path.
func pathOK(x *event, path []byte) bool {
	switch {
	case x.urlPath != nil:
		return bytes.Equal(x.urlPath, path)
	case x.fsPath != nil:
		return fsPathFits(x.fsPath, path, x.above)
	}
	return true
}

// fsPathFits reports whether a file-system path a message names can be the
// file behind a request path, the document root being unknown: the file
// path ends with the request path; or the request names a directory and the
// file lies in it (its index file); or, when above is set, the file path is
// a directory on the way to the request path. Paths compare by whole
// components, so /var/www/html/admin does not fit /a.
func fsPathFits(fs, path []byte, above bool) bool {
	p := bytes.TrimSuffix(path, []byte("/"))
	f := bytes.TrimSuffix(fs, []byte("/"))
	if len(p) == 0 {
		return true // the document root holds everything
	}
	if p[0] != '/' {
		return bytes.HasSuffix(f, p)
	}
	if bytes.HasSuffix(f, p) {
		return true
	}
	if len(p) < len(path) { // a directory: its index file
		if i := bytes.LastIndexByte(f, '/'); i > 0 && bytes.HasSuffix(f[:i], p) {
			return true
		}
	}
	if above { // p is f[i:] followed by more components, for some '/' at i
		for i := range len(f) {
			if f[i] == '/' && len(p) > len(f)-i && p[len(f)-i] == '/' && bytes.HasPrefix(p, f[i:]) {
				return true
			}
		}
	}
	return false
}

// match finds the error-log event that explains an access entry: by nginx
// connection number when the access log has it, else by client and time
// (within two seconds) and path; else a server-wide window around the
// entry's time. It returns the event's cause and example line.
func (ev *Evidence) match(e *parser.Entry, path []byte) (uint8, Sample, bool) {
	if e.Connection >= 0 {
		for i := ev.byConn.first(e.Connection); i >= 0; i = ev.byConn.next[i] {
			x := &ev.events[i]
			if ev.statusOK(x.rule, e.Status) && pathOK(x, path) {
				return x.cause, x.example, true
			}
		}
	}
	var ch uint64
	if e.Client != nil {
		ch = maphash.Bytes(sharedSeed, e.Client)
	}
	if e.Client != nil && e.HasTime && ev.clientBits[ch%(64*uint64(len(ev.clientBits)))/64]&(1<<(ch%64)) != 0 {
		sec := e.Time / 1e9
		// The request's duration, when logged, widens the join on both
		// sides; else each cause reaches back by its own window.
		var dur int64 = -1
		if rt := max(e.RequestTime, e.UpstreamTime); rt >= 0 {
			dur = min(int64(math.Ceil(rt)), maxJoinSeconds)
		}
		after := int64(clientSlack)
		before := ev.maxLookback + clientSlack
		if dur >= 0 {
			after, before = clientSlack+dur, clientSlack+dur
		}
		// Nearest seconds first: sec, sec-1, sec+1, sec-2, sec+2, ...
		for d := int64(0); d <= max(before, after); d++ {
			for _, s := range [2]int64{sec - d, sec + d} {
				if s < sec-before || s > sec+after || d == 0 && s != sec-d {
					continue
				}
				for i := ev.byClient.first(secondKey(ch, s)); i >= 0; i = ev.byClient.next[i] {
					x := &ev.events[i]
					if e.Connection >= 0 && x.conn >= 0 && x.conn != e.Connection {
						continue // logged for another connection
					}
					if dur < 0 && sec-s > clientSlack+lookback[x.cause] {
						continue // too early for this cause
					}
					if ev.statusOK(x.rule, e.Status) && pathOK(x, path) {
						return x.cause, x.example, true
					}
				}
			}
		}
	}
	if e.HasTime {
		for i := range ev.windows {
			w := &ev.windows[i]
			if e.Time >= w.start && e.Time <= w.end && ev.statusOK(w.rule, e.Status) {
				return w.cause, w.example, true
			}
		}
	}
	return 0, Sample{}, false
}

// matchErrorLog attributes an error response to error-log evidence.
func (p *Partial) matchErrorLog(in int, line int64, raw []byte, e *parser.Entry) bool {
	if p.opts.Evidence == nil {
		return false
	}
	// Match on the path as logged: error logs do not know --group.
	c, ex, ok := p.opts.Evidence.match(e, pathOf(e))
	if !ok {
		return false
	}
	p.addEvidence(in, line, raw, e.Status, c, true, ex)
	return true
}
