package export

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/logscan/logscan/parser"
)

// readRows opens an export and returns its rows.
func readRows(t testing.TB, data []byte) (*parquet.File, []parquet.Row) {
	t.Helper()
	pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	r := parquet.NewGenericReader[any](pf)
	defer r.Close()
	rows := make([]parquet.Row, 0, pf.NumRows())
	buf := make([]parquet.Row, 64)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			rows = append(rows, row.Clone())
		}
		if err != nil {
			break
		}
	}
	require.Len(t, rows, int(pf.NumRows()))
	return pf, rows
}

// cell renders one value of a row as the tests compare it: "null", or the
// value as text (times as RFC 3339 in UTC).
func cell(row parquet.Row, col int) string {
	v := row[col]
	switch {
	case v.IsNull():
		return "null"
	case col == aTime:
		return time.UnixMicro(v.Int64()).UTC().Format(time.RFC3339Nano)
	}
	return v.String()
}

func mustFormat(t *testing.T, spec string) parser.Format {
	t.Helper()
	f, err := parser.ResolveFormat(spec)
	require.NoError(t, err)
	return f
}

func TestWriteAccessColumns(t *testing.T) {
	tests := []struct {
		name   string
		format string
		line   string
		opts   Options
		want   map[int]string // column → value; the others are checked null or as listed
	}{
		{name: "combined", format: "combined",
			line: `203.0.113.9 - alice [24/Nov/2026:10:00:00 +0100] "GET /p?q=1 HTTP/1.1" 404 512 "https://ex.com/" "agent/1"`,
			want: map[int]string{aTime: "2026-11-24T09:00:00Z", aUTCOffset: "3600", aClient: "203.0.113.9", aUser: "alice",
				aMethod: "GET", aPath: "/p?q=1", aProtocol: "HTTP/1.1", aStatus: "404",
				aBytes: "512", aReferer: "https://ex.com/", aUserAgent: "agent/1", aFile: "in.log", aLine: "1"}},
		{name: "dashes are null, no time zone read in --tz", format: "%h %l %u %{%Y-%m-%d %H:%M:%S}t \"%r\" %>s %b",
			line: `10.0.0.1 - - 2026-11-24 10:00:00 "GET / HTTP/1.1" 200 -`, opts: Options{Zone: time.FixedZone("x", -5*3600)},
			want: map[int]string{aTime: "2026-11-24T15:00:00Z", aUTCOffset: "-18000", aClient: "10.0.0.1", aMethod: "GET", aPath: "/",
				aProtocol: "HTTP/1.1", aStatus: "200", aFile: "in.log", aLine: "1"}},
		{name: "nginx times, vhost, port, connection, request id, extras", format: `$host:$server_port $remote_addr [$time_local] "$request" $status $body_bytes_sent $request_time $upstream_response_time $connection $request_id $ssl_protocol`,
			line: `ex.com:443 10.0.0.2 [24/Nov/2026:10:00:00.250 +0000] "POST /api HTTP/2.0" 504 0 60.001 60.000 77 abc123 TLSv1.3`,
			want: map[int]string{aTime: "2026-11-24T10:00:00.25Z", aUTCOffset: "0", aClient: "10.0.0.2", aMethod: "POST", aPath: "/api",
				aProtocol: "HTTP/2.0", aStatus: "504", aBytes: "0", aVHost: "ex.com", aPort: "443",
				aRequestID: "abc123", aConnection: "77", aRequestTime: "60.001", aUpstreamTime: "60", aExtra: `{"ssl_protocol":"TLSv1.3"}`,
				aCause: "upstream-timeout", aFile: "in.log", aLine: "1"}},
		{name: "invalid UTF-8 becomes U+FFFD, controls are kept", format: "combined",
			line: "10.0.0.3 - - [24/Nov/2026:10:00:00 +0000] \"GET /p\xff\xfe HTTP/1.1\" 200 1 \"-\" \"a\x1b[31m\"",
			want: map[int]string{aTime: "2026-11-24T10:00:00Z", aUTCOffset: "0", aClient: "10.0.0.3", aMethod: "GET", aPath: "/p\ufffd\ufffd",
				aProtocol: "HTTP/1.1", aStatus: "200", aBytes: "1", aUserAgent: "a\x1b[31m",
				aFile: "in.log", aLine: "1"}},
		{name: "escapes stay in the path, so the request line is its pieces", format: "combined",
			line: `10.0.0.5 - - [24/Nov/2026:10:00:00 +0000] "GET /a\"b HTTP/1.1" 400 1 "-" "-"`,
			want: map[int]string{aTime: "2026-11-24T10:00:00Z", aUTCOffset: "0", aClient: "10.0.0.5", aMethod: "GET", aPath: `/a\"b`,
				aProtocol: "HTTP/1.1", aStatus: "400", aBytes: "1", aFile: "in.log", aLine: "1"}},
		{name: "HTTP/0.9: no protocol, the request is kept", format: "combined",
			line: `10.0.0.6 - - [24/Nov/2026:10:00:00 +0000] "GET /" 200 1 "-" "-"`,
			want: map[int]string{aTime: "2026-11-24T10:00:00Z", aUTCOffset: "0", aClient: "10.0.0.6", aMethod: "GET", aPath: "/",
				aRequest: "GET /", aStatus: "200", aBytes: "1", aFile: "in.log", aLine: "1"}},
		{name: "a binary probe has no method and its cause", format: "combined",
			line: `10.0.0.4 - - [24/Nov/2026:10:00:00 +0000] "\x16\x03\x01\x00" 400 157 "-" "-"`,
			want: map[int]string{aTime: "2026-11-24T10:00:00Z", aUTCOffset: "0", aClient: "10.0.0.4", aRequest: `\x16\x03\x01\x00`,
				aStatus: "400", aBytes: "157", aCause: "binary-probe", aFile: "in.log", aLine: "1"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := mustFormat(t, tc.format)
			opts := tc.opts
			opts.Cause = func(e *parser.Entry) string {
				// A stand-in for analyze.EntryCause, which cmd/logscan passes.
				switch {
				case e.Status == 504 && e.UpstreamTime >= 60:
					return "upstream-timeout"
				case e.Method == nil && e.Status == 400:
					return "binary-probe"
				}
				return ""
			}
			var out bytes.Buffer
			counts, errs, err := WriteAccess(&out, []Input{{Name: "in.log", Reader: strings.NewReader(tc.line + "\n"), Format: f}}, opts)
			require.NoError(t, err)
			require.NoError(t, errs[0])
			require.Equal(t, Counts{Lines: 1, Entries: 1}, counts[0])
			_, rows := readRows(t, out.Bytes())
			require.Len(t, rows, 1)
			for col := range accessColumns {
				want, ok := tc.want[col]
				if !ok {
					want = "null"
				}
				assert.Equal(t, want, cell(rows[0], col), "column %s", AccessSchema.Fields()[col].Name())
			}
		})
	}
}

