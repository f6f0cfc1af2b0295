package analyze

import (
	"bytes"
	"cmp"
	"hash/maphash"
	"math"
	"slices"

	"github.com/logscan/logscan/parser"
)

// This file holds the access-log heuristics of the diagnosis: evidence for a
// cause that the access log alone gives, request by request, with bounded
// state. Heuristics that need the whole log (case mismatch, moved resources,
// broken links, scanners, bursts) finish in diagnose.go.

// causeIndex maps cause ids to small numbers, in catalog order.
var causeIndex = func() map[string]uint8 {
	m := make(map[string]uint8, len(catalog))
	for i, c := range catalog {
		m[c.ID] = uint8(i)
	}
	return m
}()

// causeNum returns the index of a cause id; it panics on an unknown id,
// which is a programming error caught by the tests.
func causeNum(id string) uint8 {
	n, ok := causeIndex[id]
	if !ok {
		panic("analyze: unknown cause id " + id)
	}
	return n
}

var (
	causeMalformed     = causeNum("malformed-request")
	causeBinary        = causeNum("binary-probe")
	causeClientTimeout = causeNum("client-timeout")
	causeBadVersion    = causeNum("bad-http-version")
	causeMethod        = causeNum("method-not-implemented")
	causeReadOnly      = causeNum("read-only-resource")
	causeUpstreamTO    = causeNum("upstream-timeout")
	causeClientClosed  = causeNum("client-closed")
	causeScanner       = causeNum("scanner")
	causeAppResponse   = causeNum("app-response")
	causeNoCreds       = causeNum("no-credentials")
	causeCaseMismatch  = causeNum("case-mismatch")
	causeMoved         = causeNum("moved-resource")
	causeBrokenLink    = causeNum("broken-link")
	causeOverload      = causeNum("overload")
	causeMaintenance   = causeNum("maintenance")
	causeSingleClient  = causeNum("single-client")
)

// explains reports whether cause c can explain status code.
func explains(c uint8, code int) bool {
	for _, k := range catalog[c].Codes {
		if k == code {
			return true
		}
	}
	return false
}

// evKey names the evidence for one cause of one status code.
type evKey struct {
	code  int16
	cause uint8
}

// evidence counts the requests a cause explains, with one example access
// line and, for error-log evidence, one example error-log line.
type evidence struct {
	n        int64
	errorLog bool // the evidence comes from the error log
	example  Sample
	errLine  Sample
	detail   string // a short note, e.g. "clients waited 12.3 s at the median"
}

// sharedSeed hashes client+path keys the same way in every worker.
var sharedSeed = maphash.MakeSeed()

// accessState is the heuristics' per-worker state. Every map is bounded.
type accessState struct {
	// auth holds the pieces of the 401 heuristic per stream (see auth.go);
	// cur and curIn cache the piece of the input read last.
	auth  map[string][]*authPiece
	cur   *authPiece
	curIn int
	// clients404 tracks the clients with 404s, by fixedHash of the client:
	// a bottom-k sample, the maxScanClients clients of smallest hash, so
	// that which clients are kept, and their exact counts, do not depend
	// on how the log was cut. scanLimit is the largest hash still admitted.
	clients404 scanTable
	scanLimit  uint64
	// remap renumbers the input of the examples in clients404 when they
	// are merged into another state's (see Partial.remapInputs); nil: as
	// they are.
	remap     []int
	referers  *TopK // referers of 404s
	vhosts    *TopK
	lastVHost []byte
}

// scanTable holds scanStates by the fixedHash of their client: a list in
// memory order (merges walk it) and an index into it.
type scanTable struct {
	index map[uint64]int32
	list  []scanState
}

func (t *scanTable) len() int { return len(t.list) }

// get returns the state of client hash h, valid until the next add.
func (t *scanTable) get(h uint64) *scanState {
	if i, ok := t.index[h]; ok {
		return &t.list[i]
	}
	return nil
}

// add appends s, whose hash the table does not hold.
func (t *scanTable) add(s scanState) {
	t.index[s.hash] = int32(len(t.list))
	t.list = append(t.list, s)
}

func (t *scanTable) reset() {
	clear(t.index)
	t.list = t.list[:0]
}

// scanState tracks how many distinct paths one client got a 404 for.
type scanState struct {
	hash     uint64 // fixedHash of client
	client   string
	n404     int64
	distinct uint8
	hashes   [maxScanHashes]uint32 // fixedHash of the paths, stable across runs
	example  Sample
}

