package parser

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// DefaultMaxErrorLine is the line limit [NewErrorScanner] uses when given a
// limit of 0 or less. Apache caps a line at 8 KiB and nginx at 2 KiB.
const DefaultMaxErrorLine = 64 << 10

// MaxErrorSamples is the number of malformed lines [ErrorScanner.Malformed]
// keeps.
const MaxErrorSamples = 20

// ErrorCounts counts the lines an [ErrorScanner] has read. Every line falls
// in exactly one class, so Lines == Entries + Continuation + Malformed +
// Blank + TooLong + Foreign.
type ErrorCounts struct {
	Lines        int // lines read, counting a last line without newline
	Entries      int // lines that start an entry
	Continuation int // lines folded into the entry above
	Malformed    int // lines that are neither (see [ErrorScanner])
	Blank        int // empty lines and lines of spaces and tabs
	TooLong      int // lines longer than the limit, skipped unread
	// Foreign counts the lines [ErrorScanner.Foreign] took: records of
	// another log (access lines in a file that mixes both, as docker logs
	// gives), read as what they are; and the stray lines of a log whose
	// entries are one line each (see [ErrorScanner.Stray]).
	Foreign int
}

// ErrorScanner reads an error log entry by entry, folding continuation lines
// into the entry they follow. Error logs are small, so it reads
// sequentially; its shape follows bufio.Scanner:
//
//	sc := parser.NewErrorScanner(r, f, 0)
//	for sc.Next() {
//		e := sc.Entry()
//		...
//	}
//	if err := sc.Err(); err != nil { ... }
//
// Each line is read without its "\n" and a trailing "\r", then classified:
//
//   - Blank: empty, or only spaces and tabs. Blank lines neither end an
//     entry nor fold into it.
//   - TooLong: longer than the limit given to [NewErrorScanner]; it is
//     counted and skipped without being held whole.
//   - Entry: the format parses it. Leading NUL bytes (left by a log rotated
//     while a writer held it open) are stripped first, so a line of NULs
//     followed by an entry still counts as that entry.
//   - Foreign: a line [ErrorScanner.Foreign] reads as a record of another
//     log, or, in a log whose entries are one line each (every layout but
//     nginx's), a stray line: no entry layout and nothing of a continuation
//     (see [ErrorScanner.Stray]).
//   - Continuation: a line the format does not recognize as an entry (no
//     timestamp: PHP stack traces; in nginx logs, "PHP message: ..." lines
//     and any other text of a multi-line message) that follows an entry. Its text is
//     appended to the entry's Message after a "\n", in a buffer owned by
//     the scanner, up to a total of max(limit, 64 KiB) bytes; further lines
//     still count as continuations but add no text. For nginx the ", client:
//     ..." tail, which nginx writes after the last line, is parsed again from
//     the joined text.
//   - Malformed: anything else: a line that starts like an entry but does
//     not parse; a line that starts like a record of another log (another
//     error-log layout, a syslog line, an access-log line, a JSON object); a
//     line of only NUL bytes, or one that still holds a NUL after its
//     leading NULs; a line starting with '#' not followed by a digit
//     ([ErrCommentLine]; "#0 ..." is a stack frame and folds); and a would-be
//     continuation before any entry ([ErrOrphanLine]). Malformed lines do not
//     end the entry above.
//
// A read error other than io.EOF stops the scan; [ErrorScanner.Err] returns
// it. io.EOF is not an error.
type ErrorScanner struct {
	// File names the input in the [ParseError] values of Malformed; set it
	// before the first call to Next.
	File string
	// Foreign, when set, is offered every line that is not an error-log
	// entry, with its line number, before it is taken for a continuation or
	// a malformed line; a line it reports as read is counted as Foreign and
	// ends no entry. The line is valid only during the call.
	Foreign func(line []byte, lineNo int) bool
	// Stray, when set, is given every stray line, with its line number: in
	// a log whose entries are one line each (Apache writes every message on
	// a line of its own, escaping newlines), a line without the entry
	// layout that does not look like the continuation of a multi-line
	// message (a stack frame, an indented line): PHP's start-up warnings,
	// the output of a command run by the server's user. It is counted as
	// Foreign, not folded into the entry above. The line is valid only
	// during the call.
	Stray func(line []byte, lineNo int)

	r      *bufio.Reader
	f      ErrorFormat
	refold elRefolder
	max    int
	fold   int // cap on the folded message length

	cur, ahead       *ErrorEntry
	curBuf, aheadBuf []byte
	entries          [2]ErrorEntry
	haveAhead        bool
	curLine          int
	aheadLine        int

	msg    []byte // folded message (or nginx body)
	folded bool

	acc    []byte // accumulates a line longer than the reader's buffer
	lineNo int
	eof    bool
	err    error

	counts  ErrorCounts
	samples []*ParseError
}

