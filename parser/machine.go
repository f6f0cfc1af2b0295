package parser

import (
	"bytes"
	"errors"
	"strings"
)

// This file holds the step machine that compiled Apache LogFormat and nginx
// log_format strings run on (compile.go builds the steps): compileOps
// gives each step a compact op, and machine.Parse walks a line through the
// ops with bytes.IndexByte and the word-wise searches of swar.go, never a
// regexp, writing sub-slices of the line into an Entry without allocating.

// machine runs steps over lines. It is the Format returned by the compilers.
type machine struct {
	name   string
	syntax string
	src    string
	steps  []step
	ops    []op // one per step, pointing into steps
	clf    CLFTimeCache
	iso    isoCache
}

// opKind says how [machine.Parse] finds a field, or that an op is a
// literal or a timestamp.
type opKind uint8

const (
	opFind   opKind = iota // any extent: step.find, then the tail
	opLit                  // a literal: matchLit
	opTime                 // a timestamp: parseTime, then the tail
	opDelim1               // extDelim, one-byte delimiter that holds the tail
	opDelim2               // extDelim, two-byte delimiter that holds the tail
	opQuoted               // extQuoted whose after text holds the tail
	opCLF                  // a CLF timestamp of the time slot: the cache, else parseTime
	opList                 // extList whose delimiter holds the tail
	opDelimN               // extDelim, longer delimiter that holds the tail
	opEOL                  // extEOL: the rest of the line (up to a space for a number), no tail
	opISO                  // an ISO 8601 timestamp of the time slot: isoTime, else parseTime
	opWord                 // extWord whose delimiter holds the tail (at most eight bytes)
)

// op is the hot form of a step: the few bytes Parse dispatches on, with the
// rest of the step behind a pointer.
type op struct {
	kind opKind
	slot slot // st.f.slot
	// b0 and b1 are the delimiter of opDelim1 and opDelim2, and the first
	// two bytes of the text expected after an opQuoted's closing quote;
	// b0 is '[' for an opCLF timestamp in brackets.
	b0, b1 byte
	an     uint8 // opQuoted: len(after), opList and opWord: len(delim); 3 for longer
	eol    bool  // opQuoted: the closing quote ends the line
	tailN  uint8 // fast paths: len(tail), matched with the delimiter
	st     *step
	// aw and am are the first (up to) eight bytes of an opQuoted's after
	// text as a little-endian word, and the mask of the bytes they fill, so
	// that the text is compared in one load where the line has eight bytes
	// left.
	aw, am uint64
	// pa and pb repeat b0 and b1 in every byte of a word, for the first
	// word of an opDelim1 or opDelim2 search, which Parse tests inline.
	pa, pb uint64
	// list: an opWord field that may be a ", "-separated list.
	list bool
	// num: an opEOL field that is a number, which ends at a space.
	num bool
}

// newMachine returns a machine for built steps, with their ops.
func newMachine(name, syntax, src string, steps []step) *machine {
	return &machine{name: name, syntax: syntax, src: src, steps: steps, ops: compileOps(steps)}
}

