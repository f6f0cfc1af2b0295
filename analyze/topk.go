package analyze

import (
	"cmp"
	"hash/maphash"
	"slices"
)

// TopK counts the most frequent keys of a stream in bounded memory. It is
// the "frequent items" sketch of Apache DataSketches (a Misra-Gries summary
// with batch purges): it keeps at most 2×Cap keys; when full, it subtracts
// the median count from every key, drops those left at zero or below, and
// adds the median to an offset. A key's reported count is its kept count
// plus the offset, so it may overstate the true count by at most the offset
// (reported as Error), and never understates it; every key whose true count
// exceeds N/Cap (N = total added) is kept. While fewer than 2×Cap distinct
// keys have been seen, counts are exact (offset 0).
//
// Keys are indexed by a 64-bit hash (hash/maphash), so a lookup reads no
// key bytes but the hash's; two keys whose hashes collide would share a
// count, which for 10 million distinct keys has a probability of about
// 3 in a million. The index is an open-addressing table with linear
// probing, addressed by the hash already computed (a Go map would hash
// the hash again and touch more memory). Add costs one hash and, for a
// key already kept, usually two cache lines; it allocates only for a key
// new to the table.
type TopK struct {
	capacity int
	total    int64
	offset   int64
	// slots is the index: 0 for an empty slot, else the top 16 bits of
	// the key's hash (a tag that spares most reads of entries on a probe)
	// above the key's position in entries plus one. Its length is a power
	// of two, kept at least 1.5 times the number of keys: 64 KiB for the
	// default capacity, so that it mostly stays in the core's cache.
	slots   []uint32
	entries []topEntry
	// The key bytes of entry i are arena[spans[i].off:][:spans[i].n]: one
	// growing buffer instead of a string allocation per new key, which the
	// long tail of a log (keys seen once, dropped at the next purge) would
	// pay on every line. spans is apart from entries, which a lookup reads.
	spans []keySpan
	arena []byte
	// info, when non-nil, holds per-key path facts for the diagnosis
	// (see [TopK.AddPath]); it stays parallel to entries.
	info []pathInfo
	// examples, when withExamples is set, holds an example line per key
	// (the earliest set, see [TopK.setExample]); parallel to entries.
	withExamples bool
	examples     []Sample
}

// maxKeyBytes is the most bytes of a key a TopK keeps to show: a longer
// key (a hostile 1 MB path or user agent) is counted under its whole hash
// but kept as its first maxKeyBytes bytes and "…", so that a table's memory
// stays below 2×capacity×(maxKeyBytes+3) bytes of text.
const maxKeyBytes = 1024

// clipUTF8 returns the first n bytes of b or fewer, not cutting a UTF-8
// sequence in two.
func clipUTF8(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	for k := n; k > n-3 && k > 0; k-- {
		if b[k]&0xC0 != 0x80 { // b[k] starts a sequence: cut before it
			return b[:k]
		}
	}
	return b[:n]
}

// maxCapacity is the largest capacity: positions plus one must fit in the
// 16 bits of a slot.
const maxCapacity = 1<<15 - 1

// topEntry is a kept key's hash and count, side by side so that one cache
// line confirms a match and holds the count to update.
type topEntry struct {
	hash  uint64
	count int64
}

// keySpan is where a key's bytes are in the arena.
type keySpan struct{ off, n uint32 }

// key returns the key of entry i as a string (allocated).
func (t *TopK) key(i int) string { return string(t.keyBytes(i)) }

// keyBytes returns the key of entry i, valid until the next change of t.
func (t *TopK) keyBytes(i int) []byte {
	sp := t.spans[i]
	return t.arena[sp.off : sp.off+sp.n : sp.off+sp.n]
}

