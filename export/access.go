package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync"
	"time"
	"unsafe"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"

	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
)

// Input is one access log to export: its decompressed bytes and the format
// its lines are parsed with.
type Input struct {
	Name   string
	Reader io.Reader
	Format parser.Format
}

// Options sets how [WriteAccess] reads and writes.
type Options struct {
	// Workers is the number of goroutines that parse and encode; 0 means
	// GOMAXPROCS. It changes how fast an export goes, never a byte of it.
	Workers int
	// BlockSize is the size of the blocks lines are read in (default 2
	// MiB), SegmentBlocks how many full blocks make a row group (default
	// 16: about 32 MiB of log, 100,000 to 200,000 rows of a common
	// format); small inputs share row groups, in order.
	BlockSize, SegmentBlocks int
	// MaxLine is the longest line read (default 1 MiB); longer lines are
	// counted in Counts.TooLong, reported, and skipped.
	MaxLine int
	// Zone is the zone of timestamps logged without a UTC offset; nil
	// means UTC.
	Zone *time.Location
	// Since and Until bound the time window in Unix nanoseconds (0:
	// unbounded); entries outside are counted in Counts.OutOfWindow and
	// not written.
	Since, Until int64
	// Cause, when set, returns the id of the cause that explains an entry,
	// or "" (the entry's time is already in its zone). It is called from
	// several goroutines at once.
	Cause func(*parser.Entry) string
	// Problem, when set, is told of every line that is not written
	// because it is malformed or too long (err is parser.ErrLineTooLong),
	// in the order of the inputs and their lines, from one goroutine.
	Problem func(input int, line int64, err error)
	// CreatedBy names the application in the file's metadata.
	CreatedBy string
}

// Counts classifies the lines of one input: Lines == Entries + OutOfWindow
// + Malformed + Blank + TooLong.
type Counts struct {
	Lines, Entries, OutOfWindow, Malformed, Blank, TooLong int64
	// Truncated counts the entries (among Entries) whose last quoted field
	// ran to the end of the line.
	Truncated int64
}

func (c *Counts) add(o Counts) {
	c.Lines += o.Lines
	c.Entries += o.Entries
	c.OutOfWindow += o.OutOfWindow
	c.Malformed += o.Malformed
	c.Blank += o.Blank
	c.TooLong += o.TooLong
	c.Truncated += o.Truncated
}

const (
	defaultBlockSize     = 2 << 20
	defaultSegmentBlocks = 16
	defaultMaxLine       = 1 << 20
	// maxBuffers bounds the blocks in memory at once.
	maxBuffers = 64
	// pageBufferSize is the size of a column's page before encoding.
	pageBufferSize = 256 << 10
	// dictionaryMaxBytes is the size of a column's dictionary in a row
	// group past which its further pages are written plain (a column of
	// nearly unique values gains nothing from one).
	dictionaryMaxBytes = 4 << 20
)

// codec compresses every page: one for all files, as it keeps a pool of
// encoders (each a few MiB of tables) that the files of a run, and the
// workers of a file, share.
var codec = &zstd.Codec{Level: zstd.SpeedFastest}

// writerOptions are the options of every export file.
func writerOptions(schema *parquet.Schema, createdBy string) []parquet.WriterOption {
	opts := []parquet.WriterOption{
		schema,
		parquet.Compression(codec),
		parquet.PageBufferSize(pageBufferSize),
		parquet.DictionaryMaxBytes(dictionaryMaxBytes),
		parquet.WriteBufferSize(1 << 20),
	}
	// Bounds of text say little an engine could prune on (it prunes on
	// time, status and numbers; file names a row group's input, which its
	// path says too), and computing them compares every value of a page:
	// only vhost and cause keep theirs.
	for _, col := range []string{"client", "ident", "user", "method", "path", "protocol", "request", "referer", "user_agent",
		"request_id", "extra", "file", "level", "module", "code", "message"} {
		if _, ok := schema.Lookup(col); ok {
			opts = append(opts, parquet.SkipPageBounds(col), parquet.SkipPageStatistics(col))
		}
	}
	if createdBy != "" {
		opts = append(opts, parquet.CreatedBy(createdBy, "", ""))
	}
	return opts
}