// compileOps picks an op for each step. A step gets a fast kind only when
// that kind's inline code does exactly what the general one would: the tail
// must be part of the delimiter (or of the text after the closing quote),
// so that finding one matches the other.
func compileOps(steps []step) []op {
	ops := make([]op, len(steps))
	for i := range steps {
		st := &steps[i]
		o := op{kind: opFind, slot: st.f.slot, st: st}
		tailOK := len(st.tail) <= 255
		switch {
		case st.isLit:
			o.kind, o.slot = opLit, slotExtra
		case st.ext == extSelf && st.f.slot == slotTime && st.f.tk == tCLF:
			o.kind = opCLF
		case st.ext == extSelf && st.f.slot == slotTime && st.f.tk == tCLFBrack:
			o.kind, o.b0 = opCLF, '['
		case st.ext == extSelf && st.f.slot == slotTime && st.f.tk == tISO:
			o.kind = opISO
		case st.ext == extSelf:
			o.kind = opTime
		case st.ext == extDelim && tailOK && len(st.delim) == 1 && strings.HasPrefix(st.delim, st.tail):
			o.kind, o.b0 = opDelim1, st.delim[0]
		case st.ext == extDelim && tailOK && len(st.delim) == 2 && strings.HasPrefix(st.delim, st.tail):
			o.kind, o.b0, o.b1 = opDelim2, st.delim[0], st.delim[1]
		case st.ext == extDelim && tailOK && len(st.delim) > 2 && strings.HasPrefix(st.delim, st.tail):
			o.kind = opDelimN
		case st.ext == extWord && tailOK && len(st.delim) <= 8 && strings.HasPrefix(st.delim, st.tail):
			o.kind, o.b0, o.list, o.an = opWord, ' ', st.f.list, uint8(min(len(st.delim), 3))
			if len(st.delim) > 1 {
				o.b1 = st.delim[1]
			}
			o.aw, o.am = litWord(st.delim)
		case st.ext == extEOL && st.tail == "":
			o.kind, o.num = opEOL, st.f.numeric
		case st.ext == extList && tailOK && strings.HasPrefix(st.delim, st.tail):
			o.kind, o.an, o.b0 = opList, uint8(min(len(st.delim), 3)), st.delim[0]
		case st.ext == extQuoted && tailOK && strings.HasPrefix(st.after, st.tail):
			o.kind, o.eol, o.an = opQuoted, st.afterEOL, uint8(min(len(st.after), 3))
			if len(st.after) > 0 {
				o.b0 = st.after[0]
			}
			if len(st.after) > 1 {
				o.b1 = st.after[1]
			}
			o.aw, o.am = litWord(st.after)
		}
		o.pa, o.pb = repeat8(o.b0), repeat8(o.b1)
		if o.kind != opFind && o.kind != opLit && o.kind != opTime && o.kind != opISO {
			o.tailN = uint8(len(st.tail))
		}
		ops[i] = o
	}
	return ops
}

// Name returns the preset name, or "custom" for a compiled string.
func (m *machine) Name() string { return m.name }

// String returns the format string the machine was compiled from.
func (m *machine) String() string { return m.src }

// Clone returns a copy with its own timestamp cache; the compiled steps are
// shared, read-only.
func (m *machine) Clone() Format {
	c := *m
	c.clf = CLFTimeCache{}
	c.iso = isoCache{}
	return &c
}

// matchLit matches the literal lit at line[pos:] and returns the position
// after it.
func matchLit(line []byte, pos int, lit string) (int, error) {
	rest := line[pos:]
	if len(lit) == 1 && len(rest) > 0 {
		if rest[0] != lit[0] {
			return 0, ErrLiteral
		}
		return pos + 1, nil
	}
	if len(rest) < len(lit) {
		if string(rest) == lit[:len(rest)] {
			return 0, ErrFieldCount
		}
		return 0, ErrLiteral
	}
	if !hasPrefix(rest, lit) {
		return 0, ErrLiteral
	}
	return pos + len(lit), nil
}