// find returns the position of the key with hash h, or -1 and the index of
// the empty slot where it would go.
func (t *TopK) find(h uint64) (pos int32, slot int) {
	mask := uint64(len(t.slots) - 1)
	tag := uint32(h >> 48)
	for i := h & mask; ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return -1, int(i)
		}
		if s>>16 == tag {
			if p := int32(s&0xffff) - 1; t.entries[p].hash == h {
				return p, int(i)
			}
		}
	}
}

// reindex makes the index size slots long and places every key again.
func (t *TopK) reindex(size int) {
	if cap(t.slots) >= size {
		t.slots = t.slots[:size]
		clear(t.slots)
	} else {
		t.slots = make([]uint32, size)
	}
	mask := uint64(size - 1)
	for p, e := range t.entries {
		i := e.hash & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = slotOf(e.hash, p)
	}
}

// slotOf is the slot value of the key with hash h at position p.
func slotOf(h uint64, p int) uint32 {
	return uint32(h>>48)<<16 | uint32(p+1)
}

// pathInfo is what the access-log heuristics need to know of a path.
type pathInfo struct {
	served                  int64 // 2xx and 304 answers: the resource was there (a redirect proves nothing)
	firstServed, lastServed int64 // Unix nanoseconds
	missing                 int64 // 404 and 410 answers
	firstMissing            int64
	// servedTo holds up to two distinct clients (fixed hashes, never 0)
	// that the path was served to: a path served to one client only (a
	// scanner that found it) does not prove it was there for the others.
	servedTo [2]uint32
}

// addServed notes a client the path was served to.
func (in *pathInfo) addServed(client uint32) {
	if client == 0 {
		client = 1
	}
	switch {
	case in.servedTo[0] == 0:
		in.servedTo[0] = client
	case in.servedTo[0] != client && in.servedTo[1] == 0:
		in.servedTo[1] = client
	}
}

// servedClients returns how many distinct clients the path was served to,
// counting up to two.
func (in *pathInfo) servedClients() int {
	switch {
	case in.servedTo[1] != 0:
		return 2
	case in.servedTo[0] != 0:
		return 1
	}
	return 0
}

// NewPathTable returns a TopK that also records, per path, when it was
// served and when it was missing.
func NewPathTable(capacity int) *TopK {
	t := NewTopK(capacity)
	t.info = []pathInfo{}
	t.withExamples = true
	return t
}

// newExampleTable returns a TopK that keeps an example line per key.
func newExampleTable(capacity int) *TopK {
	t := NewTopK(capacity)
	t.withExamples = true
	return t
}

// AddPath counts one request for path with its status and time (0 when
// unknown) in a table made by [NewPathTable], and returns the path's hash.
func (t *TopK) AddPath(path []byte, status int, when int64) uint64 {
	h, _ := t.addPath(path, status, when, nil)
	return h
}

// addPath is AddPath that also returns the path's position in the table.
// client is the request's client (nil when unknown); it is hashed only
// while the path has been served to fewer than two clients.
func (t *TopK) addPath(path []byte, status int, when int64, client []byte) (uint64, int32) {
	t.total++
	h := maphash.Bytes(sharedSeed, path)
	i, slot := t.find(h)
	if i >= 0 {
		t.entries[i].count++
	} else {
		i = t.insert(h, slot, path, 1)
	}
	in := &t.info[i]
	switch {
	case status >= 200 && status < 300 || status == 304:
		in.served++
		if in.servedTo[1] == 0 && client != nil {
			in.addServed(uint32(fixedHash(client)))
		}
		if when != 0 {
			if in.firstServed == 0 || when < in.firstServed {
				in.firstServed = when
			}
			in.lastServed = max(in.lastServed, when)
		}
	case status == 404 || status == 410:
		in.missing++
		if when != 0 && (in.firstMissing == 0 || when < in.firstMissing) {
			in.firstMissing = when
		}
	}
	return h, i
}

