package input

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

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
	// FirstLine is the number of the first line read (1 when 0): for a
	// stream that starts where an earlier run stopped.
	FirstLine int64
	// HoldTail leaves out a last line that does not end in a newline (a
	// line still being written), for a later run to read whole.
	HoldTail bool
	// Reached, when not nil, is set by Scan to where reading stopped.
	Reached *Reached
}

// Reached is where the reading of an input stopped: the bytes of its
// stream read (an unfinished last line held back excluded) and the number
// of the next line.
type Reached struct {
	Offset   int64
	NextLine int64
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
	// Period, when positive, counts entries into one partial per period of
	// that many nanoseconds of UTC time (an hour, say) instead of one for
	// the run, and hands each to Spill; Scan then returns an empty partial.
	// Lines without a time (malformed ones among them) count in the period
	// of the entry before them in the same segment, or else of the first
	// entry after them, or else of the segment before.
	Period int64
	// Spill receives the partial of a period (by its start, Unix
	// nanoseconds): whenever more than MaxOpen periods are open, the one
	// least recently counted into, and at the end all the others in time
	// order. A period can be handed over more than once (its pieces merge
	// exactly); Spill is called from one goroutine at a time and may keep
	// nothing of p after it returns.
	Spill func(start int64, p *analyze.Partial)
	// MaxOpen bounds the periods held at once (default 48).
	MaxOpen int
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

// counted is the partial of one segment, or with periods the channel its
// partials by period come through, in order, while it is counted.
type counted struct {
	seq    int
	p      *analyze.Partial
	chunks chan chunk
}

// chunk is the partial of a run of lines of a segment in one period (key,
// when timed: the run had an entry with a time).
type chunk struct {
	key   int64
	timed bool
	p     *analyze.Partial
}

// Untimed is the period start [ScanOptions.Spill] is given for the lines of
// a run in which no entry has a time.
const Untimed = math.MinInt64

// router picks the partial of each line of a segment when counts are split
// by period: lines count into the current partial until an entry of
// another period comes, which hands the current one over as a chunk. Lines
// without a time so count with the entry before them, or, at the start of
// a segment, with the first entry after them.
type router struct {
	period int64
	zone   *time.Location
	cur    *analyze.Partial
	curKey int64
	timed  bool
	out    chan<- chunk
	get    func() *analyze.Partial
}

// forEntry returns the partial an entry counts into.
func (r *router) forEntry(e *parser.Entry) *analyze.Partial {
	if !e.HasTime {
		return r.cur
	}
	if !e.HasZone && r.zone != nil {
		_, off := time.Unix(0, e.Time).In(r.zone).Zone()
		e.Time -= int64(off) * 1e9
		e.Offset, e.HasZone = int32(off), true
	}
	k := analyze.PeriodStart(e.Time, r.period)
	switch {
	case !r.timed:
		r.curKey, r.timed = k, true
	case k != r.curKey:
		r.out <- chunk{r.curKey, true, r.cur}
		r.cur, r.curKey = r.get(), k
	}
	return r.cur
}

// forLine returns the partial of a line without a time.
func (r *router) forLine() *analyze.Partial { return r.cur }

// finish hands over the last chunk of the segment.
func (r *router) finish() {
	r.out <- chunk{r.curKey, r.timed, r.cur}
	close(r.out)
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
			get := func() *analyze.Partial {
				select {
				case p := <-free:
					return p
				default:
					return analyze.NewPartial(slots, opts.Options)
				}
			}
			for seg := range queues[w] {
				if opts.Period > 0 {
					// The merger takes the chunks as they come: a segment
					// that spans many periods holds one partial at a time.
					ch := make(chan chunk, 4)
					results <- counted{seq: seg.seq, chunks: ch}
					r := &router{period: opts.Period, zone: opts.Zone, cur: get(), out: ch, get: get}
					for b := range seg.blocks {
						parseBlock(nil, r, formats[b.Input], inputs[b.Input].Slot, &b, opts.MaxLine, &e)
						pool.Release(b)
					}
					r.finish()
					continue
				}
				part := get()
				for b := range seg.blocks {
					parseBlock(part, nil, formats[b.Input], inputs[b.Input].Slot, &b, opts.MaxLine, &e)
					pool.Release(b)
				}
				results <- counted{seq: seg.seq, p: part}
			}
		})
	}
	merged := make(chan *analyze.Partial)
	go func() {
		total := analyze.NewPartial(slots, opts.Options)
		next := 0
		recycle := func(q *analyze.Partial) {
			q.Reset()
			select {
			case free <- q:
			default:
			}
		}
		pm := newPeriodMerger(slots, opts, recycle)
		pendingC := map[int]counted{}
		for c := range results {
			pendingC[c.seq] = c
			for q, ok := pendingC[next]; ok; q, ok = pendingC[next] {
				delete(pendingC, next)
				if q.p != nil {
					total.Merge(q.p)
					recycle(q.p)
				} else {
					for c := range q.chunks {
						pm.add(c)
					}
				}
				next++
			}
		}
		pm.finish()
		merged <- total
	}()
	errs = make([]error, len(inputs))
	seq := 0
	for i, in := range inputs {
		br := NewBlockReader(in.Reader, i, opts.BlockSize, pool)
		if in.FirstLine > 0 {
			br.SetFirstLine(in.FirstLine)
		}
		if in.HoldTail {
			br.HoldTail()
		}
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
		if in.Reached != nil {
			*in.Reached = Reached{Offset: br.Offset(), NextLine: br.NextLine()}
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
// With a router (and p nil), each line counts into the partial of its
// period.
func parseBlock(p *analyze.Partial, r *router, f parser.Format, in int, b *Block, maxLine int, e *parser.Entry) {
	if r != nil {
		p = r.forLine()
	}
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
		if len(l) > maxLine {
			if r != nil {
				p, st = touched(r.forLine(), in)
			}
			st.Lines++
			p.TooLong(in, line, 1)
			continue
		}
		err := f.Parse(l, e)
		if r != nil {
			// The period is chosen before the line is counted: a partial
			// handed over is the merger's.
			q := r.cur
			if err == nil {
				q = r.forEntry(e)
			}
			if q != p {
				p, st = touched(q, in)
			}
		}
		st.Lines++
		if err != nil {
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
		if e.Torn > 0 {
			p.Torn(in, line, l[:e.Torn])
		}
		p.Add(in, line, l, e)
	}
}

// touched returns p and its counts of input in, marked as counted into.
func touched(p *analyze.Partial, in int) (*analyze.Partial, *analyze.InputStats) {
	p.Touch(in)
	return p, &p.Inputs[in]
}

func isBlank(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' && c != '\r' && c != 0 {
			return false
		}
	}
	return true
}

