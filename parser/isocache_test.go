package parser

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// isoCacheLines are ISO 8601 timestamps, with what may follow them in a
// line, that share dates, clocks, fractions or zones in ways the cache must
// tell apart.
var isoCacheLines = []string{
	`2024-10-12T23:14:20+09:00",`,
	`2024-10-12T23:14:20+09:00`,
	`2024-10-12T23:14:21+09:00",`,
	`2024-10-12T23:59:59+09:00",`,
	`2024-10-12T23:14:20+09:001`,
	`2024-10-12T23:14:20+09",`,
	`2024-10-12T23:14:20+0900",`,
	`2024-10-12T23:14:20+09:30",`,
	`2024-10-12T23:14:20-09:00",`,
	`2024-10-12T23:14:20Z",`,
	`2024-10-12T23:14:20zz`,
	`2024-10-12T23:14:20.5+09:00",`,
	`2024-10-12T23:14:20.25+09:00",`,
	`2024-10-12T23:14:21.5+09:00",`,
	`2024-10-12T23:14:20",`,
	`2024-10-12 23:14:20+09:00",`,
	`2024-10-13T23:14:20+09:00",`,
	`2024-10-12T24:14:20+09:00",`,
	`2024-10-12T23:60:20+09:00",`,
	`2024-10-12T23:14:60+09:00",`,
	`2024-10-12T23:14:61+09:00",`,
	`2024-10-12T23-14:20+09:00",`,
	`2024-10-12T2x:14:20+09:00",`,
	`2024-10-12T23:14:20+24:00",`,
	`2024-02-30T23:14:20+09:00",`,
	`2024-10-12T23:14:20+09:0`,
	`2024-10-12T23:14:20+09:00.123456789012345Z`,
	`2024-10-12T23:14`,
	``,
}

// sameISO parses first with a fresh isoCache, then checks that the cache
// reads second as parseISOPrefix does.
func sameISO(t *testing.T, first, second []byte) {
	t.Helper()
	var c isoCache
	c.parse(first)
	ns, off, hz, n, ok := c.parse(second)
	wns, woff, whz, wn, wok := parseISOPrefix(second)
	require.Equal(t, wok, ok, "ok for %q after %q", second, first)
	if ok {
		require.Equal(t, []any{wns, woff, whz, wn}, []any{ns, off, hz, n}, "%q after %q", second, first)
	}
}

// TestISOCacheMatchesParse checks the cache on every ordered pair of
// isoCacheLines.
func TestISOCacheMatchesParse(t *testing.T) {
	for _, a := range isoCacheLines {
		for _, b := range isoCacheLines {
			sameISO(t, []byte(a), []byte(b))
		}
	}
}

// FuzzISOCache checks the cache on a pair of inputs.
func FuzzISOCache(f *testing.F) {
	for i, a := range isoCacheLines {
		f.Add(a, isoCacheLines[(i+1)%len(isoCacheLines)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		sameISO(t, []byte(a), []byte(b))
	})
}
