package analyze

import (
	"cmp"
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
// Add costs one map lookup for a key already kept; it allocates only for a
// key new to the table.
type TopK struct {
	capacity int
	total    int64
	offset   int64
	index    map[string]int32
	keys     []string
	counts   []int64
}

// NewTopK returns a counter that keeps up to 2×capacity keys and guarantees
// the keys above N/capacity.
func NewTopK(capacity int) *TopK {
	return &TopK{capacity: capacity, index: make(map[string]int32, 2*capacity)}
}

// Total returns the sum of all counts added.
func (t *TopK) Total() int64 { return t.total }

// Add adds n to the count of key.
func (t *TopK) Add(key []byte, n int64) {
	t.total += n
	if i, ok := t.index[string(key)]; ok {
		t.counts[i] += n
		return
	}
	t.insert(string(key), n)
}

func (t *TopK) insert(key string, n int64) {
	if len(t.keys) >= 2*t.capacity {
		t.purge()
	}
	t.index[key] = int32(len(t.keys))
	t.keys = append(t.keys, key)
	t.counts = append(t.counts, n)
}

// purge subtracts the median count from every key and drops the keys that
// reach zero, halving the table (or more).
func (t *TopK) purge() {
	med := median(t.counts)
	t.offset += med
	j := 0
	for i, c := range t.counts {
		if c -= med; c > 0 {
			t.keys[j], t.counts[j] = t.keys[i], c
			j++
		}
	}
	clear(t.keys[j:])
	t.keys, t.counts = t.keys[:j], t.counts[:j]
	clear(t.index)
	for i, k := range t.keys {
		t.index[k] = int32(i)
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
		if j, ok := t.index[k]; ok {
			t.counts[j] += o.counts[i]
			continue
		}
		t.insert(k, o.counts[i])
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
