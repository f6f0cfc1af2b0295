package parser

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// This file compiles Apache ErrorLogFormat strings into a
// [CustomErrorFormat]; errorlogformat_match.go matches lines against it.

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
	// greedy first attempt may fill the entry as it goes (greedy with e).
	lean    bool
	dfsOnly bool // tests: skip the greedy first attempt of parseAt
	noFill  bool // tests: take greedy without e and apply, not greedy with e
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
		if b, ok := controlEscape(s[i]); ok {
			lit = append(lit, b)
		} else {
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