// Parse implements [Format]. It resets e, then runs the ops over line; a
// trailing '\r' is ignored.
//
// The common kinds of field (one- and two-byte delimiters, quoted text) are
// found, and the common slots written, inline; the rest go through
// step.find, store and matchLit. Either way the result is the same as the
// plain loop over the steps.
func (m *machine) Parse(line []byte, e *Entry) error {
	line, err := startLine(line, e)
	if err != nil {
		return err
	}
	pos := 0
	ops := m.ops
	for i := range ops {
		o := &ops[i]
		var v []byte
		checkTail := false
		// An if-chain in the order of frequency, not a jump table: the
		// conditional branches predict better than one indirect jump.
		switch {
		case o.kind == opQuoted:
			rest := line[pos:]
			if len(rest) == 0 {
				return ErrFieldCount
			}
			if rest[0] != '"' {
				return ErrLiteral
			}
			// The first quote, unescaped and followed by what the format
			// says, is the one closingQuote would choose. Short values
			// ("GET", "200", "-") end within the first word.
			q := 0
			if len(rest) >= 9 {
				if m := zeroBytes(load64(rest[1:]) ^ repeat8('"')); m != 0 {
					q = firstFlagged(m) + 1
				}
			}
			if q == 0 {
				q = bytes.IndexByte(rest[1:], '"') + 1
			}
			if q > 0 && rest[q-1] != '\\' {
				var closes bool
				switch a := rest[q+1:]; {
				case o.eol:
					closes = len(a) == 0
				case len(a) >= 8:
					closes = load64(a)&o.am == o.aw &&
						(o.an < 3 || len(o.st.after) <= 8 || longPrefix(a[8:], o.st.after[8:]))
				case o.an == 1:
					closes = len(a) > 0 && a[0] == o.b0
				case o.an == 2:
					closes = len(a) > 1 && a[0] == o.b0 && a[1] == o.b1
				default:
					closes = hasPrefix(a, o.st.after)
				}
				if closes {
					v = rest[1:q]
					pos += q + 1 + int(o.tailN)
					break
				}
			}
			if q = o.st.closingQuote(rest); q < 0 {
				if !o.eol {
					return ErrBadQuote
				}
				// The line was cut off in its last field.
				v, pos, e.Truncated = rest[1:], len(line), true
				break
			}
			v = rest[1:q]
			pos += q + 1
			checkTail = true
		case o.kind == opWord:
			rest := line[pos:]
			// "-", the most common ident and user, is absent: e.Reset
			// left the slot nil.
			if !o.list && len(rest) > 2 && rest[0] == '-' && rest[1] == ' ' && (o.an == 1 || o.an == 2 && rest[2] == o.b1) {
				pos += 1 + int(o.tailN)
				continue
			}
			j := -1
			if len(rest) >= 8 {
				if m := zeroBytes(load64(rest) ^ o.pa); m != 0 {
					j = firstFlagged(m)
				}
			}
			if j < 0 {
				if j = indexByte(rest, ' '); j < 0 {
					return ErrFieldCount
				}
			}
			if o.list && listNext(rest, j) > 0 {
				// A list of addresses: step.find goes on over the separators.
				start, end, _, err := o.st.find(line, pos)
				if err != nil {
					return err
				}
				j = end - start
			} else if o.an == 2 {
				if j+1 >= len(rest) || rest[j+1] != o.b1 {
					return ErrFieldCount
				}
			} else if o.an > 2 {
				if d := rest[j:]; len(d) >= 8 {
					if load64(d)&o.am != o.aw {
						return ErrFieldCount
					}
				} else if !hasPrefix(d, o.st.delim) {
					return ErrFieldCount
				}
			}
			v = textOrNil(rest[:j])
			pos += j + int(o.tailN)
			// The word slots are written here, without the slot switch.
			switch o.slot {
			case slotClient:
				e.Client = v
			case slotIdent:
				e.Ident = v
			default:
				e.User = v
			}
			continue
		case o.kind == opDelim1:
			rest := line[pos:]
			// Most fields are shorter than a word: look there first.
			j := -1
			if len(rest) >= 8 {
				if m := zeroBytes(load64(rest) ^ o.pa); m != 0 {
					j = firstFlagged(m)
				}
			}
			if j < 0 {
				if j = indexByte(rest, o.b0); j < 0 {
					return ErrFieldCount
				}
			}
			v = rest[:j]
			pos += j + int(o.tailN)
		case o.kind == opDelim2:
			rest := line[pos:]
			j := -1
			if len(rest) >= 9 {
				if m := zeroBytes((load64(rest) ^ o.pa) | (load64(rest[1:]) ^ o.pb)); m != 0 {
					j = firstFlagged(m)
				}
			}
			if j < 0 {
				if j = index2(rest, o.b0, o.b1); j < 0 {
					return ErrFieldCount
				}
			}
			v = rest[:j]
			pos += j + int(o.tailN)
		case o.kind == opCLF || o.kind == opTime || o.kind == opISO:
			// The caches first; parseTime reads the rest and says why a
			// timestamp failed.
			s, n := line[pos:], 0
			switch o.kind {
			case opCLF:
				br := 0
				if o.b0 == '[' {
					br = 1
				}
				if len(s) > br && (br == 0 || s[0] == '[') {
					if ns, off, hz, k, ok := m.clf.Parse(s[br:]); ok && (br == 0 || k+1 < len(s) && s[k+1] == ']') {
						e.Time, e.Offset, e.HasTime, e.HasZone = ns, off, true, hz
						n = k + 2*br
					}
				}
			case opISO:
				n = m.isoTime(s, e)
			}
			if n == 0 {
				if n, err = m.parseTime(o.st, s, e); err != nil {
					return err
				}
			}
			pos += n
			if t := o.st.tail; hasPrefix(line[pos:], t) {
				pos += len(t)
			} else if pos, err = matchLit(line, pos, t); err != nil {
				return err
			}
			continue
		case o.kind == opList:
			rest := line[pos:]
			end := 0
			for n := 0; ; {
				var j int
				if o.an == 1 {
					j = indexByte(rest[n:], o.b0)
				} else {
					j = indexDelim(rest[n:], o.st.delim)
				}
				if j < 0 {
					return ErrFieldCount
				}
				end = n + j
				if n = listNext(rest, end); n == 0 {
					break
				}
			}
			v = rest[:end]
			pos += end + int(o.tailN)
		case o.kind == opDelimN:
			rest := line[pos:]
			j := indexDelim(rest, o.st.delim)
			if j < 0 {
				return ErrFieldCount
			}
			v = rest[:j]
			pos += j + int(o.tailN)
		case o.kind == opLit:
			if pos, err = matchLit(line, pos, o.st.lit); err != nil {
				return err
			}
			continue
		case o.kind == opEOL:
			v = line[pos:]
			if o.num {
				// A number ends at a space, as step.find has it.
				if j := indexByte(v, ' '); j >= 0 {
					v = v[:j]
				}
			}
			pos += len(v)
		default:
			start, end, next, err := o.st.find(line, pos)
			if err == errCutQuote {
				e.Truncated = true
			} else if err != nil {
				return err
			}
			v = line[start:end]
			pos = next
			checkTail = true
		}
		// What store does, with the common slots written here, again as an
		// if-chain in the order of frequency.
		switch {
		case o.slot == slotUA:
			e.UserAgent = textOrNil(v)
		case o.slot == slotReferer:
			e.Referer = textOrNil(v)
		case o.slot == slotRequest:
			setRequest(v, e)
		case o.slot == slotStatus:
			s, ok := statusCode(v)
			if !ok {
				return ErrBadStatus
			}
			e.Status = s
		case o.slot == slotBytes:
			n, ok := parseInt(v)
			if !ok {
				return ErrBadNumber
			}
			e.Bytes = n
		case o.slot == slotExtra:
			f := &o.st.f
			if isDash(v) {
				v = nil
			} else if f.numeric && !decimalDigits(v) {
				return ErrBadNumber
			}
			e.Extra = append(e.Extra, Field{Name: f.name, Value: v})
		case o.slot == slotReqTime || o.slot == slotUpTime:
			// A scale of 0 or 1 leaves d as it is (duration multiplies by
			// the others).
			d, ok := milliDecimal(v)
			if sc := o.st.f.scale; !ok || sc != 0 && sc != 1 {
				if d, ok = duration(&o.st.f, v); !ok {
					return ErrBadNumber
				}
			}
			if o.slot == slotReqTime {
				e.RequestTime = d
			} else {
				e.UpstreamTime = d
			}
		case o.slot == slotMethod || o.slot == slotPath || o.slot == slotClient || o.slot == slotReqID ||
			o.slot == slotVHost || o.slot == slotIdent || o.slot == slotUser:
			setText(o.slot, v, e)
		default:
			if err := store(o.st, v, e); err != nil {
				return err
			}
		}
		if checkTail {
			if t := o.st.tail; hasPrefix(line[pos:], t) {
				pos += len(t)
			} else if pos, err = matchLit(line, pos, t); err != nil {
				return err
			}
		}
	}
	if pos != len(line) {
		return ErrTrailing
	}
	return nil
}

