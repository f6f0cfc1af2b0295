package analyze

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/parser"
)

// TestCloneIsIndependent checks that a clone summarizes like its source,
// and that merging the clone away and counting on into the source leave
// each other alone.
func TestCloneIsIndependent(t *testing.T) {
	f, _ := parser.LookupFormat("combined")
	opts := DefaultOptions()
	meta := []InputMeta{{Path: "a.log", Kind: "access", Format: "combined"}}
	lines := []string{
		`192.0.2.1 - - [24/Nov/2026:10:00:00 +0100] "GET /a HTTP/1.1" 200 10 "-" "ua"`,
		`192.0.2.2 - - [24/Nov/2026:10:00:01 +0100] "GET /b HTTP/1.1" 503 10 "-" "ua"`,
		`192.0.2.3 - - [24/Nov/2026:10:01:01 +0100] "GET /c HTTP/1.1" 404 10 "-" "ua"`,
	}
	add := func(p *Partial, ls []string) {
		var e parser.Entry
		for i, l := range ls {
			require.NoError(t, f.Parse([]byte(l), &e))
			p.Add(0, int64(i+1), []byte(l), &e)
		}
	}
	p := NewPartial(1, opts)
	add(p, lines[:2])
	st := NewState(meta, p, nil, "")
	c := st.Clone(opts)
	require.Equal(t, st.Summary(SummaryOptions{}), c.Summary(SummaryOptions{}))

	other := NewPartial(1, opts)
	add(other, lines[2:])
	sum := NewState(meta, other, nil, "")
	sum.Merge(c)
	require.Equal(t, int64(3), sum.Summary(SummaryOptions{}).Requests)
	add(p, lines[2:])
	require.Equal(t, int64(3), st.Summary(SummaryOptions{}).Requests)
	require.Equal(t, int64(3), sum.Summary(SummaryOptions{}).Requests, "counting into the source changed the merged clone")
}

// TestSetEvidence checks that entries added after SetEvidence are joined
// with the new index, and those added before keep what they had.
func TestSetEvidence(t *testing.T) {
	f, _ := parser.LookupFormat("combined")
	p := NewPartial(1, DefaultOptions())
	line := []byte(`192.0.2.1 - - [24/Nov/2026:10:00:05 +0100] "GET /a HTTP/1.1" 503 10 "-" "ua"`)
	var e parser.Entry
	require.NoError(t, f.Parse(line, &e))
	p.Add(0, 1, line, &e)
	ev := BuildEvidence([]ErrorEvent{{Time: e.Time, Connection: -1, Errno: -1, Code: []byte("AH00484"),
		Message: []byte("server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"), Server: "apache"}}, Rules)
	p.SetEvidence(ev)
	require.NoError(t, f.Parse(line, &e))
	p.Add(0, 2, line, &e)
	s := Summarize(p, []InputMeta{{Path: "a.log", Kind: "access"}}, SummaryOptions{})
	require.Len(t, s.Codes, 1)
	require.Equal(t, "mpm-limits", s.Codes[0].Causes[0].ID)
	require.Equal(t, int64(1), s.Codes[0].Causes[0].Evidence)
}
