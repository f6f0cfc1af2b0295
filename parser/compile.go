package parser

import (
	"errors"
	"fmt"
)

// This file turns the lexed pieces of a format string into the steps the
// machine runs on. A format string is lexed (logformat.go for Apache,
// nginxformat.go for nginx) into literal text and fields; build resolves
// which field wins each standard slot of Entry, decides how the end of each
// field is found, and folds each literal into the field before it.

// ErrBadFormat is returned, wrapped in a [*FormatError], when a format string
// cannot be compiled.
var ErrBadFormat = errors.New("bad format string")

// FormatError describes why a format string did not compile. Column counts
// bytes of the format string from 1 and is 0 when the problem is not tied to
// one place.
type FormatError struct {
	Syntax string // "apache" or "nginx"
	Column int
	Msg    string
}

// Error implements the error interface:
// `apache format: column 13: unknown directive "%Z"`.
func (e *FormatError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s format: column %d: %s", e.Syntax, e.Column, e.Msg)
	}
	return fmt.Sprintf("%s format: %s", e.Syntax, e.Msg)
}

// Unwrap returns [ErrBadFormat].
func (e *FormatError) Unwrap() error { return ErrBadFormat }

// Syntax names used by [Preset.Syntax] and [ServerConfig.Syntax].
const (
	SyntaxApache = "apache"
	SyntaxNginx  = "nginx"
)

// slot is the standard Entry field a value lands in.
type slot uint8

const (
	slotExtra slot = iota
	slotClient
	slotIdent
	slotUser
	slotTime
	slotRequest
	slotMethod
	slotPath
	slotProtocol
	slotStatus
	slotBytes
	slotReferer
	slotUA
	slotVHost
	slotPort
	slotReqTime
	slotUpTime
	slotConn
	slotReqID
	numSlots
)

// conv is how a field's bytes are read.
type conv uint8

const (
	convText     conv = iota // bytes; "-" is absent
	convStatus               // three digits, 100–599
	convInt                  // decimal integer; "-" is absent
	convDuration             // decimal number times scale seconds; "-" is absent
	convDurList              // nginx upstream list of durations, summed
	convRequest              // request line, split into method, path, protocol
	convTime                 // timestamp; finds its own end
)

// extent is how the end of a field is found.
type extent uint8

const (
	extDelim   extent = iota // first occurrence of delim
	extEOL                   // end of the line
	extQuoted                // "…" with backslash escapes; consumes both quotes
	extList                  // like extDelim, going on over ", " and " : " separators
	extRSplit                // last occurrence of delim before the next field's stop
	extRequest               // unquoted request line: METHOD SP TARGET [SP HTTP/x]
	extSelf                  // the converter knows the length (timestamps)
	// extFixed is a field of a fixed width (fieldSpec.fixed), which may be
	// followed directly by another field.
	extFixed
	// extWord is extDelim for a delimiter that starts with a space after a
	// field that holds no space (client, ident, user): the first space ends
	// the field, and the delimiter must follow there. A client list goes on
	// over ", " and " : " separators, as extList does.
	extWord
)

// fieldSpec is what a lexer knows about one directive or variable.
type fieldSpec struct {
	name    string  // name in Entry.Extra when it does not win a slot
	text    string  // the directive as written, for messages
	col     int     // 1-based column in the format string
	slot    slot    // wanted standard field
	prio    int     // higher wins the slot
	conv    conv    //
	scale   float64 // seconds per unit (durations)
	list    bool    // value may be a ", "-separated list
	numeric bool    // value never holds ':' (ports): allows %v:%p splitting
	// fixed is the width of a field that is always that many bytes (%X:
	// one of X, + and -): another field may follow it directly.
	fixed   int
	tk      tkind  // timestamps
	tprefix string // Apache "begin:" or "end:"
	unit    int64  // tEpoch unit
	layout  *timeLayout
}

// item is a lexed piece of a format string: literal text or a field.
type item struct {
	lit   string
	field *fieldSpec
}

// step is one instruction of the machine.
type step struct {
	isLit    bool
	lit      string // literal to match
	f        fieldSpec
	ext      extent
	delim    string // extDelim, extList, extRSplit
	stop     string // extRSplit: the following field's delimiter ("" = end of line)
	after    string // extQuoted: text that should follow the closing quote
	afterEOL bool   // extQuoted: the closing quote should end the line
	// tail is the literal that follows the field, matched as part of this
	// step (build folds a field's next literal into it, which saves a turn
	// of the machine's loop per literal).
	tail string

	// byte-slice copies of delim and stop for the bytes functions
	delimB, stopB []byte
}

