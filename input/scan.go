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
	// Slot is the input's index in the partial (see ScanOptions.Slots).
	Slot int
}

// ScanOptions sets how [Scan] reads.
type ScanOptions struct {
	analyze.Options
	// Workers is the number of parsing goroutines; 0 means GOMAXPROCS.
	// It changes how fast a run goes, never what it counts.
	Workers int
	// BlockSize is the size of the blocks handed to workers (default 2 MiB).
	BlockSize int
	// SegmentBlocks is how many consecutive blocks of one input make a
	// segment, the unit a worker counts into a partial of its own (default
	// 4). Like BlockSize, it must not depend on Workers.
	SegmentBlocks int
	// MaxLine is the longest line read; longer lines are counted in
	// InputStats.TooLong and skipped (default 1 MiB).
	MaxLine int
	// Slots is the number of inputs the partial has room for, when the
	// inputs' Slot fields place them among others (error logs, say); 0
	// means len(inputs), each input in the slot of its index.
	Slots int
}

const (
	defaultBlockSize     = 2 << 20
	defaultSegmentBlocks = 8
	// maxBuffers bounds the blocks in memory at once (64 blocks).
	maxBuffers     = 64
	defaultMaxLine = 1 << 20
)

// segment is a run of blocks of one input that one worker counts into one
// partial; seq numbers the segments of a run in reading order.
type segment struct {
	seq    int
	blocks chan Block
}

// counted is the partial of one segment.
type counted struct {
	seq int
	p   *analyze.Partial
}

// Scan reads the inputs one after the other and cuts them into blocks of
// whole lines and the blocks into segments, whose size depends only on the
// options (never on the number of workers). Each segment is counted into a
// partial of its own by one of the workers, and the partials are merged in
// reading order as they come in: so the result is the same for any number
// of workers, and exactly what one pass counts for everything the partials
// merge exactly. No line crosses a channel: workers receive whole blocks.
// errs[i] is the error that stopped reading input i early (for example a
// truncated gzip stream), or nil; what was read before it is counted.
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
	if opts.SegmentBlocks <= 0 {
		opts.SegmentBlocks = defaultSegmentBlocks
	}
	opts.BlockSize = max(opts.BlockSize, 2*opts.MaxLine)
	slots := opts.Slots
	if slots == 0 {
		slots = len(inputs)
		for i := range inputs {
			inputs[i].Slot = i
		}
	}
	// With several workers, one needs a whole segment read ahead to start
	// on it while the others finish theirs: with fewer buffers they would
	// take turns. One worker needs only the block it reads and the next.
	buffers := 3
	if workers > 1 {
		buffers = min(workers*(opts.SegmentBlocks+1)+1, maxBuffers)
	}
	pool := NewPool(buffers)
	// Each worker takes segments in turn from its own queue; segment k goes
	// to worker k mod workers, so a worker holds at most one segment open
	// and the merger at most one finished partial per worker.
	queues := make([]chan segment, workers)
	results := make(chan counted, workers)
	// Partials merged into the total are reset and counted into again:
	// their tables keep the memory they grew to.
	free := make(chan *analyze.Partial, 2*workers)
	var wg sync.WaitGroup
	for w := range workers {
		queues[w] = make(chan segment, 1)
		// A worker parses with clones of its own, one per format (inputs
		// that share a format share its clone).
		formats := make([]parser.Format, len(inputs))
		clones := map[parser.Format]parser.Format{}
		for i, in := range inputs {
			c, ok := clones[in.Format]
			if !ok {
				c = in.Format.Clone()
				clones[in.Format] = c
			}
			formats[i] = c
		}
		wg.Go(func() {
			var e parser.Entry
			for seg := range queues[w] {
				var part *analyze.Partial
				select {
				case part = <-free:
				default:
					part = analyze.NewPartial(slots, opts.Options)
				}
				for b := range seg.blocks {
					parseBlock(part, formats[b.Input], inputs[b.Input].Slot, &b, opts.MaxLine, &e)
					pool.Release(b)
				}
				results <- counted{seg.seq, part}
			}
		})
	}
	merged := make(chan *analyze.Partial)
	go func() {
		total := analyze.NewPartial(slots, opts.Options)
		pending := map[int]*analyze.Partial{}
		next := 0
		for c := range results {
			pending[c.seq] = c.p
			for q, ok := pending[next]; ok; q, ok = pending[next] {
				delete(pending, next)
				total.Merge(q)
				q.Reset()
				select {
				case free <- q:
				default:
				}
				next++
			}
		}
		merged <- total
	}()
	errs = make([]error, len(inputs))
	seq := 0
	for i, in := range inputs {
		br := NewBlockReader(in.Reader, i, opts.BlockSize, pool)
		var cur segment
		n := 0
		for {
			b, err := br.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					errs[i] = err
				}
				break
			}
			if n == 0 {
				cur = segment{seq: seq, blocks: make(chan Block, opts.SegmentBlocks)}
				queues[seq%workers] <- cur
				seq++
			}
			cur.blocks <- b
			if n++; n == opts.SegmentBlocks {
				close(cur.blocks)
				n = 0
			}
		}
		if n > 0 {
			close(cur.blocks)
		}
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	close(results)
	return <-merged, errs
}

// parseBlock parses and counts every line of a block.
func parseBlock(p *analyze.Partial, f parser.Format, in int, b *Block, maxLine int, e *parser.Entry) {
	p.Touch(in)
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
