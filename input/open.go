package input

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/klauspost/compress/gzip"
)

// Input is an opened log source: a file or standard input, decompressed
// transparently when it starts with the gzip magic bytes (whatever its name).
// Multi-member gzip files, as nginx writes them with `access_log ... gzip`,
// are read through to the end.
//
// Line ends are passed through as they are ("\n" and "\r\n"), except in an
// input whose first 256 KiB (decompressed) hold a carriage return but no
// line feed: that input is taken to end its lines with a bare "\r" (classic
// Mac OS), and every "\r", or "\r\n" pair, is read as "\n".
//
// The first read error, io.EOF included, is sticky: an input that grows after
// its end was reached is not read further, and an error is never lost to a
// buffer that was filling when it happened.
type Input struct {
	// Name is the path as given, or "-" for standard input.
	Name string
	// Size is the size of the file on disk (compressed size for gzip), or
	// -1 for standard input and other streams.
	Size int64
	// Compressed reports that the input is gzip data.
	Compressed bool

	// CROnly reports that the input ends its lines with a bare "\r", which
	// Read turns into "\n".
	CROnly bool

	raw *countingReader
	// rawp is raw for Consumed, which another goroutine may call while Read
	// reopens a released input.
	rawp     atomic.Pointer[countingReader]
	path     string // the name Open was given, for reopening
	released bool
	started  bool  // Read was called
	skip     int64 // bytes the first Read skips (SkipTo)
	br       *bufio.Reader
	closer   io.Closer
}

// countingReader counts the bytes read from the source and makes its first
// error sticky; a source that makes no progress fails with io.ErrNoProgress.
type countingReader struct {
	r   io.Reader
	n   atomic.Int64
	err error
}

func (c *countingReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	// A source that keeps returning nothing and no error would hang
	// the readers above; give up on it as bufio does.
	for range 100 {
		n, err := c.r.Read(p)
		c.n.Add(int64(n))
		c.err = err
		if n > 0 || err != nil || len(p) == 0 {
			return n, err
		}
	}
	c.err = io.ErrNoProgress
	return 0, c.err
}

// peekSize is how much of an input is buffered ahead for format detection.
const peekSize = 256 << 10

// ErrIsDirectory is returned by [Open] for a directory.
var ErrIsDirectory = errors.New("is a directory")

// Errors of damaged gzip data. [Open] returns ErrBadGzip, wrapped in an
// *os.PathError, for an input that starts with the gzip magic bytes but
// whose header is damaged or cut short: nothing of it can be read. Read
// returns the others after the data that could be decompressed.
var (
	ErrBadGzip = errors.New("not a readable gzip file")
	// ErrGzipTruncated wraps io.ErrUnexpectedEOF: the compressed data ends
	// inside a gzip member.
	ErrGzipTruncated = errors.New("gzip data cut short")
	// ErrGzipTrailing: a complete gzip member is followed by bytes that are
	// not another member (garbage, padding, or a member whose header is
	// damaged). The error text gives the byte offset where they start.
	ErrGzipTrailing = errors.New("data after the end of the gzip stream is not gzip")
)

// ErrTimeout is returned (wrapped) by an input opened with a read timeout
// that gave no data, or found no writer, for that long.
var ErrTimeout = errors.New("timed out")

// Open opens the named file, or stdin when name is "-". The returned error
// wraps the operating system's error (use errors.Is with fs.ErrNotExist or
// fs.ErrPermission), [ErrIsDirectory] or [ErrBadGzip], and names the file.
func Open(name string, stdin io.Reader) (*Input, error) { return OpenTimeout(name, stdin, 0) }