const (
	maxScanClients = 20000
	maxScanHashes  = 16
)

func newAccessState(capacity int) *accessState {
	return &accessState{
		auth:       map[string][]*authPiece{},
		curIn:      -1,
		clients404: scanTable{index: map[uint64]int32{}},
		scanLimit:  math.MaxUint64,
		referers:   newExampleTable(capacity),
		vhosts:     NewTopK(64),
	}
}

// reset empties a for reuse; the 401 pieces go to whoever merged them.
func (a *accessState) reset() {
	a.auth = map[string][]*authPiece{}
	a.cur, a.curIn = nil, -1
	a.clients404.reset()
	a.scanLimit = math.MaxUint64
	a.referers.Reset()
	a.vhosts.Reset()
	a.lastVHost = a.lastVHost[:0]
}

// piece returns the 401 piece of input in's stream.
func (a *accessState) piece(in int, streams []string) *authPiece {
	if a.cur != nil && a.curIn == in {
		return a.cur
	}
	stream := ""
	if in < len(streams) {
		stream = streams[in]
	}
	ps := a.auth[stream]
	if len(ps) == 0 {
		ps = append(ps, newAuthPiece(stream))
		a.auth[stream] = ps
	}
	a.cur, a.curIn = ps[len(ps)-1], in
	return a.cur
}

func (a *accessState) merge(o *accessState) {
	for s, ps := range o.auth {
		a.auth[s] = append(a.auth[s], ps...)
	}
	a.cur, a.curIn = nil, -1
	a.scanLimit = min(a.scanLimit, o.scanLimit)
	for i := range o.clients404.list { // no bound inside: any order gives the same
		s := &o.clients404.list[i]
		if o.remap != nil && s.example.Line > 0 && s.example.Input == "" && s.example.input < len(o.remap) {
			s.example.input = o.remap[s.example.input]
		}
		if mine := a.clients404.get(s.hash); mine != nil {
			mine.n404 += s.n404
			for _, h := range s.hashes[:s.distinct] {
				if mine.distinct == maxScanHashes {
					break
				}
				mine.addHash(h)
			}
			if earlier(s.example, mine.example) {
				mine.example = s.example
			}
		} else {
			a.clients404.add(*s)
		}
	}
	o.remap = nil
	a.pruneScan(2 * maxScanClients)
	a.referers.Merge(o.referers)
	a.vhosts.Merge(o.vhosts)
}

// pruneScan keeps at most n clients in clients404, those of smallest
// hash, and lowers the admission limit to match.
func (a *accessState) pruneScan(n int) {
	t := &a.clients404
	kept := t.list[:0]
	for _, s := range t.list {
		if s.hash <= a.scanLimit {
			kept = append(kept, s)
		}
	}
	if len(kept) > n {
		slices.SortFunc(kept, func(x, y scanState) int { return cmp.Compare(x.hash, y.hash) })
		kept = kept[:maxScanClients]
		a.scanLimit = kept[len(kept)-1].hash
	}
	if len(kept) == len(t.list) {
		return
	}
	clear(t.list[len(kept):]) // drop the strings of the pruned
	t.list = kept
	clear(t.index)
	for i, s := range t.list {
		t.index[s.hash] = int32(i)
	}
}

func (s *scanState) addHash(h uint32) {
	for _, x := range s.hashes[:s.distinct] {
		if x == h {
			return
		}
	}
	if s.distinct < maxScanHashes {
		s.hashes[s.distinct] = h
		s.distinct++
	}
}

// autoRequested reports whether a browser or a crawler asks for path by
// itself (a favicon, touch icons, robots.txt): the page in the referer
// does not link to it, so its 404 is no broken link.
func autoRequested(path []byte) bool {
	switch string(path) {
	case "/favicon.ico", "/robots.txt", "/sitemap.xml", "/ads.txt", "/browserconfig.xml", "/manifest.json", "/site.webmanifest":
		return true
	}
	return bytes.HasPrefix(path, []byte("/apple-touch-icon"))
}

// readMethod reports whether m is GET or HEAD: the requests a browser
// repeats with credentials after a challenge, and follows links with.
func readMethod(m []byte) bool { return string(m) == "GET" || string(m) == "HEAD" }

// knownMethods are the methods servers implement; others suggest a probe.
var knownMethods = []string{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT",
	"PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK", "REPORT", "SEARCH", "PURGE", "PRI"}

func knownMethod(m []byte) bool {
	for _, k := range knownMethods {
		if string(m) == k {
			return true
		}
	}
	return false
}

