package parser

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// formatsDir holds the log excerpts these tests read (see SOURCES.md there).
var formatsDir = filepath.Join("..", "testdata", "formats")

// readLines returns the lines of a testdata/formats file, without their
// terminators.
func readLines(tb testing.TB, name string) [][]byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(formatsDir, name))
	require.NoError(tb, err)
	data = bytes.TrimSuffix(data, []byte("\n"))
	return bytes.Split(data, []byte("\n"))
}

// mustCompile compiles a preset name or format string.
func mustCompile(tb testing.TB, s string) Format {
	tb.Helper()
	f, err := CompileFormat(s)
	require.NoError(tb, err)
	return f
}

// fileLine returns line n (from 1) of a testdata/formats file.
func fileLine(tb testing.TB, name string, n int) string {
	tb.Helper()
	lines := readLines(tb, name)
	require.LessOrEqual(tb, n, len(lines), "%s has %d lines", name, len(lines))
	return string(lines[n-1])
}

// flatten renders the non-default fields of e as strings, so that a test
// table can state the whole expected entry in a few words. Extra fields are
// keyed "x:" + name; a nil Extra value is "<nil>".
func flatten(e *Entry) map[string]string {
	m := map[string]string{}
	text := func(k string, v []byte) {
		if v != nil {
			m[k] = string(v)
		}
	}
	text("client", e.Client)
	text("ident", e.Ident)
	text("user", e.User)
	text("method", e.Method)
	text("path", e.Path)
	text("protocol", e.Protocol)
	text("request", e.Request)
	text("referer", e.Referer)
	text("ua", e.UserAgent)
	text("vhost", e.VHost)
	text("reqid", e.RequestID)
	if e.HasTime {
		m["time"] = e.Timestamp().Format(time.RFC3339Nano)
		if !e.HasZone {
			m["time"] += " nozone"
		}
	}
	if e.Status != 0 {
		m["status"] = strconv.Itoa(e.Status)
	}
	if e.Bytes != -1 {
		m["bytes"] = strconv.FormatInt(e.Bytes, 10)
	}
	if e.Port != -1 {
		m["port"] = strconv.Itoa(e.Port)
	}
	if e.RequestTime != -1 {
		m["rt"] = strconv.FormatFloat(e.RequestTime, 'g', 9, 64)
	}
	if e.UpstreamTime != -1 {
		m["ut"] = strconv.FormatFloat(e.UpstreamTime, 'g', 9, 64)
	}
	if e.Connection != -1 {
		m["conn"] = strconv.FormatInt(e.Connection, 10)
	}
	for _, f := range e.Extra {
		if f.Value == nil {
			m["x:"+f.Name] = "<nil>"
		} else {
			m["x:"+f.Name] = string(f.Value)
		}
	}
	return m
}

// directiveCase is one row of a directive or variable table.
type directiveCase struct {
	name   string
	format string
	line   string
	want   map[string]string
}

// runDirectiveCases compiles each format with compile and checks the flattened
// entry.
func runDirectiveCases(t *testing.T, compile func(string) (Format, error), cases []directiveCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := compile(tc.format)
			require.NoError(t, err)
			var e Entry
			require.NoError(t, f.Parse([]byte(tc.line), &e))
			assert.Equal(t, tc.want, flatten(&e))
		})
	}
}

// combinedWant is the entry of the docs' example combined line.
var docsLine = `127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"`

