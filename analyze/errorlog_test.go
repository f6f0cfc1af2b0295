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
		{`open() "/usr/share/nginx/html/x.php" failed (2: No such file or directory)`, `open() "<*>" failed (2: No such file or directory)`},
		{"connect() to 127.0.0.1:9000 failed (111: Connection refused)", "connect() to <ip> failed (111: Connection refused)"},
		{"AH00161 server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting", "AH00161 server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"},
		{"child pid 27530 exit signal Segmentation fault (11)", "child pid <n> exit signal Segmentation fault (11)"},
		{"session deadbeef00aa1122 expired", "session <hex> expired"},
		{`client ::1 sent "GET / HTTP/1.1"`, `client <ip> sent "<*>"`},
		{`PHP Warning:  include(C:\www\x.php): failed`, `PHP Warning:  include(<path>): failed`},
		{"(2)No such file or directory: AH02291: Cannot access directory '/etc/apache2/logs/'", "(2)No such file or directory: AH02291: Cannot access directory '<*>'"},
		{"Negotiation failed (3) for /x", "Negotiation failed (<n>) for <path>"},
		{"connect() failed while connecting to upstream, upstream: \"http://127.0.0.1:3333/\"", "connect() failed while connecting to upstream, upstream: \"http://127.0.0.1:3333/\""},
		{"user 'bob' said 'hi", "user '<*>' said 'hi"},
		{"", ""},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, string(TemplateOf(nil, []byte(tc.in))), tc.in)
	}
}

