package parser

import (
	"bytes"
)

// Preset names of the Apache error-log formats.
const (
	// NameApache24Error names the Apache httpd 2.4 default layout (no
	// ErrorLogFormat):
	//
	//	[Www Mmm dd hh:mm:ss.uuuuuu yyyy] [module:level] [pid N:tid N] [file.c(n): ][(errno)text: ][client|remote ip:port] [AHnnnnn: ]message[, referer: url]
	//
	// It also reads 2.2-layout lines (which a 2.4 server writes with the
	// documented 2.2-like ErrorLogFormat, and which upgraded servers leave
	// behind), and startup lines, which Apache writes before its log is set
	// up, without time, module and pid: "[(errno)text: ]AHnnnnn: message".
	// A startup line is an entry of its own with HasTime false, an empty
	// Level and its tag in Code. In a 2.4 line an unbracketed client address
	// with several colons is IPv6 with its port after the last colon
	// ("::1:58619"); "[v6]:port" is read too.
	NameApache24Error = "apache-2.4-error"
	// NameApache22Error names the fixed Apache httpd 2.2 (and 2.0) layout:
	//
	//	[Www Mmm dd hh:mm:ss yyyy] [level] [file.c(n): ][client ip] [(errno)text: ]message[, referer: url]
	//
	// It rejects 2.4 lines (sub-second time, module, trace levels) and
	// startup lines, so that detection can tell the versions apart. The
	// client is split into address and port only when it has a single
	// colon; 2.2 logs IPv6 clients without a port.
	NameApache22Error = "apache-2.2-error"
)

// apacheErrorFormat is the hand-written parser of the Apache httpd default
// error-log layouts.
//
// Apache 2.2 (v24 false):
//
//	[ctime] [level] [file.c(n): ][client ip] [(errno)text: ]message[, referer: url]
//
// Apache 2.4 default ErrorLogFormat (v24 true):
//
//	[ctime.usec] [module:level] [pid N:tid N] [file.c(n): ][(errno)text: ][client|remote ip:port] [AHnnnnn: ]message[, referer: url]
//
// The 2.4 parser also reads 2.2-layout lines (no module, no pid), which a
// 2.4 server writes with the documented 2.2-like ErrorLogFormat and which
// upgraded servers leave in old files; the 2.2 parser rejects 2.4 lines, so
// that detection can tell them apart. The 2.4 parser also reads startup
// lines, which Apache writes without time, module and pid:
//
//	[(errno)text: ]AHnnnnn: message
//
// as entries with HasTime false and an empty Level. Both parsers accept a
// syslog prefix ("Feb 15 16:23:00 host httpd[22034]: "), after which the
// time is absent, as Apache omits it when logging to syslog.
type apacheErrorFormat struct {
	v24   bool
	ctime ctimeCache
}

// Name implements [ErrorFormat].
func (f *apacheErrorFormat) Name() string {
	if f.v24 {
		return NameApache24Error
	}
	return NameApache22Error
}

// Clone implements [ErrorFormat].
func (f *apacheErrorFormat) Clone() ErrorFormat { c := *f; return &c }

// Parse implements [ErrorFormat].
func (f *apacheErrorFormat) Parse(line []byte, e *ErrorEntry) error {
	line, err := startErrorLine(line, e)
	if err == nil {
		if err = f.parse(line, 0, false, e); err == ErrNotErrorLine {
			err = retrySyslog(line, e, err, func(p int) error { return f.parse(line, p, true, e) })
		}
	}
	return err
}

