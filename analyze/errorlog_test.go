package analyze

import (
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
