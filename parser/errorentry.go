package parser

import (
	"bytes"
	"time"
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

// startErrorLine resets e for a new line and returns the line without its
// trailing '\r'; an empty line is ErrEmpty. It starts the Parse of every
// error format.
func startErrorLine(line []byte, e *ErrorEntry) ([]byte, error) {
	e.Reset()
	if line = trimCR(line); len(line) == 0 {
		return nil, ErrEmpty
	}
	return line, nil
}

// retrySyslog parses line again with parse after a syslog prefix, when it
// has one, once parsing it from the start found no entry (err); the error
// formats call it only on that path.
func retrySyslog(line []byte, e *ErrorEntry, err error, parse func(p int) error) error {
	if p := elStripSyslog(line); p > 0 {
		e.Reset()
		return parse(p)
	}
	return err
}

// elFail records the 1-based column of a failure at byte offset p of the
// line and returns err.
func elFail(e *ErrorEntry, p int, err error) error {
	e.errCol = p + 1
	return err
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
		d := leadingDigits(b[i+1:])
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
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || isDigit(c) || c == '.' || c == '-' || c == '_'
}

// elSyslogDate reports the length of a syslog date and the space after it
// at the start of b, or 0: "Mmm dd hh:mm:ss " (day space-padded or not), or
// an RFC 3339 time "2006-01-02T15:04:05[.frac](Z|+07:00) " as rsyslog and
// RFC 5424 write it.
func elSyslogDate(b []byte) int {
	if len(b) >= 21 && b[10] == 'T' && b[4] == '-' && b[7] == '-' && leadingDigits(b[:4]) == 4 {
		if _, _, _, ok := clockAt(b, 11); !ok {
			return 0
		}
		i := 19
		if b[i] == '.' {
			i++
			i += leadingDigits(b[i:])
		}
		switch {
		case i < len(b) && b[i] == 'Z':
			i++
		case i+6 <= len(b) && (b[i] == '+' || b[i] == '-') && b[i+3] == ':' &&
			leadingDigits(b[i+1:i+3]) == 2 && leadingDigits(b[i+4:i+6]) == 2:
			i += 6
		default:
			return 0
		}
		if i >= len(b) || b[i] != ' ' {
			return 0
		}
		return i + 1
	}
	if len(b) < 16 || monthAt(b, 0) == 0 || b[3] != ' ' || b[6] != ' ' || b[15] != ' ' {
		return 0
	}
	if !(isDigit(b[5]) && (b[4] == ' ' || isDigit(b[4]))) {
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
	return len(b) >= 9 && b[0] == 'A' && b[1] == 'H' && leadingDigits(b[2:7]) == 5 && b[7] == ':' && b[8] == ' '
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
	case line[0] == '[' && weekdayAt(line, 1) && len(line) > 4 && line[4] == ' ':
		return true
	case line[0] == '{' && len(line) > 1 && line[1] == '"':
		return true
	case elSyslogDate(line) > 0:
		return true
	case len(line) >= 10 && leadingDigits(line[:4]) == 4 && (line[4] == '/' || line[4] == '-') &&
		leadingDigits(line[5:7]) == 2 && line[7] == line[4] && leadingDigits(line[8:10]) == 2:
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
		if k+12 <= len(line) && leadingDigits(line[k:k+2]) == 2 && line[k+2] == '/' && monthAt(line, k+3) > 0 &&
			line[k+6] == '/' && leadingDigits(line[k+7:k+11]) == 4 && line[k+11] == ':' {
			return true
		}
		i = k
	}
	return false
}