// OpenTimeout is Open with a read timeout for inputs that can block: a FIFO
// that no writer opens within timeout is not opened (an error wrapping
// ErrTimeout), and a FIFO, device or pipe (standard input included) that
// gives no data for timeout ends with such an error, so that one blocked
// input cannot hold up a run. Regular files never time out; 0 means no
// timeout.
func OpenTimeout(name string, stdin io.Reader, timeout time.Duration) (*Input, error) {
	in := &Input{Name: name, Size: -1, path: name}
	var r io.Reader
	if name == "-" {
		r = stdin
		if f, ok := stdin.(*os.File); ok && timeout > 0 {
			r = &deadlineReader{f: f, timeout: timeout}
		}
	} else {
		f, err := openFile(name, timeout)
		if err != nil {
			return nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		if st.IsDir() {
			f.Close()
			return nil, &os.PathError{Op: "open", Path: name, Err: ErrIsDirectory}
		}
		r, in.closer = f, f
		if st.Mode().IsRegular() {
			in.Size = st.Size()
		} else if timeout > 0 {
			r = &deadlineReader{f: f, timeout: timeout}
		}
	}
	in.raw = &countingReader{r: r}
	in.rawp.Store(in.raw)
	raw := bufio.NewReaderSize(in.raw, 64<<10)
	magic, _ := raw.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			in.Close()
			why := "damaged header"
			if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
				why = "the file ends inside the header"
			}
			return nil, &os.PathError{Op: "open", Path: name, Err: fmt.Errorf("%w: %s", ErrBadGzip, why)}
		}
		zr.Multistream(false)
		in.Compressed = true
		in.br = bufio.NewReaderSize(&gzipStream{zr: zr, raw: raw, counted: in.raw}, peekSize)
	} else {
		in.br = bufio.NewReaderSize(raw, peekSize)
	}
	// Errors are sticky below, so peeking here loses none.
	if head, _ := in.br.Peek(peekSize); bytes.IndexByte(head, '\n') < 0 && bytes.IndexByte(head, '\r') >= 0 {
		in.CROnly = true
		in.br = bufio.NewReaderSize(&crReader{r: in.br}, peekSize)
	}
	return in, nil
}

// openFile opens name for reading; with a timeout, an open that blocks
// (a FIFO without a writer) is given up after it.
func openFile(name string, timeout time.Duration) (*os.File, error) {
	if timeout <= 0 {
		return os.Open(name)
	}
	type result struct {
		f   *os.File
		err error
	}
	done := make(chan result, 1)
	var mu sync.Mutex
	abandoned := false
	go func() {
		f, err := os.Open(name)
		mu.Lock()
		defer mu.Unlock()
		if abandoned {
			if f != nil {
				f.Close() // a writer came too late
			}
			return
		}
		done <- result{f, err}
	}()
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case r := <-done:
		return r.f, r.err
	case <-t.C:
		mu.Lock()
		defer mu.Unlock()
		select {
		case r := <-done: // it opened just now
			return r.f, r.err
		default:
		}
		abandoned = true
		return nil, &os.PathError{Op: "open", Path: name, Err: fmt.Errorf("%w: no writer within %s (a FIFO?)", ErrTimeout, timeout)}
	}
}

// deadlineReader reads f with a deadline of timeout for each read.
type deadlineReader struct {
	f       *os.File
	timeout time.Duration
}

func (d *deadlineReader) Read(p []byte) (int, error) {
	if err := d.f.SetReadDeadline(time.Now().Add(d.timeout)); err != nil {
		return d.f.Read(p) // not pollable: no deadline to set
	}
	n, err := d.f.Read(p)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		err = fmt.Errorf("%w: no data for %s", ErrTimeout, d.timeout)
	}
	return n, err
}

// gzipStream reads the members of a gzip stream one after the other, as
// gzip -d does, and tells a stream cut short and trailing garbage apart from
// other damage. Its first error is sticky.
type gzipStream struct {
	zr      *gzip.Reader
	raw     *bufio.Reader
	counted *countingReader
	members int
	err     error
}

func (g *gzipStream) Read(p []byte) (int, error) {
	for g.err == nil {
		n, err := g.zr.Read(p)
		switch {
		case err == io.EOF:
			g.members++
			g.err = g.next()
		case errors.Is(err, io.ErrUnexpectedEOF):
			g.err = fmt.Errorf("%w (%w)", ErrGzipTruncated, err)
		case err != nil:
			g.err = err
		}
		if n > 0 {
			return n, nil // the error, if any, comes with the next call
		}
	}
	return 0, g.err
}

// next starts the member after a complete one; it returns io.EOF at the
// end of the input.
func (g *gzipStream) next() error {
	if _, err := g.raw.Peek(1); err != nil {
		return err // io.EOF at a clean end
	}
	off := g.counted.n.Load() - int64(g.raw.Buffered())
	if err := g.zr.Reset(g.raw); err != nil {
		return fmt.Errorf("%w: from byte %d on, after gzip member %d (%v)", ErrGzipTrailing, off, g.members, err)
	}
	g.zr.Multistream(false)
	return nil
}

