package analyze

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"hash/maphash"
	"io"
	"math"
	"runtime"
	"slices"
	"sync"

	"github.com/axiomhq/hyperloglog"
	"github.com/klauspost/compress/zstd"
)

// The state file format (docs/state.md): a fixed header, then the body
// compressed with zstd.
//
//	magic    8 bytes  "\x89LSSTAT\n"
//	version  uint16   big-endian, StateVersion
//	flags    uint16   0
//	length   uint64   big-endian, bytes of compressed body
//	crc      uint32   big-endian, CRC-32C of the compressed body
//	body     length bytes
//
// The body is a sequence of unsigned and signed varints, strings (a
// length, then bytes) and nested lists, in the order Encode writes them.

// StateMagic starts every state file; [IsState] looks for it.
const StateMagic = "\x89LSSTAT\n"

// StateVersion is the version of the state encoding this build writes and
// reads. A state of another version is refused with [ErrStateVersion].
const StateVersion = 2

const headerLen = len(StateMagic) + 2 + 2 + 8 + 4

// Errors of [DecodeState]; the error returned wraps one of them.
var (
	ErrNotState     = errors.New("not a logscan state file")
	ErrStateVersion = errors.New("unsupported state version")
	ErrStateCut     = errors.New("state file cut short")
	ErrStateDamaged = errors.New("state file damaged")
)

// maxStateBody bounds the decompressed body of a state (a state of the
// largest bounded tables is a few tens of MB).
const maxStateBody = 1 << 30

var crcTable = crc32.MakeTable(crc32.Castagnoli)

// IsState reports whether data (the start of a file) is a state file.
func IsState(head []byte) bool { return bytes.HasPrefix(head, []byte(StateMagic)) }

// Encode writes the state to w in the format of docs/state.md. The state
// is not changed in meaning: the pieces of each stream are folded first.
func (st *State) Encode(w io.Writer) error {
	foldAuth(st.p.access.auth)
	var e enc
	e.state(st)
	z, err := stateEncoder()
	if err != nil {
		return err
	}
	body := z.EncodeAll(e.b, nil)
	hdr := make([]byte, 0, headerLen)
	hdr = append(hdr, StateMagic...)
	hdr = binary.BigEndian.AppendUint16(hdr, StateVersion)
	hdr = binary.BigEndian.AppendUint16(hdr, 0)
	hdr = binary.BigEndian.AppendUint64(hdr, uint64(len(body)))
	hdr = binary.BigEndian.AppendUint32(hdr, crc32.Checksum(body, crcTable))
	if _, err := w.Write(hdr); err != nil {
		return err
	}
	_, err = w.Write(body)
	return err
}

// The zstd encoder and decoder of states, made once: EncodeAll and
// DecodeAll may be called from several goroutines at once (a history
// decodes its hours on all cores), and making one costs more than a small
// state's encoding.
var (
	stateEncoder = sync.OnceValues(func() (*zstd.Encoder, error) {
		return zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedDefault), zstd.WithEncoderConcurrency(runtime.GOMAXPROCS(0)))
	})
	stateDecoder = sync.OnceValues(func() (*zstd.Decoder, error) {
		return zstd.NewReader(nil, zstd.WithDecoderMaxMemory(maxStateBody), zstd.WithDecoderConcurrency(runtime.GOMAXPROCS(0)))
	})
)

// DecodeState reads a state written by [State.Encode]. A file that is not a
// state, of another version, cut short or damaged (checksum, or a body
// that does not decode) gives an error wrapping ErrNotState,
// ErrStateVersion, ErrStateCut or ErrStateDamaged; opts sets the sizes of
// the tables the state is read into, as for a run.
func DecodeState(data []byte, opts Options) (st *State, err error) {
	if !IsState(data) {
		return nil, ErrNotState
	}
	if len(data) < headerLen {
		return nil, fmt.Errorf("%w: %d bytes, the header alone has %d", ErrStateCut, len(data), headerLen)
	}
	h := data[len(StateMagic):]
	if v := binary.BigEndian.Uint16(h); v != StateVersion {
		if v > StateVersion {
			return nil, fmt.Errorf("%w %d: written by a newer logscan (this one reads version %d)", ErrStateVersion, v, StateVersion)
		}
		return nil, fmt.Errorf("%w %d (this logscan reads version %d)", ErrStateVersion, v, StateVersion)
	}
	n := binary.BigEndian.Uint64(h[4:])
	sum := binary.BigEndian.Uint32(h[12:])
	body := data[headerLen:]
	if uint64(len(body)) < n {
		return nil, fmt.Errorf("%w: %d of %d bytes", ErrStateCut, len(body), n)
	}
	if uint64(len(body)) > n {
		return nil, fmt.Errorf("%w: %d bytes after the end of the state", ErrStateDamaged, uint64(len(body))-n)
	}
	if crc32.Checksum(body, crcTable) != sum {
		return nil, fmt.Errorf("%w: checksum mismatch", ErrStateDamaged)
	}
	z, err := stateDecoder()
	if err != nil {
		return nil, err
	}
	raw, err := z.DecodeAll(body, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStateDamaged, err)
	}
	st, err = decodeBody(raw, opts)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrStateDamaged, err)
	}
	return st, nil
}

