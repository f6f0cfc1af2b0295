//go:build !race

package parser

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkFormatsVsCombined times each custom access format on its own
// real file and the combined preset on combined-2k.log in
// alternation, and reports "×combined": the format's time per byte over
// combined's. The speed issue asks for at most 1.5. Alternating at this
// grain cancels the drift of a shared machine.
func BenchmarkFormatsVsCombined(b *testing.B) {
	access := readLines(b, "../parser/combined-2k.log")
	combined, ok := LookupFormat("combined")
	require.True(b, ok)
	cases := []struct {
		name, file string
		format     func(testing.TB) Format
	}{
		{"compiled-nginx-timed", "nginx-timed-1k.log", func(tb testing.TB) Format { return mustCompile(tb, "nginx-timed") }},
		{"compiled-ingress", "ingress.log", func(tb testing.TB) Format { return mustCompile(tb, "ingress-nginx") }},
		{"json-scanner", "private-isu-1k.log", func(testing.TB) Format {
			return NewJSONFormat(map[string]string{"client": "host", "port": ""})
		}},
		{"compiled-nginx-json", "private-isu-1k.log", func(tb testing.TB) Format {
			f, err := readConfig(tb, "nginx.conf").Format("json")
			require.NoError(tb, err)
			return f
		}},
	}
	size := func(lines [][]byte) (n int) {
		for _, l := range lines {
			n += len(l) + 1
		}
		return n
	}
	accessBytes := size(access)
	for _, tc := range cases {
		b.Run("format="+tc.name, func(b *testing.B) {
			f := tc.format(b)
			lines := readLines(b, tc.file)
			n := size(lines)
			reps := max(1, accessBytes/n)
			var e Entry
			var spentF, spentC time.Duration
			for b.Loop() {
				start := time.Now()
				for range reps {
					for _, l := range lines {
						if err := f.Parse(l, &e); err != nil {
							b.Fatalf("%v: %q", err, l)
						}
					}
				}
				spentF += time.Since(start)
				start = time.Now()
				for _, l := range access {
					if err := combined.Parse(l, &e); err != nil {
						b.Fatalf("%v: %q", err, l)
					}
				}
				spentC += time.Since(start)
			}
			perByteF := float64(spentF) / float64(reps*n)
			perByteC := float64(spentC) / float64(accessBytes)
			b.ReportMetric(perByteF/perByteC, "×combined")
			b.ReportMetric(float64(reps*n)*float64(b.N)/spentF.Seconds()/1e6, "MB/s-format")
		})
	}
}