func TestWriteAccessCounts(t *testing.T) {
	good := func(sec int) string {
		return fmt.Sprintf(`10.0.0.1 - - [24/Nov/2026:10:00:%02d +0000] "GET /%d HTTP/1.1" 200 1 "-" "-"`, sec, sec)
	}
	since := time.Date(2026, 11, 24, 10, 0, 2, 0, time.UTC).UnixNano()
	until := time.Date(2026, 11, 24, 10, 0, 4, 0, time.UTC).UnixNano()
	data := strings.Join([]string{good(1), good(2), "", "  \t", "not a log line", good(3), strings.Repeat("x", 300), good(4), good(5)}, "\n")
	var problems []string
	var out bytes.Buffer
	f, _ := parser.LookupFormat("combined")
	counts, _, err := WriteAccess(&out, []Input{{Name: "in.log", Reader: strings.NewReader(data), Format: f}},
		Options{MaxLine: 200, Since: since, Until: until, Problem: func(in int, line int64, err error) {
			problems = append(problems, fmt.Sprintf("%d:%d: %v", in, line, err))
		}})
	require.NoError(t, err)
	assert.Equal(t, Counts{Lines: 9, Entries: 2, OutOfWindow: 3, Malformed: 1, Blank: 2, TooLong: 1}, counts[0])
	assert.Equal(t, []string{"0:5: missing fields", "0:7: line too long"}, problems)
	_, rows := readRows(t, out.Bytes())
	require.Len(t, rows, 2)
	assert.Equal(t, "2", cell(rows[0], aLine))
	assert.Equal(t, "6", cell(rows[1], aLine))
}

