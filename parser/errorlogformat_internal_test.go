package parser

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// customDiffFormats are ErrorLogFormat strings whose greedy first attempt
// is checked against the backtracking matcher alone.
var customDiffFormats = []string{
	`[%{u}t] [%-m:%l] [pid %P:tid %T] %7F: %E: [client\ %a] %M% ,\ referer\ %{Referer}i`,
	`[%t] [%l] %7F: %E: [client\ %a] %M% ,\ referer\ %{Referer}i`,
	`%{cu}t %l %L %v %{Host}i %%%M`,
	`[%{c}t] %{c}a %{g}T %A %k %{X}e %{n}n: %M`,
	`%+{Referer}i %-a %5l\t%M`,
	`% %M% % `,
	`[%{u}t] [%l] %F: %M [%a]% (%{Host}i)% ,\ referer\ %{Referer}i`,
	`%M [%-a] %E: %M`,
	`[%l] %{X}e %{Y}e %M`,
	`%L %M, %L %M`,
	`[%{cu}t] [%-m:%-l] [pid\ %-P:tid\ %-T] [%-{c}a] [%-v] %E: %M% (%{Host}i)`,
	`%-k %-{c}t %M`,
}

// customDiffLines are lines made to make the greedy attempt take choices
// that the backtracking matcher revises.
var customDiffLines = []string{
	`[Fri Jan 28 14:18:33.838658 2022] [proxy_http:error] [pid 119:tid 140] (70007)The timeout specified has expired: [client 10.6.0.2:52924] AH01102: error reading status line, referer https://x/`,
	`[Wed Oct 20 19:20:59.121211 2021] [rewrite:trace3] [pid 121591:tid 140413273032448] mod_rewrite.c(470): [client 10.121.192.8:38350] applying pattern`,
	`[Wed Oct 11 14:32:52 2000] [error] a, referer b, referer c`,
	`[Wed Oct 11 14:32:52 2000] [error] x.c(1): (2)y: [client 1.2.3.4] m, referer r`,
	`[Wed Oct 11 14:32:52 2000] [error] x.c(1): (2)y: [client 1.2.3.4]`,
	`[Wed Oct 11 14:32:52 2000] [error] (2)y: (3)z: m`,
	`[Wed Apr 25 06:25:03.837519 2018] [-:notice] [pid 889:tid 7] AH00163: x`,
	`[Wed Apr 25 06:25:03.837519 2018] [core:nope] x`,
	`[Wed Apr 25 06:25:03.837519 2018] [error] a.c(1): m [1.2.3.4] (h), referer r`,
	`[Wed Apr 25 06:25:03.837519 2018] [error] a.c(1): m [1.2.3.4] [5.6.7.8] (h) (i), referer r, referer s`,
	`[Wed Apr 25 06:25:03.837519 2018] [error] m [x y] (h`,
	`m [-] (1)e: n`,
	`m [a] b [c] (1)e: n [d] (2)f: o`,
	`a b, c d, e f`,
	`[error] - - m`,
	`2011-05-12 08:28:57.652118 warn abcDEF12 www.example.com example.com %hello`,
	`[2011-05-12 08:28:57] [::1]:8080 4242 10.0.0.1:80 3 - x: hi`,
	"- 1.2.3.4 error\tm",
	"- - error\tm",
	`AH00558: apache2: x`,
	`Feb 16 22:32:48 srv httpd[22034]: [error] hello`,
	`x`,
	` `,
	``,
}

// parseBoth parses line with the greedy first attempt and with the
// backtracking matcher alone. When the format fills the entry during the
// greedy attempt with the entry, it also checks that the attempt that
// records spans for apply (greedy without it) gives the same entry and error.
func parseBoth(t *testing.T, format string, line []byte) (greedy, dfs ErrorEntry, errGreedy, errDFS error, ok bool) {
	t.Helper()
	ef, err := CompileErrorLogFormat(format)
	if err != nil {
		return greedy, dfs, nil, nil, false
	}
	f := ef.(*CustomErrorFormat)
	errGreedy = f.Parse(line, &greedy)
	if f.lean {
		var spans ErrorEntry
		f.noFill = true
		errSpans := f.Parse(line, &spans)
		f.noFill = false
		if errSpans != errGreedy || !assert.Equal(t, spans, greedy, "format %q line %q: filling and recording spans differ", format, line) {
			t.Fatalf("format %q line %q: filling error %v, spans error %v", format, line, errGreedy, errSpans)
		}
	}
	f.dfsOnly = true
	errDFS = f.Parse(line, &dfs)
	return greedy, dfs, errGreedy, errDFS, true
}

func TestCustomGreedyMatchesBacktracking(t *testing.T) {
	var lines [][]byte
	for _, l := range customDiffLines {
		lines = append(lines, []byte(l))
	}
	files, err := filepath.Glob(filepath.Join("..", "testdata", "errorlog", "*"))
	require.NoError(t, err)
	for _, name := range files {
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		lines = append(lines, bytes.Split(data, []byte("\n"))...)
	}
	for _, format := range customDiffFormats {
		t.Run(format, func(t *testing.T) {
			matched := 0
			for _, line := range lines {
				greedy, dfs, errGreedy, errDFS, ok := parseBoth(t, format, line)
				require.True(t, ok)
				assert.Equal(t, errDFS, errGreedy, "%q", line)
				assert.Equal(t, dfs, greedy, "%q", line)
				if errGreedy == nil {
					matched++
				}
			}
			assert.NotZero(t, matched)
		})
	}
}

// FuzzCustomGreedy checks that the greedy first attempt of
// CustomErrorFormat gives what the backtracking matcher alone gives.
func FuzzCustomGreedy(f *testing.F) {
	for _, format := range customDiffFormats {
		for _, line := range customDiffLines {
			f.Add(format, line)
		}
	}
	f.Fuzz(func(t *testing.T, format, line string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		greedy, dfs, errGreedy, errDFS, ok := parseBoth(t, format, []byte(line))
		if !ok {
			return
		}
		if errGreedy != errDFS {
			t.Fatalf("format %q line %q: greedy error %v, backtracking error %v", format, line, errGreedy, errDFS)
		}
		if !assert.Equal(t, dfs, greedy) {
			t.Fatalf("format %q line %q: entries differ", format, line)
		}
	})
}

// TestCustomLean checks which formats fill the entry during the greedy
// attempt: those where no two items fill the same entry field.
func TestCustomLean(t *testing.T) {
	tests := []struct {
		format string
		want   bool
	}{
		{customDiffFormats[0], true},
		{`[%t] [%l] %7F: %E: [client\ %a] %M% ,\ referer\ %{Referer}i`, true},
		{`%L %M, %L %M`, false},
		{`%M [%-a] %E: %M`, false},
		{`%a %{c}a %M`, false},
		{`%v %V %M`, false},
		{`%{X}e %{Y}e %{Z}i %{W}i %M`, true},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			ef, err := CompileErrorLogFormat(tc.format)
			require.NoError(t, err)
			assert.Equal(t, tc.want, ef.(*CustomErrorFormat).lean)
		})
	}
}
