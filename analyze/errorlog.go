package analyze

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
	"time"

	"github.com/logscan/logscan/parser"
)

// ErrorSummary describes the error logs of a run.
type ErrorSummary struct {
	Entries int64 `json:"entries"`
	// Zone says how the zone-less error-log timestamps were read: the UTC
	// offset used and where it came from.
	Zone    string    `json:"zone"`
	Levels  []Counted `json:"levels"`
	Modules []Counted `json:"modules"`
	// Templates are ranked by severity, then count (see
	// [ErrorStats.Summary]); every emerg, alert and crit template is kept.
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
// paths, addresses, ids and quoted strings (see [TemplateOf]). Messages
// with different AH codes never share a template. Level is the level the
// server logged the first of them at, or PHP's own severity for a PHP
// message.
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

// noLevel stands for the level of entries that have none (Apache startup
// lines).
var noLevel = []byte("(none)")

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
	names   map[string]string // levels and modules seen, see intern
	// shell are the earliest stray lines that look like a command's
	// output (webshell.go).
	shell []shellHit
}

// intern returns b as a string, allocating only the first time it sees
// it: m[string(b)]++ would allocate the key on every call.
func (s *ErrorStats) intern(b []byte) string {
	if k, ok := s.names[string(b)]; ok {
		return k
	}
	if s.names == nil {
		s.names = map[string]string{}
	}
	k := string(b)
	s.names[k] = k
	return k
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
	lv := e.Level
	if len(lv) == 0 {
		lv = noLevel
	}
	s.levels[s.intern(lv)]++
	if len(e.Module) > 0 {
		s.modules[s.intern(e.Module)]++
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
	s.buf = templateKey(s.buf[:0], e, msg)
	ts := s.templates[string(s.buf)]
	if ts == nil {
		if len(s.templates) >= maxTemplates {
			s.other++
			return
		}
		level := phpLevel(msg)
		if level == "" {
			level = string(lv)
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
	for _, h := range o.shell {
		s.shell = addShellHit(s.shell, h)
	}
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

// templateKey appends to dst the key under which an entry is counted: its
// AH code and a NUL byte when it has a code, so that two codes never share a
// row, then the template of the message with the parts the parser took out
// of it put back: Apache's "(13)Permission denied: " before it, nginx's
// " (11: Resource temporarily unavailable)", " while <action>", the server
// name and the upstream address after it.
func templateKey(dst []byte, e *parser.ErrorEntry, msg []byte) []byte {
	if len(e.Code) > 0 {
		dst = append(dst, e.Code...)
		dst = append(dst, 0)
	}
	nginxErrno := len(e.Errno) > 0 && e.Errno[0] != '(' && !bytes.Contains(msg, e.Errno)
	if len(e.Errno) > 0 && e.Errno[0] == '(' && !bytes.Contains(msg, e.Errno) {
		dst = append(dst, e.Errno...)
		dst = append(dst, ": "...)
	}
	dst = TemplateOf(dst, msg)
	if nginxErrno {
		dst = append(dst, " ("...)
		dst = append(dst, e.Errno...)
		dst = append(dst, ')')
	}
	if len(e.Action) > 0 {
		dst = append(dst, " while "...)
		dst = TemplateOf(dst, e.Action)
	}
	if len(e.Server) > 0 {
		dst = append(dst, ", server: "...)
		dst = append(dst, e.Server...)
	}
	if len(e.Upstream) > 0 {
		dst = append(dst, ", upstream: \""...)
		dst = append(dst, upstreamAddress(e.Upstream)...)
		dst = append(dst, '"')
	}
	return dst
}

// upstreamAddress returns an nginx upstream URL without the request's
// path: "http://127.0.0.1:5000/favicon.ico" gives "http://127.0.0.1:5000",
// "http://unix:/run/app.sock:/x" gives "http://unix:/run/app.sock:".
func upstreamAddress(u []byte) []byte {
	i := bytes.Index(u, []byte("://"))
	if i < 0 {
		return u
	}
	rest := u[i+3:]
	if bytes.HasPrefix(rest, []byte("unix:")) {
		if j := bytes.IndexByte(rest[5:], ':'); j >= 0 {
			return u[:i+3+5+j+1]
		}
		return u
	}
	if j := bytes.IndexByte(rest, '/'); j >= 0 {
		return u[:i+3+j]
	}
	return u
}

// splitKey returns the template and the AH code of a key of
// ErrorStats.templates (see templateKey); keys without a NUL byte, from
// state files written before codes were part of the key, have code "".
func splitKey(k string) (template, code string) {
	if i := strings.IndexByte(k, 0); i >= 0 {
		return k[i+1:], k[:i]
	}
	return k, ""
}

// phpLevel returns the error-log level matching the severity PHP gave a
// message it wrote to the server's log, directly (mod_php) or through
// PHP-FPM ("PHP message: ..."), or "" when msg holds no PHP message. PHP's
// severity wins over the level of the wrapping line: mod_php logs under
// the module's level and nginx logs all of a FastCGI stderr at error.
func phpLevel(msg []byte) string {
	if i := bytes.Index(msg, []byte("PHP message: ")); i >= 0 {
		msg = msg[i+len("PHP message: "):]
	}
	if !bytes.HasPrefix(msg, []byte("PHP ")) {
		return ""
	}
	msg = msg[4:]
	for _, l := range phpLevels {
		if bytes.HasPrefix(msg, []byte(l.prefix)) {
			return l.level
		}
	}
	return ""
}

// phpLevels maps the words PHP puts before a message to a level.
var phpLevels = []struct{ prefix, level string }{
	{"Fatal error", "error"},
	{"Parse error", "error"},
	{"Recoverable fatal error", "error"},
	{"Catchable fatal error", "error"},
	{"Warning", "warn"},
	{"Notice", "notice"},
	{"Deprecated", "notice"},
	{"Strict Standards", "notice"},
}

func excerpt(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return string(b)
}

// Summary returns the sorted summary with the top n templates, ranked by
// severity (emerg first, then alert, crit, error, warn, notice, info, debug
// and trace levels, then lines without a known level), then count. The
// emerg, alert and crit templates are all kept, even beyond n.
func (s *ErrorStats) Summary(n int, loc *time.Location, zone string) *ErrorSummary {
	out := &ErrorSummary{Entries: s.entries, Zone: zone, Levels: sortedCounts(s.levels), Modules: sortedCounts(s.modules)}
	for k, t := range s.templates {
		tpl, code := splitKey(k)
		if code == "" {
			code = t.code
		}
		tp := Template{Template: tpl, Code: code, Level: t.level, Count: t.count, Example: t.example}
		if t.first != 0 {
			tp.First, tp.Last = time.Unix(0, t.first).In(loc), time.Unix(0, t.last).In(loc)
		}
		out.Templates = append(out.Templates, tp)
	}
	if s.other > 0 {
		out.Templates = append(out.Templates, Template{Template: "(other messages)", Count: s.other})
	}
	slices.SortFunc(out.Templates, func(a, b Template) int {
		if c := cmp.Compare(severity(a.Level), severity(b.Level)); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Template, b.Template); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
	keep := n
	for keep < len(out.Templates) && severity(out.Templates[keep].Level) <= severity("crit") {
		keep++ // emerg, alert and crit are always shown
	}
	if len(out.Templates) > keep {
		out.Templates = out.Templates[:keep]
	}
	if out.Templates == nil {
		out.Templates = []Template{}
	}
	out.Timeline = s.timeline(loc)
	return out
}

// severity ranks an error-log level, 0 for emerg; levels it does not know
// ("(none)", a module's own words) rank after trace8, and the "(other
// messages)" row, which has no level, last.
func severity(level string) int {
	switch level {
	case "emerg":
		return 0
	case "alert":
		return 1
	case "crit":
		return 2
	case "error":
		return 3
	case "warn", "warning":
		return 4
	case "notice":
		return 5
	case "info":
		return 6
	case "debug":
		return 7
	case "":
		return 18
	}
	if len(level) == 6 && strings.HasPrefix(level, "trace") && level[5] >= '1' && level[5] <= '8' {
		return 7 + int(level[5]-'0')
	}
	return 16
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
//
// It keeps what tells cases apart: error numbers ("(11: Resource
// temporarily unavailable)", "(2)No such file or directory"), signal
// numbers ("exited on signal 9"), the directive of "Invalid command
// 'RewriteEngine'" and the address of upstream: "...". An apostrophe inside
// a word ("Can't") opens no quote, `x' is quoted as Apache writes it, and an
// unclosed quote is kept as a character; paths end before a closing ']'.
// The text that FastCGI sent in stderr: "..." and that AH01071 Got error
// '...' quotes is templated in its turn, up to the first "\n" Apache
// writes (the stack trace that follows); PHP stack frames ("PHP   3.
// main() ...") all share one template.
func TemplateOf(dst, msg []byte) []byte {
	if isPHPFrame(msg) {
		return append(dst, "PHP <n>. <frame>"...)
	}
	for i := 0; i < len(msg); {
		c := msg[i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			if c == '\'' && i > 0 && isLetter(msg[i-1]) && i+1 < len(msg) && isLetter(msg[i+1]) {
				dst = append(dst, c) // an apostrophe: Can't, server's
				i++
				continue
			}
			closer := c
			if c == '`' {
				closer = '\''
			}
			if wrapsMessage(dst) {
				if j := bytes.LastIndexByte(msg[i+1:], closer); j >= 0 {
					inner := msg[i+1 : i+1+j]
					if k := bytes.Index(inner, []byte(`\n`)); k >= 0 {
						inner = inner[:k]
					}
					dst = append(dst, c)
					dst = TemplateOf(dst, inner)
					dst = append(dst, closer)
					i += j + 2
					continue
				}
			}
			j := i + 1
			if c == '"' && opensTag(msg, i) {
				// A tag's value, [data "..."], ends at `"]` whatever quotes it holds.
				if k := bytes.Index(msg[j:], []byte(`"]`)); k >= 0 {
					j += k
				} else {
					j = len(msg)
				}
			}
			for j < len(msg) && msg[j] != closer {
				if msg[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(msg) || closer == '"' && opensTag(msg, j) {
				dst = append(dst, c) // unclosed: a character like any other
				i++
				continue
			}
			if keepQuoted(dst, msg[i+1:j]) {
				dst = append(dst, msg[i:j+1]...)
			} else {
				dst = append(dst, c, '<', '*', '>', closer)
			}
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
				if keepNumber(msg, i, j, dst) {
					dst = append(dst, tok...)
				} else {
					dst = append(dst, "<n>"...)
					dst = append(dst, tok[len(core):]...)
				}
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

// wrapsMessage reports whether the template so far ends where a server
// quotes another program's message: nginx's FastCGI sent in stderr: "..."
// and Apache mod_proxy_fcgi's Got error '...' (AH01071).
func wrapsMessage(dst []byte) bool {
	return bytes.HasSuffix(dst, []byte("stderr: ")) || bytes.HasSuffix(dst, []byte("Got error "))
}

// opensTag reports whether the quote at msg[j] opens the value of a
// ModSecurity tag, [file "..."]: libmodsecurity leaves the quote after
// Matched open, and taking this one for its end would pair every later
// quote wrongly.
func opensTag(msg []byte, j int) bool {
	k := j - 1
	if k < 2 || msg[k] != ' ' {
		return false
	}
	for k--; k >= 0 && isLetter(msg[k]); k-- {
	}
	return k >= 0 && k < j-2 && msg[k] == '['
}

// keepQuoted reports whether a quoted string is kept as it is: the
// directive of "Invalid command 'X'" (a word), and the URL of upstream: "...".
func keepQuoted(dst, inner []byte) bool {
	if bytes.HasSuffix(dst, []byte("upstream: ")) {
		return true
	}
	if !bytes.HasSuffix(dst, []byte("command ")) || len(inner) == 0 || len(inner) > 64 {
		return false
	}
	for _, c := range inner {
		if !isLetter(c) && (c < '0' || c > '9') && c != '_' && c != '-' && c != ':' {
			return false
		}
	}
	return true
}

// keepNumber reports whether the number msg[i:j] tells cases apart and is
// kept: an error number, "(11: " or "(2)No such" (not "(11)" alone); a
// signal number, "signal 9" or the "(11)" of "... signal Segmentation
// fault (11)".
func keepNumber(msg []byte, i, j int, dst []byte) bool {
	if bytes.HasSuffix(dst, []byte("signal ")) {
		return true
	}
	if i == 0 || msg[i-1] != '(' {
		return false
	}
	switch {
	case j+1 < len(msg) && msg[j-1] == ':' && msg[j] == ' ':
		return true // nginx "(11: Resource temporarily unavailable)"
	case j+1 < len(msg) && msg[j] == ')' && isLetter(msg[j+1]):
		return true // Apache "(2)No such file or directory"
	case j < len(msg) && msg[j] == ')':
		return bytes.Contains(dst, []byte("signal "))
	}
	return false
}

// isPHPFrame reports whether msg is a line of a PHP stack trace as mod_php
// logs it, "PHP   3. main() /var/www/index.php:12" or "PHP Stack trace:".
func isPHPFrame(msg []byte) bool {
	if !bytes.HasPrefix(msg, []byte("PHP ")) {
		return false
	}
	if bytes.HasPrefix(msg, []byte("PHP Stack trace:")) {
		return true
	}
	p := 4
	for p < len(msg) && msg[p] == ' ' {
		p++
	}
	_, d := leadingNumber(msg[p:])
	return d > 0 && p+d+1 < len(msg) && msg[p+d] == '.' && msg[p+d+1] == ' '
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// trimPathEnd keeps a path's trailing ':', ',', ')', ']' or '.' out of it.
func trimPathEnd(msg []byte, i, j int) int {
	for j > i+1 && (msg[j-1] == ':' || msg[j-1] == ',' || msg[j-1] == ')' || msg[j-1] == ']' || msg[j-1] == '.') {
		j--
	}
	return j
}

func isSep(c byte) bool { return c == ' ' || c == '\t' || c == ',' || c == '(' || c == '[' || c == '=' }

func isTokenByte(c byte) bool { return tokenBytes[c] }

// tokenBytes marks the bytes of a token: ASCII letters and digits, '.', ':',
// '_' and '-'.
var tokenBytes = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '.' || c == ':' || c == '_' || c == '-'
	}
	return t
}()

// isWordStart reports whether a token starts at i.
func isWordStart(msg []byte, i int) bool {
	return isTokenByte(msg[i]) && (i == 0 || !isTokenByte(msg[i-1]))
}

// tokenKind classifies a token: 'n' number, 'i' IP address (v4 or v6, with
// an optional port), 'h' hex id, 'w' other.
func tokenKind(tok []byte) byte {
	digits, dots, colons, letters := 0, 0, 0, 0
	for _, c := range tok {
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
			return 'w' // every other kind is made of hex digits, '.' and ':'
		}
	}
	switch {
	case digits > 0 && dots == 0 && colons == 0 && letters == 0:
		return 'n'
	case dots == 3 && colons <= 1 && letters == 0:
		return 'i'
	case colons >= 2 && dots <= 3:
		return 'i'
	case digits > 0 && dots == 0 && colons == 0 && len(tok) >= 8:
		return 'h'
	case digits > 0 && dots > 0 && letters == 0 && colons == 0:
		return 'n' // 1.5, version-like numbers
	}
	return 'w'
}
