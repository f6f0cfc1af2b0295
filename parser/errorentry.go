package parser

import (
	"bytes"
	"errors"
	"time"
)

// The errors that [ErrorFormat.Parse], [CompileErrorLogFormat] and
// [ErrorScanner] add to those of errors.go. Match them with errors.Is.
var (
	// ErrBadErrorLogFormat is wrapped by every error of [CompileErrorLogFormat].
	ErrBadErrorLogFormat = errors.New("bad ErrorLogFormat string")
	// ErrOrphanLine marks a line that is neither an entry nor, because no
	// entry came before it, a continuation line.
	ErrOrphanLine = errors.New("continuation line before any entry")
	// ErrBinaryLine marks a line made only of NUL bytes, or one that still
	// holds a NUL byte after its leading NUL bytes were stripped.
	ErrBinaryLine = errors.New("NUL bytes in line")
	// ErrCommentLine marks a line that starts with '#' not followed by a
	// digit: error logs have no comments, so such a line is foreign text (a
	// test annotation, a pasted note). "#0 ..." lines are stack frames and
	// fold into the entry above as continuation lines.
	ErrCommentLine = errors.New("comment line")
)

// ErrorEntry is one parsed error-log record.
//
// The byte-slice fields are sub-slices of the line given to
// [ErrorFormat.Parse], or, for an entry returned by [ErrorScanner], of
// buffers owned by the scanner. They are valid only until the next call to
// Parse with the same ErrorEntry or ErrorFormat, or until the next
// [ErrorScanner.Next]; copy them to keep them. A nil slice means the field is
// absent. Numeric fields that are absent hold -1.
//
// Error logs carry no time zone: Time is the wall clock as written, encoded
// as the Unix nanoseconds that wall clock would have in UTC. Use
// [ErrorEntry.Timestamp] to place it in the server's zone.
type ErrorEntry struct {
	// Time is the wall-clock time as written, encoded as Unix nanoseconds of
	// that wall clock in UTC; valid when HasTime.
	Time    int64
	HasTime bool

	Level  []byte // "error", "warn", "notice", "trace3"...; empty for Apache startup lines
	Module []byte // Apache 2.4 module ("core", "proxy_fcgi"); empty for 2.2, nginx and "[:error]"
	PID    int64  // process id, -1 when absent
	TID    int64  // thread id, -1 when absent (nginx writes 0 on unthreaded builds)

	Client     []byte // client address without port; IPv6 without brackets
	ClientPort int    // client port, -1 when absent

	Errno    []byte // OS error as logged: "(13)Permission denied" (Apache), "13: Permission denied" (nginx)
	ErrnoNum int    // 13; -1 when absent
	Code     []byte // Apache message tag "AH00035"; nil when absent
	Source   []byte // Apache source position "mod_rewrite.c(470)", logged at debug and trace levels
	LogID    []byte // Apache request log id (ErrorLogFormat %L)

	// Message is the message without the prefixes parsed into other fields
	// and without the ", referer: ..." tail (Apache) or the ", client: ..."
	// tail (nginx). Continuation lines folded by [ErrorScanner] are appended
	// to it, each after a "\n".
	Message []byte
	Referer []byte // Apache ", referer: x"; nginx ", referrer: "x""

	Connection int64  // nginx connection serial *N ($connection), -1 when absent
	Action     []byte // nginx: text after " while "
	Server     []byte // nginx server name (or listen address); Apache %v/%V in custom formats
	Request    []byte // nginx request line, raw as logged
	Subrequest []byte // nginx subrequest URI
	Upstream   []byte // nginx upstream URL
	Host       []byte // nginx Host header

	// Continuation is the number of continuation lines [ErrorScanner] folded
	// into Message.
	Continuation int

	body   []byte // nginx: message with its tail, re-parsed after folding
	errCol int    // 1-based byte column where Parse failed, 0 when unknown
}

// Reset clears e for reuse: slices nil, numeric fields -1.
func (e *ErrorEntry) Reset() {
	*e = ErrorEntry{PID: -1, TID: -1, ClientPort: -1, ErrnoNum: -1, Connection: -1}
}

// Timestamp interprets the entry's wall clock in loc (nil means UTC) and
// returns it, or the zero time when the entry has none.
func (e *ErrorEntry) Timestamp(loc *time.Location) time.Time {
	if !e.HasTime {
		return time.Time{}
	}
	t := time.Unix(0, e.Time).UTC()
	if loc == nil || loc == time.UTC {
		return t
	}
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc)
}