// periodMerger merges the per-period partials of segments, chunk by chunk
// in reading order, into one total per period, and spills periods to
// ScanOptions.Spill so that at most MaxOpen are held.
type periodMerger struct {
	slots   int
	opts    ScanOptions
	recycle func(*analyze.Partial)
	open    map[int64]*analyze.Partial
	touched map[int64]int // period → the last chunk counted into it
	n       int           // chunks merged
	last    int64         // the period of the last timed chunk
	hasLast bool
	// early holds the lines of chunks without a time before any with one.
	early *analyze.Partial
}

func newPeriodMerger(slots int, opts ScanOptions, recycle func(*analyze.Partial)) *periodMerger {
	if opts.MaxOpen <= 0 {
		opts.MaxOpen = 48
	}
	return &periodMerger{slots: slots, opts: opts, recycle: recycle, open: map[int64]*analyze.Partial{}, touched: map[int64]int{}}
}

// into returns the total of period k, made on first use.
func (m *periodMerger) into(k int64) *analyze.Partial {
	t, ok := m.open[k]
	if !ok {
		t = analyze.NewPartial(m.slots, m.opts.Options)
		m.open[k] = t
	}
	m.touched[k] = m.n
	return t
}

// add merges one chunk (chunks come in reading order).
func (m *periodMerger) add(c chunk) {
	m.n++
	defer m.recycle(c.p)
	if !c.timed {
		if m.hasLast {
			m.into(m.last).Merge(c.p)
			return
		}
		if m.early == nil {
			m.early = analyze.NewPartial(m.slots, m.opts.Options)
		}
		m.early.Merge(c.p)
		return
	}
	t := m.into(c.key)
	if m.early != nil {
		t.Merge(m.early)
		m.early = nil
	}
	t.Merge(c.p)
	m.last, m.hasLast = c.key, true
	for len(m.open) > m.opts.MaxOpen {
		// Spill the period counted into least recently: the one least
		// likely to be counted into again.
		var oldest int64
		first := true
		for k, s := range m.touched {
			if first || s < m.touched[oldest] || s == m.touched[oldest] && k < oldest {
				oldest, first = k, false
			}
		}
		m.spill(oldest)
	}
}

func (m *periodMerger) spill(k int64) {
	p := m.open[k]
	delete(m.open, k)
	delete(m.touched, k)
	if m.opts.Spill != nil {
		m.opts.Spill(k, p)
	}
}

// finish spills every open period in time order; the lines of a run
// without any entry with a time go to period [Untimed].
func (m *periodMerger) finish() {
	if m.early != nil {
		k := int64(Untimed)
		if m.hasLast {
			k = m.last
		}
		m.into(k).Merge(m.early)
		m.early = nil
	}
	for _, k := range slices.Sorted(maps.Keys(m.open)) {
		m.spill(k)
	}
}
