package parser

import (
	"errors"
	"fmt"
	"strconv"
)

// The errors that can be returned in [ParseError.Err] and by [Format.Parse].
var (
	ErrEmpty        = errors.New("empty line")
	ErrFieldCount   = errors.New("missing fields")
	ErrBadTime      = errors.New("bad timestamp")
	ErrBadStatus    = errors.New("bad status code")
	ErrBadNumber    = errors.New("bad number")
	ErrBadQuote     = errors.New("unterminated quoted field")
	ErrBadClient    = errors.New("bad client address")
	ErrTrailing     = errors.New("unexpected text after the last field")
	ErrLiteral      = errors.New("text does not match the format")
	ErrLineTooLong  = errors.New("line too long")
	ErrNotErrorLine = errors.New("not an error-log line")

	// The errors that [ErrorFormat.Parse], [CompileErrorLogFormat] and
	// [ErrorScanner] add to those above.

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

// ParseError is an error positioned in an input. It prints compiler-style:
// "access.log:12:40: bad status code". Line and Column count from 1; Column
// counts bytes and is 0 when unknown.
type ParseError struct {
	File   string
	Line   int
	Column int
	Err    error
}

// Error implements the error interface.
func (e *ParseError) Error() string {
	if e.Column > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	}
	return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// quote64 quotes s for an error message, cut to about 64 bytes.
func quote64(s string) string {
	if len(s) > 64 {
		return strconv.Quote(s[:64]) + "..."
	}
	return strconv.Quote(s)
}