// generated returns n lines of a combined log with varied fields, some of
// them malformed.
func generated(n int) string {
	var b strings.Builder
	for i := range n {
		if i%97 == 5 {
			fmt.Fprintf(&b, "junk %d\n", i)
			continue
		}
		fmt.Fprintf(&b, `10.0.%d.%d - - [24/Nov/2026:10:%02d:%02d +0100] "GET /page/%d?x=%d HTTP/1.1" %d %d "https://ex.com/%d" "agent/%d"`+"\n",
			i%7, i%251, (i/60)%60, i%60, i%1000, i, []int{200, 200, 304, 404, 500, 503}[i%6], i*13%5000, i%17, i%5)
	}
	return b.String()
}

func TestSameFileForAnyWorkers(t *testing.T) {
	// Small blocks and segments make many row groups, in two inputs.
	a, b := generated(20000), generated(7000)
	f, _ := parser.LookupFormat("combined")
	var first []byte
	var firstProblems []string
	for _, workers := range []int{1, 2, 3, 8} {
		var out bytes.Buffer
		var problems []string
		inputs := []Input{{Name: "a.log", Reader: strings.NewReader(a), Format: f}, {Name: "b.log", Reader: strings.NewReader(b), Format: f}}
		counts, _, err := WriteAccess(&out, inputs, Options{Workers: workers, BlockSize: 64 << 10, SegmentBlocks: 3, MaxLine: 1024,
			Problem: func(in int, line int64, err error) { problems = append(problems, fmt.Sprint(in, line, err)) }})
		require.NoError(t, err)
		assert.Equal(t, int64(20000), counts[0].Lines)
		assert.Equal(t, int64(7000), counts[1].Lines)
		if first == nil {
			first, firstProblems = out.Bytes(), problems
			pf, rows := readRows(t, first)
			assert.Greater(t, len(pf.RowGroups()), 4)
			require.Len(t, rows, int(counts[0].Entries+counts[1].Entries))
			assert.Equal(t, "a.log", cell(rows[0], aFile))
			assert.Equal(t, "b.log", cell(rows[len(rows)-1], aFile))
			assert.Equal(t, "7000", cell(rows[len(rows)-1], aLine))
			assert.NotEmpty(t, problems)
			continue
		}
		assert.True(t, bytes.Equal(first, out.Bytes()), "-j %d gives other bytes", workers)
		assert.Equal(t, firstProblems, problems, "-j %d", workers)
	}
}

// failingWriter fails after n bytes.
type failingWriter struct{ n int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		return 0, errors.New("no space left on device")
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteAccessWriteError(t *testing.T) {
	f, _ := parser.LookupFormat("combined")
	_, _, err := WriteAccess(&failingWriter{n: 10}, []Input{{Name: "a.log", Reader: strings.NewReader(generated(20000)), Format: f}},
		Options{BlockSize: 64 << 10, SegmentBlocks: 2, MaxLine: 1024})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "no space left on device")
}