func TestApacheDirectives(t *testing.T) {
	xzymo := `www.nspw.org:80 180.76.15.9 - - [26/Apr/2018:06:25:28 -0400] "GET /node/8 HTTP/1.1" 302 504 "-" "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"`
	cases := []directiveCase{
		{"common", `%h %l %u %t "%r" %>s %b`,
			`::1 - - [26/Dec/2016:16:16:48 +0200] "-" 408 -`,
			map[string]string{"client": "::1", "time": "2016-12-26T16:16:48+02:00", "status": "408"}},
		{"combined docs", `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`, docsLine,
			map[string]string{"client": "127.0.0.1", "user": "frank", "time": "2000-10-10T13:55:36-07:00",
				"request": "GET /apache_pb.gif HTTP/1.0", "method": "GET", "path": "/apache_pb.gif", "protocol": "HTTP/1.0",
				"status": "200", "bytes": "2326", "referer": "http://www.example.com/start.html", "ua": "Mozilla/4.08 [en] (Win98; I ;Nav)"}},
		{"vhost_combined %v:%p", `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`, xzymo,
			map[string]string{"vhost": "www.nspw.org", "port": "80", "client": "180.76.15.9", "time": "2018-04-26T06:25:28-04:00",
				"request": "GET /node/8 HTTP/1.1", "method": "GET", "path": "/node/8", "protocol": "HTTP/1.1",
				"status": "302", "bytes": "504", "ua": "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"}},
		{"%v:%p IPv6 vhost splits at the last colon", `%v:%p %h`, `[2001:db8::1]:443 192.0.2.1`,
			map[string]string{"vhost": "[2001:db8::1]", "port": "443", "client": "192.0.2.1"}},
		{"%a %{c}a", `%a %{c}a`, `192.0.2.10 10.0.0.1`,
			map[string]string{"client": "192.0.2.10", "x:peer_ip": "10.0.0.1"}},
		{"%h wins over %a", `%h %a`, `host.example 192.0.2.10`,
			map[string]string{"client": "host.example", "x:remote_ip": "192.0.2.10"}},
		{"%l %u", `%l %u %>s`, `ident42 frank 200`,
			map[string]string{"ident": "ident42", "user": "frank", "status": "200"}},
		{"%{strftime}t", `[%{%d/%b/%Y %H:%M:%S}t] %>s`, `[10/Oct/2000 13:55:36] 200`,
			map[string]string{"time": "2000-10-10T13:55:36Z nozone", "status": "200"}},
		{"%{strftime}t with %z is CLF", `%{%d/%b/%Y:%H:%M:%S %z}t %>s`, `10/Oct/2000:13:55:36 -0700 200`,
			map[string]string{"time": "2000-10-10T13:55:36-07:00", "status": "200"}},
		{"%{strftime}t ISO with %T %z", `%{%Y-%m-%dT%T%z}t %>s`, `2024-02-29T23:59:59+0530 200`,
			map[string]string{"time": "2024-02-29T23:59:59+05:30", "status": "200"}},
		{"merged strftime and msec_frac (docs example)", `[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] %>s`,
			`[10/Oct/2000 13:55:36.123 -0700] 200`,
			map[string]string{"time": "2000-10-10T13:55:36.123-07:00", "status": "200"}},
		{"%{sec}t", `%{sec}t %>s`, `971211336 200`,
			map[string]string{"time": "2000-10-10T20:55:36Z", "status": "200"}},
		{"%{sec}t.%{usec_frac}t", `%{sec}t.%{usec_frac}t %>s`, `971211336.123456 200`,
			map[string]string{"time": "2000-10-10T20:55:36.123456Z", "status": "200"}},
		{"%{msec}t", `%{msec}t %>s`, `971211336123 200`,
			map[string]string{"time": "2000-10-10T20:55:36.123Z", "status": "200"}},
		{"%{usec}t", `%{usec}t %>s`, `971211336123456 200`,
			map[string]string{"time": "2000-10-10T20:55:36.123456Z", "status": "200"}},
		{"%{begin:…}t and %{end:…}t", `%{begin:sec}t %{end:%Y-%m-%d %H:%M:%S}t %>s`, `971211336 2000-10-10 20:55:37 200`,
			map[string]string{"time": "2000-10-10T20:55:36Z", "x:time": "2000-10-10 20:55:37", "status": "200"}},
		{"%{…}t with %e %I %p %j-free", `%{%a %b %e %I:%M:%S %p %Y}t %>s`, `Tue Oct  3 01:55:36 PM 2000 200`,
			map[string]string{"time": "2000-10-03T13:55:36Z nozone", "status": "200"}},
		{"%m %U%q %H", `"%m %U%q %H" %>s`, `"GET /search?q=x HTTP/1.1" 200`,
			map[string]string{"method": "GET", "path": "/search?q=x", "protocol": "HTTP/1.1", "status": "200"}},
		{"%U %q apart", `%U %q %>s`, `/search ?q=x 200`,
			map[string]string{"path": "/search", "x:query": "?q=x", "status": "200"}},
		{"%r owns method, path, protocol", `"%r" %m %>s`, `"GET / HTTP/1.1" GET 200`,
			map[string]string{"request": "GET / HTTP/1.1", "method": "GET", "path": "/", "protocol": "HTTP/1.1",
				"x:method": "GET", "status": "200"}},
		{"unquoted %r", `%h %t %r %>s %b`, `192.0.2.1 [10/Oct/2000:13:55:36 -0700] GET /a b HTTP/1.1 200 5`,
			map[string]string{"client": "192.0.2.1", "time": "2000-10-10T13:55:36-07:00", "request": "GET /a b HTTP/1.1",
				"method": "GET", "path": "/a b", "protocol": "HTTP/1.1", "status": "200", "bytes": "5"}},
		{"unquoted %r HTTP/0.9", `%r %>s`, `GET / 200`,
			map[string]string{"request": "GET /", "method": "GET", "path": "/", "status": "200"}},
		{"%s %>s %<s", `%<s %s %>s`, `302 301 200`,
			map[string]string{"status": "200", "x:original_status": "302", "x:status": "301"}},
		{"%s alone", `%s`, `404`, map[string]string{"status": "404"}},
		{"%b dash %B %O %I %S", `%b %B %O %I %S %>s`, `- 0 310 120 430 200`,
			map[string]string{"x:body_bytes": "0", "x:bytes_out": "310", "x:bytes_in": "120", "x:bytes_total": "430", "status": "200"}},
		{"%O alone is the size", `%>s %O`, `200 310`, map[string]string{"status": "200", "bytes": "310"}},
		{"%D", `%>s %D`, `200 1234`, map[string]string{"status": "200", "rt": "0.001234"}},
		{"%T", `%>s %T`, `200 2`, map[string]string{"status": "200", "rt": "2"}},
		{"%{ms}T", `%>s %{ms}T`, `200 1234`, map[string]string{"status": "200", "rt": "1.234"}},
		{"%{us}T", `%>s %{us}T`, `200 1234`, map[string]string{"status": "200", "rt": "0.001234"}},
		{"%{s}T and %D: %D wins", `%>s %{s}T %D`, `200 1 1234567`,
			map[string]string{"status": "200", "rt": "1.234567", "x:duration_s": "1"}},
		{"%T/%D", `%>s %T/%D`, `200 0/1234`, map[string]string{"status": "200", "rt": "0.001234", "x:duration_s": "0"}},
		{"%{Header}i", `%>s "%{X-Forwarded-For}i" "%{Host}i"`, `200 "203.0.113.9, 10.0.0.1" "example.com"`,
			map[string]string{"status": "200", "x:X-Forwarded-For": "203.0.113.9, 10.0.0.1", "vhost": "example.com"}},
		{"unquoted X-Forwarded-For list", `%{X-Forwarded-For}i %h %>s`, `203.0.113.9, 10.0.0.1 192.0.2.1 200`,
			map[string]string{"x:X-Forwarded-For": "203.0.113.9, 10.0.0.1", "client": "192.0.2.1", "status": "200"}},
		{"%{Header}o %{VAR}e %{note}n %{C}C %{x}x", `%>s %{Content-Type}o %{HTTPS}e %{ratio}n %{sid}C %{SSL_PROTOCOL}x`,
			`200 text/html on 42 abc TLSv1.3`,
			map[string]string{"status": "200", "x:out:Content-Type": "text/html", "x:env:HTTPS": "on", "x:note:ratio": "42",
				"x:cookie:sid": "abc", "x:x:SSL_PROTOCOL": "TLSv1.3"}},
		{"%v %V", `%v %V %>s`, `www.example.com example.com 200`,
			map[string]string{"vhost": "www.example.com", "x:canonical_name": "example.com", "status": "200"}},
		{"%p %{local}p %{remote}p", `%p %{local}p %{remote}p %>s`, `443 8443 51234 200`,
			map[string]string{"port": "443", "x:local_port": "8443", "x:remote_port": "51234", "status": "200"}},
		{"%X %k %L %P %{tid}P %R %f %A", `%X %k %L %P %{tid}P %R %f %A %>s`,
			`+ 3 YNX2lH8AAAEAADzWAl8AAAAA 1234 140123 php-fpm /var/www/index.php 10.0.0.2 200`,
			map[string]string{"x:conn_status": "+", "x:keepalives": "3", "reqid": "YNX2lH8AAAEAADzWAl8AAAAA", "x:pid": "1234",
				"x:tid": "140123", "x:handler": "php-fpm", "x:filename": "/var/www/index.php", "x:local_ip": "10.0.0.2", "status": "200"}},
		{"%L dash", `%L %>s`, `- 500`, map[string]string{"status": "500"}},
		{"%%", `%h 100%% %>s`, `192.0.2.1 100% 200`, map[string]string{"client": "192.0.2.1", "status": "200"}},
		{"status condition %400,501{User-agent}i", `%>s "%400,501{User-agent}i"`, `200 "-"`,
			map[string]string{"status": "200"}},
		{"negated condition %!200{Referer}i", `%>s "%!200{Referer}i"`, `404 "http://example.com/"`,
			map[string]string{"status": "404", "referer": "http://example.com/"}},
		{"%^ti", `%>s %{grpc-status}^ti`, `200 0`, map[string]string{"status": "200", "x:trailer_in:grpc-status": "0"}},
		{"%{c}h", `%{c}h %>s`, `10.0.0.1 200`, map[string]string{"client": "10.0.0.1", "status": "200"}},
	}
	runDirectiveCases(t, CompileApache, cases)
}

