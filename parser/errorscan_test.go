package parser_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/logscan/logscan/parser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorScannerCorpusRecords checks records of the corpus excerpts that
// the scanner assembles: folded continuation lines, the NUL-prefixed line,
// line numbers and malformed samples.
func TestErrorScannerCorpusRecords(t *testing.T) {
	t.Run("wulinlw startup: PHP's warnings kept apart, not folded; NULs survived", func(t *testing.T) {
		data := readTestdata(t, "wulinlw-logcollection_apache_error.log")
		sc := parser.NewErrorScanner(bytes.NewReader(data), mustFormat(t, parser.NameApache24Error), 0)
		var strayAt []int
		var strays []string
		sc.Stray = func(line []byte, n int) {
			strayAt = append(strayAt, n)
			strays = append(strays, string(line))
		}
		var nul []ev
		var at43 ev
		for sc.Next() {
			e := sc.Entry()
			assert.Zero(t, e.Continuation, "line %d folds nothing", sc.Line())
			if sc.Line() == 43 {
				at43 = view(e)
			}
			if sc.Line() == 53 {
				nul = append(nul, view(e))
			}
		}
		require.NoError(t, sc.Err())
		assert.Equal(t, []int{44, 54}, strayAt)
		assert.Equal(t, `PHP Deprecated:  Comments starting with '#' are deprecated in E:\\wamp\\bin\\apache\\apache2.4.9\\bin\\php.ini on line 890 in Unknown on line 0`, strays[0])
		assert.Equal(t, with(func(v *ev) {
			v.Code = "AH00112"
			v.Message = "Warning: DocumentRoot [E:/wamp/www/contab] does not exist"
		}), at43)
		require.Len(t, nul, 1, "the line after 395 NUL bytes is an entry")
		assert.Equal(t, "AH00112", nul[0].Code)
		assert.Equal(t, 2, sc.Counts().Foreign)
	})
	t.Run("elastic nginx record over three lines", func(t *testing.T) {
		data := readTestdata(t, "elastic-beats_nginx-error.log")
		sc := parser.NewErrorScanner(bytes.NewReader(data), mustFormat(t, parser.NameNginxError), 0)
		var lines []int
		var got ev
		for sc.Next() {
			lines = append(lines, sc.Line())
			if sc.Line() == 3 {
				got = view(sc.Entry())
			}
		}
		assert.Equal(t, []int{1, 2, 3, 6}, lines)
		assert.Equal(t, 2, got.Cont)
		assert.Equal(t, int64(180289), got.Conn)
		assert.Equal(t, 3, strings.Count(got.Message, "PHP message: "))
		assert.Equal(t, 2, strings.Count(got.Message, "\n"))
		assert.True(t, strings.HasSuffix(got.Message, "post.php on line 0"))
	})
	t.Run("fail2ban malformed samples", func(t *testing.T) {
		data := readTestdata(t, "fail2ban_nginx-botsearch")
		sc := parser.NewErrorScanner(bytes.NewReader(data), mustFormat(t, parser.NameNginxError), 0)
		sc.File = "nginx-botsearch"
		for sc.Next() {
		}
		m := sc.Malformed()
		require.GreaterOrEqual(t, len(m), 2)
		assert.Equal(t, 1, m[0].Line)
		require.ErrorIs(t, m[0], parser.ErrCommentLine)
		assert.Equal(t, 2, m[1].Line)
		require.ErrorIs(t, m[1], parser.ErrNotErrorLine, "an access-log line is foreign, not a continuation")
		assert.Equal(t, `nginx-botsearch:2: not an error-log line: "12.34.56.78 - - [20/Jan/2015:19:53:28 +0100] \"GET //phpMyAdmin-2"`, m[1].Error())
		var pe *parser.ParseError
		require.ErrorAs(t, m[1], &pe)
	})
}