// parse parses the entry that starts at line[p:]; syslog tells that a syslog
// prefix came before it, so the time may be missing.
func (f *apacheErrorFormat) parse(line []byte, p int, syslog bool, e *ErrorEntry) error {
	if p >= len(line) {
		return ErrNotErrorLine
	}
	if line[p] != '[' {
		if f.v24 && elApacheStartup(line, p, e) {
			return nil
		}
		return ErrNotErrorLine
	}
	// [time]
	if weekdayAt(line, p+1) {
		t, n, ok := f.ctime.parse(line[p+1:], f.v24)
		if !ok {
			return elFail(e, p+1, ErrBadTime)
		}
		p += 1 + n
		if p >= len(line) || line[p] != ']' {
			return elFail(e, p, ErrBadTime)
		}
		if p+1 >= len(line) || line[p+1] != ' ' {
			return elFail(e, p, ErrFieldCount)
		}
		p += 2
		e.Time, e.HasTime = t, true
	} else if !syslog {
		return ErrNotErrorLine
	}
	// [module:level] or [level]
	if p >= len(line) || line[p] != '[' {
		return elFail(e, p, ErrFieldCount)
	}
	end := bytes.IndexByte(line[p:], ']')
	if end < 0 || p+end+1 >= len(line) || line[p+end+1] != ' ' {
		return elFail(e, p, ErrFieldCount)
	}
	tag := line[p+1 : p+end]
	native := false // 2.4 layout rather than 2.2
	if c := bytes.IndexByte(tag, ':'); c >= 0 {
		native = true
		if !f.v24 {
			return elFail(e, p+1, ErrLiteral)
		}
		for _, b := range tag[:c] {
			if !elHostByte(b) {
				return elFail(e, p+1, ErrLiteral)
			}
		}
		if c > 0 {
			e.Module = tag[:c]
		}
		tag = tag[c+1:]
	}
	if !elLevel(tag, f.v24) {
		return elFail(e, p+1, ErrLiteral)
	}
	e.Level = tag
	p += end + 2
	// [pid N:tid N]
	if f.v24 && bytes.HasPrefix(line[p:], []byte("[pid ")) {
		q := p + 5
		d := leadingDigits(line[q:])
		pid, ok := atoi(line[q : q+d])
		if !ok {
			return elFail(e, q, ErrBadNumber)
		}
		e.PID = pid
		native = true
		q += d
		if bytes.HasPrefix(line[q:], []byte(":tid ")) {
			q += 5
			d = leadingDigits(line[q:])
			tid, ok := atoi(line[q : q+d])
			if !ok {
				return elFail(e, q, ErrBadNumber)
			}
			e.TID = tid
			q += d
		}
		if q+1 >= len(line) || line[q] != ']' || line[q+1] != ' ' {
			if q == len(line)-1 && line[q] == ']' {
				return nil // "[pid N]" ends the line: empty message
			}
			return elFail(e, q, ErrLiteral)
		}
		p = q + 2
	}
	f.rest(line, p, native, e)
	return nil
}

// rest parses what follows the level and pid fields: source, errno, client,
// errno (2.2 position), message tag, message and referer. native tells that
// the line had a 2.4 module or pid field.
func (f *apacheErrorFormat) rest(line []byte, p int, native bool, e *ErrorEntry) {
	if len(e.Level) == 5 && string(e.Level) == "debug" || len(e.Level) == 6 && e.Level[0] == 't' {
		p = elSource(line, p, e)
	}
	p = elErrno(line, p, e)
	if bytes.HasPrefix(line[p:], []byte("[client ")) || f.v24 && bytes.HasPrefix(line[p:], []byte("[remote ")) {
		p = elClient(line, p, native, e)
	}
	if e.Errno == nil {
		p = elErrno(line, p, e)
	}
	elMessage(line[p:], e)
}

// elSource parses an optional "file.c(123): " at line[p:].
func elSource(line []byte, p int, e *ErrorEntry) int {
	sp := bytes.IndexByte(line[p:], ' ')
	if sp < 4 {
		return p
	}
	tok := line[p : p+sp]
	if tok[len(tok)-1] != ':' || tok[len(tok)-2] != ')' {
		return p
	}
	open := bytes.LastIndexByte(tok, '(')
	if open <= 0 || leadingDigits(tok[open+1:]) != len(tok)-open-3 || open+1 == len(tok)-2 {
		return p
	}
	e.Source = tok[:len(tok)-1]
	return p + sp + 1
}

