package analyze

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/parser"
)

func TestTemplateOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"File does not exist: /var/www/html/favicon.ico", "File does not exist: <path>"},
		{"client denied by server configuration: /export/home/live/ap/htdocs/test", "client denied by server configuration: <path>"},
		{`open() "/usr/share/nginx/html/x.php" failed (2: No such file or directory)`, `open() "<*>" failed (<n>: No such file or directory)`},
		{"connect() to 127.0.0.1:9000 failed (111: Connection refused)", "connect() to <ip> failed (<n>: Connection refused)"},
		{"AH00161 server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting", "AH00161 server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"},
		{"child pid 27530 exit signal Segmentation fault (11)", "child pid <n> exit signal Segmentation fault (<n>)"},
		{"session deadbeef00aa1122 expired", "session <hex> expired"},
		{`client ::1 sent "GET / HTTP/1.1"`, `client <ip> sent "<*>"`},
		{`PHP Warning:  include(C:\www\x.php): failed`, `PHP Warning:  include(<path>): failed`},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, string(TemplateOf(nil, []byte(tc.in))), tc.in)
	}
}

// TestErrorStatsTimelineBounded feeds an error log whose entries fall on
// more distinct minutes than are kept: the counts regroup into coarser
// buckets, none is lost, and the summary still has a timeline.
func TestErrorStatsTimelineBounded(t *testing.T) {
	s := NewErrorStats()
	e := parser.ErrorEntry{Level: []byte("error"), Message: []byte("x")}
	n := maxTimelineBuckets + 5000
	for i := range n {
		s.Add(&e, int64(i)*7*60e9+1) // one entry every 7 minutes
	}
	assert.LessOrEqual(t, len(s.minutes), maxTimelineBuckets)
	assert.Greater(t, s.res, int64(1))
	var total int64
	for k, c := range s.minutes {
		assert.Zero(t, k%s.res)
		total += c
	}
	assert.Equal(t, int64(n), total)
	sum := s.Summary(10, time.UTC, "UTC")
	require.NotNil(t, sum.Timeline)
	assert.NotEmpty(t, sum.Timeline.Buckets)
}

// eachErrorEntry reads testdata/errorlog/name with the preset it detects
// and calls fn with every entry and the 1-based number of its first line.
// The entry is valid only during the call.
func eachErrorEntry(tb testing.TB, name string, fn func(line int, e *parser.ErrorEntry)) {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("..", "testdata", "errorlog", name))
	require.NoError(tb, err)
	f, n := parser.DetectErrorFormat(bytes.Split(data, []byte("\n")))
	require.NotNil(tb, f, name)
	require.Positive(tb, n, name)
	sc := parser.NewErrorScanner(bytes.NewReader(data), f, 0)
	for sc.Next() {
		fn(sc.Line(), sc.Entry())
	}
	require.NoError(tb, sc.Err())
}

// errorEntryAt returns a copy of the fields the analysis reads of the entry
// that starts on line of testdata/errorlog/name.
func errorEntryAt(tb testing.TB, name string, line int) *parser.ErrorEntry {
	tb.Helper()
	var out *parser.ErrorEntry
	eachErrorEntry(tb, name, func(l int, e *parser.ErrorEntry) {
		if l == line {
			out = cloneEntry(e)
		}
	})
	require.NotNil(tb, out, "%s:%d is not the first line of an entry", name, line)
	return out
}

// cloneEntry copies the fields of e that [ErrorStats.Add] and the matcher
// read.
func cloneEntry(e *parser.ErrorEntry) *parser.ErrorEntry {
	return &parser.ErrorEntry{Time: e.Time, HasTime: e.HasTime, Level: bytes.Clone(e.Level), Module: bytes.Clone(e.Module),
		PID: e.PID, TID: e.TID, Client: bytes.Clone(e.Client), ClientPort: e.ClientPort,
		Errno: bytes.Clone(e.Errno), ErrnoNum: e.ErrnoNum, Code: bytes.Clone(e.Code), Message: bytes.Clone(e.Message),
		Connection: e.Connection, Server: bytes.Clone(e.Server), Request: bytes.Clone(e.Request),
		Upstream: bytes.Clone(e.Upstream), Host: bytes.Clone(e.Host), Continuation: e.Continuation}
}

// testdataErrorEntries returns copies of every entry of the error logs in
// testdata/errorlog.
func testdataErrorEntries(tb testing.TB) []*parser.ErrorEntry {
	tb.Helper()
	names, err := filepath.Glob(filepath.Join("..", "testdata", "errorlog", "*_*"))
	require.NoError(tb, err)
	var out []*parser.ErrorEntry
	for _, p := range names {
		eachErrorEntry(tb, filepath.Base(p), func(_ int, e *parser.ErrorEntry) { out = append(out, cloneEntry(e)) })
	}
	require.Greater(tb, len(out), 300)
	return out
}

var sinkBytes []byte

// BenchmarkTemplateOf templates the message of every entry of the error
// logs in testdata/errorlog.
func BenchmarkTemplateOf(b *testing.B) {
	ents := testdataErrorEntries(b)
	var n int64
	for _, e := range ents {
		n += int64(len(e.Message))
	}
	b.ReportAllocs()
	b.SetBytes(n / int64(len(ents)))
	var buf []byte
	i := 0
	for b.Loop() {
		buf = TemplateOf(buf[:0], ents[i].Message)
		i++
		if i == len(ents) {
			i = 0
		}
	}
	sinkBytes = buf
}

// BenchmarkErrorStatsAdd counts every entry of the error logs in
// testdata/errorlog, over and over, into one aggregate.
func BenchmarkErrorStatsAdd(b *testing.B) {
	ents := testdataErrorEntries(b)
	s := NewErrorStats()
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		s.Add(ents[i], int64(i+1)*1e9)
		i++
		if i == len(ents) {
			i = 0
		}
	}
}