func TestErrorScannerEdgeCases(t *testing.T) {
	const (
		a1 = "[Wed Apr 25 06:25:03.837215 2018] [ssl:warn] [pid 889] AH01909: one"
		a2 = "[Wed Apr 25 06:25:04.837215 2018] [core:error] [pid 889] AH00094: two"
		n1 = `2019/10/30 23:26:34 [error] 205860#205860: *180289 FastCGI sent in stderr: "PHP message: first`
	)
	tests := []struct {
		name      string
		format    string
		in        string
		maxLine   int
		want      parser.ErrorCounts
		firstLine []int
		messages  []string
		reasons   []error
	}{
		{
			name: "CRLF and last line without newline", format: parser.NameApache24Error,
			in:        a1 + "\r\n" + a2,
			want:      parser.ErrorCounts{Lines: 2, Entries: 2},
			firstLine: []int{1, 2}, messages: []string{"one", "two"},
		},
		{
			name: "stack trace folds, blank line does not end the entry", format: parser.NameApache24Error,
			in:        a1 + "\nStack trace:\n#0 /var/www/index.php(3): f()\n\n#1 {main}\n" + a2 + "\n",
			want:      parser.ErrorCounts{Lines: 6, Entries: 2, Continuation: 3, Blank: 1},
			firstLine: []int{1, 6},
			messages:  []string{"one\nStack trace:\n#0 /var/www/index.php(3): f()\n#1 {main}", "two"},
		},
		{
			name: "stray lines before and after an entry, comment and foreign lines", format: parser.NameApache24Error,
			in:        "PHP Warning: early\n# comment\n" + a1 + "\n# failJSON: {}\n1.2.3.4 - - [20/Jan/2015:19:53:28 +0100] \"GET / HTTP/1.1\" 404 1\nafter\n",
			want:      parser.ErrorCounts{Lines: 6, Entries: 1, Malformed: 3, Foreign: 2},
			firstLine: []int{3}, messages: []string{"one"},
			reasons: []error{parser.ErrCommentLine, parser.ErrCommentLine, parser.ErrNotErrorLine},
		},
		{
			name: "an orphan continuation line before any entry", format: parser.NameApache24Error,
			in:        "  indented early\n" + a1 + "\n",
			want:      parser.ErrorCounts{Lines: 2, Entries: 1, Malformed: 1},
			firstLine: []int{2}, messages: []string{"one"},
			reasons: []error{parser.ErrOrphanLine},
		},
		{
			name: "NUL bytes before an entry, a NUL-only line and NUL inside", format: parser.NameApache24Error,
			in:        "\x00\x00\x00" + a1 + "\n\x00\x00\nabc\x00def\n",
			want:      parser.ErrorCounts{Lines: 3, Entries: 1, Malformed: 2},
			firstLine: []int{1}, messages: []string{"one"},
			reasons: []error{parser.ErrBinaryLine, parser.ErrBinaryLine},
		},
		{
			name: "over-long line is counted and skipped", format: parser.NameApache24Error, maxLine: 80,
			in:        a1 + "\n" + strings.Repeat("x", 5000) + "\n" + a2 + "\n" + strings.Repeat("y", 81),
			want:      parser.ErrorCounts{Lines: 4, Entries: 2, TooLong: 2},
			firstLine: []int{1, 3}, messages: []string{"one", "two"},
		},
		{
			name: "line longer than the read buffer but within the limit", format: parser.NameApache24Error, maxLine: 40000,
			in:        a1 + strings.Repeat("z", 30000) + "\r\n" + a2,
			want:      parser.ErrorCounts{Lines: 2, Entries: 2},
			firstLine: []int{1, 2}, messages: []string{"one" + strings.Repeat("z", 30000), "two"},
		},
		{
			name: "line of exactly maxLine bytes plus CR fits", format: parser.NameApache24Error, maxLine: len(a1),
			in:        a1 + "\r\n",
			want:      parser.ErrorCounts{Lines: 1, Entries: 1},
			firstLine: []int{1}, messages: []string{"one"},
		},
		{
			name: "broken entry is malformed and keeps folding", format: parser.NameApache24Error,
			in:        a1 + "\n[Wed Apr 25 06:25:03.837215 2018] [bogus] x\n  cont\n",
			want:      parser.ErrorCounts{Lines: 3, Entries: 1, Continuation: 1, Malformed: 1},
			firstLine: []int{1}, messages: []string{"one\n  cont"},
			reasons: []error{parser.ErrLiteral},
		},
		{
			name: "a stray line in an Apache log is foreign, not folded", format: parser.NameApache24Error,
			in:        a1 + "\n--2024-03-01 10:00:01--  http://203.0.113.9/x.sh\nStack trace:\n#0 {main}\n",
			want:      parser.ErrorCounts{Lines: 4, Entries: 1, Continuation: 2, Foreign: 1},
			firstLine: []int{1}, messages: []string{"one\nStack trace:\n#0 {main}"},
		},
		{
			name: "nginx tail after the last continuation line", format: parser.NameNginxError,
			in:        n1 + "\nPHP message: second\" while reading response header from upstream, client: 10.0.0.1, server: x, request: \"GET / HTTP/1.1\", host: \"x\"\n",
			want:      parser.ErrorCounts{Lines: 2, Entries: 1, Continuation: 1},
			firstLine: []int{1},
			messages:  []string{"FastCGI sent in stderr: \"PHP message: first\nPHP message: second\""},
		},
		{
			name: "empty input", format: parser.NameNginxError,
			in: "", want: parser.ErrorCounts{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc := parser.NewErrorScanner(strings.NewReader(tc.in), mustFormat(t, tc.format), tc.maxLine)
			var lines []int
			var msgs []string
			for sc.Next() {
				lines = append(lines, sc.Line())
				msgs = append(msgs, string(sc.Entry().Message))
			}
			require.NoError(t, sc.Err())
			assert.Equal(t, tc.want, sc.Counts())
			assert.Equal(t, tc.firstLine, lines)
			assert.Equal(t, tc.messages, msgs)
			require.Len(t, sc.Malformed(), len(tc.reasons))
			for i, r := range tc.reasons {
				assert.ErrorIs(t, sc.Malformed()[i], r)
			}
		})
	}
}