// build resolves slot priorities and turns items into steps.
func build(items []item, syntax string) ([]step, error) {
	items = mergeLiterals(items)
	nf := 0
	for _, it := range items {
		if it.field != nil {
			nf++
		}
	}
	if nf == 0 {
		return nil, &FormatError{Syntax: syntax, Msg: "format has no fields"}
	}
	resolveSlots(items)

	var steps []step
	trimLead := false // the next literal starts with the closing quote of a quoted field
	for i := 0; i < len(items); i++ {
		it := items[i]
		if it.field == nil {
			lit := it.lit
			if trimLead {
				lit = lit[1:]
				trimLead = false
			}
			if lit != "" {
				steps = append(steps, step{isLit: true, lit: lit})
			}
			continue
		}
		trimLead = false
		f := *it.field
		st := step{f: f}
		var next *item
		if i+1 < len(items) {
			next = &items[i+1]
		}
		if f.conv == convTime {
			st.ext = extSelf
			steps = append(steps, st)
			continue
		}
		// Quoted: the previous literal ends with '"' and the next starts with one.
		if n := len(steps); n > 0 && steps[n-1].isLit && next != nil && next.field == nil &&
			len(next.lit) > 0 && next.lit[0] == '"' {
			if prev := steps[n-1].lit; prev[len(prev)-1] == '"' {
				if len(prev) == 1 {
					steps = steps[:n-1]
				} else {
					steps[n-1].lit = prev[:len(prev)-1]
				}
				st.ext = extQuoted
				rest := next.lit[1:]
				switch {
				case rest != "":
					st.after = rest
				case i+2 >= len(items):
					st.afterEOL = true
				}
				trimLead = true
				steps = append(steps, st)
				continue
			}
		}
		switch {
		case next == nil:
			st.ext = extEOL
		case next.field != nil:
			if next.field.conv == convTime && next.field.tk == tCLFBrack {
				st.ext, st.delim = extDelim, "["
				break
			}
			// A field of a fixed width may be followed directly by
			// another (%X%k).
			if f.fixed > 0 {
				st.ext = extFixed
				break
			}
			return nil, &FormatError{Syntax: syntax, Column: next.field.col,
				Msg: fmt.Sprintf("%s follows %s with nothing between them", next.field.text, f.text)}
		default:
			st.ext, st.delim = extDelim, next.lit
			var after *item
			if i+2 < len(items) {
				after = &items[i+2]
			}
			if after != nil && after.field != nil && after.field.conv == convTime && after.field.tk == tCLFBrack {
				st.delim += "["
			}
			spaceDelim := st.delim[0] == ' '
			switch {
			case f.conv == convRequest && spaceDelim:
				st.ext = extRequest
			case spaceDelim && wordSlot(f.slot):
				st.ext = extWord
			case f.list && spaceDelim:
				st.ext = extList
			case !spaceDelim && after != nil && after.field != nil && after.field.numeric:
				// "%v:%p": split at the last ':' before the port's own end,
				// which is the literal after the port (or the end of line).
				st.ext = extRSplit
				if i+3 < len(items) {
					if items[i+3].field != nil {
						st.ext = extDelim
					} else {
						st.stop = items[i+3].lit
					}
				}
			}
		}
		steps = append(steps, st)
	}
	steps = foldTails(steps)
	for i := range steps {
		st := &steps[i]
		st.delimB, st.stopB = []byte(st.delim), []byte(st.stop)
	}
	return steps, nil
}

// wordSlot reports whether the values of a slot hold no space: a client
// address or host name (or a list of them), an identd name and a user name
// are single words in every server's logs and in the peers' parsers (grok's
// HTTPDUSER, GoAccess's %h and %e), so that a space ends them.
func wordSlot(sl slot) bool { return sl == slotClient || sl == slotIdent || sl == slotUser }

// foldTails moves each literal that follows a field into the field's step.
func foldTails(steps []step) []step {
	out := steps[:0]
	for _, st := range steps {
		if n := len(out); st.isLit && n > 0 && !out[n-1].isLit && out[n-1].tail == "" {
			out[n-1].tail = st.lit
			continue
		}
		out = append(out, st)
	}
	return out
}

// mergeLiterals joins adjacent literal items and drops empty ones.
func mergeLiterals(items []item) []item {
	out := items[:0:0]
	for _, it := range items {
		if it.field == nil {
			if it.lit == "" {
				continue
			}
			if n := len(out); n > 0 && out[n-1].field == nil {
				out[n-1].lit += it.lit
				continue
			}
		}
		out = append(out, it)
	}
	return out
}

// resolveSlots gives each standard slot to its highest-priority field (the
// first on ties); the others fall back to Extra under their own names. A
// request line that wins its slot also owns method, path and protocol.
func resolveSlots(items []item) {
	var best [numSlots]*fieldSpec
	for _, it := range items {
		f := it.field
		if f == nil || f.slot == slotExtra {
			continue
		}
		if b := best[f.slot]; b == nil || f.prio > b.prio {
			best[f.slot] = f
		}
	}
	if best[slotRequest] != nil {
		best[slotMethod], best[slotPath], best[slotProtocol] = nil, nil, nil
	}
	for _, it := range items {
		if f := it.field; f != nil && f.slot != slotExtra && best[f.slot] != f {
			f.slot = slotExtra
		}
	}
}