// decodeBody decodes the decompressed body of a state.
func decodeBody(raw []byte, opts Options) (*State, error) {
	d := dec{b: raw}
	st := d.state(opts)
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d bytes after the last field", len(d.b))
	}
	return st, d.err
}

// guard runs a decoder of another library, which is not hardened against
// every input: a checksummed body that still makes it panic is damage.
func (d *dec) guard(what string, f func() error) {
	if d.err != nil {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			d.fail("%s: %v", what, r)
		}
	}()
	if err := f(); err != nil {
		d.fail("%s: %v", what, err)
	}
}

// enc appends the body's fields.
type enc struct{ b []byte }

func (e *enc) u(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) i(v int64)  { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) s(v string) { e.u(uint64(len(v))); e.b = append(e.b, v...) }
func (e *enc) bs(v []byte) {
	e.u(uint64(len(v)))
	e.b = append(e.b, v...)
}
func (e *enc) f(v float64) { e.u(math.Float64bits(v)) }
func (e *enc) bool(v bool) {
	if v {
		e.u(1)
	} else {
		e.u(0)
	}
}

// dec reads the body's fields; the first error sticks and every later
// read returns zero values.
type dec struct {
	b      []byte
	err    error
	inputs int // the state's inputs, which samples point into
}

func (d *dec) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf(format, args...)
	}
	d.b = nil
}

func (d *dec) u() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) i() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("bad number")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// n reads a count of items of at least min bytes each, refusing one that
// the rest of the body cannot hold.
func (d *dec) n(minBytes int) int {
	v := d.u()
	if v > uint64(len(d.b)/max(minBytes, 1)) {
		d.fail("count %d exceeds the data", v)
		return 0
	}
	return int(v)
}