// NewErrorScanner returns a scanner that reads entries of format f from r.
// maxLine is the longest line, in bytes without its terminator, that the
// scanner reads; longer lines are counted as TooLong and skipped. A maxLine
// of 0 or less means [DefaultMaxErrorLine].
func NewErrorScanner(r io.Reader, f ErrorFormat, maxLine int) *ErrorScanner {
	if maxLine <= 0 {
		maxLine = DefaultMaxErrorLine
	}
	size := max(min(maxLine+2, 16<<10), 4096) // longer lines are gathered in acc
	s := &ErrorScanner{r: bufio.NewReaderSize(r, size), f: f, max: maxLine, fold: max(maxLine, 64<<10)}
	s.refold, _ = f.(elRefolder)
	s.cur, s.ahead = &s.entries[0], &s.entries[1]
	return s
}

// Next advances to the next entry, folding the continuation lines that
// follow it, and reports whether there is one. It returns false at the end
// of the input or after a read error.
func (s *ErrorScanner) Next() bool {
	haveCur := false
	if s.haveAhead {
		s.swap()
		s.haveAhead = false
		haveCur = true
	}
	for {
		raw, tooLong, ok := s.readLine()
		if !ok {
			break
		}
		s.counts.Lines++
		if tooLong {
			s.counts.TooLong++
			continue
		}
		line := raw
		nul := 0
		for nul < len(line) && line[nul] == 0 {
			nul++
		}
		line = line[nul:]
		if len(line) == 0 && nul > 0 || bytes.IndexByte(line, 0) >= 0 {
			s.malformed(raw, 0, ErrBinaryLine)
			continue
		}
		if elBlank(line) {
			s.counts.Blank++
			continue
		}
		s.aheadBuf = append(s.aheadBuf[:0], line...)
		err := s.f.Parse(s.aheadBuf, s.ahead)
		if err == nil {
			s.counts.Entries++
			s.aheadLine = s.lineNo
			if haveCur {
				s.haveAhead = true
				s.finish()
				return true
			}
			s.swap()
			haveCur = true
			continue
		}
		if errors.Is(err, ErrNotErrorLine) && s.Foreign != nil && s.Foreign(line, s.lineNo) {
			s.counts.Foreign++
			continue
		}
		switch {
		case !errors.Is(err, ErrNotErrorLine):
			col := 0
			if s.ahead.errCol > 0 {
				col = s.ahead.errCol + nul
			}
			s.malformed(raw, col, err)
		case elForeignRecord(line):
			s.malformed(raw, 0, ErrNotErrorLine)
		case line[0] == '#' && (len(line) == 1 || !isDigit(line[1])):
			s.malformed(raw, 0, ErrCommentLine)
		case s.refold == nil && !continuationLike(line):
			s.counts.Foreign++
			if s.Stray != nil {
				s.Stray(line, s.lineNo)
			}
		case !haveCur:
			s.malformed(raw, 0, ErrOrphanLine)
		default:
			s.counts.Continuation++
			s.appendFold(line)
		}
	}
	if haveCur {
		s.finish()
		return true
	}
	return false
}

// continuationLike reports whether a line without the entry layout looks
// like the next line of a multi-line message: indented, a stack frame
// ("#0 ...", "PHP   1. ..."), or a line of a PHP or Java stack trace.
func continuationLike(line []byte) bool {
	switch line[0] {
	case ' ', '\t':
		return true
	case '#':
		return len(line) > 1 && isDigit(line[1])
	}
	for _, p := range continuationPrefixes {
		if bytes.HasPrefix(line, p) {
			return true
		}
	}
	return false
}

// continuationPrefixes start the lines of stack traces and chained errors.
var continuationPrefixes = [][]byte{
	[]byte("Stack trace:"), []byte("thrown in "), []byte("Next "), []byte("PHP Stack trace:"), []byte("PHP  "),
	[]byte("Caused by: "), []byte("Traceback "), []byte("{main}"),
}