func (in *pathInfo) merge(o pathInfo) {
	for _, c := range o.servedTo {
		if c != 0 {
			in.addServed(c)
		}
	}
	in.served += o.served
	in.missing += o.missing
	if o.firstServed != 0 && (in.firstServed == 0 || o.firstServed < in.firstServed) {
		in.firstServed = o.firstServed
	}
	in.lastServed = max(in.lastServed, o.lastServed)
	if o.firstMissing != 0 && (in.firstMissing == 0 || o.firstMissing < in.firstMissing) {
		in.firstMissing = o.firstMissing
	}
}

// NewTopK returns a counter that keeps up to 2×capacity keys and guarantees
// the keys above N/capacity. The capacity is at least 1 and at most
// 32,767.
func NewTopK(capacity int) *TopK {
	return &TopK{capacity: min(max(capacity, 1), maxCapacity), slots: make([]uint32, 16)}
}

// Reset empties t, keeping its memory.
func (t *TopK) Reset() {
	t.total, t.offset = 0, 0
	clear(t.slots)
	t.entries, t.spans, t.arena = t.entries[:0], t.spans[:0], t.arena[:0]
	if t.info != nil {
		t.info = t.info[:0]
	}
	t.examples = t.examples[:0]
}

// Total returns the sum of all counts added.
func (t *TopK) Total() int64 { return t.total }

// Add adds n to the count of key and returns the key's hash, which equal
// keys share across all TopKs of a run.
func (t *TopK) Add(key []byte, n int64) uint64 {
	h := maphash.Bytes(sharedSeed, key)
	t.AddHashed(h, key, n)
	return h
}

// AddHashed is Add for a key whose hash (as Add returns it) is already
// known, so that one hash serves several lists. It reports whether the key
// was new to the table (never seen, or dropped by a purge since).
func (t *TopK) AddHashed(h uint64, key []byte, n int64) (inserted bool) {
	t.total += n
	i, slot := t.find(h)
	if i >= 0 {
		t.entries[i].count += n
		return false
	}
	t.insert(h, slot, key, n)
	return true
}

// addAt is AddHashed that also returns the key's position, so that a
// caller can set its example without looking it up again.
func (t *TopK) addAt(h uint64, key []byte, n int64) (pos int32, inserted bool) {
	t.total += n
	i, slot := t.find(h)
	if i >= 0 {
		t.entries[i].count += n
		return i, false
	}
	return t.insert(h, slot, key, n), true
}

// lookup returns the count kept for the key with hash h (without the
// offset), and whether the key is kept.
func (t *TopK) lookup(h uint64) (int64, bool) {
	if i, _ := t.find(h); i >= 0 {
		return t.entries[i].count, true
	}
	return 0, false
}

// insert adds a key that [TopK.find] did not find, slot being the empty
// slot find returned, and returns its position. It purges first when the
// table is full.
func (t *TopK) insert(h uint64, slot int, key []byte, n int64) int32 {
	if len(t.entries) >= 2*t.capacity {
		t.purge()
		_, slot = t.find(h)
	}
	if 2*len(t.slots) < 3*(len(t.entries)+1) {
		t.reindex(2 * len(t.slots))
		_, slot = t.find(h)
	}
	p := int32(len(t.entries))
	t.slots[slot] = slotOf(h, int(p))
	t.entries = append(t.entries, topEntry{hash: h, count: n})
	off := len(t.arena)
	if len(key) > maxKeyBytes {
		t.arena = append(append(t.arena, clipUTF8(key, maxKeyBytes)...), "…"...)
	} else {
		t.arena = append(t.arena, key...)
	}
	t.spans = append(t.spans, keySpan{off: uint32(off), n: uint32(len(t.arena) - off)})
	if t.info != nil {
		t.info = append(t.info, pathInfo{})
	}
	if t.withExamples {
		t.examples = append(t.examples, Sample{})
	}
	return p
}

// setExample gives the key at position i the example ex, unless it has
// one from earlier in the inputs.
func (t *TopK) setExample(i int32, ex Sample) {
	if cur := &t.examples[i]; cur.Line == 0 || earlier(ex, *cur) {
		*cur = ex
	}
}