func TestApacheCompileErrors(t *testing.T) {
	cases := []struct {
		name, format string
		col          int
		msg          string
	}{
		{"unknown directive", `%h %l %Z`, 7, `unknown directive "%Z"`},
		{"unknown directive with arg", `%h %{x}j`, 4, `unknown directive "%{x}j"`},
		{"unterminated brace", `%h %{Referer`, 5, `unterminated %{`},
		{"trailing percent", `%h %`, 4, `incomplete directive`},
		{"bad time unit", `%{min}T`, 1, `unknown time unit`},
		{"bad strftime", `%{%Q}t`, 1, `unsupported strftime conversion`},
		{"header without name", `%i`, 1, `missing {name}`},
		{"adjacent fields", `%h%l`, 3, `%l follows %h with nothing between them`},
		{"adjacent after a field of two shapes", `%k%X`, 3, `%X follows %k with nothing between them`},
		{"no fields", `just text`, 0, `format has no fields`},
		{"bad port kind", `%{far}p`, 1, `unknown port kind`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CompileApache(tc.format)
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrBadFormat)
			var fe *FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.col, fe.Column)
			assert.Equal(t, SyntaxApache, fe.Syntax)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestApacheParseErrors(t *testing.T) {
	combined, err := CompileApache(`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`)
	require.NoError(t, err)
	good := docsLine
	cases := []struct {
		name, line string
		want       error
	}{
		{"status 4 digits", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 2000 1 "-" "-"`, ErrBadStatus},
		{"status below 100", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 099 1 "-" "-"`, ErrBadStatus},
		{"status 600", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 600 1 "-" "-"`, ErrBadStatus},
		{"status letters", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 2x0 1 "-" "-"`, ErrBadStatus},
		{"bad size", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1k "-" "-"`, ErrBadNumber},
		{"bad month", `127.0.0.1 - - [10/Foo/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 "-" "-"`, ErrBadTime},
		{"31 February", `127.0.0.1 - - [31/Feb/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 "-" "-"`, ErrBadTime},
		{"unterminated referer", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 1 "http://x`, ErrBadQuote},
		{"quoted field after the user agent", good + ` "-"`, ErrTrailing},
		{"vhost_combined line: a user holds no space", `www.nspw.org:80 180.76.15.9 - - [26/Apr/2018:06:25:28 -0400] "GET /node/8 HTTP/1.1" 302 504 "-" "-"`, ErrFieldCount},
		{"trailing field", good + ` 0.001`, ErrTrailing},
		{"short line", `127.0.0.1 - -`, ErrFieldCount},
		{"missing ident and user", `192.168.1.1 - [08/Jun/2020:08:04:43 +0000] "GET /api/test HTTP/1.1" 200 100 "-" "curl/7.68.0"`, ErrFieldCount},
		{"unquoted where quotes expected", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] GET 200 1 "-" "-"`, ErrLiteral},
		{"empty", ``, ErrEmpty},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e Entry
			err := combined.Parse([]byte(tc.line), &e)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestApacheCorpus(t *testing.T) {
	vhost, ok := PresetByName("vhost_combined")
	require.True(t, ok)
	f, err := vhost.Compile()
	require.NoError(t, err)
	assert.Equal(t, "vhost_combined", f.Name())
	cases := []struct {
		name, file string
		n          int
		want       map[string]string
	}{
		{"xzymo escaped quotes in user agent", "vhost-xzymo.log", 3, map[string]string{
			"vhost": "www.nspw.org", "port": "80", "client": "178.199.251.128", "time": "2018-04-26T10:59:07-04:00",
			"request": "GET / HTTP/1.1", "method": "GET", "path": "/", "protocol": "HTTP/1.1", "status": "302", "bytes": "528",
			"ua": `\"Mozilla/5.0 (iPhone; CPU iPhone OS 11_0 like Mac OS X) AppleWebKit/604.1.38 (KHTML, like Gecko) Version/11.0 Mobile/15A372 Safari/604.1\"`}},
		{"dmjacas https vhost", "vhost-dmjacas.log", 1, map[string]string{
			"vhost": "neutralbank.app", "port": "443", "client": "200.25.27.118", "time": "2024-08-06T00:01:35Z",
			"request": "GET / HTTP/1.1", "method": "GET", "path": "/", "protocol": "HTTP/1.1", "status": "200", "bytes": "6383",
			"ua": "Mozilla/5.0 (compatible; PRTG Network Monitor (www.paessler.com); Windows)"}},
		{"dmjacas empty request", "vhost-dmjacas.log", 2, map[string]string{
			"vhost": "neutralbank.app", "port": "443", "client": "139.59.58.140", "time": "2024-08-06T02:57:00Z",
			"request": "", "status": "400", "bytes": "3043"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e Entry
			require.NoError(t, f.Parse([]byte(fileLine(t, tc.file, tc.n)), &e))
			assert.Equal(t, tc.want, flatten(&e))
		})
	}
}

// combinedRegexpOracle is the slow reference parser for the combined layout.
var combinedRegexpOracle = regexp.MustCompile(`^(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$`)

// oracleCheck compares an entry with the submatches of a combined-like
// oracle regexp: client, ident, user, time, request, status, bytes,
// referer, user agent.
func oracleCheck(t *testing.T, m [][]byte, e *Entry) {
	t.Helper()
	orNil := func(b []byte) []byte {
		if string(b) == "-" {
			return nil
		}
		return b
	}
	assert.Equal(t, orNil(m[1]), e.Client)
	assert.Equal(t, orNil(m[2]), e.Ident)
	assert.Equal(t, orNil(m[3]), e.User)
	want, err := time.Parse("02/Jan/2006:15:04:05 -0700", string(m[4]))
	require.NoError(t, err)
	assert.Equal(t, want.UnixNano(), e.Time)
	_, off := want.Zone()
	assert.Equal(t, int32(off), e.Offset)
	assert.Equal(t, orNil(m[5]), e.Request)
	st, _ := strconv.Atoi(string(m[6]))
	assert.Equal(t, st, e.Status)
	bytesWant := int64(-1)
	if string(m[7]) != "-" {
		bytesWant, _ = strconv.ParseInt(string(m[7]), 10, 64)
	}
	assert.Equal(t, bytesWant, e.Bytes)
	assert.Equal(t, orNil(m[8]), e.Referer)
	assert.Equal(t, orNil(m[9]), e.UserAgent)
}

// TestCombinedDifferential parses every line of combined-2k.log with the
// compiled Apache and nginx combined formats and compares both with the
// regexp oracle.
func TestCombinedDifferential(t *testing.T) {
	lines := readLines(t, "../parser/combined-2k.log")
	for _, name := range []string{"combined", "nginx-combined"} {
		p, _ := PresetByName(name)
		f, err := p.Compile()
		require.NoError(t, err)
		var e Entry
		for i, l := range lines {
			m := combinedRegexpOracle.FindSubmatch(l)
			err := f.Parse(l, &e)
			if m == nil {
				assert.Error(t, err, "%s line %d: oracle rejects, parser accepts", name, i+1)
				continue
			}
			require.NoError(t, err, "%s line %d", name, i+1)
			oracleCheck(t, m, &e)
		}
	}
}

func TestCompileFormatDetect(t *testing.T) {
	cases := []struct {
		name, in, wantName, wantSyntax string
	}{
		{"preset name", "combined", "combined", SyntaxApache},
		{"nginx preset name", "ingress-nginx", "ingress-nginx", SyntaxNginx},
		{"apache string", `%h %l %u %t "%r" %>s %b`, "custom", SyntaxApache},
		{"nginx string", `$remote_addr [$time_local] "$request" $status`, "custom", SyntaxNginx},
		{"nginx with a percent literal", `$remote_addr 100% $status`, "custom", SyntaxNginx},
		{"apache with a dollar literal", `%h $5 %>s %b`, "custom", SyntaxApache},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := CompileFormat(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.wantName, f.Name())
			m, ok := f.(*machine)
			require.True(t, ok)
			assert.Equal(t, tc.wantSyntax, m.syntax)
		})
	}
	_, err := CompileFormat("no fields here")
	assert.ErrorIs(t, err, ErrBadFormat)
}

// TestPresets checks that every preset compiles, keeps its stable name and
// parses a real line of its layout.
func TestPresets(t *testing.T) {
	samples := map[string]string{
		"common":         `::1 - - [26/Dec/2016:16:16:29 +0200] "GET /favicon.ico HTTP/1.1" 404 209`,
		"combined":       docsLine,
		"combinedio":     docsLine + ` 512 2600`,
		"vhost_combined": fileLine(t, "vhost-xzymo.log", 1),
		"nginx-combined": fileLine(t, "format-change.log", 1),
		"nginx-main":     fileLine(t, "nginx-main.log", 1),
		"nginx-timed":    fileLine(t, "nginx-timed-1k.log", 1),
		"nginx-upstream": fileLine(t, "nginx-timed-1k.log", 1) + ` 0.002, 0.500 : 0.010`,
		"nginx-vhost":    `lessons.example.com 192.168.0.1 - - [09/Jun/2020:12:10:39 -0700] "GET / HTTP/1.1" 206 7648063 "-" "Silk/81.2.16"`,
		"ingress-nginx":  fileLine(t, "ingress.log", 1),
		"npm-proxy":      fileLine(t, "npm.log", 1),
		"npm-standard":   fileLine(t, "npm.log", 3),
	}
	names := []string{}
	for _, p := range Presets {
		names = append(names, p.Name)
		t.Run(p.Name, func(t *testing.T) {
			assert.NotEmpty(t, p.Doc)
			assert.Contains(t, []string{SyntaxApache, SyntaxNginx}, p.Syntax)
			got, ok := PresetByName(p.Name)
			require.True(t, ok)
			assert.Equal(t, p, got)
			f, err := p.Compile()
			require.NoError(t, err)
			assert.Equal(t, p.Name, f.Name())
			assert.Equal(t, p.Format, f.(*machine).String())
			sample, ok := samples[p.Name]
			require.True(t, ok, "no sample line for preset %s", p.Name)
			var e Entry
			require.NoError(t, f.Parse([]byte(sample), &e))
			assert.True(t, e.HasTime)
			assert.NotZero(t, e.Status)
		})
	}
	// The names are a contract: changing this list is a breaking change.
	assert.Equal(t, []string{"common", "combined", "combinedio", "vhost_combined", "nginx-combined", "nginx-main",
		"nginx-timed", "nginx-upstream", "nginx-vhost", "ingress-nginx", "npm-proxy", "npm-standard"}, names)
	_, ok := PresetByName("nope")
	assert.False(t, ok)
}

// TestCloneIndependent checks that a clone parses on its own and that the
// timestamp cache does not leak between lines.
func TestCloneIndependent(t *testing.T) {
	f, err := CompileFormat("combined")
	require.NoError(t, err)
	g := f.Clone()
	assert.Equal(t, f.Name(), g.Name())
	var a, b Entry
	lines := readLines(t, "../parser/combined-2k.log")
	for _, l := range lines[:50] {
		require.NoError(t, f.Parse(l, &a))
		require.NoError(t, g.Parse(l, &b))
		assert.Equal(t, flatten(&a), flatten(&b))
		ns, off, _, ok := parseCLFTime(l[bytes.IndexByte(l, '[')+1 : bytes.IndexByte(l, ']')])
		require.True(t, ok)
		assert.Equal(t, ns, a.Time)
		assert.Equal(t, off, a.Offset)
	}
}

func ExampleCompileApache() {
	f, err := CompileApache(`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %D`)
	if err != nil {
		fmt.Println(err)
		return
	}
	var e Entry
	err = f.Parse([]byte(docsLine+` 1834`), &e)
	fmt.Println(err, string(e.Client), e.Timestamp().Format(time.RFC3339))
	fmt.Println(string(e.Method), string(e.Path), e.Status, e.Bytes, e.RequestTime)
	// Output:
	// <nil> 127.0.0.1 2000-10-10T13:55:36-07:00
	// GET /apache_pb.gif 200 2326 0.001834
}

func ExampleCompileApache_error() {
	_, err := CompileApache(`%h %l %u %t "%r" %>s %Z`)
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrBadFormat))
	// Output:
	// apache format: column 22: unknown directive "%Z"
	// true
}