// ErrorFormat parses one error-log layout.
//
// Parse reads one line, without its line terminator (a trailing "\r" is
// ignored), into e, which it resets first. When the line does not start like
// an entry of this layout it returns [ErrNotErrorLine], bare or wrapped;
// when it starts like one but breaks later it returns another sentinel error
// of this package (possibly wrapped). On failure e is undefined. The byte
// slices set in e point into line and are valid until the next call to Parse.
// Parse does not allocate. A time with a year outside 1900–2261, which int64
// nanoseconds cannot hold, is [ErrBadTime].
//
// An ErrorFormat is not safe for concurrent use: give each goroutine its own
// with [ErrorFormat.Clone].
type ErrorFormat interface {
	// Name is the preset name ("apache-2.4-error", "apache-2.2-error",
	// "nginx-error") or "custom" for compiled ErrorLogFormat strings.
	Name() string
	// Parse parses line into e.
	Parse(line []byte, e *ErrorEntry) error
	// Clone returns an independent copy for use by another goroutine.
	Clone() ErrorFormat
}

// elRefolder is implemented by formats whose entries must be re-parsed once
// continuation lines are joined to them (nginx puts its ", client: ..." tail
// after the last line of a multi-line message).
type elRefolder interface {
	// refold re-parses body, the entry's first-line body joined with its
	// continuation lines, into the body fields of e.
	refold(e *ErrorEntry, body []byte)
}

// elTrimCR drops one trailing '\r'.
func elTrimCR(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		return b[:n-1]
	}
	return b
}

// elFail records the 1-based column of a failure at byte offset p of the
// line and returns err.
func elFail(e *ErrorEntry, p int, err error) error {
	e.errCol = p + 1
	return err
}

// elIsDigit reports whether c is an ASCII digit.
func elIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// elDigits returns the number of leading ASCII digits of b.
func elDigits(b []byte) int {
	n := 0
	for n < len(b) && elIsDigit(b[n]) {
		n++
	}
	return n
}