// swap makes the entry parsed ahead the current one.
func (s *ErrorScanner) swap() {
	s.cur, s.ahead = s.ahead, s.cur
	s.curBuf, s.aheadBuf = s.aheadBuf, s.curBuf
	s.curLine = s.aheadLine
	s.msg = s.msg[:0]
	s.folded = false
}

// appendFold appends a continuation line to the current entry's text.
func (s *ErrorScanner) appendFold(line []byte) {
	e := s.cur
	e.Continuation++
	if !s.folded {
		s.folded = true
		if s.refold != nil {
			s.msg = append(s.msg[:0], e.body...)
		} else {
			s.msg = append(s.msg[:0], e.Message...)
		}
	}
	if len(s.msg) >= s.fold {
		return
	}
	s.msg = append(s.msg, '\n')
	if room := s.fold - len(s.msg); len(line) > room {
		line = line[:room]
	}
	s.msg = append(s.msg, line...)
}

// finish completes the current entry once its continuation lines are read.
func (s *ErrorScanner) finish() {
	if !s.folded {
		return
	}
	if s.refold != nil {
		s.refold.refold(s.cur, s.msg)
	} else {
		s.cur.Message = s.msg
	}
}

// malformed counts a malformed line and keeps it as a sample while there is
// room.
func (s *ErrorScanner) malformed(raw []byte, col int, err error) {
	s.counts.Malformed++
	if len(s.samples) >= MaxErrorSamples {
		return
	}
	q := raw
	if len(q) > 64 {
		q = q[:64]
	}
	s.samples = append(s.samples, &ParseError{
		File:   s.File,
		Line:   s.lineNo,
		Column: col,
		Err:    fmt.Errorf("%w: %q", err, q),
	})
}

// readLine returns the next line without "\n" and a trailing "\r". It
// reports tooLong, with a nil line, for a line over the limit, which it
// discards, and ok false at the end of the input or on a read error.
func (s *ErrorScanner) readLine() (line []byte, tooLong, ok bool) {
	if s.eof {
		return nil, false, false
	}
	frag, err := s.r.ReadSlice('\n')
	line = frag
	if err == bufio.ErrBufferFull {
		s.acc = append(s.acc[:0], frag...)
		for err == bufio.ErrBufferFull {
			frag, err = s.r.ReadSlice('\n')
			if tooLong {
				continue
			}
			if len(s.acc)+len(frag) > s.max+2 {
				tooLong = true
				s.acc = s.acc[:0]
				continue
			}
			s.acc = append(s.acc, frag...)
		}
		line = s.acc
	}
	if err != nil {
		s.eof = true
		if err != io.EOF {
			s.err = err
			return nil, false, false
		}
		if len(line) == 0 && !tooLong {
			return nil, false, false
		}
	}
	s.lineNo++
	if tooLong {
		return nil, true, true
	}
	if n := len(line); n > 0 && line[n-1] == '\n' {
		line = line[:n-1]
	}
	if n := len(line); n > 0 && line[n-1] == '\r' {
		line = line[:n-1]
	}
	if len(line) > s.max {
		return nil, true, true
	}
	return line, false, true
}

// elBlank reports whether b holds only spaces and tabs.
func elBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// Entry returns the current entry. It and its byte slices are valid until
// the next call to Next.
func (s *ErrorScanner) Entry() *ErrorEntry { return s.cur }

// Line returns the 1-based line number of the current entry's first line.
// SetFirstLine numbers the first line read n (1 by default): for a stream
// that starts where an earlier run stopped. Call it before Next.
func (s *ErrorScanner) SetFirstLine(n int) { s.lineNo = max(n, 1) - 1 }

func (s *ErrorScanner) Line() int { return s.curLine }

// Malformed returns the first [MaxErrorSamples] malformed lines as
// positioned errors: File is [ErrorScanner.File], Line the 1-based line
// number, Column the 1-based byte column of the failure when known (else
// 0), and Err wraps the reason ([ErrBadTime], [ErrNotErrorLine],
// [ErrOrphanLine], [ErrCommentLine], [ErrBinaryLine], ...) followed by the
// line quoted and cut to 64 bytes. The slice is owned by the scanner and
// grows as it reads.
func (s *ErrorScanner) Malformed() []*ParseError { return s.samples }

// Counts returns the line counts so far.
func (s *ErrorScanner) Counts() ErrorCounts { return s.counts }

// Err returns the first read error other than io.EOF, or nil.
func (s *ErrorScanner) Err() error { return s.err }
