package parser

// Format parses one access-log layout.
//
// Parse reads one line, without its line terminator, into e, which it resets
// first. On failure it returns one of the sentinel errors of this package
// (possibly wrapped); e is then undefined. The byte slices set in e are valid
// until the next call to Parse. A Format is not safe for concurrent use:
// give each goroutine its own with [Format.Clone].
type Format interface {
	// Name is the preset name ("combined") or "custom" for compiled strings.
	Name() string
	// Parse parses line into e.
	Parse(line []byte, e *Entry) error
	// Clone returns an independent copy for use by another goroutine.
	Clone() Format
}

// trimCR drops one trailing '\r', which CRLF logs end their lines with.
func trimCR(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\r' {
		return b[:n-1]
	}
	return b
}

// controlEscape returns the control byte that the escape \n, \t or \r (or
// %n, %t in strftime) stands for when c is its letter.
func controlEscape(c byte) (byte, bool) {
	switch c {
	case 'n':
		return '\n', true
	case 't':
		return '\t', true
	case 'r':
		return '\r', true
	}
	return 0, false
}