// isoTime reads an ISO 8601 timestamp into e.Time through the machine's
// cache and returns its length, or 0 when it is not one: the caller then
// lets parseTime report why. It is parseTime for tISO fields of the time
// slot, without parseTime's switch.
func (m *machine) isoTime(s []byte, e *Entry) int {
	ns, off, hasZone, n, ok := m.iso.parse(s)
	if !ok {
		return 0
	}
	e.Time, e.Offset, e.HasTime, e.HasZone = ns, off, true, hasZone
	return n
}

// find locates the field that starts at pos and returns its bounds and where
// the next step starts.
func (st *step) find(line []byte, pos int) (start, end, next int, err error) {
	rest := line[pos:]
	switch st.ext {
	case extFixed:
		if len(rest) < st.f.fixed {
			return 0, 0, 0, ErrFieldCount
		}
		return pos, pos + st.f.fixed, pos + st.f.fixed, nil
	case extEOL:
		// A number holds no space: what follows one is trailing text
		// (a combined line read as common), not a bad number.
		if j := bytes.IndexByte(rest, ' '); j >= 0 && st.f.numeric {
			return pos, pos + j, pos + j, nil
		}
		return pos, len(line), len(line), nil
	case extQuoted:
		if len(rest) == 0 {
			return 0, 0, 0, ErrFieldCount
		}
		if rest[0] != '"' {
			return 0, 0, 0, ErrLiteral
		}
		q := st.closingQuote(rest)
		if q < 0 {
			if st.afterEOL {
				return pos + 1, len(line), len(line), errCutQuote
			}
			return 0, 0, 0, ErrBadQuote
		}
		return pos + 1, pos + q, pos + q + 1, nil
	case extWord:
		for n := 0; ; {
			j := indexByte(rest[n:], ' ')
			if j < 0 {
				return 0, 0, 0, ErrFieldCount
			}
			end := n + j
			if st.f.list {
				if n = listNext(rest, end); n > 0 {
					continue
				}
			}
			if !hasPrefix(rest[end:], st.delim) {
				return 0, 0, 0, ErrFieldCount
			}
			return pos, pos + end, pos + end, nil
		}
	case extRequest:
		if n := requestEnd(rest, st.delimB); n >= 0 {
			return pos, pos + n, pos + n, nil
		}
	case extList:
		n := 0
		for {
			var j int
			if len(st.delimB) == 1 {
				j = indexByte(rest[n:], st.delimB[0])
			} else {
				j = indexDelim(rest[n:], st.delim)
			}
			if j < 0 {
				return 0, 0, 0, ErrFieldCount
			}
			end := n + j
			if n = listNext(rest, end); n == 0 {
				return pos, pos + end, pos + end, nil
			}
		}
	case extRSplit:
		stop := len(rest)
		if st.stop != "" {
			if j := bytes.Index(rest, st.stopB); j >= 0 {
				stop = j
			}
		}
		if j := bytes.LastIndex(rest[:stop], st.delimB); j >= 0 {
			return pos, pos + j, pos + j, nil
		}
	}
	var j int
	if len(st.delim) == 1 {
		j = indexByte(rest, st.delim[0])
	} else {
		j = indexDelim(rest, st.delim)
	}
	if j < 0 {
		return 0, 0, 0, ErrFieldCount
	}
	return pos, pos + j, pos + j, nil
}