func TestErrorWriter(t *testing.T) {
	lines := []string{
		"[Tue Nov 24 10:40:00.123456 2026] [mpm_event:error] [pid 41:tid 99] AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting",
		"[Tue Nov 24 10:41:00 2026] [core:error] [pid 42] [client 203.0.113.5:5050] AH00037: Symbolic link not allowed or link target not accessible: /var/www/x",
	}
	ef, n := parser.DetectErrorFormat([][]byte{[]byte(lines[0]), []byte(lines[1])})
	require.Equal(t, 2, n)
	sc := parser.NewErrorScanner(strings.NewReader(strings.Join(lines, "\n")), ef, 0)
	var out bytes.Buffer
	w := NewErrorWriter(&out, "logscan test")
	loc := time.FixedZone("", 3600)
	causes := []string{"mpm-limits", ""}
	for i := 0; sc.Next(); i++ {
		require.NoError(t, w.Write(sc.Entry(), loc, causes[i], "error.log", int64(sc.Line())))
	}
	require.NoError(t, w.Close())
	pf, rows := readRows(t, out.Bytes())
	assert.Equal(t, "logscan_error", pf.Schema().Name())
	require.Len(t, rows, 2)
	text := func(row parquet.Row) []string {
		var s []string
		for col := range errorColumns {
			v := row[col]
			switch {
			case v.IsNull():
				s = append(s, "null")
			case col == eTime:
				s = append(s, time.UnixMicro(v.Int64()).UTC().Format(time.RFC3339Nano))
			default:
				s = append(s, v.String())
			}
		}
		return s
	}
	assert.Equal(t, []string{"2026-11-24T09:40:00.123456Z", "error", "mpm_event", "41", "null", "AH00484",
		"server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting", "mpm-limits", "error.log", "1"}, text(rows[0]))
	assert.Equal(t, []string{"2026-11-24T09:41:00Z", "error", "core", "42", "203.0.113.5", "AH00037",
		"Symbolic link not allowed or link target not accessible: /var/www/x", "null", "error.log", "2"}, text(rows[1]))
}

// FuzzWriteAccess writes arbitrary lines: the file always opens, holds one
// row per entry counted, and its strings are valid UTF-8.
func FuzzWriteAccess(f *testing.F) {
	f.Add([]byte(generated(50)))
	f.Add([]byte("10.0.0.3 - - [24/Nov/2026:10:00:00 +0000] \"GET /p\xff HTTP/1.1\" 200 1 \"-\" \"a\x1b\"\n\x00\x00\r\n"))
	if data, err := os.ReadFile("../testdata/parser/combined-2k.log"); err == nil {
		f.Add(data[:min(len(data), 8<<10)])
	}
	fallback := parser.NewFallback(parser.AccessFormats()[0], parser.AccessFormats()...)
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		var out bytes.Buffer
		counts, _, err := WriteAccess(&out, []Input{{Name: "f.log", Reader: bytes.NewReader(data), Format: fallback}},
			Options{Workers: 2, BlockSize: 4 << 10, SegmentBlocks: 2, MaxLine: 1 << 10, Cause: func(*parser.Entry) string { return "" }})
		require.NoError(t, err)
		c := counts[0]
		require.Equal(t, c.Lines, c.Entries+c.OutOfWindow+c.Malformed+c.Blank+c.TooLong)
		_, rows := readRows(t, out.Bytes())
		require.Len(t, rows, int(c.Entries))
		for _, row := range rows {
			for _, v := range row {
				if v.Kind() == parquet.ByteArray && !v.IsNull() {
					require.True(t, utf8.Valid(v.ByteArray()), "%q", v.ByteArray())
				}
			}
		}
	})
}

func TestSmallInputsShareRowGroups(t *testing.T) {
	f, _ := parser.LookupFormat("combined")
	var inputs []Input
	for i := range 300 {
		data := generated(10) + "junk\n"
		inputs = append(inputs, Input{Name: fmt.Sprintf("access.log.%d", i), Reader: strings.NewReader(data), Format: f})
	}
	var problems []string
	var out bytes.Buffer
	counts, _, err := WriteAccess(&out, inputs, Options{Workers: 2, Problem: func(in int, line int64, err error) {
		problems = append(problems, fmt.Sprintf("%d:%d", in, line))
	}})
	require.NoError(t, err)
	pf, rows := readRows(t, out.Bytes())
	assert.Equal(t, 1, len(pf.RowGroups()), "300 small files, one row group")
	require.Equal(t, 300*9, len(rows)) // line 6 of generated(10) is junk too
	for i, c := range counts {
		require.Equal(t, Counts{Lines: 11, Entries: 9, Malformed: 2}, c, "input %d", i)
	}
	assert.Equal(t, "access.log.0", cell(rows[0], aFile))
	assert.Equal(t, "access.log.299", cell(rows[len(rows)-1], aFile))
	assert.Equal(t, "10", cell(rows[len(rows)-1], aLine))
	require.Len(t, problems, 600)
	assert.Equal(t, []string{"0:6", "0:11", "1:6"}, problems[:3])
	assert.Equal(t, "299:11", problems[599])
}