// hasExample reports whether the key at position i has an example.
func (t *TopK) hasExample(i int32) bool { return t.examples[i].Line > 0 }

// purge subtracts the median count from every key and drops the keys that
// reach zero, halving the table (or more).
func (t *TopK) purge() {
	med := median(t.entries)
	t.offset += med
	// Survivors keep their order, so their keys move only towards the
	// start of the arena.
	j, w := 0, uint32(0)
	for i, e := range t.entries {
		if e.count -= med; e.count > 0 {
			sp := t.spans[i]
			copy(t.arena[w:], t.arena[sp.off:sp.off+sp.n])
			t.spans[j] = keySpan{off: w, n: sp.n}
			w += sp.n
			t.entries[j] = e
			if t.info != nil {
				t.info[j] = t.info[i]
			}
			if t.withExamples {
				t.examples[j] = t.examples[i]
			}
			j++
		}
	}
	t.entries, t.spans, t.arena = t.entries[:j], t.spans[:j], t.arena[:w]
	if t.info != nil {
		t.info = t.info[:j]
	}
	if t.withExamples {
		t.examples = t.examples[:j]
	}
	t.reindex(len(t.slots))
}

// median returns the median count of entries (the upper one for an even
// length), at least 1. It selects rather than sorts: a purge of the default
// table finds the median of 10,000 counts in linear time.
func median(entries []topEntry) int64 {
	tmp := make([]int64, len(entries))
	for i, e := range entries {
		tmp[i] = e.count
	}
	return max(nthSmallest(tmp, len(tmp)/2), 1)
}

// nthSmallest returns the value that would be at index k if a were sorted
// (Hoare's selection, median-of-three pivots); it reorders a.
func nthSmallest(a []int64, k int) int64 {
	lo, hi := 0, len(a)-1
	for hi > lo {
		mid := lo + (hi-lo)/2
		// Order a[lo], a[mid], a[hi] and take the middle one as pivot.
		if a[mid] < a[lo] {
			a[mid], a[lo] = a[lo], a[mid]
		}
		if a[hi] < a[lo] {
			a[hi], a[lo] = a[lo], a[hi]
		}
		if a[hi] < a[mid] {
			a[hi], a[mid] = a[mid], a[hi]
		}
		pivot := a[mid]
		i, j := lo, hi
		for i <= j {
			for a[i] < pivot {
				i++
			}
			for a[j] > pivot {
				j--
			}
			if i <= j {
				a[i], a[j] = a[j], a[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return a[k]
		}
	}
	return a[k]
}

// Merge adds the counts of o into t; the error bounds add up.
func (t *TopK) Merge(o *TopK) {
	if o == nil {
		return
	}
	t.total += o.total
	t.offset += o.offset
	for i, e := range o.entries {
		j, slot := t.find(e.hash)
		if j >= 0 {
			t.entries[j].count += e.count
		} else {
			j = t.insert(e.hash, slot, o.keyBytes(i), e.count)
		}
		if t.info != nil && o.info != nil {
			t.info[j].merge(o.info[i])
		}
		if t.withExamples && o.withExamples && o.examples[i].Line > 0 {
			t.setExample(j, o.examples[i])
		}
	}
}

// Counted is a key with its count and the bound of the count's overestimate.
type Counted struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
	Error int64  `json:"error,omitempty"`
}

// Top returns the n keys with the highest counts (all when n < 0), by count
// descending and then key ascending.
func (t *TopK) Top(n int) []Counted {
	out := make([]Counted, len(t.entries))
	for i, e := range t.entries {
		out[i] = Counted{Key: t.key(i), Count: e.count + t.offset, Error: t.offset}
	}
	slices.SortFunc(out, func(a, b Counted) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	if n >= 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// Len returns the number of keys kept.
func (t *TopK) Len() int { return len(t.entries) }

// Exact reports whether every count is exact (no purge has happened).
func (t *TopK) Exact() bool { return t.offset == 0 }