// TestTemplateOfRealMessages templates real messages (origins in
// testdata/errorlog/SOURCES.md, "Messages quoted in analyze tests"); before
// is what TemplateOf gave until issue 21 (checked against commit 4453302),
// want what it gives now. Near misses (the words around a number or quote
// that must still be templated) sit beside each case.
func TestTemplateOfRealMessages(t *testing.T) {
	tests := []struct{ name, in, before, want string }{
		{"apostrophe is no quote",
			"jk2_init() Can't find child 2087 in scoreboard",
			"jk2_init() Can't find child 2087 in scoreboard",
			"jk2_init() Can't find child <n> in scoreboard"},
		{"directive kept",
			"E:/wamp/www/liw_gamebar/.htaccess: Invalid command 'RewriteEngine', perhaps misspelled or defined by a module not included in the server configuration",
			"<path>: Invalid command '<*>', perhaps misspelled or defined by a module not included in the server configuration",
			"<path>: Invalid command 'RewriteEngine', perhaps misspelled or defined by a module not included in the server configuration"},
		{"near miss: a quoted path after command is templated",
			"Command line: '/usr/sbin/apache2'",
			"Command line: '<*>'",
			"Command line: '<*>'"},
		{"closing bracket kept",
			"Warning: DocumentRoot [E:/wamp/www/liw_useradmin] does not exist",
			"Warning: DocumentRoot [<path> does not exist",
			"Warning: DocumentRoot [<path>] does not exist"},
		{"signal number kept",
			"worker process 28 exited on signal 11",
			"worker process <n> exited on signal <n>",
			"worker process <n> exited on signal 11"},
		{"near miss: the signal sender's pid is templated",
			"signal 17 (SIGCHLD) received from 30",
			"signal <n> (SIGCHLD) received from <n>",
			"signal 17 (SIGCHLD) received from <n>"},
		{"FastCGI stderr templated inside",
			`FastCGI sent in stderr: "PHP message: PHP Fatal error:  'break' not in the 'loop' or 'switch' context in /opt/Phlex/api.php on line 1555"`,
			`FastCGI sent in stderr: "<*>"`,
			`FastCGI sent in stderr: "PHP message: PHP Fatal error:  '<*>' not in the '<*>' or '<*>' context in <path> on line <n>"`},
		{"FastCGI stderr continued on the next line",
			`FastCGI sent in stderr: "PHP message: PHP Warning:  Declaration of FEE_Field_Terms::wrap($content, $taxonomy, $before, $sep, $after) should be compatible with FEE_Field_Post::wrap($content, $post_id = 0) in /var/www/xxx/web/wp-content/plugins/front-end-editor/php/fields/post.php on line 0`,
			`FastCGI sent in stderr: "PHP message: PHP Warning:  Declaration of FEE_Field_Terms::wrap($content, $taxonomy, $before, $sep, $after) should be compatible with FEE_Field_Post::wrap($content, $post_id = 0) in /var/www/xxx/web/wp-content/plugins/front-end-editor/php/fields/post.php on line 0`,
			`FastCGI sent in stderr: "PHP message: PHP Warning:  Declaration of FEE_Field_Terms::wrap($content, $taxonomy, $before, $sep, $after) should be compatible with FEE_Field_Post::wrap($content, $post_id = <n>) in <path> on line <n>`},
		{"AH01071 templated inside, cut at the escaped newline",
			`Got error 'Primary script unknown\n'`,
			`Got error '<*>'`,
			`Got error 'Primary script unknown'`},
		{"AH01071 PHP fatal, stack trace cut",
			`Got error 'PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function foo() in /var/www/a.php:3\nStack trace:\n#0 {main}\n  thrown in /var/www/a.php on line 3'`,
			`Got error '<*>'`,
			`Got error 'PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function foo() in <path>'`},
		{"backtick quotes",
			"Digest: realm mismatch - got `so far away' but expected `digest private area'",
			"Digest: realm mismatch - got `so far away'<*>'",
			"Digest: realm mismatch - got `<*>' but expected `<*>'"},
		{"ModSecurity's open quote after Matched",
			`ModSecurity: Warning. Matched "Operator ` + "`Rx' with parameter `(?i)(?:\\x5c)' against variable `REQUEST_URI_RAW' (Value: `/?foo=../../etc/passwd' )" + ` [file "/usr/share/modsecurity-crs/rules/REQUEST-930-APPLICATION-ATTACK-LFI.conf"] [line "29"] [id "930100"]`,
			`ModSecurity: Warning. Matched "<*>"/usr/share/modsecurity-crs/rules/REQUEST-930-APPLICATION-ATTACK-LFI.conf"<*>"<n>"<*>"<n>"]`,
			`ModSecurity: Warning. Matched "Operator ` + "`<*>' with parameter `<*>' against variable `<*>' (Value: `<*>' )" + ` [file "<*>"] [line "<*>"] [id "<*>"]`},
		{"quotes inside a ModSecurity tag",
			`ModSecurity: Access denied with code 403 (phase 2). [data "Matched Data: "/etc/passwd" found"] [severity "2"] [uri "/"]`,
			`ModSecurity: Access denied with code <n> (phase <n>). [data "<*>"/etc/passwd"<*>"] [severity "<*>"] [uri "<*>"]`,
			`ModSecurity: Access denied with code <n> (phase <n>). [data "<*>"] [severity "<*>"] [uri "<*>"]`},
		{"PHP stack frames share a template",
			"PHP   1. {main}() /Users/potsky/Private/Work/GitHub/PHPApacheLogViewer/inc/get_logs.php:0",
			"PHP   <n>. {main}() <path>",
			"PHP <n>. <frame>"},
		{"near miss: a PHP message is no frame",
			"PHP Warning:  Unknown: failed to open stream: No such file or directory in Unknown on line 0",
			"PHP Warning:  Unknown: failed to open stream: No such file or directory in Unknown on line <n>",
			"PHP Warning:  Unknown: failed to open stream: No such file or directory in Unknown on line <n>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := string(TemplateOf(nil, []byte(tc.in)))
			assert.Equal(t, tc.want, got)
			if tc.before != tc.want {
				assert.NotEqual(t, tc.before, got)
			}
		})
	}
}