func (d *dec) bs() []byte {
	n := d.n(1)
	if d.err != nil {
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) s() string  { return string(d.bs()) }
func (d *dec) f() float64 { return math.Float64frombits(d.u()) }
func (d *dec) bool() bool { return d.u() != 0 }

// small reads a number that must be below limit.
func (d *dec) small(limit uint64) int {
	v := d.u()
	if v >= limit {
		d.fail("value %d out of range", v)
		return 0
	}
	return int(v)
}

func (e *enc) state(st *State) {
	e.u(uint64(len(st.meta)))
	for _, m := range st.meta {
		e.s(m.Path)
		e.s(m.Kind)
		e.s(m.Format)
		e.u(uint64(len(m.FormatNames)))
		for _, f := range m.FormatNames {
			e.s(f)
		}
		e.s(m.Stream)
		e.s(m.Error)
	}
	e.partial(st.p)
	e.errorStats(st.errStats)
	e.i(st.matched)
	e.i(st.unindexed)
	e.u(uint64(len(st.windows)))
	for _, w := range st.windows {
		e.s(catalog[w.cause].ID)
		e.i(w.start)
		e.i(w.end)
		e.i(w.messages)
		e.sample(w.example)
	}
	e.u(uint64(len(st.zones)))
	for _, z := range st.zones {
		e.s(z)
	}
	names := make([]string, 0, len(st.p.vhosts))
	for k := range st.p.vhosts {
		names = append(names, k)
	}
	slices.Sort(names)
	e.u(uint64(len(names)))
	for _, k := range names {
		v := st.p.vhosts[k]
		e.s(k)
		e.i(v.requests)
		for _, c := range v.classes {
			e.i(c)
		}
		e.bool(v.errPaths != nil)
		if v.errPaths != nil {
			e.topk(v.errPaths)
		}
	}
	for _, hits := range [][]shellHit{st.p.shell, st.errStats.shell} {
		e.u(uint64(len(hits)))
		for _, h := range hits {
			e.i(h.time)
			e.i(int64(h.status))
			e.sample(h.ex)
		}
	}
}

func (d *dec) state(opts Options) *State {
	st := &State{}
	n := d.n(6)
	for range n {
		m := InputMeta{Path: d.s(), Kind: d.s(), Format: d.s()}
		for k := d.n(1); k > 0; k-- {
			m.FormatNames = append(m.FormatNames, d.s())
		}
		m.Stream, m.Error = d.s(), d.s()
		st.meta = append(st.meta, m)
	}
	d.inputs = n
	st.p = d.partial(opts, n)
	st.errStats = d.errorStats()
	st.matched, st.unindexed = d.i(), d.i()
	for k := d.n(5); k > 0; k-- {
		c := d.cause()
		w := window{rule: -1, cause: c, start: d.i(), end: d.i(), messages: d.i(), example: d.sample(n)}
		st.windows = append(st.windows, w)
	}
	for k := d.n(1); k > 0; k-- {
		st.zones = append(st.zones, d.s())
	}
	if k := d.n(8); k > maxVHosts {
		d.fail("%d virtual hosts", k)
	} else if k > 0 {
		st.p.vhosts = make(map[string]*vhostStat, k)
		for ; k > 0; k-- {
			name := d.s()
			v := &vhostStat{requests: d.i()}
			for i := range v.classes {
				v.classes[i] = d.i()
			}
			if d.bool() {
				v.errPaths = NewTopK(vhostErrPaths)
				d.topk(v.errPaths)
			}
			st.p.vhosts[name] = v
		}
	}
	for _, hits := range []*[]shellHit{&st.p.shell, &st.errStats.shell} {
		k := d.n(4)
		if k > maxShellHits {
			d.fail("%d web-shell hits", k)
			k = 0
		}
		for ; k > 0; k-- {
			h := shellHit{time: d.i(), status: int(d.i())}
			h.ex = d.sample(n)
			*hits = append(*hits, h)
		}
	}
	return st
}

func (d *dec) cause() uint8 {
	id := d.s()
	c, ok := causeIndex[id]
	if !ok && d.err == nil {
		d.fail("unknown cause %q", id)
	}
	return c
}

func (e *enc) sample(s Sample) {
	e.u(uint64(s.input))
	e.s(s.Input)
	e.i(s.Line)
	e.s(s.Reason)
	e.s(s.Excerpt)
}

// sample reads a sample of one of n inputs.
func (d *dec) sample(n int) Sample {
	s := Sample{input: d.small(uint64(max(n, 1))), Input: d.s(), Line: d.i(), Reason: d.s(), Excerpt: d.s()}
	return s
}

func (e *enc) samples(ss []Sample) {
	e.u(uint64(len(ss)))
	for _, s := range ss {
		e.sample(s)
	}
}

func (d *dec) samples(n int) []Sample {
	var out []Sample
	for k := d.n(5); k > 0; k-- {
		out = append(out, d.sample(n))
	}
	return out
}

func (e *enc) partial(p *Partial) {
	for _, st := range p.Inputs {
		for _, v := range []int64{st.Lines, st.Entries, st.Malformed, st.Blank, st.TooLong, st.Continuation, st.Foreign, st.Truncated, st.OutOfWindow, st.Torn} {
			e.i(v)
		}
		e.samples(st.Samples)
		e.samples(st.Warnings)
		e.u(uint64(len(st.byFormat)))
		for _, v := range st.byFormat {
			e.i(v)
		}
	}
	e.codes(p.codes[:])
	e.i(p.requests)
	e.i(p.first)
	e.i(p.last)
	e.i(int64(p.firstOff))
	e.bool(p.hasTime)
	e.i(p.outFirst)
	e.i(p.outLast)
	e.i(int64(p.outFirstOff))
	e.bool(p.outTime)
	e.topk(p.paths)
	e.topk(p.clients)
	e.topk(p.agents)
	e.topk(p.referers)
	e.topk(p.latPaths)
	e.codeTables(&p.codePaths)
	e.codeTables(&p.codeClients)
	e.i(p.res)
	keys := make([]int64, 0, len(p.timeline))
	for k := range p.timeline {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.u(uint64(len(keys)))
	for _, k := range keys {
		e.i(k)
		for _, v := range p.timeline[k] {
			e.i(v)
		}
	}
	e.latency(p.latAll)
	var codes []int
	for c, l := range p.latCode {
		if l != nil {
			codes = append(codes, c)
		}
	}
	e.u(uint64(len(codes)))
	for _, c := range codes {
		e.u(uint64(c))
		e.latency(p.latCode[c])
	}
	hll, _ := p.uniq.MarshalBinary()
	e.bs(hll)
	evs := make([]evKey, 0, len(p.evidence))
	for k := range p.evidence {
		evs = append(evs, k)
	}
	slices.SortFunc(evs, func(a, b evKey) int {
		if a.code != b.code {
			return int(a.code) - int(b.code)
		}
		return int(a.cause) - int(b.cause)
	})
	e.u(uint64(len(evs)))
	for _, k := range evs {
		ev := p.evidence[k]
		e.u(uint64(k.code))
		e.s(catalog[k.cause].ID)
		e.i(ev.n)
		e.bool(ev.errorLog)
		e.sample(ev.example)
		e.sample(ev.errLine)
		e.s(ev.detail)
	}
	e.access(p.access)
}

func (d *dec) partial(opts Options, n int) *Partial {
	p := NewPartial(n, opts)
	for i := range p.Inputs {
		p.Touch(i)
		st := &p.Inputs[i]
		for _, v := range []*int64{&st.Lines, &st.Entries, &st.Malformed, &st.Blank, &st.TooLong, &st.Continuation, &st.Foreign, &st.Truncated, &st.OutOfWindow, &st.Torn} {
			*v = d.i()
		}
		st.Samples = d.samples(n)
		st.Warnings = d.samples(n)
		for k := d.n(1); k > 0; k-- {
			st.byFormat = append(st.byFormat, d.i())
		}
	}
	d.codes(p.codes[:])
	p.requests, p.first, p.last = d.i(), d.i(), d.i()
	off := d.i()
	if off < -86400 || off > 86400 {
		d.fail("bad UTC offset %d", off)
	}
	p.firstOff = int32(off)
	p.hasTime = d.bool()
	p.outFirst, p.outLast = d.i(), d.i()
	if off := d.i(); off < -86400 || off > 86400 {
		d.fail("bad UTC offset %d", off)
	} else {
		p.outFirstOff = int32(off)
	}
	p.outTime = d.bool()
	d.topk(p.paths)
	d.topk(p.clients)
	d.topk(p.agents)
	d.topk(p.referers)
	d.topk(p.latPaths)
	d.codeTables(&p.codePaths, p.newCodePaths)
	d.codeTables(&p.codeClients, newCodeClients)
	p.res = d.i()
	if p.res < 1 || p.res > 1<<40 {
		d.fail("bad timeline resolution %d", p.res)
		p.res = 1
	}
	for k := d.n(1 + len(minute{})); k > 0; k-- {
		key := d.i()
		b := new(minute)
		for j := range b {
			b[j] = d.i()
		}
		p.timeline[key] = b
	}
	if len(p.timeline) > maxTimelineBuckets {
		d.fail("%d timeline buckets", len(p.timeline))
	}
	d.latency(p.latAll)
	for k := d.n(2); k > 0; k-- {
		c := d.small(uint64(len(p.latCode)))
		l := newLatency()
		d.latency(l)
		p.latCode[c] = l
	}
	if hll := d.bs(); d.err == nil {
		u := hyperloglog.NewNoSparse()
		d.guard("unique clients", func() error { return u.UnmarshalBinary(hll) })
		if d.err == nil {
			p.uniq = u
		}
	}
	for k := d.n(5); k > 0; k-- {
		code := d.small(uint64(len(p.codes)))
		c := d.cause()
		ev := &evidence{n: d.i(), errorLog: d.bool(), example: d.sample(n), errLine: d.sample(n), detail: d.s()}
		p.evidence[evKey{int16(code), c}] = ev
	}
	d.access(p.access, n)
	return p
}

// codeTables writes the per-code tables that exist, by code.
func (e *enc) codeTables(ts *[600]*TopK) {
	var codes []int
	for c, t := range ts {
		if t != nil {
			codes = append(codes, c)
		}
	}
	e.u(uint64(len(codes)))
	for _, c := range codes {
		e.u(uint64(c))
		e.topk(ts[c])
	}
}

func (d *dec) codeTables(ts *[600]*TopK, mk func() *TopK) {
	for k := d.n(2); k > 0; k-- {
		c := d.small(uint64(len(ts)))
		t := mk()
		d.topk(t)
		ts[c] = t
	}
}

func (e *enc) codes(c []int64) {
	var nz int
	for _, v := range c {
		if v != 0 {
			nz++
		}
	}
	e.u(uint64(nz))
	for k, v := range c {
		if v != 0 {
			e.u(uint64(k))
			e.i(v)
		}
	}
}

func (d *dec) codes(c []int64) {
	for k := d.n(2); k > 0; k-- {
		i := d.small(uint64(len(c)))
		c[i] = d.i()
	}
}

// topk writes a table's keys in the order they are kept, so that a table
// read back merges exactly as the one written.
func (e *enc) topk(t *TopK) {
	e.i(t.total)
	e.i(t.offset)
	e.bool(t.info != nil)
	e.bool(t.withExamples)
	e.u(uint64(len(t.entries)))
	for i, en := range t.entries {
		e.bs(t.keyBytes(i))
		e.i(en.count)
		if t.withExamples {
			e.sample(t.examples[i])
		}
		if t.info != nil {
			in := t.info[i]
			e.i(in.served)
			e.i(in.firstServed)
			e.i(in.lastServed)
			e.i(in.missing)
			e.i(in.firstMissing)
			e.u(uint64(in.servedTo[0]))
			e.u(uint64(in.servedTo[1]))
		}
	}
}

func (d *dec) topk(t *TopK) {
	t.total, t.offset = d.i(), d.i()
	info, examples := d.bool(), d.bool()
	if info != (t.info != nil) || examples != t.withExamples {
		d.fail("a table of the wrong kind")
		return
	}
	n := d.n(2)
	if n > 2*t.capacity {
		d.fail("a table of %d keys, more than its capacity", n)
		return
	}
	for range n {
		key := d.bs()
		count := d.i()
		var ex Sample
		if examples {
			ex = d.sample(d.inputs)
		}
		if d.err != nil {
			return
		}
		h := maphash.Bytes(sharedSeed, key)
		i, slot := t.find(h)
		if i >= 0 {
			d.fail("a key twice in one table")
			return
		}
		i = t.insert(h, slot, key, count)
		if examples {
			t.examples[i] = ex
		}
		if info {
			t.info[i] = pathInfo{served: d.i(), firstServed: d.i(), lastServed: d.i(), missing: d.i(), firstMissing: d.i(),
				servedTo: [2]uint32{uint32(d.u()), uint32(d.u())}}
		}
	}
}

func (e *enc) latency(l *latency) {
	e.i(l.n)
	e.f(l.max)
	var b []byte
	l.sk.Encode(&b, false)
	e.bs(b)
}

func (d *dec) latency(l *latency) {
	l.n = d.i()
	l.max = d.f()
	b := d.bs()
	if d.err != nil || l.n == 0 {
		return
	}
	d.guard("latency sketch", func() error { return l.sk.DecodeAndMergeWith(b) })
}

func (e *enc) access(a *accessState) {
	streams := make([]string, 0, len(a.auth))
	for s := range a.auth {
		streams = append(streams, s)
	}
	slices.Sort(streams)
	e.u(uint64(len(streams)))
	for _, s := range streams {
		ps := a.auth[s]
		e.s(s)
		e.u(uint64(len(ps)))
		for _, pc := range ps {
			e.i(pc.start)
			e.i(pc.end)
			e.bool(pc.timed)
			e.i(pc.resolved)
			e.sample(pc.ex)
			e.u(uint64(len(pc.open)))
			for _, k := range sortedKeys(pc.open) {
				r := pc.open[k]
				e.u(k)
				e.i(r.n)
				e.i(r.last)
				e.bool(r.first)
			}
			e.u(uint64(len(pc.heads)))
			for _, k := range sortedKeys(pc.heads) {
				h := pc.heads[k]
				e.u(k)
				e.i(h.t)
				e.bool(h.success)
				e.u(uint64(h.fate))
				e.sample(h.ex)
			}
		}
	}
	clients := make([]*scanState, 0, a.clients404.len())
	for i := range a.clients404.list {
		clients = append(clients, &a.clients404.list[i])
	}
	slices.SortFunc(clients, func(x, y *scanState) int {
		return bytes.Compare([]byte(x.client), []byte(y.client))
	})
	e.u(a.scanLimit)
	e.u(uint64(len(clients)))
	for _, s := range clients {
		e.s(s.client)
		e.i(s.n404)
		e.u(uint64(s.distinct))
		for _, h := range s.hashes[:s.distinct] {
			e.u(uint64(h))
		}
		e.sample(s.example)
	}
	e.topk(a.referers)
	e.topk(a.vhosts)
}

func (d *dec) access(a *accessState, n int) {
	for k := d.n(2); k > 0; k-- {
		stream := d.s()
		for j := d.n(8); j > 0; j-- {
			pc := newAuthPiece(stream)
			pc.start, pc.end, pc.timed, pc.resolved = d.i(), d.i(), d.bool(), d.i()
			pc.ex = d.sample(n)
			for m := d.n(4); m > 0; m-- {
				key := d.u()
				pc.open[key] = authRun{n: d.i(), last: d.i(), first: d.bool()}
			}
			for m := d.n(5); m > 0; m-- {
				key := d.u()
				pc.heads[key] = authHead{t: d.i(), success: d.bool(), fate: uint8(d.small(3)), ex: d.sample(n)}
			}
			if len(pc.open) > maxAuthKeys || len(pc.heads) > maxAuthKeys {
				d.fail("a 401 piece over its bounds")
			}
			a.auth[stream] = append(a.auth[stream], pc)
		}
	}
	a.scanLimit = d.u()
	for k := d.n(4); k > 0; k-- {
		s := &scanState{client: d.s(), n404: d.i()}
		s.distinct = uint8(d.small(maxScanHashes + 1))
		for j := range s.hashes[:s.distinct] {
			s.hashes[j] = uint32(d.small(1 << 32))
		}
		s.example = d.sample(n)
		if d.err != nil {
			return
		}
		s.hash = fixedHash([]byte(s.client))
		if a.clients404.get(s.hash) != nil {
			d.fail("a scanning client twice")
			return
		}
		a.clients404.add(*s)
	}
	if a.clients404.len() > 2*maxScanClients {
		d.fail("%d scanning clients", a.clients404.len())
	}
	d.topk(a.referers)
	d.topk(a.vhosts)
}

func (e *enc) errorStats(s *ErrorStats) {
	e.i(s.entries)
	e.i(s.other)
	e.counts(s.levels)
	e.counts(s.modules)
	keys := make([]string, 0, len(s.templates))
	for k := range s.templates {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.u(uint64(len(keys)))
	for _, k := range keys {
		t := s.templates[k]
		e.s(k)
		e.s(t.code)
		e.s(t.level)
		e.i(t.count)
		e.i(t.first)
		e.i(t.last)
		e.s(t.example)
	}
	e.i(s.res)
	mins := make([]int64, 0, len(s.minutes))
	for k := range s.minutes {
		mins = append(mins, k)
	}
	slices.Sort(mins)
	e.u(uint64(len(mins)))
	for _, k := range mins {
		e.i(k)
		e.i(s.minutes[k])
	}
}

func (d *dec) errorStats() *ErrorStats {
	s := NewErrorStats()
	s.entries, s.other = d.i(), d.i()
	d.counts(s.levels)
	d.counts(s.modules)
	for k := d.n(7); k > 0; k-- {
		key := d.s()
		t := &templateStat{code: d.s(), level: d.s(), count: d.i(), first: d.i(), last: d.i(), example: d.s()}
		s.templates[key] = t
	}
	if len(s.templates) > maxTemplates {
		d.fail("%d templates", len(s.templates))
	}
	s.res = d.i()
	if s.res < 1 || s.res > 1<<40 {
		d.fail("bad error timeline resolution %d", s.res)
		s.res = 1
	}
	for k := d.n(2); k > 0; k-- {
		key := d.i()
		s.minutes[key] = d.i()
	}
	if len(s.minutes) > maxTimelineBuckets {
		d.fail("%d error timeline buckets", len(s.minutes))
	}
	return s
}

func (e *enc) counts(m map[string]int64) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.u(uint64(len(keys)))
	for _, k := range keys {
		e.s(k)
		e.i(m[k])
	}
}

func (d *dec) counts(m map[string]int64) {
	for k := d.n(2); k > 0; k-- {
		key := d.s()
		m[key] = d.i()
	}
}