// startLine resets e for a new line and returns the line without its
// trailing '\r'; an empty line is ErrEmpty.
func startLine(line []byte, e *Entry) ([]byte, error) {
	e.Reset()
	if line = trimCR(line); len(line) == 0 {
		return nil, ErrEmpty
	}
	return line, nil
}

// listNext is where the search for the end of a list field (extList,
// extWord) goes on when its delimiter was found at rest[end]: past a ", "
// or " : " separator of the list, or 0 when the list ends there.
func listNext(rest []byte, end int) int {
	if end > 0 && rest[end-1] == ',' {
		return end + 1
	}
	if len(rest) > end+2 && rest[end+1] == ':' && rest[end+2] == ' ' {
		return end + 3
	}
	return 0
}

// indexDelim is bytes.Index for the short delimiters between fields: it
// finds the first two bytes with index2 (or the only one with indexByte)
// and checks the rest, which is faster than bytes.Index's setup when the
// delimiter is near, as it nearly always is.
func indexDelim(s []byte, delim string) int {
	if len(delim) == 1 {
		return indexByte(s, delim[0])
	}
	for i := 0; ; {
		j := index2(s[i:], delim[0], delim[1])
		if j < 0 {
			return -1
		}
		i += j
		if len(delim) < 8 && hasPrefix(s[i:], delim) || len(delim) >= 8 && longPrefix(s[i:], delim) {
			return i
		}
		i++
	}
}