// elErrno parses an optional Apache APR error "(13)Permission denied: " at
// line[p:]; the number may carry an "OS " or "EAI " prefix.
func elErrno(line []byte, p int, e *ErrorEntry) int {
	if p >= len(line) || line[p] != '(' {
		return p
	}
	q := p + 1
	switch {
	case bytes.HasPrefix(line[q:], []byte("OS ")):
		q += 3
	case bytes.HasPrefix(line[q:], []byte("EAI ")):
		q += 4
	}
	if q < len(line) && line[q] == '-' {
		q++
	}
	d := leadingDigits(line[q:])
	if d == 0 || d > 9 || q+d >= len(line) || line[q+d] != ')' {
		return p
	}
	num, _ := atoi(line[q : q+d])
	colon := bytes.IndexByte(line[q+d:], ':')
	if colon < 0 {
		return p
	}
	end := q + d + colon
	if end+1 >= len(line) || line[end+1] != ' ' {
		return p
	}
	e.Errno = line[p:end]
	e.ErrnoNum = int(num)
	if line[q-1] == '-' {
		e.ErrnoNum = -int(num)
	}
	return end + 2
}

// elClient parses "[client addr] " or "[remote addr] " at line[p:]. The
// address may be "[v6]:port". With v6port, an unbracketed address with
// several colons is IPv6 with a port after the last colon (Apache 2.4
// writes "::1:58619"); otherwise only an address with a single colon is
// split. A malformed field is left in the message.
func elClient(line []byte, p int, v6port bool, e *ErrorEntry) int {
	q := p + 8 // after "[client "
	var end int
	if q < len(line) && line[q] == '[' {
		rb := bytes.IndexByte(line[q:], ']')
		if rb < 0 {
			return p
		}
		end = q + rb + 1
		c := bytes.IndexByte(line[end:], ']')
		if c < 0 {
			return p
		}
		end += c
	} else {
		c := bytes.IndexByte(line[q:], ']')
		if c < 0 {
			return p
		}
		end = q + c
	}
	if end+1 < len(line) && line[end+1] != ' ' {
		return p
	}
	e.Client, e.ClientPort = elSplitAddr(line[q:end], v6port)
	if end+2 > len(line) {
		return len(line)
	}
	return end + 2
}

// elSplitAddr splits "addr:port", "[v6]:port" or, with v6port, "v6:port"
// into address and port; it returns the whole and -1 when there is no
// valid port.
func elSplitAddr(a []byte, v6port bool) ([]byte, int) {
	if len(a) > 0 && a[0] == '[' {
		rb := bytes.IndexByte(a, ']')
		if rb > 1 { // "[]" holds no address
			if port, ok := elPort(a[rb+1:]); ok {
				return a[1:rb], port
			}
			if rb == len(a)-1 {
				return a[1:rb], -1
			}
		}
		return a, -1
	}
	c := bytes.LastIndexByte(a, ':')
	if c <= 0 {
		return a, -1
	}
	if !v6port && bytes.IndexByte(a[:c], ':') >= 0 {
		return a, -1
	}
	if port, ok := elPort(a[c:]); ok {
		return a[:c], port
	}
	return a, -1
}

// elPort parses ":port", 1–5 digits up to 65535.
func elPort(b []byte) (int, bool) {
	if len(b) < 2 || len(b) > 6 || b[0] != ':' {
		return 0, false
	}
	n, ok := atoi(b[1:])
	if !ok || n > 65535 {
		return 0, false
	}
	return int(n), true
}

var elRefererSep = []byte(", referer: ")

// elMessage sets Code, Message and Referer from the message text m.
func elMessage(m []byte, e *ErrorEntry) {
	if elCode(m) {
		e.Code = m[:7]
		m = m[9:]
	}
	if i := bytes.Index(m, elRefererSep); i >= 0 {
		e.Referer = m[i+len(elRefererSep):]
		m = m[:i]
	}
	e.Message = m
}

// elApacheStartup parses an Apache 2.4 startup line at line[p:]: no time,
// module or pid, an optional "(errno)text: " and a required "AHnnnnn: ".
func elApacheStartup(line []byte, p int, e *ErrorEntry) bool {
	q := elErrno(line, p, e)
	if !elCode(line[q:]) {
		e.Errno, e.ErrnoNum = nil, -1
		return false
	}
	e.Code = line[q : q+7]
	e.Message = line[q+9:]
	return true
}
