package input

import (
	"bytes"
	"io"
)

// TailReader passes on the bytes of a stream up to its last newline: with
// hold set, a last line that does not end in a newline (one the server is
// still writing) is left out, for a later run to read whole. Offset says
// how many bytes were passed on: where that run resumes.
type TailReader struct {
	r    io.Reader
	hold bool
	buf  []byte // read, not yet passed on
	safe int    // leading bytes of buf that may be passed on
	err  error
	n    int64
}

// NewTailReader returns a TailReader of r.
func NewTailReader(r io.Reader, hold bool) *TailReader {
	return &TailReader{r: r, hold: hold}
}

// Read implements io.Reader.
func (t *TailReader) Read(p []byte) (int, error) {
	for t.safe == 0 {
		if t.err != nil {
			return 0, t.err
		}
		if cap(t.buf)-len(t.buf) < 32<<10 {
			t.buf = append(make([]byte, 0, 2*cap(t.buf)+64<<10), t.buf...)
		}
		old := len(t.buf)
		n, err := t.r.Read(t.buf[old:cap(t.buf)])
		t.buf = t.buf[:old+n]
		if i := bytes.LastIndexByte(t.buf[old:], '\n'); i >= 0 {
			t.safe = old + i + 1
		}
		if err != nil {
			t.err = err
			if !t.hold || err != io.EOF {
				t.safe = len(t.buf)
			}
		}
	}
	n := copy(p, t.buf[:t.safe])
	t.buf = t.buf[:copy(t.buf, t.buf[n:])]
	t.safe -= n
	t.n += int64(n)
	return n, nil
}

// Offset returns the bytes passed on so far.
func (t *TailReader) Offset() int64 { return t.n }
