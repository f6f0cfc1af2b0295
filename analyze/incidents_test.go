package analyze

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/parser"
)

// traffic adds, for each minute from start, n requests of which k answer
// code (the others 200).
type traffic struct {
	start, minutes int
	n, k           int
	code           int
}

func incidentsOf(t *testing.T, parts ...traffic) []Incident {
	t.Helper()
	p := NewPartial(1, DefaultOptions())
	t0 := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC).UnixNano()
	line := int64(0)
	for _, tr := range parts {
		for m := tr.start; m < tr.start+tr.minutes; m++ {
			for i := 0; i < tr.n; i++ {
				status := 200
				if i < tr.k {
					status = tr.code
				}
				line++
				e := parser.Entry{Status: status, Time: t0 + int64(m)*60e9 + int64(i), HasTime: true, Path: []byte("/"), RequestTime: -1, UpstreamTime: -1}
				p.Add(0, line, nil, &e)
			}
		}
	}
	return p.incidents(time.UTC, nil, []string{"a"})
}

func TestIncidents(t *testing.T) {
	cases := []struct {
		name  string
		parts []traffic
		want  []int64 // the errors of each incident found
	}{
		{"a dense burst of 500s: 4 minutes at 12%, base 1%",
			[]traffic{{0, 120, 1300, 6, 500}, {60, 4, 0, 0, 500}, {200, 4, 1300, 156, 500}, {300, 60, 1300, 6, 500}}, []int64{624}},
		{"a quiet server: every request of eleven minutes fails",
			[]traffic{{0, 300, 3, 0, 500}, {400, 11, 1, 1, 500}, {420, 300, 3, 0, 500}}, []int64{11}},
		{"a 503 burst keeps out the script error a minute before it",
			[]traffic{{0, 300, 20, 0, 500}, {300, 1, 20, 2, 500}, {302, 4, 20, 15, 503}, {306, 300, 20, 0, 500}}, []int64{60}},
		{"near miss: one stray 500 on a quiet server",
			[]traffic{{0, 300, 3, 0, 500}, {300, 1, 1, 1, 500}, {301, 300, 3, 0, 500}}, nil},
		{"near miss: a steady 5% error rate, no minute stands out",
			[]traffic{{0, 600, 20, 1, 502}}, nil},
		{"near miss: two failing minutes on a quiet server are below the minimum",
			[]traffic{{0, 300, 3, 0, 500}, {300, 2, 1, 1, 500}, {302, 300, 3, 0, 500}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := incidentsOf(t, c.parts...)
			var errs []int64
			for _, inc := range got {
				errs = append(errs, inc.Errors)
			}
			assert.Equal(t, c.want, errs)
		})
	}
}

func TestChernoffLogTail(t *testing.T) {
	assert.Zero(t, chernoffLogTail(1, 100, 0.05), "at or below the rate: no bound")
	// 9 of 9 at a 1% rate: ln(0.01^9).
	assert.InDelta(t, 9*-4.60517, chernoffLogTail(9, 9, 0.01), 1e-3)
	require.Less(t, chernoffLogTail(60, 100, 0.1), incidentLogP)
}

// TestTimelineOutlier adds one line from years earlier to a day of
// traffic: the timeline keeps the bucket size of the log without it, and
// counts the line as outside.
func TestTimelineOutlier(t *testing.T) {
	build := func(stray bool) *Timeline {
		p := NewPartial(1, DefaultOptions())
		t0 := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC).UnixNano()
		line := int64(0)
		for m := 0; m < 1440; m += 2 {
			line++
			e := parser.Entry{Status: 200, Time: t0 + int64(m)*60e9, HasTime: true, Path: []byte("/"), RequestTime: -1, UpstreamTime: -1}
			p.Add(0, line, nil, &e)
		}
		if stray {
			e := parser.Entry{Status: 200, Time: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC).UnixNano(), HasTime: true, Path: []byte("/"), RequestTime: -1, UpstreamTime: -1}
			p.Add(0, line+1, nil, &e)
		}
		return NewState([]InputMeta{{Path: "a", Kind: "access"}}, p, nil, "").Summary(SummaryOptions{Location: time.UTC}).Timeline
	}
	clean, stray := build(false), build(true)
	require.NotNil(t, clean)
	require.NotNil(t, stray)
	assert.Equal(t, clean.Bucket, stray.Bucket, "the stray line does not stretch the buckets")
	assert.Equal(t, len(clean.Buckets), len(stray.Buckets))
	assert.Equal(t, int64(1), stray.Outside)
	require.NotNil(t, stray.OutsideSpan)
	assert.Equal(t, 2019, stray.OutsideSpan.First.Year())
	assert.Zero(t, clean.Outside)
}