func ExampleCompileFormat() {
	for _, s := range []string{"vhost_combined", `$remote_addr [$time_local] "$request" $status`} {
		f, err := CompileFormat(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(f.Name())
	}
	// Output:
	// vhost_combined
	// custom
}

func ExamplePresetByName() {
	p, ok := PresetByName("nginx-timed")
	fmt.Println(ok, p.Syntax)
	fmt.Println(p.Format)
	// Output:
	// true nginx
	// $remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time
}

func TestNumericExtraMustBeANumber(t *testing.T) {
	f, err := CompileApache(`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %I %O`)
	require.NoError(t, err)
	var e Entry
	ok := `192.0.2.1 - - [17/May/2015:10:00:00 +0000] "GET / HTTP/1.1" 200 100 "-" "ua" 312 587`
	require.NoError(t, f.Parse([]byte(ok), &e))
	require.NoError(t, f.Parse([]byte(strings.Replace(ok, "312 587", "- -", 1)), &e))
	assert.ErrorIs(t, f.Parse([]byte(strings.Replace(ok, "312 587", `312 10x`, 1)), &e), ErrBadNumber)
	// A number ends at a space: what follows the last one is trailing text.
	assert.ErrorIs(t, f.Parse([]byte(strings.Replace(ok, "312 587", `312 101 "x" "y"`, 1)), &e), ErrTrailing)
}

// TestApacheAdjacentFixedWidth reads a real server's LogFormat in which %k
// follows %X directly: %X is one character (X, + or -), so the two need
// nothing between them.
func TestApacheAdjacentFixedWidth(t *testing.T) {
	f, err := ResolveFormat(`%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" io<%Iin %Oout %Dus %X%k> fwd<%{x-forwarded-for}i>`)
	require.NoError(t, err)
	var e Entry
	line := `127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] "GET / HTTP/1.1" 200 5 "-" "ua" io<512in 2048out 1234us +3> fwd<10.0.0.1>`
	require.NoError(t, f.Parse([]byte(line), &e))
	extra := map[string]string{}
	for _, x := range e.Extra {
		extra[x.Name] = string(x.Value)
	}
	assert.Equal(t, "+", extra["conn_status"])
	assert.Equal(t, "3", extra["keepalives"])
	assert.Equal(t, "10.0.0.1", extra["x-forwarded-for"])
	assert.InDelta(t, 0.001234, e.RequestTime, 1e-9)
	// A conn_status of another width does not fit.
	assert.Error(t, f.Parse([]byte(`127.0.0.1 - - [12/Apr/2018:09:48:40 +0200] "GET / HTTP/1.1" 200 5 "-" "ua" io<512in 2048out 1234us > fwd<10.0.0.1>`), &e))
}