// problem is a line not written: malformed or too long.
type problem struct {
	input int
	line  int64
	err   error
}

// segment is a run of blocks, about SegmentBlocks × BlockSize bytes of
// log: one row group. Small inputs share one, in order.
type segment struct {
	seq    int
	blocks chan input.Block
}

// inputCounts are the counts of the lines of one input in a segment.
type inputCounts struct {
	input int
	c     Counts
}

// encoded is a segment's row group, ready to be committed in order.
type encoded struct {
	seq      int
	rg       *parquet.ConcurrentRowGroupWriter
	counts   []inputCounts
	problems []problem
	err      error
}

// WriteAccess parses the access logs and writes their entries to w as one
// Parquet file of [AccessSchema]. The inputs are read one after the other
// and cut into segments of whole lines (a large input into many, small
// inputs several to one, so that thousands of small files do not make
// thousands of tiny row groups), each encoded as a row group of its own by
// one of the workers (parsed, encoded and compressed there), and the row
// groups are written in reading order: the file is the same for any number
// of workers. Memory is bounded by the blocks in flight and a row
// group per worker, whatever the size of the inputs.
//
// counts[i] classifies the lines of input i; errs[i] is the error that
// stopped reading it early (what was read before it is written), or nil.
// err is an error writing the file.
func WriteAccess(w io.Writer, inputs []Input, opts Options) (counts []Counts, errs []error, err error) {
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
	pw := parquet.NewGenericWriter[any](w, writerOptions(AccessSchema, opts.CreatedBy)...)

	// Row groups are made before any is committed, and reused once
	// committed: at most two per worker are in flight (one being encoded,
	// one waiting for its turn), and one more lets the next start.
	free := make(chan *parquet.ConcurrentRowGroupWriter, 2*workers+1)
	for range cap(free) {
		free <- pw.BeginRowGroup()
	}
	buffers := min(workers*(opts.SegmentBlocks+1)+1, maxBuffers)
	if workers == 1 {
		buffers = 3
	}
	pool := input.NewPool(buffers)
	names := make([][]byte, len(inputs))
	for i, in := range inputs {
		names[i] = []byte(in.Name)
	}

	queues := make([]chan segment, workers)
	results := make(chan encoded, workers)
	var wg sync.WaitGroup
	for k := range workers {
		queues[k] = make(chan segment, 1)
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
			enc := &encoder{opts: &opts, batch: newRowBatch(accessColumns)}
			for seg := range queues[k] {
				rg := <-free
				res := encoded{seq: seg.seq, rg: rg}
				enc.begin(rg, &res)
				for b := range seg.blocks {
					if res.err == nil {
						res.err = enc.block(formats[b.Input], names[b.Input], &b)
					}
					pool.Release(b)
				}
				if res.err == nil {
					res.err = enc.end()
				}
				results <- res
			}
		})
	}

	// The committer writes the row groups in reading order.
	counts = make([]Counts, len(inputs))
	committed := make(chan error, 1)
	go func() {
		var werr error
		pending := map[int]encoded{}
		next := 0
		for r := range results {
			pending[r.seq] = r
			for q, ok := pending[next]; ok; q, ok = pending[next] {
				delete(pending, next)
				next++
				for _, ic := range q.counts {
					counts[ic.input].add(ic.c)
				}
				if opts.Problem != nil {
					for _, p := range q.problems {
						opts.Problem(p.input, p.line, p.err)
					}
				}
				if werr == nil {
					werr = q.err
				}
				if werr == nil {
					if _, err := q.rg.Commit(); err != nil {
						werr = fmt.Errorf("write parquet: %w", err)
					}
				}
				free <- q.rg
			}
		}
		committed <- werr
	}()

	// A segment ends when another full block would take it over
	// SegmentBlocks × BlockSize bytes: a large input's segments hold
	// SegmentBlocks blocks each, and the last of an input is continued by
	// the next input.
	errs = make([]error, len(inputs))
	seq := 0
	limit := opts.SegmentBlocks * opts.BlockSize
	var cur segment
	open, size := false, 0
	for i, in := range inputs {
		br := input.NewBlockReader(in.Reader, i, opts.BlockSize, pool)
		for {
			b, rerr := br.Next()
			if rerr != nil {
				if !errors.Is(rerr, io.EOF) {
					errs[i] = rerr
				}
				break
			}
			if !open {
				cur = segment{seq: seq, blocks: make(chan input.Block, opts.SegmentBlocks)}
				queues[seq%workers] <- cur
				seq++
				open, size = true, 0
			}
			cur.blocks <- b
			if size += len(b.Data); size+opts.BlockSize > limit {
				close(cur.blocks)
				open = false
			}
		}
	}
	if open {
		close(cur.blocks)
	}
	for _, q := range queues {
		close(q)
	}
	wg.Wait()
	close(results)
	if werr := <-committed; werr != nil {
		return counts, errs, werr
	}
	if err := pw.Close(); err != nil {
		return counts, errs, fmt.Errorf("write parquet: %w", err)
	}
	return counts, errs, nil
}

