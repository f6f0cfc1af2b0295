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
// 3 in a million. Add costs one hash and one map lookup for a key already
// kept; it allocates only for a key new to the table.
type TopK struct {
	capacity int
	total    int64
	offset   int64
	index    map[uint64]int32
	keys     []string
	hashes   []uint64
	counts   []int64
	// info, when non-nil, holds per-key path facts for the diagnosis
	// (see [TopK.AddPath]); it stays parallel to keys.
	info []pathInfo
}

// pathInfo is what the access-log heuristics need to know of a path.
type pathInfo struct {
	served                  int64 // 2xx and 3xx answers
	firstServed, lastServed int64 // Unix nanoseconds
	missing                 int64 // 404 and 410 answers
	firstMissing            int64
}

// NewPathTable returns a TopK that also records, per path, when it was
// served and when it was missing.
func NewPathTable(capacity int) *TopK {
	t := NewTopK(capacity)
	t.info = []pathInfo{}
	return t
}

// AddPath counts one request for path with its status and time (0 when
// unknown) in a table made by [NewPathTable], and returns the path's hash.
func (t *TopK) AddPath(path []byte, status int, when int64) uint64 {
	t.total++
	h := maphash.Bytes(sharedSeed, path)
	i, ok := t.index[h]
	if ok {
		t.counts[i]++
	} else {
		t.insert(h, string(path), 1)
		i = int32(len(t.keys) - 1)
	}
	in := &t.info[i]
	switch {
	case status >= 200 && status < 400:
		in.served++
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
	return h
}

func (in *pathInfo) merge(o pathInfo) {
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
// the keys above N/capacity.
func NewTopK(capacity int) *TopK {
	return &TopK{capacity: capacity, index: make(map[uint64]int32, 2*capacity)}
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
// known, so that one hash serves several lists.
func (t *TopK) AddHashed(h uint64, key []byte, n int64) {
	t.total += n
	if i, ok := t.index[h]; ok {
		t.counts[i] += n
		return
	}
	t.insert(h, string(key), n)
}

func (t *TopK) insert(h uint64, key string, n int64) {
	if len(t.keys) >= 2*t.capacity {
		t.purge()
	}
	t.index[h] = int32(len(t.keys))
	t.keys = append(t.keys, key)
	t.hashes = append(t.hashes, h)
	t.counts = append(t.counts, n)
	if t.info != nil {
		t.info = append(t.info, pathInfo{})
	}
}

// purge subtracts the median count from every key and drops the keys that
// reach zero, halving the table (or more).
func (t *TopK) purge() {
	med := median(t.counts)
	t.offset += med
	j := 0
	for i, c := range t.counts {
		if c -= med; c > 0 {
			t.keys[j], t.hashes[j], t.counts[j] = t.keys[i], t.hashes[i], c
			if t.info != nil {
				t.info[j] = t.info[i]
			}
			j++
		}
	}
	clear(t.keys[j:])
	t.keys, t.hashes, t.counts = t.keys[:j], t.hashes[:j], t.counts[:j]
	if t.info != nil {
		t.info = t.info[:j]
	}
	clear(t.index)
	for i, h := range t.hashes {
		t.index[h] = int32(i)
	}
}

// median returns the median of counts (the upper one for an even length),
// at least 1.
func median(counts []int64) int64 {
	tmp := slices.Clone(counts)
	slices.Sort(tmp)
	return max(tmp[len(tmp)/2], 1)
}

// Merge adds the counts of o into t; the error bounds add up.
func (t *TopK) Merge(o *TopK) {
	if o == nil {
		return
	}
	t.total += o.total
	t.offset += o.offset
	for i, k := range o.keys {
		j, ok := t.index[o.hashes[i]]
		if ok {
			t.counts[j] += o.counts[i]
		} else {
			t.insert(o.hashes[i], k, o.counts[i])
			j = int32(len(t.keys) - 1)
		}
		if t.info != nil && o.info != nil {
			t.info[j].merge(o.info[i])
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
	out := make([]Counted, len(t.keys))
	for i, k := range t.keys {
		out[i] = Counted{Key: k, Count: t.counts[i] + t.offset, Error: t.offset}
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
func (t *TopK) Len() int { return len(t.keys) }

// Exact reports whether every count is exact (no purge has happened).
func (t *TopK) Exact() bool { return t.offset == 0 }