// crReader turns the line ends of a classic Mac OS input into "\n": "\r"
// and "\r\n" both become one "\n".
type crReader struct {
	r      io.Reader
	lastCR bool
}

func (c *crReader) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		w := 0
		for _, b := range p[:n] {
			if b == '\n' && c.lastCR {
				c.lastCR = false
				continue
			}
			c.lastCR = b == '\r'
			if c.lastCR {
				b = '\n'
			}
			p[w] = b
			w++
		}
		if w > 0 || err != nil || n == 0 {
			return w, err
		}
	}
}

// Peek returns up to the first 256 KiB of the decompressed input without
// consuming it, and whether that is the whole input. The slice is valid until
// the first Read.
func (in *Input) Peek() (head []byte, whole bool, err error) {
	head, err = in.br.Peek(peekSize)
	if errors.Is(err, io.EOF) || errors.Is(err, bufio.ErrBufferFull) {
		return head, errors.Is(err, io.EOF), nil
	}
	if err != nil && len(head) > 0 && !bytes.Contains(head, []byte{'\n'}) {
		return head, false, err
	}
	return head, false, err
}

// Read reads decompressed bytes.
func (in *Input) Read(p []byte) (int, error) {
	in.started = true
	if in.released {
		if err := in.reopen(); err != nil {
			return 0, err
		}
	}
	if in.skip > 0 {
		if err := in.applySkip(); err != nil {
			return 0, err
		}
	}
	return in.br.Read(p)
}

// ErrShorter is returned (wrapped) by the first Read of an input told to
// skip more bytes than it holds (see [Input.SkipTo]).
var ErrShorter = errors.New("shorter than where it was read to before")

// SkipTo makes reading start at byte off of the decompressed stream (the
// stream Read gives), as where an earlier run stopped: a plain file is
// sought, a compressed one decompressed up to there. It must be called
// before the first Read; Peek still shows the head of the input.
func (in *Input) SkipTo(off int64) { in.skip = max(off, 0) }

// applySkip skips in.skip bytes.
func (in *Input) applySkip() error {
	off := in.skip
	in.skip = 0
	if f, ok := in.closer.(*os.File); ok && !in.Compressed && !in.CROnly && in.Size >= 0 {
		if off > in.Size {
			return &os.PathError{Op: "read", Path: in.Name, Err: ErrShorter}
		}
		if _, err := f.Seek(off, io.SeekStart); err == nil {
			raw := &countingReader{r: f}
			raw.n.Store(off)
			in.raw = raw
			in.rawp.Store(raw)
			in.br = bufio.NewReaderSize(raw, peekSize)
			return nil
		}
	}
	n, err := io.CopyN(io.Discard, in.br, off)
	if n < off {
		if err == nil || errors.Is(err, io.EOF) {
			err = ErrShorter
		}
		return &os.PathError{Op: "read", Path: in.Name, Err: err}
	}
	return nil
}

// Release closes an input opened from a file and frees its buffers; the
// next Read opens the file again and reads it from its start. It lets a run
// open many files to detect their formats without keeping them all open and
// buffered. Standard input, pipes and other streams that are not regular
// files cannot be read twice and are left as they are, and so is an input
// already read from.
func (in *Input) Release() {
	if in.path == "-" || in.Size < 0 || in.closer == nil || in.released || in.started {
		return
	}
	in.closer.Close()
	in.released = true
	in.rawp.Store(nil)
	in.br, in.raw, in.closer = nil, nil, nil
}

// reopen opens a released input again.
func (in *Input) reopen() error {
	fresh, err := Open(in.path, nil)
	if err != nil {
		return err
	}
	in.released = false
	in.br, in.raw, in.closer = fresh.br, fresh.raw, fresh.closer
	in.Compressed, in.CROnly = fresh.Compressed, fresh.CROnly
	in.rawp.Store(fresh.raw)
	return nil
}

// Consumed returns how many bytes of the underlying file (compressed bytes
// for gzip) have been read so far. It is safe to call from another goroutine.
func (in *Input) Consumed() int64 {
	if r := in.rawp.Load(); r != nil {
		return r.n.Load()
	}
	return 0
}

// Close closes the underlying file. Closing standard input is a no-op.
func (in *Input) Close() error {
	if in.closer == nil {
		return nil
	}
	err := in.closer.Close()
	in.closer = nil
	return err
}