// elAtoi parses b, 1 to 18 ASCII digits, as a non-negative integer.
func elAtoi(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if !elIsDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// elLeadNum returns the value of the decimal digits that b starts with,
// and their number n. It reads eight bytes at a time. Past 18 digits, n
// only tells that there are more than 18, and the value is not kept.
func elLeadNum(b []byte) (int64, int) {
	const zeros = 0x3030303030303030
	var v uint64
	n := 0
	for len(b)-n >= 8 {
		w := load64(b[n:])
		k := digitRun(w)
		if k < 8 {
			// The k digits are the low bytes of w; shifted to the top,
			// they read as k digits after 8-k zeros. A byte below '0'
			// borrows only from the bytes above it, which the shift drops.
			if k > 0 {
				v = v*uint64(pow10[k]) + parse8((w-zeros)<<(64-8*k))
			}
			return int64(v), n + k
		}
		v = v*100_000_000 + parse8(w-zeros)
		n += 8
		if n > 18 {
			return int64(v), n
		}
	}
	for n < len(b) && elIsDigit(b[n]) {
		v = v*10 + uint64(b[n]-'0')
		n++
	}
	return int64(v), n
}

// elNum2 parses two ASCII digits at b[i:].
func elNum2(b []byte, i int) (int, bool) {
	if i+2 > len(b) || !elIsDigit(b[i]) || !elIsDigit(b[i+1]) {
		return 0, false
	}
	return int(b[i]-'0')*10 + int(b[i+1]-'0'), true
}

// elNum4 parses four ASCII digits at b[i:].
func elNum4(b []byte, i int) (int, bool) {
	hi, ok1 := elNum2(b, i)
	lo, ok2 := elNum2(b, i+2)
	return hi*100 + lo, ok1 && ok2
}

// el3 packs the three bytes at b[i:] into a key for elMonth and elWeekday.
func el3(b []byte, i int) uint32 {
	return uint32(b[i])<<16 | uint32(b[i+1])<<8 | uint32(b[i+2])
}

// elMonth returns 1–12 for a three-letter English month name at b[i:], or 0.
func elMonth(b []byte, i int) int {
	if i+3 > len(b) {
		return 0
	}
	switch el3(b, i) {
	case 'J'<<16 | 'a'<<8 | 'n':
		return 1
	case 'F'<<16 | 'e'<<8 | 'b':
		return 2
	case 'M'<<16 | 'a'<<8 | 'r':
		return 3
	case 'A'<<16 | 'p'<<8 | 'r':
		return 4
	case 'M'<<16 | 'a'<<8 | 'y':
		return 5
	case 'J'<<16 | 'u'<<8 | 'n':
		return 6
	case 'J'<<16 | 'u'<<8 | 'l':
		return 7
	case 'A'<<16 | 'u'<<8 | 'g':
		return 8
	case 'S'<<16 | 'e'<<8 | 'p':
		return 9
	case 'O'<<16 | 'c'<<8 | 't':
		return 10
	case 'N'<<16 | 'o'<<8 | 'v':
		return 11
	case 'D'<<16 | 'e'<<8 | 'c':
		return 12
	}
	return 0
}

// elWeekday reports whether b[i:] starts with a three-letter weekday name.
func elWeekday(b []byte, i int) bool {
	if i+3 > len(b) {
		return false
	}
	switch el3(b, i) {
	case 'S'<<16 | 'u'<<8 | 'n', 'M'<<16 | 'o'<<8 | 'n', 'T'<<16 | 'u'<<8 | 'e', 'W'<<16 | 'e'<<8 | 'd',
		'T'<<16 | 'h'<<8 | 'u', 'F'<<16 | 'r'<<8 | 'i', 'S'<<16 | 'a'<<8 | 't':
		return true
	}
	return false
}

// elMicros parses ".uuuuuu" at b[i:] and returns nanoseconds.
func elMicros(b []byte, i int) (int, bool) {
	if i+7 > len(b) || b[i] != '.' {
		return 0, false
	}
	us := 0
	for _, c := range b[i+1 : i+7] {
		if !elIsDigit(c) {
			return 0, false
		}
		us = us*10 + int(c-'0')
	}
	return us * 1000, true
}

// elParseCtime parses an Apache ctime at the start of b:
// "Www Mmm dd hh:mm:ss yyyy" (24 bytes) or, when usec is true, also
// "Www Mmm dd hh:mm:ss.uuuuuu yyyy" (31 bytes). The day may be space-padded.
// It returns the time and the number of bytes used.
func elParseCtime(b []byte, usec bool) (int64, int, bool) {
	if len(b) < 24 || !elWeekday(b, 0) || b[3] != ' ' || b[7] != ' ' || b[10] != ' ' {
		return 0, 0, false
	}
	mo := elMonth(b, 4)
	if mo == 0 {
		return 0, 0, false
	}
	var d int
	switch {
	case b[8] == ' ' && elIsDigit(b[9]):
		d = int(b[9] - '0')
	default:
		var ok bool
		if d, ok = elNum2(b, 8); !ok {
			return 0, 0, false
		}
	}
	h, mi, s, ok := clockAt(b, 11)
	if !ok {
		return 0, 0, false
	}
	p, ns := 19, 0
	if usec && len(b) >= 31 && b[19] == '.' {
		if ns, ok = elMicros(b, 19); !ok {
			return 0, 0, false
		}
		p = 26
	}
	if b[p] != ' ' {
		return 0, 0, false
	}
	y, ok := elNum4(b, p+1)
	if !ok {
		return 0, 0, false
	}
	t, ok := civilToUnixNano(y, mo, d, h, mi, s, int64(ns))
	return t, p + 5, ok
}

// elCtimeCache remembers the date of the last Apache ctime that parsed, so
// that the lines of one day parse only their clock. The zero value is an
// empty cache.
type elCtimeCache struct {
	set      bool
	k0, k1   uint64 // "Www Mmm " and "dd " + " yyyy" of that ctime
	midnight int64  // its date at 00:00:00, as elParseCtime encodes times
}

// parse is elParseCtime, which it calls when the date differs from the
// cached one.
func (c *elCtimeCache) parse(b []byte, usec bool) (int64, int, bool) {
	if len(b) < 24 {
		return 0, 0, false
	}
	p := 19
	if usec && len(b) >= 31 && b[19] == '.' {
		p = 26
	}
	k0 := load64(b)
	// b[8:11] and b[p:p+5], from two loads (p-3 >= 16, p+5 <= len(b)).
	k1 := uint64(load32(b[8:]))&0xffffff | load64(b[p-3:])>>24<<24
	if !c.set || k0 != c.k0 || k1 != c.k1 {
		t, n, ok := elParseCtime(b, usec)
		if !ok {
			return 0, 0, false
		}
		clock, _ := elCtimeClock(b, p)
		c.set, c.k0, c.k1, c.midnight = true, k0, k1, t-clock
		return t, n, true
	}
	clock, ok := elCtimeClock(b, p)
	if !ok {
		return 0, 0, false
	}
	return c.midnight + clock, p + 5, true
}

// elCtimeClock parses the "hh:mm:ss" at b[11:] and, when p is 26, the
// ".uuuuuu" after it, and returns them as nanoseconds since midnight.
func elCtimeClock(b []byte, p int) (int64, bool) {
	h, mi, s, ok := clockAt(b, 11)
	if !ok || h > 23 || mi > 59 || s > 60 {
		return 0, false
	}
	ns := 0
	if p == 26 {
		if ns, ok = elMicros(b, 19); !ok {
			return 0, false
		}
	}
	return (int64(h)*3600+int64(mi)*60+int64(s))*1_000_000_000 + int64(ns), true
}

// elParseISOTime parses "yyyy-mm-dd hh:mm:ss" (Apache %{c}t) or, when usec
// is true, "yyyy-mm-dd hh:mm:ss.uuuuuu" (%{cu}t) at the start of b; sep is
// the date separator ('-' for Apache, '/' for nginx).
func elParseISOTime(b []byte, sep byte, usec bool) (int64, int, bool) {
	if len(b) < 19 || b[4] != sep || b[7] != sep || b[10] != ' ' {
		return 0, 0, false
	}
	y, ok1 := elNum4(b, 0)
	mo, ok2 := elNum2(b, 5)
	d, ok3 := elNum2(b, 8)
	h, mi, s, ok4 := clockAt(b, 11)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return 0, 0, false
	}
	n, ns := 19, 0
	if usec {
		var ok bool
		if ns, ok = elMicros(b, 19); !ok {
			return 0, 0, false
		}
		n = 26
	}
	t, ok := civilToUnixNano(y, mo, d, h, mi, s, int64(ns))
	return t, n, ok
}