// errCutQuote is what step.find returns for the last field of a line,
// quoted, when the line ends before its closing quote: a line cut off by
// its writer. The field then holds the rest of the line, and the caller
// marks the entry Truncated; it is not a parse error.
var errCutQuote = errors.New("last quoted field cut off")

// closingQuote returns the index in s (which starts with the opening quote)
// of the quote that closes the field, or -1. A quote preceded by an odd run
// of backslashes is escaped. When several quotes could close a field that
// text follows, the first one followed by the expected text wins; failing
// that, the first. The last field of the line ends at its first unescaped
// quote, as in the peers' parsers (grok's QS): a quoted field after it, as
// nginx main's "$http_x_forwarded_for" after combined's user agent, is
// trailing text, not part of the user agent.
func (st *step) closingQuote(s []byte) int {
	first := -1
	i := 1
	for {
		j := bytes.IndexByte(s[i:], '"')
		if j < 0 {
			return first
		}
		q := i + j
		i = q + 1
		bs := 0
		for k := q - 1; k >= 1 && s[k] == '\\'; k-- {
			bs++
		}
		if bs&1 == 1 {
			continue
		}
		if first < 0 {
			first = q
		}
		switch {
		case st.after != "":
			if hasPrefix(s[q+1:], st.after) {
				return q
			}
		default:
			return q
		}
	}
}

// requestEnd finds the end of an unquoted request line at the start of s,
// "METHOD SP TARGET SP HTTP/x.y" (the target may hold spaces), "METHOD SP
// TARGET" or "-", followed by delim (or the end of s when delim is empty);
// -1 when s does not look like one.
func requestEnd(s []byte, delim []byte) int {
	ok := func(n int) bool {
		if len(delim) == 0 {
			return n == len(s)
		}
		return bytes.HasPrefix(s[n:], delim)
	}
	if len(s) > 0 && s[0] == '-' && ok(1) {
		return 1
	}
	i1 := bytes.IndexByte(s, ' ')
	if i1 <= 0 {
		return -1
	}
	if p := bytes.Index(s[i1:], spaceHTTP); p >= 0 {
		e := i1 + p + 1
		k := bytes.IndexByte(s[e:], ' ')
		if k < 0 {
			k = len(s) - e
		}
		if ok(e + k) {
			return e + k
		}
	}
	i2 := bytes.IndexByte(s[i1+1:], ' ')
	if i2 < 0 {
		if ok(len(s)) {
			return len(s)
		}
		return -1
	}
	if e2 := i1 + 1 + i2; ok(e2) {
		return e2
	}
	return -1
}

// spaceHTTP starts the protocol of a request line.
var spaceHTTP = []byte(" HTTP/")

// isDash reports whether v is the "-" servers write for a missing value.
func isDash(v []byte) bool { return len(v) == 1 && v[0] == '-' }

// textOrNil returns nil for "-" and for an empty value.
func textOrNil(v []byte) []byte {
	if len(v) == 0 || isDash(v) {
		return nil
	}
	return v
}

// store converts v and writes it to its slot of e. Values bound for Extra
// are kept as text, unchecked.
func store(st *step, v []byte, e *Entry) error {
	f := &st.f
	switch f.slot {
	case slotExtra:
		if isDash(v) {
			v = nil
		} else if f.numeric && !decimalDigits(v) {
			// A byte count or port kept under its own name is still a
			// number: text here means the line is not of this format.
			return ErrBadNumber
		}
		e.Extra = append(e.Extra, Field{Name: f.name, Value: v})
	case slotStatus, slotBytes, slotPort, slotConn:
		return setNumber(f.slot, v, e)
	case slotReqTime, slotUpTime:
		d, ok := duration(f, v)
		if !ok {
			return ErrBadNumber
		}
		if f.slot == slotReqTime {
			e.RequestTime = d
		} else {
			e.UpstreamTime = d
		}
	case slotRequest:
		setRequest(v, e)
	default:
		setText(f.slot, v, e)
	}
	return nil
}

