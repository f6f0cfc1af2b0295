package input

import (
	"bytes"
	"errors"
	"io"
)

// Block is a run of whole lines of one input.
type Block struct {
	// Input is the index of the input the block comes from.
	Input int
	// FirstLine is the 1-based number of the first line in Data.
	FirstLine int64
	// Data holds whole lines, each ending in '\n' except possibly the last
	// line of the input. A run of NULs longer than a block before a line
	// (logrotate's copytruncate) is cut to one NUL; the NULs left at the
	// start of a line are for [TrimLeadingNULs], which the reader of the
	// lines applies on its own core.
	Data []byte
	// Skipped counts lines longer than the block size that came just before
	// Data and were skipped without being held in memory; SkippedLine is the
	// number of the first of them.
	Skipped     int64
	SkippedLine int64

	buf []byte
}

// Pool is a bounded set of block buffers shared by the block readers of one
// run: a reader waits for [Pool.Release] when all buffers are in use, so
// memory stays bounded however fast the producer is.
type Pool struct{ free chan []byte }

// NewPool returns a pool of n buffers, allocated on first use.
func NewPool(n int) *Pool {
	p := &Pool{free: make(chan []byte, n)}
	for i := 0; i < n; i++ {
		p.free <- nil
	}
	return p
}

// Release returns a block's buffer to the pool. Every block returned by
// [BlockReader.Next] must be released exactly once.
func (p *Pool) Release(b Block) { p.free <- b.buf[:0] }

// BlockReader cuts a stream into blocks of whole lines, with buffers from a
// [Pool].
type BlockReader struct {
	r     io.Reader
	input int
	size  int
	pool  *Pool
	carry []byte
	line  int64
	err   error
	eof   bool
	// hold and read: see [BlockReader.HoldTail] and [BlockReader.Offset].
	hold bool
	read int64
}

// NewBlockReader returns a reader of blocks of about size bytes from r; the
// blocks carry input as their Input. A line longer than size is skipped and
// counted in [Block.Skipped].
func NewBlockReader(r io.Reader, input, size int, pool *Pool) *BlockReader {
	br := &BlockReader{input: input, size: size, pool: pool, line: 1}
	br.r = countReads{r, &br.read}
	return br
}

// SetFirstLine numbers the first line n (1 by default): for a stream that
// starts where an earlier run stopped reading a file.
func (br *BlockReader) SetFirstLine(n int64) { br.line = max(n, 1) }

// HoldTail makes the reader leave out a last line that does not end in a
// newline: a line the server is still writing, which a later run reads
// whole. [BlockReader.Offset] then stops before it.
func (br *BlockReader) HoldTail() { br.hold = true }

// Offset returns how many bytes of the stream the blocks returned so far
// cover, a line held back by HoldTail excluded: where a later run resumes.
func (br *BlockReader) Offset() int64 { return br.read - int64(len(br.carry)) }

// NextLine returns the number the next line read would have.
func (br *BlockReader) NextLine() int64 { return br.line }

// countReads counts the bytes read through it.
type countReads struct {
	r io.Reader
	n *int64
}

func (c countReads) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// Next returns the next block, or io.EOF after the last. A read error other
// than io.EOF is returned once after the data read before it, as is; the
// error from decompression of a truncated gzip stream is io.ErrUnexpectedEOF.
func (br *BlockReader) Next() (Block, error) {
	if br.eof {
		if br.err != nil {
			err := br.err
			br.err = nil
			return Block{}, err
		}
		return Block{}, io.EOF
	}
	buf := <-br.pool.free
	if cap(buf) < br.size {
		buf = make([]byte, 0, br.size)
	}
	buf = append(buf[:0], br.carry...)
	br.carry = br.carry[:0]
	var skipped, skippedLine int64
	for {
		err := br.fill(&buf)
		if err != nil {
			br.eof = true
			if !errors.Is(err, io.EOF) {
				br.err = err
			}
			if br.hold && br.err == nil {
				// Keep the unfinished last line out of the block.
				last := bytes.LastIndexByte(buf, '\n')
				br.carry = append(br.carry, buf[last+1:]...)
				buf = buf[:last+1]
			}
			break
		}
		last := bytes.LastIndexByte(buf, '\n')
		if last >= 0 {
			br.carry = append(br.carry, buf[last+1:]...)
			buf = buf[:last+1]
			break
		}
		if allNUL(buf) {
			// A run of NULs before a line: drop it, keeping one NUL so that
			// a line of nothing else is still a line.
			buf = buf[:1]
			continue
		}
		// A line longer than the buffer: skip to its end.
		if skipped == 0 {
			skippedLine = br.line
		}
		skipped++
		br.line++
		found, err := br.skipLine()
		buf = append(buf[:0], br.carry...)
		br.carry = br.carry[:0]
		if !found || err != nil {
			br.eof = true
			if err != nil && !errors.Is(err, io.EOF) {
				br.err = err
			}
			break
		}
	}
	b := Block{Input: br.input, FirstLine: br.line, Data: buf, Skipped: skipped, SkippedLine: skippedLine, buf: buf}
	br.line += int64(bytes.Count(buf, []byte{'\n'}))
	return b, nil
}

func allNUL(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// TrimLeadingNULs returns line without the NUL bytes at its start, unless
// the line holds nothing else (or only a carriage return after them): a
// file truncated while a writer held it open (logrotate's copytruncate)
// has a run of NULs before its next line. Callers apply it to each line of
// [Block.Data]; the check is one byte for a line that starts otherwise.
func TrimLeadingNULs(line []byte) []byte {
	if len(line) == 0 || line[0] != 0 {
		return line
	}
	i := 1
	for i < len(line) && line[i] == 0 {
		i++
	}
	if rest := line[i:]; len(rest) == 0 || len(rest) == 1 && rest[0] == '\r' {
		return line
	}
	return line[i:]
}

// skipLine discards bytes up to and including the next newline; what
// follows the newline is kept as carry.
func (br *BlockReader) skipLine() (bool, error) {
	var tmp [32 << 10]byte
	for {
		n, err := br.r.Read(tmp[:min(len(tmp), br.size)])
		if i := bytes.IndexByte(tmp[:n], '\n'); i >= 0 {
			br.carry = append(br.carry, tmp[i+1:n]...)
			return true, nil
		}
		if err != nil {
			return false, err
		}
	}
}

// fill reads into the free space of *buf until it is full, or returns the
// first error (io.EOF at a clean end).
func (br *BlockReader) fill(buf *[]byte) error {
	b := *buf
	for len(b) < cap(b) {
		n, err := br.r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			*buf = b
			return err
		}
	}
	*buf = b
	return nil
}