// encoder parses the blocks of a segment into the row group of one worker.
type encoder struct {
	opts  *Options
	batch *rowBatch
	cols  []*parquet.ColumnWriter
	res   *encoded
	entry parser.Entry
}

func (enc *encoder) begin(rg *parquet.ConcurrentRowGroupWriter, res *encoded) {
	enc.cols = rg.ColumnWriters()
	enc.res = res
}

// end writes what the batch holds and the row group's last pages.
func (enc *encoder) end() error {
	if err := enc.batch.flush(enc.cols); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	if err := enc.res.rg.Flush(); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	return nil
}

// block parses every line of a block into the batch, and the batch into
// the row group whenever it is full and at the end of the block (whose
// lines its values point into).
func (enc *encoder) block(f parser.Format, file []byte, b *input.Block) error {
	res := enc.res
	if n := len(res.counts); n == 0 || res.counts[n-1].input != b.Input {
		res.counts = append(res.counts, inputCounts{input: b.Input})
	}
	c := &res.counts[len(res.counts)-1].c
	o := enc.opts
	if b.Skipped > 0 {
		c.Lines += b.Skipped
		c.TooLong += b.Skipped
		for k := range b.Skipped {
			res.problems = append(res.problems, problem{b.Input, b.SkippedLine + k, parser.ErrLineTooLong})
		}
	}
	e := &enc.entry
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
		l = input.TrimLeadingNULs(l)
		c.Lines++
		if len(l) > o.MaxLine {
			c.TooLong++
			res.problems = append(res.problems, problem{b.Input, line, parser.ErrLineTooLong})
			continue
		}
		if err := f.Parse(l, e); err != nil {
			if blank(l) {
				c.Blank++
				continue
			}
			c.Malformed++
			res.problems = append(res.problems, problem{b.Input, line, err})
			continue
		}
		if e.HasTime && !e.HasZone && o.Zone != nil {
			_, off := time.Unix(0, e.Time).In(o.Zone).Zone()
			e.Time -= int64(off) * 1e9
			e.Offset, e.HasZone = int32(off), true
		}
		if e.HasTime && (o.Since != 0 && e.Time < o.Since || o.Until != 0 && e.Time >= o.Until) {
			c.OutOfWindow++
			continue
		}
		c.Entries++
		if e.Truncated {
			c.Truncated++
		}
		var cause []byte
		if o.Cause != nil && e.Status >= 400 {
			if id := o.Cause(e); id != "" {
				// The bytes of the id, which the batch only reads: ids
				// are constants of the cause catalog.
				cause = unsafe.Slice(unsafe.StringData(id), len(id))
			}
		}
		enc.batch.addAccess(e, cause, file, line)
		if enc.batch.rows == batchRows {
			if err := enc.batch.flush(enc.cols); err != nil {
				return fmt.Errorf("write parquet: %w", err)
			}
		}
	}
	if err := enc.batch.flush(enc.cols); err != nil {
		return fmt.Errorf("write parquet: %w", err)
	}
	return nil
}

// blank reports whether a line holds only spaces, tabs, carriage returns
// and NULs, which `logscan scan` counts as blank.
func blank(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' && c != '\r' && c != 0 {
			return false
		}
	}
	return true
}
