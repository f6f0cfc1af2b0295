package analyze

import (
	"cmp"
	"slices"
)

// TopK counts the most frequent keys of a stream in bounded memory with the
// Space-Saving algorithm (Metwally, Agrawal, El Abbadi, 2005). It keeps at
// most Cap keys. A key's reported count overestimates its true count by at
// most its Err; any key whose true count exceeds N/Cap (N = total added) is
// guaranteed to be kept. Counts are exact while fewer than Cap distinct keys
// have been seen.
type TopK struct {
	capacity int
	total    int64
	index    map[string]int32
	heap     []topItem // min-heap by count
}

type topItem struct {
	key   string
	count int64
	err   int64
}

// NewTopK returns a counter that keeps at most capacity keys.
func NewTopK(capacity int) *TopK {
	return &TopK{capacity: capacity, index: make(map[string]int32)}
}

// Total returns the sum of all counts added.
func (t *TopK) Total() int64 { return t.total }

// Add adds n to the count of key. It copies key only when the key is new to
// the table.
func (t *TopK) Add(key []byte, n int64) {
	t.total += n
	if i, ok := t.index[string(key)]; ok {
		t.heap[i].count += n
		t.down(int(i))
		return
	}
	t.insert(string(key), n, 0)
}

func (t *TopK) insert(key string, n, err int64) {
	if len(t.heap) < t.capacity {
		t.heap = append(t.heap, topItem{key: key, count: n, err: err})
		i := len(t.heap) - 1
		t.index[key] = int32(i)
		t.up(i)
		return
	}
	min := t.heap[0]
	delete(t.index, min.key)
	t.heap[0] = topItem{key: key, count: min.count + n, err: min.count + err}
	t.index[key] = 0
	t.down(0)
}

// Merge adds the counts of o into t. The error bounds add up.
func (t *TopK) Merge(o *TopK) {
	if o == nil {
		return
	}
	t.total += o.total
	for _, it := range o.heap {
		if i, ok := t.index[it.key]; ok {
			t.heap[i].count += it.count
			t.heap[i].err += it.err
			t.down(int(i))
			continue
		}
		t.insert(it.key, it.count, it.err)
	}
}

// Counted is a key with its count and the bound of the count's overestimate.
type Counted struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
	Error int64  `json:"error,omitempty"`
}

// Top returns the n keys with the highest counts, by count descending and
// then key ascending.
func (t *TopK) Top(n int) []Counted {
	out := make([]Counted, len(t.heap))
	for i, it := range t.heap {
		out[i] = Counted{Key: it.key, Count: it.count, Error: it.err}
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
func (t *TopK) Len() int { return len(t.heap) }

func (t *TopK) less(i, j int) bool { return t.heap[i].count < t.heap[j].count }

func (t *TopK) swap(i, j int) {
	t.heap[i], t.heap[j] = t.heap[j], t.heap[i]
	t.index[t.heap[i].key] = int32(i)
	t.index[t.heap[j].key] = int32(j)
}

func (t *TopK) up(i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !t.less(i, p) {
			return
		}
		t.swap(i, p)
		i = p
	}
}

func (t *TopK) down(i int) {
	n := len(t.heap)
	for {
		l := 2*i + 1
		if l >= n {
			return
		}
		m := l
		if r := l + 1; r < n && t.less(r, l) {
			m = r
		}
		if !t.less(m, i) {
			return
		}
		t.swap(i, m)
		i = m
	}
}