// elISOCache remembers the date of the last ISO time ("yyyy-mm-dd" or
// "yyyy/mm/dd") that parsed, so that the lines of one day parse only their
// clock. The zero value is an empty cache.
type elISOCache struct {
	set      bool
	k0       uint64 // "yyyy-mm-" of that time
	k1       uint16 // "dd"
	midnight int64  // its date at 00:00:00, as elParseISOTime encodes times
}

// parse is elParseISOTime, which it calls when the date differs from the
// cached one.
func (c *elISOCache) parse(b []byte, sep byte, usec bool) (int64, int, bool) {
	if len(b) < 19 || b[4] != sep || b[7] != sep || b[10] != ' ' {
		return 0, 0, false
	}
	p := 19
	if usec {
		p = 26
	}
	k0 := load64(b)
	k1 := load16(b[8:])
	if !c.set || k0 != c.k0 || k1 != c.k1 {
		t, n, ok := elParseISOTime(b, sep, usec)
		if !ok {
			return 0, 0, false
		}
		clock, _ := elCtimeClock(b, p)
		c.set, c.k0, c.k1, c.midnight = true, k0, k1, t-clock
		return t, n, true
	}
	// elCtimeClock reads the clock at b[11:] and the microseconds at
	// b[19:], where they also stand in an ISO time.
	clock, ok := elCtimeClock(b, p)
	if !ok {
		return 0, 0, false
	}
	return c.midnight + clock, p, true
}

// elLevel reports whether b is a log level name; trace1–trace8 count only
// when trace is true (Apache 2.4).
func elLevel(b []byte, trace bool) bool {
	switch string(b) {
	case "emerg", "alert", "crit", "error", "warn", "notice", "info", "debug":
		return true
	}
	return trace && len(b) == 6 && string(b[:5]) == "trace" && b[5] >= '1' && b[5] <= '8'
}

// elSyslogTag reports the length of a "host tag[pid]: " or "host tag: "
// segment at the start of b, and whether it had a "[pid]".
func elSyslogTag(b []byte) (n int, pid bool) {
	i := 0
	for i < len(b) && elHostByte(b[i]) {
		i++
	}
	if i == 0 || i >= len(b) || b[i] != ' ' {
		return 0, false
	}
	i++
	start := i
	for i < len(b) && (elHostByte(b[i]) || b[i] == '/') {
		i++
	}
	if i == start || i >= len(b) {
		return 0, false
	}
	if b[i] == '[' {
		d := elDigits(b[i+1:])
		if d == 0 || i+1+d >= len(b) || b[i+1+d] != ']' {
			return 0, false
		}
		i += d + 2
		pid = true
	}
	if i+1 >= len(b) || b[i] != ':' || b[i+1] != ' ' {
		return 0, false
	}
	return i + 2, pid
}