func TestErrorScannerNginxRefold(t *testing.T) {
	in := `2019/10/30 23:26:34 [error] 205860#205860: *180289 FastCGI sent in stderr: "PHP message: first` + "\n" +
		`PHP message: second" while reading response header from upstream, client: 10.0.0.1, server: x, request: "GET / HTTP/1.1", upstream: "fastcgi://unix:/run/php.sock:", host: "x"` + "\n"
	sc := parser.NewErrorScanner(strings.NewReader(in), mustFormat(t, parser.NameNginxError), 0)
	require.True(t, sc.Next())
	assert.Equal(t, with(func(v *ev) {
		v.Time, v.Level, v.PID, v.TID, v.Conn = "2019-10-30 23:26:34", "error", 205860, 205860, 180289
		v.Message = "FastCGI sent in stderr: \"PHP message: first\nPHP message: second\""
		v.Action, v.Client, v.Server, v.Request = "reading response header from upstream", "10.0.0.1", "x", "GET / HTTP/1.1"
		v.Upstream, v.Host, v.Cont = "fastcgi://unix:/run/php.sock:", "x", 1
	}), view(sc.Entry()))
	assert.False(t, sc.Next())
}

func TestErrorScannerSamplesCapped(t *testing.T) {
	in := strings.Repeat("# comment\n", 30)
	sc := parser.NewErrorScanner(strings.NewReader(in), mustFormat(t, parser.NameApache22Error), 0)
	sc.File = "x.log"
	assert.False(t, sc.Next())
	assert.Equal(t, 30, sc.Counts().Malformed)
	require.Len(t, sc.Malformed(), parser.MaxErrorSamples)
	assert.Equal(t, 20, sc.Malformed()[19].Line)
	assert.Equal(t, `x.log:1: comment line: "# comment"`, sc.Malformed()[0].Error())
}

func TestErrorScannerColumn(t *testing.T) {
	in := "\x00\x00[Mon Dec 26 16:22:08 2016] [bogus] x\n"
	sc := parser.NewErrorScanner(strings.NewReader(in), mustFormat(t, parser.NameApache24Error), 0)
	sc.File = "e.log"
	assert.False(t, sc.Next())
	require.Len(t, sc.Malformed(), 1)
	assert.Equal(t, 31, sc.Malformed()[0].Column, "column counts the stripped NUL bytes")
	assert.ErrorIs(t, sc.Malformed()[0], parser.ErrLiteral)
}

func TestErrorScannerReadError(t *testing.T) {
	boom := errors.New("boom")
	r := io.MultiReader(strings.NewReader("[Mon Dec 26 16:22:08 2016] [error] x\n"), iotest.ErrReader(boom))
	sc := parser.NewErrorScanner(r, mustFormat(t, parser.NameApache22Error), 0)
	require.True(t, sc.Next())
	assert.Equal(t, "x", string(sc.Entry().Message))
	assert.False(t, sc.Next())
	assert.ErrorIs(t, sc.Err(), boom)
}

func ExampleErrorScanner() {
	log := "[Wed Oct 29 11:57:40.640248 2014] [mpm_winnt:notice] [pid 7380:tid 464] AH00430: Parent: Child process 6580 exited successfully.\r\n" +
		"AH00112: Warning: DocumentRoot [E:/wamp/www/contab] does not exist\r\n" +
		"PHP Deprecated:  Comments starting with '#' are deprecated in php.ini on line 890 in Unknown on line 0\r\n" +
		"# not a log line\r\n"
	f, _ := parser.LookupErrorFormat(parser.NameApache24Error)
	sc := parser.NewErrorScanner(strings.NewReader(log), f, 0)
	sc.File = "error.log"
	for sc.Next() {
		e := sc.Entry()
		fmt.Printf("line %d: level=%q code=%s continuation=%d\n%s\n", sc.Line(), e.Level, e.Code, e.Continuation, e.Message)
	}
	fmt.Printf("%+v\n", sc.Counts())
	for _, m := range sc.Malformed() {
		fmt.Println(m)
	}
	// Output:
	// line 1: level="notice" code=AH00430 continuation=0
	// Parent: Child process 6580 exited successfully.
	// line 2: level="" code=AH00112 continuation=0
	// Warning: DocumentRoot [E:/wamp/www/contab] does not exist
	// {Lines:4 Entries:2 Continuation:0 Malformed:1 Blank:0 TooLong:0 Foreign:1}
	// error.log:4: comment line: "# not a log line"
}
