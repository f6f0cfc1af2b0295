package input

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/parser"
)

func combined(t *testing.T) parser.Format {
	t.Helper()
	f, ok := parser.LookupFormat("combined")
	require.True(t, ok)
	return f
}

// logOf builds n combined lines, one second apart, with statuses cycling
// through codes; every bad-th line (when bad > 0) is garbage.
func logOf(n, bad int, codes ...int) string {
	var b strings.Builder
	for i := range n {
		if bad > 0 && i%bad == bad-1 {
			b.WriteString("garbage line\n")
			continue
		}
		fmt.Fprintf(&b, `192.0.2.%d - - [24/Nov/2026:10:%02d:%02d +0100] "GET /p/%d HTTP/1.1" %d 10 "-" "ua"`+"\n",
			i%7, (i/60)%60, i%60, i%13, codes[i%len(codes)])
	}
	return b.String()
}

func TestScanCountsEveryLine(t *testing.T) {
	data := logOf(5000, 97, 200, 404, 503, 200)
	data += "\n   \n"
	for _, workers := range []int{1, 2, 4} {
		for _, block := range []int{256, 4096, 1 << 20} {
			t.Run(fmt.Sprintf("workers=%d block=%d", workers, block), func(t *testing.T) {
				p, errs := Scan([]AccessInput{{Name: "a", Reader: strings.NewReader(data), Format: combined(t)}},
					ScanOptions{Options: analyze.DefaultOptions(), Workers: workers, BlockSize: block, MaxLine: 200})
				require.NoError(t, errs[0])
				st := p.Inputs[0]
				assert.Equal(t, int64(5002), st.Lines)
				assert.Equal(t, int64(51), st.Malformed)
				assert.Equal(t, int64(2), st.Blank)
				assert.Equal(t, st.Lines, st.Entries+st.Malformed+st.Blank+st.TooLong)
				s := analyze.Summarize(p, []analyze.InputMeta{{Path: "a", Kind: "access", Format: "combined"}}, analyze.SummaryOptions{})
				assert.Equal(t, int64(4949), s.Requests)
				assert.Equal(t, s.Requests, s.Classes["2xx"]+s.Classes["4xx"]+s.Classes["5xx"])
				// The first samples are the first malformed lines, whatever the split.
				require.Len(t, s.Inputs[0].MalformedSamples, 5)
				assert.Equal(t, int64(97), s.Inputs[0].MalformedSamples[0].Line)
				assert.Equal(t, int64(194), s.Inputs[0].MalformedSamples[1].Line)
			})
		}
	}
}

func TestScanTooLongLines(t *testing.T) {
	long := strings.Repeat("x", 5000)
	data := logOf(3, 0, 200) + long + "\n" + logOf(2, 0, 404)
	p, errs := Scan([]AccessInput{{Name: "a", Reader: strings.NewReader(data), Format: combined(t)}},
		ScanOptions{Options: analyze.DefaultOptions(), Workers: 2, MaxLine: 300, BlockSize: 1024})
	require.NoError(t, errs[0])
	st := p.Inputs[0]
	assert.Equal(t, int64(6), st.Lines)
	assert.Equal(t, int64(1), st.TooLong)
	assert.Equal(t, int64(5), st.Entries)
	require.NotEmpty(t, st.Samples)
	assert.Equal(t, int64(4), st.Samples[0].Line)
}

func TestSummaryDeterministic(t *testing.T) {
	data := logOf(20000, 0, 200, 404, 404, 500, 301)
	render := func(workers int) *analyze.Summary {
		p, _ := Scan([]AccessInput{{Name: "a", Reader: strings.NewReader(data), Format: combined(t)}},
			ScanOptions{Options: analyze.DefaultOptions(), Workers: workers, BlockSize: 4096})
		return analyze.Summarize(p, []analyze.InputMeta{{Path: "a", Kind: "access", Format: "combined"}}, analyze.SummaryOptions{})
	}
	a, b := render(1), render(3)
	assert.Equal(t, a, b)
	require.NotNil(t, a.Timeline)
	var total int64
	for _, bk := range a.Timeline.Buckets {
		total += bk.Total()
	}
	assert.Equal(t, a.Requests, total)
	assert.Equal(t, int64(7), a.UniqueClients)
	assert.Equal(t, 404, a.Codes[0].Code)
	assert.Equal(t, int64(8000), a.Codes[0].Count)
}

// BenchmarkScan measures the whole aggregation (parse and count) on real
// lines: go test ./analyze -run '^$' -bench Scan -benchmem
func BenchmarkScan(b *testing.B) {
	data, err := os.ReadFile("../testdata/parser/combined-2k.log")
	if err != nil {
		b.Fatal(err)
	}
	f, _ := parser.LookupFormat("combined")
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				p, _ := Scan([]AccessInput{{Name: "a", Reader: bytes.NewReader(data), Format: f}},
					ScanOptions{Options: analyze.DefaultOptions(), Workers: workers, BlockSize: 64 << 10})
				sinkRequests += p.Requests()
			}
		})
	}
}

// BenchmarkScanFile runs the whole aggregation with one worker over the
// combined log named by LOGSCAN_BENCH_LOG (for example 100 MB of cmd/loggen
// output: go run ./cmd/loggen -size 100M > /tmp/bench.log), read into
// memory first. Unlike BenchmarkScan, its paths and clients are many
// enough to fill the top lists and miss the cache as a real log does.
func BenchmarkScanFile(b *testing.B) {
	name := os.Getenv("LOGSCAN_BENCH_LOG")
	if name == "" {
		b.Skip("LOGSCAN_BENCH_LOG is not set")
	}
	data, err := os.ReadFile(name)
	if err != nil {
		b.Fatal(err)
	}
	f, _ := parser.LookupFormat("combined")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		p, _ := Scan([]AccessInput{{Name: name, Reader: bytes.NewReader(data), Format: f}},
			ScanOptions{Options: analyze.DefaultOptions(), Workers: 1})
		sinkRequests += p.Requests()
	}
}

var sinkRequests int64
