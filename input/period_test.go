package input

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
)

// hoursLog builds n combined lines spread over hours hours, a minute
// apart, with every bad-th line garbage.
func hoursLog(n, bad int) string {
	var b strings.Builder
	t0 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	for i := range n {
		if bad > 0 && i%bad == 0 {
			b.WriteString("garbage line\n")
			continue
		}
		ts := t0.Add(time.Duration(i) * time.Minute).Format("02/Jan/2006:15:04:05 -0700")
		fmt.Fprintf(&b, `192.0.2.%d - - [%s] "GET /p/%d HTTP/1.1" %d 10 "-" "ua"`+"\n", i%7, ts, i%13, []int{200, 404, 503}[i%3])
	}
	return b.String()
}

// TestScanPeriodsMergeToOneRun checks that the partials of the periods,
// merged, count what one partial for the run counts, for any split.
func TestScanPeriodsMergeToOneRun(t *testing.T) {
	data := hoursLog(600, 41) // 10 hours
	meta := []analyze.InputMeta{{Path: "a", Kind: "access", Format: "combined"}}
	whole, _ := Scan([]AccessInput{{Name: "a", Reader: strings.NewReader(data), Format: combined(t)}},
		ScanOptions{Options: analyze.DefaultOptions(), Workers: 1, BlockSize: 512})
	want := analyze.Summarize(whole, meta, analyze.SummaryOptions{})
	for _, tc := range []struct{ workers, block, maxOpen int }{{1, 512, 0}, {2, 512, 2}, {2, 4096, 1}, {3, 300, 3}} {
		t.Run(fmt.Sprintf("%+v", tc), func(t *testing.T) {
			var starts []int64
			total := analyze.NewPartial(1, analyze.DefaultOptions())
			p, errs := Scan([]AccessInput{{Name: "a", Reader: strings.NewReader(data), Format: combined(t)}},
				ScanOptions{Options: analyze.DefaultOptions(), Workers: tc.workers, BlockSize: tc.block, MaxOpen: tc.maxOpen,
					Period: int64(time.Hour), Spill: func(start int64, q *analyze.Partial) {
						starts = append(starts, start)
						total.Merge(q)
					}})
			require.NoError(t, errs[0])
			assert.Zero(t, p.Requests())
			assert.GreaterOrEqual(t, len(starts), 10)
			for _, s := range starts {
				assert.Zero(t, s%int64(time.Hour), "period starts on the hour")
			}
			got := analyze.Summarize(total, meta, analyze.SummaryOptions{})
			assert.Equal(t, want.Requests, got.Requests)
			assert.Equal(t, want.Codes, got.Codes)
			assert.Equal(t, want.Inputs[0].Lines, got.Inputs[0].Lines)
			assert.Equal(t, want.Inputs[0].Malformed, got.Inputs[0].Malformed)
			a, _ := json.Marshal(want.Timeline)
			b, _ := json.Marshal(got.Timeline)
			assert.JSONEq(t, string(a), string(b))
		})
	}
}

// TestScanPeriodsUntimed checks that a run whose lines have no time hands
// them over as period Untimed.
func TestScanPeriodsUntimed(t *testing.T) {
	var got []int64
	var lines int64
	Scan([]AccessInput{{Name: "a", Reader: strings.NewReader("x\ny\n"), Format: combined(t)}},
		ScanOptions{Options: analyze.DefaultOptions(), Period: int64(time.Hour), Spill: func(start int64, q *analyze.Partial) {
			got = append(got, start)
			lines += q.Inputs[0].Lines
		}})
	assert.Equal(t, []int64{Untimed}, got)
	assert.Equal(t, int64(2), lines)
}

// TestScanResume checks FirstLine, HoldTail and Reached: a run stops
// before an unfinished last line, and the next run, started there, reads
// it whole with the right line numbers.
func TestScanResume(t *testing.T) {
	full := hoursLog(50, 0)
	cut := strings.LastIndexByte(full[:len(full)-1], '\n') + 1
	partial := full[:cut+20] // the last line half written
	var r Reached
	p, _ := Scan([]AccessInput{{Name: "a", Reader: strings.NewReader(partial), Format: combined(t), HoldTail: true, Reached: &r}},
		ScanOptions{Options: analyze.DefaultOptions(), BlockSize: 256})
	assert.Equal(t, int64(49), p.Requests())
	assert.Equal(t, Reached{Offset: int64(cut), NextLine: 50}, r)
	var r2 Reached
	p2, _ := Scan([]AccessInput{{Name: "a", Reader: strings.NewReader(full[r.Offset:]), Format: combined(t), FirstLine: r.NextLine, HoldTail: true, Reached: &r2}},
		ScanOptions{Options: analyze.DefaultOptions()})
	assert.Equal(t, int64(1), p2.Requests())
	assert.Equal(t, int64(len(full)-cut), r2.Offset)
	assert.Equal(t, int64(51), r2.NextLine)
}