// elHostByte reports whether c may appear in a syslog host or tag name.
func elHostByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || elIsDigit(c) || c == '.' || c == '-' || c == '_'
}

// elSyslogDate reports the length of a syslog date and the space after it
// at the start of b, or 0: "Mmm dd hh:mm:ss " (day space-padded or not), or
// an RFC 3339 time "2006-01-02T15:04:05[.frac](Z|+07:00) " as rsyslog and
// RFC 5424 write it.
func elSyslogDate(b []byte) int {
	if len(b) >= 21 && b[10] == 'T' && b[4] == '-' && b[7] == '-' && elDigits(b[:4]) == 4 {
		if _, _, _, ok := clockAt(b, 11); !ok {
			return 0
		}
		i := 19
		if b[i] == '.' {
			i++
			i += elDigits(b[i:])
		}
		switch {
		case i < len(b) && b[i] == 'Z':
			i++
		case i+6 <= len(b) && (b[i] == '+' || b[i] == '-') && b[i+3] == ':' &&
			elDigits(b[i+1:i+3]) == 2 && elDigits(b[i+4:i+6]) == 2:
			i += 6
		default:
			return 0
		}
		if i >= len(b) || b[i] != ' ' {
			return 0
		}
		return i + 1
	}
	if len(b) < 16 || elMonth(b, 0) == 0 || b[3] != ' ' || b[6] != ' ' || b[15] != ' ' {
		return 0
	}
	if !(elIsDigit(b[5]) && (b[4] == ' ' || elIsDigit(b[4]))) {
		return 0
	}
	if _, _, _, ok := clockAt(b, 7); !ok {
		return 0
	}
	return 16
}

// elStripSyslog returns the offset of the text after a syslog or journal
// prefix at the start of line, or 0 when there is none. A prefix is an
// optional syslog date (see elSyslogDate) followed by one or two "host tag[pid]: "
// segments; the first segment needs a date or a "[pid]", so that text such
// as "PHP message: ..." is not mistaken for a prefix. The syslog date has no
// year and is not used as the entry's time.
func elStripSyslog(line []byte) int {
	p := elSyslogDate(line)
	n, pid := elSyslogTag(line[p:])
	if n == 0 || (p == 0 && !pid) {
		return 0
	}
	p += n
	if n, _ = elSyslogTag(line[p:]); n > 0 {
		p += n
	}
	return p
}

// elCode reports whether b starts with an Apache message tag "AHnnnnn: ".
func elCode(b []byte) bool {
	return len(b) >= 9 && b[0] == 'A' && b[1] == 'H' && elDigits(b[2:7]) == 5 && b[7] == ':' && b[8] == ' '
}

// elForeignRecord reports whether a line that no entry of the current
// format matched still starts like a record of some log: an Apache or nginx
// error entry, a syslog line, an ISO-dated line, an access-log line with a
// [dd/Mmm/yyyy: timestamp near its start, or a JSON object. Such a line is
// malformed rather than a continuation of the entry above.
func elForeignRecord(line []byte) bool {
	if len(line) == 0 {
		return false
	}
	switch {
	case line[0] == '[' && elWeekday(line, 1) && len(line) > 4 && line[4] == ' ':
		return true
	case line[0] == '{' && len(line) > 1 && line[1] == '"':
		return true
	case elSyslogDate(line) > 0:
		return true
	case len(line) >= 10 && elDigits(line[:4]) == 4 && (line[4] == '/' || line[4] == '-') &&
		elDigits(line[5:7]) == 2 && line[7] == line[4] && elDigits(line[8:10]) == 2:
		return true
	}
	head := line
	if len(head) > 256 {
		head = head[:256]
	}
	for i := 0; i < len(head); {
		j := bytes.IndexByte(head[i:], '[')
		if j < 0 {
			break
		}
		k := i + j + 1
		if k+12 <= len(line) && elDigits(line[k:k+2]) == 2 && line[k+2] == '/' && elMonth(line, k+3) > 0 &&
			line[k+6] == '/' && elDigits(line[k+7:k+11]) == 4 && line[k+11] == ':' {
			return true
		}
		i = k
	}
	return false
}
