package input

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"sync"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/parser"
)

// AccessInput is one access log to read: its decompressed bytes and the
// format its lines are parsed with.
type AccessInput struct {
	Name   string
	Reader io.Reader
	Format parser.Format
}

// ScanOptions sets how [Scan] reads.
type ScanOptions struct {
	analyze.Options
	// Workers is the number of parsing goroutines; 0 means GOMAXPROCS.
	Workers int
	// BlockSize is the size of the blocks handed to workers (default 4 MiB).
	BlockSize int
	// MaxLine is the longest line read; longer lines are counted in
	// InputStats.TooLong and skipped (default 1 MiB).
	MaxLine int
}

const (
	defaultBlockSize = 4 << 20
	defaultMaxLine   = 1 << 20
)

// Scan reads the inputs one after the other, cuts them into blocks of whole
// lines, and parses and counts the blocks on one worker per core, each into
// its own [analyze.Partial]; the partials are merged at the end. No line crosses a
// channel: workers receive whole blocks. errs[i] is the error that stopped
// reading input i early (for example a truncated gzip stream), or nil; what
// was read before it is counted.
func Scan(inputs []AccessInput, opts ScanOptions) (p *analyze.Partial, errs []error) {
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if opts.MaxLine <= 0 {
		opts.MaxLine = defaultMaxLine
	}
	if opts.BlockSize <= 0 {
		opts.BlockSize = defaultBlockSize
	}
	opts.BlockSize = max(opts.BlockSize, 2*opts.MaxLine)
	pool := NewPool(2*workers + 1)
	blocks := make(chan Block, workers)
	partials := make([]*analyze.Partial, workers)
	var wg sync.WaitGroup
	for w := range workers {
		partials[w] = analyze.NewPartial(len(inputs), opts.Options)
		formats := make([]parser.Format, len(inputs))
		for i, in := range inputs {
			formats[i] = in.Format.Clone()
		}
		wg.Go(func() {
			var e parser.Entry
			for b := range blocks {
				parseBlock(partials[w], formats[b.Input], &b, opts.MaxLine, &e)
				pool.Release(b)
			}
		})
	}
	errs = make([]error, len(inputs))
	for i, in := range inputs {
		br := NewBlockReader(in.Reader, i, opts.BlockSize, pool)
		for {
			b, err := br.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					errs[i] = err
				}
				break
			}
			blocks <- b
		}
	}
	close(blocks)
	wg.Wait()
	for _, o := range partials[1:] {
		partials[0].Merge(o)
	}
	return partials[0], errs
}

// parseBlock parses and counts every line of a block.
func parseBlock(p *analyze.Partial, f parser.Format, b *Block, maxLine int, e *parser.Entry) {
	in := b.Input
	st := &p.Inputs[in]
	if b.Skipped > 0 {
		st.Lines += b.Skipped
		p.TooLong(in, b.SkippedLine, b.Skipped)
	}
	data := b.Data
	line := b.FirstLine
	for ; len(data) > 0; line++ {
		var l []byte
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			l, data = data[:i], data[i+1:]
		} else {
			l, data = data, nil
		}
		if n := len(l); n > 0 && l[n-1] == '\r' {
			l = l[:n-1]
		}
		l = TrimLeadingNULs(l)
		st.Lines++
		if len(l) > maxLine {
			p.TooLong(in, line, 1)
			continue
		}
		if err := f.Parse(l, e); err != nil {
			if isBlank(l) {
				st.Blank++
				continue
			}
			p.Malformed(in, line, err, l)
			continue
		}
		if fb, ok := f.(*parser.Fallback); ok && fb.Which() != 0 {
			p.CountFormat(in, fb.Which())
		}
		if e.Truncated {
			p.Truncated(in, line, l)
		}
		p.Add(in, line, l, e)
	}
}

func isBlank(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' && c != '\r' && c != 0 {
			return false
		}
	}
	return true
}