// TestTemplateKeys counts real entries of testdata/errorlog and checks
// which share a row: error numbers, AH codes, the upstream address and the
// server name tell rows apart; request paths do not.
func TestTemplateKeys(t *testing.T) {
	const unix = "github-issues_nginx-unix-upstream.log"
	key := func(e *parser.ErrorEntry) string {
		msg := e.Message
		if i := bytes.IndexByte(msg, '\n'); i >= 0 {
			msg = msg[:i]
		}
		return string(templateKey(nil, e, msg))
	}
	eagain, enoent, refused := errorEntryAt(t, unix, 1), errorEntryAt(t, unix, 2), errorEntryAt(t, unix, 3)
	assert.Equal(t, `connect() to unix:/var/run/php5-fpm.sock failed (11: Resource temporarily unavailable) while connecting to upstream, server: www.example.com, upstream: "fastcgi://unix:/var/run/php5-fpm.sock:"`, key(eagain))
	assert.Equal(t, `connect() to unix:/tmp/jackcast.sock failed (2: No such file or directory) while connecting to upstream, server: _, upstream: "http://unix:/tmp/jackcast.sock:"`, key(enoent))
	assert.Contains(t, key(refused), "(111: Connection refused) while connecting to upstream")

	// The same errno on the same socket shares a row whatever the request.
	same := cloneEntry(enoent)
	same.Upstream = []byte("http://unix:/tmp/jackcast.sock:/favicon.ico")
	assert.Equal(t, key(enoent), key(same))
	// Another errno does not.
	other := cloneEntry(enoent)
	other.Errno, other.ErrnoNum = []byte("111: Connection refused"), 111
	assert.NotEqual(t, key(enoent), key(other))

	// Apache's errno, taken out of the message by the parser, is put back.
	perm := errorEntryAt(t, "xzymo_error.log.14", 5)
	tpl, code := splitKey(key(perm))
	assert.Equal(t, "(13)Permission denied: file permissions deny server access: <path>", tpl)
	assert.Equal(t, "AH00132", code)

	// Two AH codes never share a row.
	a := errorEntryAt(t, "lovecoding1987-sample_logs_error.log.13", 1) // AH00163
	b := cloneEntry(a)
	b.Code = []byte("AH00489")
	assert.NotEqual(t, key(a), key(b))
	s := NewErrorStats()
	for range 28 {
		s.Add(a, 1)
	}
	s.Add(b, 1)
	sum := s.Summary(10, time.UTC, "UTC")
	require.Len(t, sum.Templates, 2)
	assert.Equal(t, Template{Template: "Apache/<n> (Ubuntu) OpenSSL/<n> configured -- resuming normal operations", Code: "AH00163", Level: "notice", Count: 28, Example: string(a.Message)},
		Template{Template: sum.Templates[0].Template, Code: sum.Templates[0].Code, Level: sum.Templates[0].Level, Count: sum.Templates[0].Count, Example: sum.Templates[0].Example})
	assert.Equal(t, "AH00489", sum.Templates[1].Code)
	assert.Equal(t, int64(1), sum.Templates[1].Count)
}

func TestUpstreamAddress(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:5000/favicon.ico":      "http://127.0.0.1:5000",
		"http://127.0.0.1:3333/":                 "http://127.0.0.1:3333",
		"fastcgi://127.0.0.1:9000":               "fastcgi://127.0.0.1:9000",
		"fastcgi://unix:/var/run/php5-fpm.sock:": "fastcgi://unix:/var/run/php5-fpm.sock:",
		"http://unix:/tmp/jackcast.sock:/":       "http://unix:/tmp/jackcast.sock:",
		"http://unix:/tmp/jackcast.sock":         "http://unix:/tmp/jackcast.sock",
		"backend":                                "backend",
		"http://[2001:db8::1]:8080/a/b?c":        "http://[2001:db8::1]:8080",
	} {
		assert.Equal(t, want, string(upstreamAddress([]byte(in))), in)
	}
}

