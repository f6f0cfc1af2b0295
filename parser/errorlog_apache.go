package parser

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"
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
	e.Reset()
	line = elTrimCR(line)
	if len(line) == 0 {
		return ErrEmpty
	}
	err := f.parse(line, 0, false, e)
	if err == ErrNotErrorLine {
		if p := elStripSyslog(line); p > 0 {
			e.Reset()
			err = f.parse(line, p, true, e)
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

// NameCustomError is the name of formats compiled by [CompileErrorLogFormat].
const NameCustomError = "custom"

// CustomErrorFormat is an Apache httpd ErrorLogFormat string compiled by
// [CompileErrorLogFormat] into a sequence of steps: literals, fixed-shape
// items (times, levels, module names, numbers) scanned by their shape, and
// free-text items that end where the next literal begins.
//
// As in Apache, the format is cut into fields: a literal that starts with a
// space, or any item after "% ", starts a new field. A field whose items
// may come out empty (every directive without the "-" flag, and any
// directive with a minimum log level such as %7F) is optional: Apache drops
// it whole when one of its items is empty, so the parser tries it present
// first and absent second. A field that holds %M is always present. A
// free-text item that ends a field stops at the first occurrence of the
// first literal of the next present field ("lazy" matching, as the
// reference regexes do); the message %M therefore ends at the first
// ", referer " when a referer field follows it.
//
// Values map to [ErrorEntry] fields: %t (any of %{c}t, %{u}t, %{cu}t) →
// Time; %l → Level; %m → Module; %P → PID; %T and %{g}T → TID; %F → Source;
// %E → Errno, ErrnoNum; %a (or %{c}a when %a is absent) → Client,
// ClientPort; %M → Message, with a leading "AHnnnnn: " in Code; %L →
// LogID; %v and %V → Server; %{Referer}i → Referer; %{Host}i → Host. The
// other directives (%A, %{c}L, %{C}L, %k, %{name}e, %{name}n, other
// headers) are matched and dropped. A value written as "-" by the "-" flag
// counts as absent.
//
// Like the presets, a CustomErrorFormat also reads Apache startup lines
// ("AH00558: ...") and skips a syslog prefix. It is not safe for concurrent
// use; see [ErrorFormat].
type CustomErrorFormat struct {
	src     string
	items   []elItem
	fields  []elField
	values  []int    // indexes of the items that are not literals, by field
	spans   []elSpan // scratch, per item
	nums    []int64  // scratch, per item: the time or number a scan read
	present []bool   // scratch, per field
	steps   int
	ctime   ctimeCache
	iso     dateTimeCache
	// lean tells that no two items fill the same entry field, so the
	// greedy first attempt may fill the entry as it goes (fillGreedy).
	lean    bool
	dfsOnly bool // tests: skip the greedy first attempt of parseAt
	noFill  bool // tests: take matchGreedy and apply, not fillGreedy
}

type elKind uint8

const (
	elkLit elKind = iota
	elkTime
	elkLevel
	elkModule
	elkPID
	elkTID
	elkFile
	elkErrno
	elkClient
	elkPeer
	elkLocal
	elkMessage
	elkLogID
	elkConnLogID
	elkVHost
	elkServerName
	elkHeader
	elkEnv
	elkNote
	elkKeepAlive
)

type elItem struct {
	kind elKind
	lit  []byte // elkLit
	// litWord holds the first min(8, len(lit)) bytes of lit, little
	// endian, and litMask selects them.
	litWord, litMask uint64
	arg              string   // {arg}
	field            int      // index of the field that holds the item
	free             bool     // free text, which ends where the next item begins
	header           elHeader // elkHeader: the entry field it fills
	compact          bool     // elkTime: %{c}t
	usec             bool     // elkTime: %{u}t
	hyphen           bool     // "-" flag: logs "-" for an empty value
	required         bool     // "+" flag: the line is not logged without it
	minLevel         int      // "7" in %7F
}

// elHeader tells which entry field a %{name}i item fills.
type elHeader uint8

const (
	elhOther elHeader = iota
	elhReferer
	elhHost
)

type elField struct {
	first, end int // item index range
	// stop is end, or end-1 when the field ends in a free-text item (tail),
	// whose end depends on the fields after it.
	stop     int
	tail     bool
	optional bool
	ops      []elOp // items first to stop-1 for fillField
}

// elOp is a step of fillField: a literal (possibly empty), then the value
// item that follows it, if any. Merging each literal with the item after
// it halves the steps of a run such as "] [pid %P:tid %T]".
type elOp struct {
	lit        []byte
	word, mask uint64 // the first min(8, len(lit)) bytes of lit, little endian
	item       int    // index of the value item, when kind is not elkLit
	kind       elKind // the value item's kind, or elkLit for none
	free       bool
	hyphen     bool
}

type elSpan struct{ start, end int }

// elMaxSteps bounds the backtracking of one CustomErrorFormat.Parse call.
const elMaxSteps = 4096

// CompileErrorLogFormat compiles an Apache httpd ErrorLogFormat string
// (the argument of the directive, without its quotes) into an
// [ErrorFormat]; see [CustomErrorFormat] for what it matches.
//
// It accepts the directives %a %A %e %E %F %i %k %l %L %m %M %n %P %t %T
// %v %V and %%, the arguments %{c}a, %{u}t, %{c}t, %{cu}t, %{g}T, %{c}L,
// %{C}L and %{name} for %i, %e and %n, the flags "-" (log "-" when empty),
// "+" (omit the line when empty) and a decimal minimum log level ("%7F":
// the item is logged only at that level or above; it is not a width), the
// escapes "\ ", "\t", "\n", "\r" and "\\" in literals, and "% " as a field
// separator. An unknown directive or a malformed one is an error that wraps
// [ErrBadErrorLogFormat] and names the directive and its 1-based byte
// position.
func CompileErrorLogFormat(s string) (ErrorFormat, error) {
	f := &CustomErrorFormat{src: s}
	sepNext := false
	for i := 0; i < len(s); {
		var it elItem
		start := i
		sep := sepNext
		sepNext = false
		if s[i] != '%' {
			if s[i] == ' ' {
				sep = true
			}
			var n int
			it.lit, n = elFormatLiteral(s[i:])
			i += n
		} else {
			i++
			if i >= len(s) {
				return nil, fmt.Errorf("%w: lone %% at byte %d", ErrBadErrorLogFormat, start+1)
			}
			if s[i] == ' ' {
				sepNext = true
				i++
				continue
			}
			n, err := elFormatDirective(s, start, i, &it)
			if err != nil {
				return nil, err
			}
			i = n
		}
		if sep || len(f.fields) == 0 {
			f.fields = append(f.fields, elField{first: len(f.items)})
		}
		f.items = append(f.items, it)
		f.fields[len(f.fields)-1].end = len(f.items)
	}
	if len(f.items) == 0 {
		return nil, fmt.Errorf("%w: empty format", ErrBadErrorLogFormat)
	}
	for fi := range f.fields {
		fd := &f.fields[fi]
		hasMsg := false
		for _, it := range f.items[fd.first:fd.end] {
			switch {
			case it.kind == elkMessage:
				hasMsg = true
			case it.minLevel > 0:
				fd.optional = true
			case it.kind != elkLit && !it.hyphen && !it.required:
				fd.optional = true
			}
		}
		if hasMsg {
			fd.optional = false
		}
		fd.stop = fd.end
		for ii := fd.first; ii < fd.end; ii++ {
			it := &f.items[ii]
			it.field = fi
			switch it.kind {
			case elkLit, elkTime, elkLevel, elkModule, elkPID, elkTID, elkKeepAlive:
			default:
				it.free = true
			}
			if it.kind != elkLit {
				f.values = append(f.values, ii)
			}
			it.litWord, it.litMask = litWord(string(it.lit))
			if it.kind == elkHeader {
				switch {
				case strings.EqualFold(it.arg, "Referer"):
					it.header = elhReferer
				case strings.EqualFold(it.arg, "Host"):
					it.header = elhHost
				}
			}
		}
		if f.items[fd.end-1].free {
			fd.stop, fd.tail = fd.end-1, true
		}
	}
	f.lean = elUniqueTargets(f.items)
	for fi := range f.fields {
		fd := &f.fields[fi]
		for ii := fd.first; ii < fd.stop; {
			op := elOp{kind: elkLit}
			if it := &f.items[ii]; it.kind == elkLit {
				op.lit, op.word, op.mask = it.lit, it.litWord, it.litMask
				ii++
			}
			if ii < fd.stop && f.items[ii].kind != elkLit {
				it := &f.items[ii]
				op.item, op.kind, op.free, op.hyphen = ii, it.kind, it.free, it.hyphen
				ii++
			}
			fd.ops = append(fd.ops, op)
		}
	}
	f.spans = make([]elSpan, len(f.items))
	f.nums = make([]int64, len(f.items))
	f.present = make([]bool, len(f.fields))
	return f, nil
}

// elTarget returns the entry field an item fills, as a bit, or 0 for an
// item that fills none.
func elTarget(it *elItem) uint32 {
	switch it.kind {
	case elkTime, elkLevel, elkModule, elkPID, elkTID, elkFile, elkErrno, elkMessage, elkLogID:
		return 1 << it.kind
	case elkClient, elkPeer:
		return 1 << elkClient
	case elkVHost, elkServerName:
		return 1 << elkVHost
	case elkHeader:
		switch it.header {
		case elhReferer:
			return 1 << 30
		case elhHost:
			return 1 << 31
		}
	}
	return 0
}

// elUniqueTargets reports whether no two items fill the same entry field.
func elUniqueTargets(items []elItem) bool {
	var seen uint32
	for i := range items {
		t := elTarget(&items[i])
		if seen&t != 0 {
			return false
		}
		seen |= t
	}
	return true
}

// elFormatLiteral decodes the literal at the start of s as Apache does:
// leading spaces belong to it, a later space or a '%' ends it, and a
// backslash escapes the next byte ("\t", "\n" and "\r" are control
// characters).
func elFormatLiteral(s string) ([]byte, int) {
	var lit []byte
	atStart := true
	i := 0
	for i < len(s) && s[i] != '%' && (s[i] != ' ' || atStart) {
		if s[i] != '\\' {
			if s[i] != ' ' {
				atStart = false
			}
			lit = append(lit, s[i])
			i++
			continue
		}
		i++
		if i >= len(s) {
			lit = append(lit, '\\')
			break
		}
		switch s[i] {
		case 'r':
			lit = append(lit, '\r')
		case 'n':
			lit = append(lit, '\n')
		case 't':
			lit = append(lit, '\t')
		default:
			lit = append(lit, s[i])
		}
		i++
	}
	return lit, i
}

// elFormatDirective parses the directive whose '%' is at s[start] and whose
// modifiers begin at s[i]; it fills it and returns the index after it.
func elFormatDirective(s string, start, i int, it *elItem) (int, error) {
	hasArg := false
	for i < len(s) {
		c := s[i]
		switch {
		case c == '{':
			j := strings.IndexByte(s[i+1:], '}')
			if j < 0 {
				return 0, fmt.Errorf("%w: unterminated %%{ at byte %d", ErrBadErrorLogFormat, start+1)
			}
			it.arg, hasArg = s[i+1:i+1+j], true
			i += j + 2
			continue
		case c == '+':
			it.required = true
			i++
			continue
		case c == '-':
			it.hyphen = true
			i++
			continue
		case isDigit(c):
			n := 0
			for i < len(s) && isDigit(s[i]) {
				if n < 1000 {
					n = n*10 + int(s[i]-'0')
				}
				i++
			}
			it.minLevel = n
			continue
		case c == '%':
			it.lit = []byte{'%'}
			return i + 1, nil
		}
		switch c {
		case 'a':
			it.kind = elkClient
			if it.arg == "c" {
				it.kind = elkPeer
			}
		case 'A':
			it.kind = elkLocal
		case 'e':
			it.kind = elkEnv
		case 'E':
			it.kind = elkErrno
		case 'F':
			it.kind = elkFile
		case 'i':
			it.kind = elkHeader
		case 'k':
			it.kind = elkKeepAlive
		case 'l':
			it.kind = elkLevel
		case 'L':
			it.kind = elkLogID
			if strings.EqualFold(it.arg, "c") {
				it.kind = elkConnLogID
			}
		case 'm':
			it.kind = elkModule
		case 'M':
			it.kind = elkMessage
		case 'n':
			it.kind = elkNote
		case 'P':
			it.kind = elkPID
		case 't':
			it.kind = elkTime
			for k := 0; k < len(it.arg); k++ {
				switch it.arg[k] {
				case 'c':
					it.compact = true
				case 'u':
					it.usec = true
				default:
					return 0, fmt.Errorf("%w: unsupported time option %q in %%{%s}t at byte %d",
						ErrBadErrorLogFormat, it.arg[k], it.arg, start+1)
				}
			}
		case 'T':
			it.kind = elkTID
		case 'v':
			it.kind = elkVHost
		case 'V':
			it.kind = elkServerName
		default:
			r, _ := utf8.DecodeRuneInString(s[i:])
			return 0, fmt.Errorf("%w: unknown directive %%%c at byte %d", ErrBadErrorLogFormat, r, start+1)
		}
		if (c == 'i' || c == 'e' || c == 'n') && (!hasArg || it.arg == "") {
			return 0, fmt.Errorf("%w: %%%c needs a {name} at byte %d", ErrBadErrorLogFormat, c, start+1)
		}
		return i + 1, nil
	}
	return 0, fmt.Errorf("%w: unterminated directive at byte %d", ErrBadErrorLogFormat, start+1)
}

// Name implements [ErrorFormat]; it returns "custom".
func (f *CustomErrorFormat) Name() string { return NameCustomError }

// String returns the ErrorLogFormat string f was compiled from.
func (f *CustomErrorFormat) String() string { return f.src }

// Clone implements [ErrorFormat].
func (f *CustomErrorFormat) Clone() ErrorFormat {
	c := *f
	c.spans = make([]elSpan, len(f.spans))
	c.nums = make([]int64, len(f.nums))
	c.present = make([]bool, len(f.present))
	return &c
}

// Parse implements [ErrorFormat].
func (f *CustomErrorFormat) Parse(line []byte, e *ErrorEntry) error {
	e.Reset()
	line = elTrimCR(line)
	if len(line) == 0 {
		return ErrEmpty
	}
	err := f.parseAt(line, 0, e)
	if err == ErrNotErrorLine {
		e.Reset()
		if elApacheStartup(line, 0, e) {
			return nil
		}
		if p := elStripSyslog(line); p > 0 {
			e.Reset()
			err = f.parseAt(line, p, e)
		}
	}
	return err
}

// parseAt matches the format against line[p:] and fills e. It first walks
// the fields once without backtracking (matchGreedy), which settles most
// lines, and runs the backtracking matcher (nextField) only when that walk
// fails after a choice the backtracking matcher could revise.
func (f *CustomErrorFormat) parseAt(line []byte, p int, e *ErrorEntry) error {
	f.steps = 0
	ok, retry := false, true
	if !f.dfsOnly && f.lean && !f.noFill {
		if ok, retry = f.fillGreedy(line, p, e); ok {
			return nil
		}
		e.Reset()
	} else if !f.dfsOnly {
		ok, retry = f.matchGreedy(line, p)
	}
	if !ok && retry {
		f.steps = 0
		ok = f.nextField(line, 0, p)
	}
	if ok {
		f.apply(line, e)
		return nil
	}
	if !f.head(line, p) {
		return ErrNotErrorLine
	}
	return elFail(e, p, ErrLiteral)
}

// head reports whether line[p:] starts like an entry: the leading literals
// and fixed-shape items of the first field match.
func (f *CustomErrorFormat) head(line []byte, p int) bool {
	fd := f.fields[0]
	for ii := fd.first; ii < fd.end; ii++ {
		it := &f.items[ii]
		if it.kind == elkLit {
			if !bytes.HasPrefix(line[p:], it.lit) {
				return false
			}
			p += len(it.lit)
			continue
		}
		if it.free {
			return true // free text: the fixed head matched
		}
		n, _ := f.scanItem(it, line[p:])
		if n < 0 {
			return false
		}
		p += n
	}
	return true
}

// matchField matches the items of field fi from line[pos:] up to the
// field's stop (a free-text item that ends the field is left to the
// caller). It records their spans and returns the position after them.
func (f *CustomErrorFormat) matchField(line []byte, fi, pos int) (int, bool) {
	fd := &f.fields[fi]
	for ii := fd.first; ii < fd.stop; ii++ {
		it := &f.items[ii]
		if it.kind == elkLit { // no span: nothing reads it
			n := len(it.lit)
			if len(line)-pos < n || !elHasLit(line[pos:], it) {
				return 0, false
			}
			pos += n
			continue
		}
		if !it.free {
			n, v := f.scanItem(it, line[pos:])
			if n < 0 {
				return 0, false
			}
			f.spans[ii] = elSpan{pos, pos + n}
			f.nums[ii] = v
			pos += n
			continue
		}
		// Free text inside the field: it ends at the next literal, or at
		// the next space when an item follows.
		end, ok := f.freeEnd(line, ii, pos)
		if !ok {
			return 0, false
		}
		f.spans[ii] = elSpan{pos, end}
		pos = end
	}
	return pos, true
}

// elHasLit reports whether b, at least as long as the literal item it,
// starts with it: one 8-byte compare when b holds 8 bytes and the literal
// no more.
func elHasLit(b []byte, it *elItem) bool {
	if len(b) >= 8 {
		if load64(b)&it.litMask != it.litWord {
			return false
		}
		return len(it.lit) <= 8 || string(b[8:len(it.lit)]) == string(it.lit[8:])
	}
	return string(b[:len(it.lit)]) == string(it.lit)
}

// matchGreedy matches the fields from line[pos:] in one pass: it takes an
// optional field whenever its items match, and ends a free-text tail at the
// first place where the next field's items match. These are the first
// choices nextField tries, so when the pass matches the whole line (ok) it
// leaves the spans and present flags that nextField would. When it fails,
// retry tells whether nextField might still match, because the pass took
// a choice that nextField would revise (or ran out of steps).
func (f *CustomErrorFormat) matchGreedy(line []byte, pos int) (ok, retry bool) {
	for fi := 0; fi < len(f.fields); fi++ {
		fd := &f.fields[fi]
		if f.steps++; f.steps > elMaxSteps {
			return false, true
		}
		p, matched := f.matchField(line, fi, pos)
		if !matched {
			if !fd.optional {
				return false, retry
			}
			f.present[fi] = false
			continue
		}
		f.present[fi] = true
		retry = retry || fd.optional
		pos = p
		for f.fields[fi].tail {
			var more bool
			fi, pos, matched, more = f.tailGreedy(line, fi, pos)
			retry = retry || more
			if !matched {
				return false, retry || f.steps > elMaxSteps
			}
			if fi == len(f.fields) {
				return true, retry
			}
		}
	}
	return pos == len(line), retry
}

// tailGreedy ends the free-text item that ends field fi, which starts at
// pos, as freeTail does, but takes the first end after which the items of
// the next present field j match, without matching further. It returns j
// (len(f.fields) when the item runs to the end of the line) and the
// position after the items of field j; more tells that it took an end
// that freeTail might revise.
func (f *CustomErrorFormat) tailGreedy(line []byte, fi, pos int) (j, p int, ok, more bool) {
	ii := f.fields[fi].end - 1
	it := &f.items[ii]
	for j = fi + 1; ; j++ {
		if j == len(f.fields) {
			if !elFreeOK(it, line[pos:]) {
				return 0, 0, false, false
			}
			f.spans[ii] = elSpan{pos, len(line)}
			for k := fi + 1; k < j; k++ {
				f.present[k] = false
			}
			return j, len(line), true, false
		}
		if first := &f.items[f.fields[j].first]; first.kind == elkLit {
			for k, tries := pos, 0; tries < 8 && k <= len(line); tries++ {
				idx := bytes.Index(line[k:], first.lit)
				if idx < 0 {
					break
				}
				end := k + idx
				if elFreeOK(it, line[pos:end]) {
					if f.steps++; f.steps > elMaxSteps {
						return 0, 0, false, true
					}
					if p, ok := f.matchField(line, j, end); ok {
						f.spans[ii] = elSpan{pos, end}
						for m := fi + 1; m < j; m++ {
							f.present[m] = false
						}
						f.present[j] = true
						return j, p, true, true
					}
				}
				k = end + 1
			}
		}
		if !f.fields[j].optional {
			return 0, 0, false, false
		}
	}
}

// fillGreedy is matchGreedy for formats whose items fill distinct entry
// fields (f.lean): it fills e as it goes instead of recording spans for
// apply. A field's values are set once its items match and cleared again
// when a later item of the field fails, so on success e holds what apply
// would set after matchGreedy; on failure e is left partly filled, and the
// caller resets it.
func (f *CustomErrorFormat) fillGreedy(line []byte, pos int, e *ErrorEntry) (ok, retry bool) {
	for fi := 0; fi < len(f.fields); fi++ {
		fd := &f.fields[fi]
		if f.steps++; f.steps > elMaxSteps {
			return false, true
		}
		p, matched := f.fillField(line, fi, pos, e)
		if !matched {
			if !fd.optional {
				return false, retry
			}
			continue
		}
		retry = retry || fd.optional
		pos = p
		for f.fields[fi].tail {
			var more bool
			fi, pos, matched, more = f.fillTail(line, fi, pos, e)
			retry = retry || more
			if !matched {
				return false, retry || f.steps > elMaxSteps
			}
			if fi == len(f.fields) {
				return true, retry
			}
		}
	}
	return pos == len(line), retry
}

// fillTail is tailGreedy for fillGreedy: it sets the value of the
// free-text item that ends field fi.
func (f *CustomErrorFormat) fillTail(line []byte, fi, pos int, e *ErrorEntry) (j, p int, ok, more bool) {
	it := &f.items[f.fields[fi].end-1]
	for j = fi + 1; ; j++ {
		if j == len(f.fields) {
			if !elFreeOK(it, line[pos:]) {
				return 0, 0, false, false
			}
			f.fill(e, it, line[pos:], 0)
			return j, len(line), true, false
		}
		if first := &f.items[f.fields[j].first]; first.kind == elkLit {
			for k, tries := pos, 0; tries < 8 && k <= len(line); tries++ {
				idx := bytes.Index(line[k:], first.lit)
				if idx < 0 {
					break
				}
				end := k + idx
				if elFreeOK(it, line[pos:end]) {
					if f.steps++; f.steps > elMaxSteps {
						return 0, 0, false, true
					}
					if p, ok := f.fillField(line, j, end, e); ok {
						f.fill(e, it, line[pos:end], 0)
						return j, p, true, true
					}
				}
				k = end + 1
			}
		}
		if !f.fields[j].optional {
			return 0, 0, false, false
		}
	}
}

// fill sets the entry field of the value item it, as apply does.
func (f *CustomErrorFormat) fill(e *ErrorEntry, it *elItem, v []byte, num int64) {
	var peer []byte
	elSet(e, it, v, num, &peer)
	if peer != nil {
		e.Client, e.ClientPort = elSplitAddr(peer, true)
	}
}

// fillField is matchField for fillGreedy, run on the steps of the field
// (elOp): it sets the values of the items it matches, and clears them
// again when the field does not match.
func (f *CustomErrorFormat) fillField(line []byte, fi, pos int, e *ErrorEntry) (int, bool) {
	ops := f.fields[fi].ops
	for k := 0; k < len(ops); k++ {
		op := &ops[k]
		if n := len(op.lit); n > 0 {
			if pos+8 <= len(line) {
				if load64(line[pos:])&op.mask != op.word ||
					n > 8 && (pos+n > len(line) || string(line[pos+8:pos+n]) != string(op.lit[8:])) {
					return f.unfill(e, ops[:k])
				}
			} else if pos+n > len(line) || string(line[pos:pos+n]) != string(op.lit) {
				return f.unfill(e, ops[:k])
			}
			pos += n
		}
		if op.kind == elkLit {
			continue
		}
		if op.free {
			end, ok := f.freeEnd(line, op.item, pos)
			if !ok {
				return f.unfill(e, ops[:k])
			}
			f.fill(e, &f.items[op.item], line[pos:end], 0)
			pos = end
			continue
		}
		n := f.fillFixed(line, pos, op, e)
		if n < 0 {
			return f.unfill(e, ops[:k])
		}
		pos += n
	}
	return pos, true
}

// fillFixed matches the fixed-shape value item of op at line[pos:], sets
// its entry field, and returns its length, or -1 when it does not match.
func (f *CustomErrorFormat) fillFixed(line []byte, pos int, op *elOp, e *ErrorEntry) int {
	b := line[pos:]
	if op.hyphen && len(b) > 0 && b[0] == '-' && (len(b) == 1 || !isDigit(b[1]) && !elHostByte(b[1])) {
		return 1 // "-": absent
	}
	switch op.kind {
	case elkPID, elkTID, elkKeepAlive:
		v, n := leadingNumber(b)
		if n == 0 || n > 18 {
			return -1
		}
		if op.kind == elkPID {
			e.PID = v
		} else if op.kind == elkTID {
			e.TID = v
		}
		return n
	case elkLevel:
		n := 0
		for n < len(b) && b[n] >= 'a' && b[n] <= 'z' {
			n++
		}
		if n < len(b) && b[n] >= '1' && b[n] <= '8' {
			n++
		}
		if !elLevel(b[:n], true) {
			return -1
		}
		e.Level = b[:n]
		return n
	case elkModule:
		n := 0
		for n < len(b) && elHostByte(b[n]) {
			n++
		}
		if n == 0 {
			return -1
		}
		e.Module = b[:n]
		return n
	}
	it := &f.items[op.item]
	if op.kind == elkTime && !it.compact {
		t, n, ok := f.ctime.parse(b, it.usec)
		if !ok || (n == 31) != it.usec {
			return -1
		}
		e.Time, e.HasTime = t, true
		return n
	}
	n, v := f.scanItem(it, b)
	if n < 0 {
		return -1
	}
	if op.kind == elkTime {
		e.Time, e.HasTime = v, true
	}
	return n
}

// freeEnd ends the free-text item ii, which starts at pos and is not the
// last of its field: at the next literal, or at the next space when an item
// follows. Only %M may be empty, and an errno starts with '(' (or is "-"):
// elFreeOK would say no, so those are refused before searching.
func (f *CustomErrorFormat) freeEnd(line []byte, ii, pos int) (int, bool) {
	it := &f.items[ii]
	if it.kind != elkMessage {
		if pos >= len(line) {
			return 0, false
		}
		if it.kind == elkErrno && line[pos] != '(' && (!it.hyphen || line[pos] != '-') {
			return 0, false
		}
	}
	end := len(line)
	if next := &f.items[ii+1]; next.kind == elkLit {
		j := bytes.Index(line[pos:], next.lit)
		if j < 0 {
			return 0, false
		}
		end = pos + j
	} else if j := bytes.IndexByte(line[pos:], ' '); j >= 0 {
		end = pos + j
	}
	return end, elFreeOK(it, line[pos:end])
}

// unfill clears the entry fields of the value items of ops, which
// fillField set before the step after them failed, and reports the
// failure.
func (f *CustomErrorFormat) unfill(e *ErrorEntry, ops []elOp) (int, bool) {
	if len(ops) == 0 {
		return 0, false
	}
	for k := range ops {
		if ops[k].kind != elkLit {
			elUnset(e, &f.items[ops[k].item])
		}
	}
	return 0, false
}

// nextField matches fields fi and on from line[pos:], trying each optional
// field present first.
func (f *CustomErrorFormat) nextField(line []byte, fi, pos int) bool {
	if fi == len(f.fields) {
		return pos == len(line)
	}
	f.present[fi] = true
	if f.matchFrom(line, fi, pos) {
		return true
	}
	if f.fields[fi].optional {
		f.present[fi] = false
		return f.nextField(line, fi+1, pos)
	}
	return false
}

// matchFrom matches field fi, then the following fields.
func (f *CustomErrorFormat) matchFrom(line []byte, fi, pos int) bool {
	if f.steps++; f.steps > elMaxSteps {
		return false
	}
	pos, ok := f.matchField(line, fi, pos)
	if !ok {
		return false
	}
	if f.fields[fi].tail {
		return f.freeTail(line, fi, pos)
	}
	return f.nextField(line, fi+1, pos)
}

// freeTail matches the free-text item that ends field fi: it ends where
// the first literal of the next present field begins, or at the end of the
// line when all later fields are absent.
func (f *CustomErrorFormat) freeTail(line []byte, fi, pos int) bool {
	ii := f.fields[fi].end - 1
	it := &f.items[ii]
	for j := fi + 1; ; j++ {
		if j == len(f.fields) {
			if !elFreeOK(it, line[pos:]) {
				return false
			}
			f.spans[ii] = elSpan{pos, len(line)}
			for k := fi + 1; k < j; k++ {
				f.present[k] = false
			}
			return true
		}
		if first := &f.items[f.fields[j].first]; first.kind == elkLit {
			for k, tries := pos, 0; tries < 8 && k <= len(line); tries++ {
				idx := bytes.Index(line[k:], first.lit)
				if idx < 0 {
					break
				}
				end := k + idx
				if elFreeOK(it, line[pos:end]) {
					f.spans[ii] = elSpan{pos, end}
					for m := fi + 1; m < j; m++ {
						f.present[m] = false
					}
					f.present[j] = true
					if f.matchFrom(line, j, end) {
						return true
					}
				}
				k = end + 1
			}
		}
		if !f.fields[j].optional {
			return false
		}
	}
}

// scanItem matches a fixed-shape item at the start of b and returns its
// length and the time or number it holds, or -1 when it does not match. A
// "-" written for an absent value (the "-" flag) has length 1.
func (f *CustomErrorFormat) scanItem(it *elItem, b []byte) (int, int64) {
	if it.hyphen && len(b) > 0 && b[0] == '-' && (len(b) == 1 || !isDigit(b[1]) && !elHostByte(b[1])) {
		switch it.kind {
		case elkTime, elkLevel, elkModule, elkPID, elkTID, elkKeepAlive:
			return 1, 0
		}
	}
	switch it.kind {
	case elkTime:
		var t int64
		var n int
		var ok bool
		if it.compact {
			t, n, ok = f.iso.parse(b, '-', it.usec)
		} else {
			t, n, ok = f.ctime.parse(b, it.usec)
			ok = ok && (n == 31) == it.usec
		}
		if !ok {
			return -1, 0
		}
		return n, t
	case elkLevel:
		n := 0
		for n < len(b) && b[n] >= 'a' && b[n] <= 'z' {
			n++
		}
		if n < len(b) && b[n] >= '1' && b[n] <= '8' {
			n++
		}
		if !elLevel(b[:n], true) {
			return -1, 0
		}
		return n, 0
	case elkModule:
		n := 0
		for n < len(b) && elHostByte(b[n]) {
			n++
		}
		if n == 0 {
			return -1, 0
		}
		return n, 0
	case elkPID, elkTID, elkKeepAlive:
		v, n := leadingNumber(b)
		if n == 0 || n > 18 {
			return -1, 0
		}
		return n, v
	}
	return -1, 0
}

// elFreeOK reports whether v is a valid value for the free-text item it.
func elFreeOK(it *elItem, v []byte) bool {
	if it.kind == elkMessage {
		return true
	}
	if len(v) == 0 {
		return false
	}
	if it.hyphen && len(v) == 1 && v[0] == '-' {
		return true
	}
	switch it.kind {
	case elkErrno:
		return v[0] == '(' && bytes.IndexByte(v, ')') > 1
	case elkFile:
		if v[len(v)-1] != ')' {
			return false
		}
		o := bytes.LastIndexByte(v, '(')
		return o > 0 && o+2 < len(v) && leadingDigits(v[o+1:]) == len(v)-o-2
	case elkClient, elkPeer, elkLocal, elkLogID, elkConnLogID, elkVHost, elkServerName:
		return bytes.IndexByte(v, ' ') < 0
	}
	return true
}

// apply sets e from the spans of the present fields.
func (f *CustomErrorFormat) apply(line []byte, e *ErrorEntry) {
	var peer []byte
	for _, ii := range f.values {
		it := &f.items[ii]
		if !f.present[it.field] {
			continue
		}
		sp := f.spans[ii]
		elSet(e, it, line[sp.start:sp.end], f.nums[ii], &peer)
	}
	if e.Client == nil && peer != nil {
		e.Client, e.ClientPort = elSplitAddr(peer, true)
	}
}

// elSet sets the entry field of the value item it from its value v and
// the time or number num its scan read; a %{c}a value goes to peer.
func elSet(e *ErrorEntry, it *elItem, v []byte, num int64, peer *[]byte) {
	if it.kind != elkMessage && it.hyphen && len(v) == 1 && v[0] == '-' {
		return
	}
	switch it.kind {
	case elkTime:
		e.Time, e.HasTime = num, true
	case elkLevel:
		e.Level = v
	case elkModule:
		e.Module = v
	case elkPID:
		e.PID = num
	case elkTID:
		e.TID = num
	case elkFile:
		e.Source = v
	case elkErrno:
		e.Errno = v
		q := 1
		if bytes.HasPrefix(v[1:], []byte("OS ")) {
			q = 4
		} else if bytes.HasPrefix(v[1:], []byte("EAI ")) {
			q = 5
		}
		if n, ok := atoi(v[q : q+leadingDigits(v[q:])]); ok && n < 1<<31 {
			e.ErrnoNum = int(n)
		}
	case elkClient:
		e.Client, e.ClientPort = elSplitAddr(v, true)
	case elkPeer:
		*peer = v
	case elkMessage:
		if elCode(v) {
			e.Code = v[:7]
			v = v[9:]
		}
		e.Message = v
	case elkLogID:
		e.LogID = v
	case elkVHost, elkServerName:
		if e.Server == nil {
			e.Server = v
		}
	case elkHeader:
		switch it.header {
		case elhReferer:
			e.Referer = v
		case elhHost:
			e.Host = v
		}
	}
}

// elUnset clears the entry field that the value item it fills, as
// ErrorEntry.Reset leaves it.
func elUnset(e *ErrorEntry, it *elItem) {
	switch it.kind {
	case elkTime:
		e.Time, e.HasTime = 0, false
	case elkLevel:
		e.Level = nil
	case elkModule:
		e.Module = nil
	case elkPID:
		e.PID = -1
	case elkTID:
		e.TID = -1
	case elkFile:
		e.Source = nil
	case elkErrno:
		e.Errno, e.ErrnoNum = nil, -1
	case elkClient, elkPeer:
		e.Client, e.ClientPort = nil, -1
	case elkMessage:
		e.Code, e.Message = nil, nil
	case elkLogID:
		e.LogID = nil
	case elkVHost, elkServerName:
		e.Server = nil
	case elkHeader:
		switch it.header {
		case elhReferer:
			e.Referer = nil
		case elhHost:
			e.Host = nil
		}
	}
}
