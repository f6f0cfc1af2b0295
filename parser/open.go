package parser

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/klauspost/compress/gzip"
)

// Input is an opened log source: a file or standard input, decompressed
// transparently when it starts with the gzip magic bytes (whatever its name).
// Multi-member gzip files, as nginx writes them with `access_log ... gzip`,
// are read through to the end.
type Input struct {
	// Name is the path as given, or "-" for standard input.
	Name string
	// Size is the size of the file on disk (compressed size for gzip), or
	// -1 for standard input and other streams.
	Size int64
	// Compressed reports that the input is gzip data.
	Compressed bool

	raw    *countingReader
	br     *bufio.Reader
	closer io.Closer
}

type countingReader struct {
	r io.Reader
	n atomic.Int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// peekSize is how much of an input is buffered ahead for format detection.
const peekSize = 256 << 10

// ErrIsDirectory is returned by [Open] for a directory.
var ErrIsDirectory = errors.New("is a directory")

// Open opens the named file, or stdin when name is "-". The returned error
// wraps the operating system's error (use errors.Is with fs.ErrNotExist or
// fs.ErrPermission) and names the file.
func Open(name string, stdin io.Reader) (*Input, error) {
	in := &Input{Name: name, Size: -1}
	var r io.Reader
	if name == "-" {
		r = stdin
	} else {
		f, err := os.Open(name)
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
		if st.Mode().IsRegular() {
			in.Size = st.Size()
		}
		r, in.closer = f, f
	}
	in.raw = &countingReader{r: r}
	raw := bufio.NewReaderSize(in.raw, 64<<10)
	magic, _ := raw.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(raw)
		if err != nil {
			in.Close()
			return nil, fmt.Errorf("open %s: %w", name, err)
		}
		in.Compressed = true
		in.br = bufio.NewReaderSize(zr, peekSize)
	} else {
		in.br = bufio.NewReaderSize(raw, peekSize)
	}
	return in, nil
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
func (in *Input) Read(p []byte) (int, error) { return in.br.Read(p) }

// Consumed returns how many bytes of the underlying file (compressed bytes
// for gzip) have been read so far. It is safe to call from another goroutine.
func (in *Input) Consumed() int64 { return in.raw.n.Load() }

// Close closes the underlying file. Closing standard input is a no-op.
func (in *Input) Close() error {
	if in.closer == nil {
		return nil
	}
	return in.closer.Close()
}
