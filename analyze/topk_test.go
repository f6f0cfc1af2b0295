package analyze

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTopKExactBelowCapacity(t *testing.T) {
	tk := NewTopK(10)
	for i, k := range []string{"a", "b", "a", "c", "a", "b"} {
		tk.Add([]byte(k), 1)
		_ = i
	}
	assert.Equal(t, []Counted{{Key: "a", Count: 3}, {Key: "b", Count: 2}, {Key: "c", Count: 1}}, tk.Top(10))
	assert.Equal(t, []Counted{{Key: "a", Count: 3}}, tk.Top(1))
	assert.Equal(t, int64(6), tk.Total())
}

func TestTopKHeavyHittersSurvive(t *testing.T) {
	// A Zipf-like stream with far more distinct keys than capacity: every key
	// whose true count exceeds N/capacity must be kept, and counts may only
	// overestimate by at most their error bound.
	rng := rand.New(rand.NewPCG(1, 2))
	z := rand.NewZipf(rng, 1.2, 1, 100000)
	truth := map[string]int64{}
	tk := NewTopK(100)
	var n int64
	for range 200000 {
		k := fmt.Sprintf("/p/%d", z.Uint64())
		truth[k]++
		tk.Add([]byte(k), 1)
		n++
	}
	kept := map[string]Counted{}
	for _, c := range tk.Top(-1) {
		kept[c.Key] = c
	}
	for k, c := range truth {
		if c > n/100 {
			got, ok := kept[k]
			require.True(t, ok, "heavy hitter %s (%d) lost", k, c)
			assert.GreaterOrEqual(t, got.Count, c)
			assert.LessOrEqual(t, got.Count-got.Error, c)
		}
	}
	assert.LessOrEqual(t, tk.Len(), 200)
}

func TestTopKIndexGrowsExact(t *testing.T) {
	// 1,900 distinct keys under capacity 1,000 (room for 2,000): the index
	// grows from 16 slots through many doublings and every count stays exact.
	tk := NewTopK(1000)
	truth := map[string]int64{}
	for i := range 20000 {
		k := fmt.Sprintf("/k/%d", (i*7919)%1900)
		truth[k]++
		tk.Add([]byte(k), 1)
	}
	require.True(t, tk.Exact())
	require.Equal(t, 1900, tk.Len())
	for _, c := range tk.Top(-1) {
		assert.Equal(t, truth[c.Key], c.Count, c.Key)
		n, ok := tk.lookup(maphash.String(sharedSeed, c.Key))
		assert.True(t, ok)
		assert.Equal(t, c.Count, n)
	}
	_, ok := tk.lookup(maphash.String(sharedSeed, "/absent"))
	assert.False(t, ok)
}

func TestTopKMerge(t *testing.T) {
	a, b := NewTopK(10), NewTopK(10)
	a.Add([]byte("x"), 2)
	b.Add([]byte("x"), 3)
	b.Add([]byte("y"), 1)
	a.Merge(b)
	assert.Equal(t, []Counted{{Key: "x", Count: 5}, {Key: "y", Count: 1}}, a.Top(10))
	assert.Equal(t, int64(6), a.Total())
}

func BenchmarkTopKAdd(b *testing.B) {
	keys := make([][]byte, 4096)
	for i := range keys {
		keys[i] = fmt.Appendf(nil, "/static/img/%d.png", i%700)
	}
	tk := NewTopK(1000)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tk.Add(keys[i&4095], 1)
		i++
	}
}

// BenchmarkTopKZipf counts a Zipf stream over 200,000 distinct keys with
// the default capacity, so the table fills, purges and misses the cache as
// it does on a real log's client and path lists.
func BenchmarkTopKZipf(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	z := rand.NewZipf(rng, 1.1, 30, 200000-1)
	keys := make([][]byte, 1<<16)
	for i := range keys {
		keys[i] = fmt.Appendf(nil, "10.%d.%d.%d", i>>16&255, z.Uint64()>>8&255, z.Uint64()&255)
	}
	tk := NewTopK(DefaultOptions().TopCapacity)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		tk.Add(keys[i&(len(keys)-1)], 1)
		i++
	}
}

func TestNthSmallest(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{1, 2, 3, 7, 100, 1001} {
		for _, spread := range []int64{1, 3, 1000} {
			a := make([]int64, n)
			for i := range a {
				a[i] = rng.Int64N(spread)
			}
			sorted := slices.Clone(a)
			slices.Sort(sorted)
			for _, k := range []int{0, n / 2, n - 1} {
				assert.Equal(t, sorted[k], nthSmallest(slices.Clone(a), k), "n=%d spread=%d k=%d", n, spread, k)
			}
		}
	}
}

func TestTopKClipsLongKeys(t *testing.T) {
	long := append(bytes.Repeat([]byte("a"), maxKeyBytes-1), "é/x"...) // "é" straddles the limit
	other := append(bytes.Repeat([]byte("a"), maxKeyBytes-1), "é/y"...)
	tk := NewTopK(10)
	tk.Add(long, 2)
	tk.Add(other, 1)
	top := tk.Top(-1)
	require.Len(t, top, 2, "keys differing after the limit are still counted apart")
	want := strings.Repeat("a", maxKeyBytes-1) + "…"
	assert.Equal(t, []Counted{{Key: want, Count: 2}, {Key: want, Count: 1}}, top)
	assert.True(t, utf8.ValidString(top[0].Key))
	short := []byte("/short")
	assert.Equal(t, short, clipUTF8(short, maxKeyBytes))
}

func TestTopKMemoryBoundedByLongKeys(t *testing.T) {
	// 3,000 distinct 50 kB keys would hold 150 MB as whole keys.
	tk := NewTopK(1000)
	key := bytes.Repeat([]byte("k"), 50_000)
	for i := range 3000 {
		copy(key, fmt.Sprintf("%06d", i))
		tk.Add(key, 1)
	}
	assert.LessOrEqual(t, len(tk.arena), 2*1000*(maxKeyBytes+len("…")))
}