func goodProtocol(p []byte) bool {
	switch string(p) {
	case "HTTP/1.0", "HTTP/1.1", "HTTP/2.0", "HTTP/2", "HTTP/3", "HTTP/3.0", "HTTP/0.9":
		return true
	}
	return false
}

// probePaths are fragments of paths that vulnerability scanners request.
var probePaths = [][]byte{
	[]byte("/wp-login.php"), []byte("/wp-admin"), []byte("/xmlrpc.php"), []byte("/wp-content/plugins"), []byte("/wp-includes"),
	[]byte("/.env"), []byte("/.git/"), []byte("/.svn/"), []byte("/.hg/"), []byte("/.aws/"), []byte("/.ds_store"),
	[]byte("phpmyadmin"), []byte("/pma/"), []byte("/myadmin"), []byte("/cgi-bin/"), []byte("/vendor/phpunit"),
	[]byte("/boaform"), []byte("/hnap1"), []byte("/actuator"), []byte("/solr/"), []byte("/.well-known/security.txt"),
	[]byte("/config.json"), []byte("/setup.php"), []byte("/shell"), []byte("/phpinfo"), []byte("/administrator/"),
	[]byte("/owa/"), []byte("/autodiscover"), []byte("/console/"), []byte("/manager/html"), []byte("/etc/passwd"),
	[]byte("/.htpasswd"), []byte("/.htaccess"), []byte("/server-status"), []byte("/wp-config"), []byte("/backup"),
	[]byte("/sftp-config.json"), []byte("/telescope"), []byte("/_profiler"), []byte("/debug/"), []byte("/admin.php"),
}

// probesBySlash are the probe fragments that start with '/', indexed by
// the byte after the slash; the others (like "phpmyadmin") are in
// probesOther.
var probesBySlash, probesOther = func() (slash [256][][]byte, other [][]byte) {
	for _, p := range probePaths {
		if p[0] == '/' {
			slash[p[1]] = append(slash[p[1]], p)
		} else {
			other = append(other, p)
		}
	}
	return slash, other
}()