// TestPHPLevel reads real mod_php entries: a template takes PHP's own
// severity, not the module's level.
func TestPHPLevel(t *testing.T) {
	tests := []struct {
		file string
		line int
		want string
	}{
		{"xzymo_error.log.14", 27, "warn"},                 // [php7:warn] PHP Warning
		{"xzymo_error.log.14", 28, "error"},                // [php7:error] PHP Fatal error
		{"elastic-beats_nginx-error.log", 3, "warn"},       // [error] FastCGI sent in stderr: "PHP message: PHP Warning
		{"lovecoding1987-sample_logs_error.log.13", 3, ""}, // near miss: [php7:error] script not found, no PHP severity
	}
	for _, tc := range tests {
		e := errorEntryAt(t, tc.file, tc.line)
		assert.Equal(t, tc.want, phpLevel(e.Message), "%s:%d", tc.file, tc.line)
	}
	s := NewErrorStats()
	s.Add(&parser.ErrorEntry{Level: []byte("notice"), Module: []byte("php7"), Message: []byte("PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted")}, 1)
	assert.Equal(t, "error", s.Summary(10, time.UTC, "UTC").Templates[0].Level)
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
		Upstream: bytes.Clone(e.Upstream), Host: bytes.Clone(e.Host), Action: bytes.Clone(e.Action), Continuation: e.Continuation}
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

// TestSummaryRanksBySeverity checks the order of templates, severity then
// count, and that emerg, alert and crit templates are shown beyond top n:
// one [alert] line must not hide behind many notices.
func TestSummaryRanksBySeverity(t *testing.T) {
	s := NewErrorStats()
	add := func(level, msg string, n int) {
		for range n {
			s.Add(&parser.ErrorEntry{Level: []byte(level), Message: []byte(msg)}, 1)
		}
	}
	add("notice", "start worker process 29", 50)
	add("notice", "gracefully shutting down", 40)
	add("error", "open() failed", 2)
	add("warn", "an upstream response is buffered to a temporary file", 7)
	add("alert", "worker process 28 exited on signal 11", 1)
	add("emerg", "bind() to 0.0.0.0:80 failed", 1)
	add("crit", "SSL_do_handshake() failed", 3)
	add("trace3", "rewrite traced", 100)
	add("", "startup line", 100)
	add("debug", "a debug line", 100)

	levels := func(n int) []string {
		var out []string
		for _, tp := range s.Summary(n, time.UTC, "UTC").Templates {
			out = append(out, tp.Level+" "+tp.Template)
		}
		return out
	}
	assert.Equal(t, []string{
		"emerg bind() to <ip> failed",
		"alert worker process <n> exited on signal 11",
		"crit SSL_do_handshake() failed",
		"error open() failed",
		"warn an upstream response is buffered to a temporary file",
		"notice start worker process <n>",
		"notice gracefully shutting down",
		"debug a debug line",
		"trace3 rewrite traced",
		"(none) startup line",
	}, levels(20))
	assert.Equal(t, []string{
		"emerg bind() to <ip> failed",
		"alert worker process <n> exited on signal 11",
		"crit SSL_do_handshake() failed",
	}, levels(1), "emerg, alert and crit are kept beyond --top")
	assert.Len(t, levels(4), 4)

	for _, tc := range []struct {
		a, b string
	}{{"emerg", "alert"}, {"alert", "crit"}, {"crit", "error"}, {"error", "warn"}, {"warn", "notice"},
		{"notice", "info"}, {"info", "debug"}, {"debug", "trace1"}, {"trace1", "trace8"}, {"trace8", "(none)"}, {"(none)", ""}} {
		assert.Less(t, severity(tc.a), severity(tc.b), "%s before %s", tc.a, tc.b)
	}
	assert.Equal(t, severity("warn"), severity("warning"))
	assert.Equal(t, severity("(none)"), severity("trace9"), "not a level")
}

// FuzzTemplateOf checks that TemplateOf never panics, appends to dst
// without touching it, and gives the same template twice.
func FuzzTemplateOf(f *testing.F) {
	for _, e := range testdataErrorEntries(f) {
		f.Add(e.Message)
	}
	for _, s := range []string{"(", "(1", "(1:", "(1: ", "(1)", "(1)x", "signal (9)", "'", "a'b", "`x", "\"[file \"", "PHP ", "PHP 1. ", "Got error '", "stderr: \"x", "upstream: \"", "command 'x'", "C:/", "/"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		dst := []byte("prefix")
		got := TemplateOf(dst, msg)
		if string(got[:6]) != "prefix" {
			t.Fatalf("dst changed: %q", got[:6])
		}
		if again := TemplateOf(nil, msg); string(again) != string(got[6:]) {
			t.Fatalf("not deterministic: %q vs %q", again, got[6:])
		}
	})
}
