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