// isProbePath reports whether a path looks like a scanner's probe. It folds
// ASCII case without allocating and tries the fragments only where a path
// segment starts.
func isProbePath(path []byte) bool {
	var buf [256]byte
	n := min(len(path), len(buf))
	for i := 0; i < n; i++ {
		c := path[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	low := buf[:n]
	for i, c := range low {
		if c != '/' || i+1 == len(low) {
			continue
		}
		rest := low[i:]
		for _, p := range probesBySlash[rest[1]] {
			if bytes.HasPrefix(rest, p) {
				return true
			}
		}
	}
	for _, p := range probesOther {
		if bytes.Contains(low, p) {
			return true
		}
	}
	return false
}

// roundTimeouts are the proxy timeouts a request time sits at when the
// backend was cut off (nginx and Apache defaults are 60 s).
var roundTimeouts = []float64{10, 15, 20, 30, 45, 60, 90, 120, 180, 240, 300, 600}

// atTimeout reports whether seconds sits just at or above a round timeout.
func atTimeout(seconds float64) bool {
	if seconds < 5 {
		return false
	}
	for _, t := range roundTimeouts {
		if seconds >= t*0.995 && seconds <= t+1.5 {
			return true
		}
	}
	return false
}

// requestCause returns the cause one access entry alone proves, if any.
func requestCause(e *parser.Entry) (uint8, bool) {
	code := e.Status
	r := e.Request
	var c uint8
	switch {
	case r == nil:
		c = causeMalformed
		if code == 408 {
			c = causeClientTimeout
		}
	case len(r) >= 2 && r[0] == '\\' && r[1] == 'x':
		c = causeBinary
	case len(r) == 0 || e.Method == nil || e.Protocol == nil && code == 400:
		c = causeMalformed
	case e.Protocol != nil && !goodProtocol(e.Protocol):
		c = causeBadVersion
		if code != 505 {
			c = causeMalformed
		}
	case !knownMethod(e.Method):
		c = causeMethod
		if code == 400 {
			c = causeMalformed
		}
	case (code == 403 || code == 405) && (string(e.Method) == "PUT" || string(e.Method) == "DELETE" || string(e.Method) == "PATCH"):
		c = causeReadOnly
	case code == 504 || code == 502:
		t := e.UpstreamTime
		if t < 0 {
			t = e.RequestTime
		}
		if !atTimeout(t) {
			return 0, false
		}
		c = causeUpstreamTO
	case code == 499:
		c = causeClientClosed
	case (code == 404 || code == 403 || code == 400 || code == 405) && isProbePath(e.Path):
		c = causeScanner
	case e.UpstreamTime >= 0 && explains(causeAppResponse, code):
		// The proxy logged the upstream's response time: the application
		// answered, not the server's files or rules.
		c = causeAppResponse
	default:
		return 0, false
	}
	return c, explains(c, code)
}

// addAccess runs the per-request heuristics for one entry; raw is its line.
func (p *Partial) addAccess(in int, line int64, raw []byte, e *parser.Entry, path []byte, pathHash, clientHash uint64) {
	a := p.access
	code := e.Status
	if e.VHost != nil && (a.lastVHost == nil || !bytes.Equal(e.VHost, a.lastVHost)) {
		// Virtual hosts change rarely from line to line: count changes only,
		// which is enough to know which hosts exist.
		a.vhosts.Add(e.VHost, 1)
		a.lastVHost = append(a.lastVHost[:0], e.VHost...)
	}
	if e.HasTime {
		a.piece(in, p.opts.Streams).see(e.Time)
	}
	if e.Client != nil {
		switch {
		case !readMethod(e.Method):
			// An application's POST /login answering 401 is its own
			// rejection, not the HTTP authentication challenge.
		case code >= 200 && code < 300 && len(e.User) > 0:
			pc := a.piece(in, p.opts.Streams)
			if len(pc.open) > 0 || pc.inHead(e.Time) {
				pc.success(authKey(e.Client, path), e.Time, func() Sample { return p.sample(in, line, "", raw) })
			}
		case code == 401 && len(e.User) == 0:
			a.piece(in, p.opts.Streams).challenge(authKey(e.Client, path), e.Time)
		}
	}
	if code < 400 {
		return
	}
	if code == 404 {
		// A link is followed with a GET (or HEAD) of a path on this
		// server; a proxy probe's absolute URL is no broken link.
		if e.Referer != nil && readMethod(e.Method) && len(e.Path) > 0 && e.Path[0] == '/' && !autoRequested(path) {
			if i, _ := a.referers.addAt(maphash.Bytes(sharedSeed, e.Referer), e.Referer, 1); !a.referers.hasExample(i) {
				a.referers.setExample(i, p.sample(in, line, "", raw))
			}
		}
		if e.Client != nil {
			client := clipUTF8(e.Client, maxKeyBytes)
			ch := fixedHash(client)
			s := a.clients404.get(ch)
			if s == nil && ch <= a.scanLimit {
				a.clients404.add(scanState{hash: ch, client: string(client), example: p.sample(in, line, "", raw)})
				s = &a.clients404.list[len(a.clients404.list)-1]
			}
			if s != nil {
				s.n404++
				s.addHash(uint32(fixedHash(path)))
				if a.clients404.len() > 2*maxScanClients {
					a.pruneScan(maxScanClients)
				}
			}
		}
	}
	if p.matchErrorLog(in, line, raw, e) {
		return
	}
	if c, ok := requestCause(e); ok {
		p.addEvidence(in, line, raw, code, c, false, Sample{})
	}
}

// addEvidence counts one request of code explained by cause c.
func (p *Partial) addEvidence(in int, line int64, raw []byte, code int, c uint8, fromErrorLog bool, errLine Sample) {
	k := evKey{int16(code), c}
	ev := p.evidence[k]
	if ev == nil {
		ev = &evidence{errorLog: fromErrorLog, example: p.sample(in, line, "", raw), errLine: errLine}
		p.evidence[k] = ev
	}
	ev.n++
}

// sample copies the start of a line as an example.
func (p *Partial) sample(in int, line int64, reason string, raw []byte) Sample {
	s := sample(line, reason, raw)
	s.input = in
	return s
}

// authKey is the key of a client and path in the 401 heuristic: a hash
// with fixed constants, the same in every run, as states on disk need.
func authKey(client, path []byte) uint64 {
	return (fixedHash(client)*0x9E3779B97F4A7C15 ^ fixedHash(path)) * 0xBF58476D1CE4E5B9
}

// refererHost returns the host of an absolute http(s) referer, or nil.
func refererHost(ref []byte) []byte {
	i := bytes.Index(ref, []byte("://"))
	if i < 0 || i > 8 {
		return nil
	}
	h := ref[i+3:]
	if j := bytes.IndexAny(h, "/?#"); j >= 0 {
		h = h[:j]
	}
	if len(h) == 0 {
		return nil
	}
	return h
}