// duration reads the value of a duration field in seconds: a decimal
// number, or for convDurList an upstream list summed, times the field's
// scale; "-" is -1 (absent).
func duration(f *fieldSpec, v []byte) (float64, bool) {
	d, ok := parseDecimal(v)
	if !ok {
		if f.conv != convDurList {
			return 0, false
		}
		// A list of one number is that number, which parseDecimal read.
		if d, ok = sumDurations(v); !ok {
			return 0, false
		}
	}
	if d > 0 && f.scale != 0 {
		d *= f.scale
	}
	return d, true
}

// setNumber writes a status code, byte count, port or connection number to
// its slot of e, or fails when v is not one.
func setNumber(sl slot, v []byte, e *Entry) error {
	if sl == slotStatus {
		s, ok := statusCode(v)
		if !ok {
			return ErrBadStatus
		}
		e.Status = s
		return nil
	}
	n, ok := parseInt(v)
	if !ok {
		return ErrBadNumber
	}
	switch sl {
	case slotBytes:
		e.Bytes = n
	case slotPort:
		if n > 65535 {
			return ErrBadNumber
		}
		e.Port = int(n)
	case slotConn:
		e.Connection = n
	}
	return nil
}

// setText writes a text slot of e; "" and "-" are absent (nil).
func setText(sl slot, v []byte, e *Entry) {
	v = textOrNil(v)
	switch sl {
	case slotClient:
		e.Client = v
	case slotIdent:
		e.Ident = v
	case slotUser:
		e.User = v
	case slotMethod:
		e.Method = v
	case slotPath:
		e.Path = v
	case slotProtocol:
		e.Protocol = v
	case slotReferer:
		e.Referer = v
	case slotUA:
		e.UserAgent = v
	case slotVHost:
		e.VHost = v
	case slotReqID:
		e.RequestID = v
	}
}

// setRequest stores a request line and its parts: the method is the first
// word, the protocol the last word when it starts with "HTTP/", and the path
// what lies between. A line of fewer than two words sets only Request.
func setRequest(v []byte, e *Entry) {
	if isDash(v) {
		return
	}
	e.Request = v
	i := indexByte(v, ' ')
	if i <= 0 {
		return
	}
	e.Method = v[:i]
	rest := v[i+1:]
	// The common " HTTP/x.y" ending is checked in place: when the last
	// three bytes hold no space, the space before "HTTP/" is the last one.
	if n := len(rest); n >= 9 && rest[n-9] == ' ' && hasPrefix(rest[n-8:], "HTTP/") &&
		rest[n-3] != ' ' && rest[n-2] != ' ' && rest[n-1] != ' ' {
		e.Protocol = rest[n-8:]
		rest = rest[:n-9]
	} else if j := bytes.LastIndexByte(rest, ' '); j >= 0 && bytes.HasPrefix(rest[j+1:], spaceHTTP[1:]) {
		e.Protocol = rest[j+1:]
		rest = rest[:j]
	}
	e.Path = rest
}

// parseTime parses a timestamp field at the start of s and returns its length.
func (m *machine) parseTime(st *step, s []byte, e *Entry) (int, error) {
	var (
		ns      int64
		off     int32
		hasZone bool
		n       int
		ok      bool
	)
	f := &st.f
	switch f.tk {
	case tCLF:
		ns, off, hasZone, n, ok = m.clf.Parse(s)
	case tCLFBrack:
		if len(s) > 0 && s[0] == '[' {
			ns, off, hasZone, n, ok = m.clf.Parse(s[1:])
			if ok && n+1 < len(s) && s[n+1] == ']' {
				n += 2
			} else {
				ok = false
			}
		}
	case tISO:
		ns, off, hasZone, n, ok = m.iso.parse(s)
	case tEpoch:
		ns, n, ok = parseEpochPrefix(s, f.unit)
		hasZone = true
	case tStrftime:
		ns, off, hasZone, n, ok = f.layout.parse(s)
	case tFrac:
		_, n, ok = readNum(s, f.layout.toks[0].n, false)
	}
	if !ok {
		if len(s) == 0 {
			return 0, ErrFieldCount
		}
		return 0, ErrBadTime
	}
	if f.slot != slotTime {
		e.Extra = append(e.Extra, Field{Name: f.name, Value: s[:n]})
		return n, nil
	}
	e.Time, e.Offset, e.HasTime, e.HasZone = ns, off, true, hasZone
	return n, nil
}
