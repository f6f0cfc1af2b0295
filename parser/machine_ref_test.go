package parser

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// parseRef is the plain step-by-step loop that machine.Parse was before its
// hot path was specialised: every field goes through step.find and store,
// every literal and tail through matchLit. It is the oracle the tests and
// FuzzMachineParse compare the specialised Parse with.
func (m *machine) parseRef(line []byte, e *Entry) error {
	line, err := startLine(line, e)
	if err != nil {
		return err
	}
	pos := 0
	for i := range m.steps {
		st := &m.steps[i]
		if st.isLit {
			if pos, err = matchLit(line, pos, st.lit); err != nil {
				return err
			}
			continue
		}
		if st.ext == extSelf {
			n, err := m.parseTime(st, line[pos:], e)
			if err != nil {
				return err
			}
			pos += n
		} else {
			start, end, next, err := st.find(line, pos)
			if err == errCutQuote {
				e.Truncated = true
			} else if err != nil {
				return err
			}
			if err := store(st, line[start:end], e); err != nil {
				return err
			}
			pos = next
		}
		switch t := st.tail; {
		case len(t) == 1 && pos < len(line) && line[pos] == t[0]:
			pos++
		case t != "":
			if pos, err = matchLit(line, pos, t); err != nil {
				return err
			}
		}
	}
	if pos != len(line) {
		return ErrTrailing
	}
	return nil
}

// setRequestRef is setRequest before its in-place check of " HTTP/x.y".
func setRequestRef(v []byte, e *Entry) {
	if isDash(v) {
		return
	}
	e.Request = v
	i := bytes.IndexByte(v, ' ')
	if i <= 0 {
		return
	}
	e.Method = v[:i]
	rest := v[i+1:]
	if j := bytes.LastIndexByte(rest, ' '); j >= 0 && bytes.HasPrefix(rest[j+1:], spaceHTTP[1:]) {
		e.Protocol = rest[j+1:]
		rest = rest[:j]
	}
	e.Path = rest
}

// sameHelpers checks setRequest against setRequestRef, and indexByte and
// index2 against the bytes package, on s.
func sameHelpers(t *testing.T, s []byte) {
	t.Helper()
	var got, want Entry
	setRequest(s, &got)
	setRequestRef(s, &want)
	require.True(t, reflect.DeepEqual(want, got), "setRequest(%q):\nwant %+v\ngot  %+v", s, want, got)
	for _, c := range []byte{' ', '"', '-', 0x80, 0xff, 0} {
		require.Equal(t, bytes.IndexByte(s, c), indexByte(s, c), "indexByte(%q, %q)", s, c)
		require.Equal(t, bytes.Index(s, []byte{' ', c}), index2(s, ' ', c), "index2(%q, ' ', %q)", s, c)
		for _, d := range []string{string(c), " " + string(c), " - ", "] [", "\" \"", "\",\"ab\":\"" + string(c), " - - - " + string(c) + " - - "} {
			require.Equal(t, bytes.Index(s, []byte(d)), indexDelim(s, d), "indexDelim(%q, %q)", s, d)
		}
	}
}

// TestHelpersMatchRef runs sameHelpers on request lines and on every
// suffix of a line with bytes around each delimiter.
func TestHelpersMatchRef(t *testing.T) {
	for _, s := range []string{
		"", "-", " ", "GET", "GET ", " GET", "GET /", "GET / HTTP/1.1", "GET / HTTP/1.1 ", "GET  HTTP/1.1",
		"GET /a b HTTP/1.1", "GET /a HTTP/1. 1", "GET /a HTTP/ 1.1", "GET /a HTTP/1.1x", "GET /a xHTTP/1.1",
		"GET HTTP/1.1", "GET /a HTTP/2", "GET /a HTTP/2.0", "GET /a http/1.1", "GET /a HTTP/1.1 HTTP/1.1",
		"GET / HTTP/11.1", "GET /a HTTP/1. ", "GET /a HTTP/1 1", "GET /a HTTP/ 11", "GET /\"HTTP/1.1", "a HTTP/1.1", "\x16\x03\x01\x00",
	} {
		sameHelpers(t, []byte(s))
	}
	line := []byte("127.0.0.1 - - \x80[x]\xff \"GET /\" \"\x00 - ab  cd -- ef\" 200 \"-\"  -  x\x80\xff\x00yz0123456789012345678901234 \"")
	for i := range line {
		sameHelpers(t, line[i:])
		sameHelpers(t, line[:i])
	}
}

// sameParse parses line with Parse and with parseRef (each with a fresh
// clone, so that the timestamp caches start alike) and reports any
// difference in the error or the entry.
func sameParse(t *testing.T, m *machine, line []byte) {
	t.Helper()
	var got, want Entry
	gotErr := m.Clone().Parse(line, &got)
	wantErr := m.Clone().(*machine).parseRef(line, &want)
	require.Equal(t, wantErr, gotErr, "error for %q with %q", line, m.src)
	if wantErr != nil {
		return
	}
	require.True(t, reflect.DeepEqual(want, got), "entry for %q with %q:\nwant %+v\ngot  %+v", line, m.src, want, got)
}

// refLines are lines that take the specialised paths of Parse and their
// fallbacks: escaped and early quotes, quotes not followed by the expected
// text, list separators, cut-off lines, bad numbers.
var refLines = []string{
	`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a\"b HTTP/1.0" 200 - "-" "a \"quoted\" agent"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a" b HTTP/1.0" 200 - "x"y" "a "quoted" agent"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /a\\" 200 - "x\\" "ua\\"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "" 400 0 "-" "-"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 0 "-" "ua" trailing`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 0 "-" "ua`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 0 "-"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 0 `,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 2000 0 "-" "-"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1x "-" "-"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 2 "-" "-"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 x"-" "-"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-"x"-"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] x"GET / HTTP/1.1" 200 1 "-" "-"`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700]`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700`,
	`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1"200 1 "-" "-"`,
	`10.0.0.1, 10.0.0.2 - a b [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "-"`,
	`10.0.0.1 : 10.0.0.2 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 1 "-" "-"`,
	`192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "ua" 0.123`,
	`192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "ua" 0.123 0.002, 0.500 : 0.010`,
	`www.example.com:80 192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`[::1]:8080 192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "ua"`,
	`192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.1" 200 5 "-" "ua" 12 0.004 [up] [] 10.0.0.1:80 5 0.004 200 abcdef`,
	"192.0.2.1 - - [10/Oct/2000:13:55:36 -0700] \"GET / HTTP/1.1\" 200 5 \"-\" \"ua\"\r",
	``,
	`-`,
	` `,
	`"`,
	`{"time":"2024-10-12T23:14:20+09:00","host":"172.31.7.82","port":46252,"method":"GET","uri":"/x\",\"uri\":\"y","status":"200","body_bytes":0,"referer":"","ua":"a","request_time":"0.040","response_time":"0.040"}`,
	`{"time":"2024-10-12T23:14:20+09:00","host":"172.31.7.82","port":46252,"method":"GET","uri":"/x","uri":"/y","status":"200","body_bytes":0,"referer":"","ua":"a","request_time":"0.040","response_time":"0.040, 0.5"}`,
	`{"time":"2024-10-12T23:14:20+09:00","host":"172.31.7.82","port":46252,"method":"GET","uri":"/x","status":"200","body_bytes":0,"referer":"","ua":"a","request_time":"0.040","response_time":"-"}x`,
	`{"time":"2024-10-12T23:14:20+09:00","host":"172.31.7.82","port":46252,"method":"GET","uri":"/x","status":"200","body_bytes":0,"referer":"","ua":"a","request_time":"0.040","response_time":"0.040"`,
	`{"time":"2024-10-12T23:14:20+09:00","host":"h","port":1,"method":"GET","uri":"/x","statuz":"200","body_bytes":0,"referer":"","ua":"a","request_time":"0.040","response_time":"0.040"}`,
	`{"time":"2024-10-12T23:14:20+09:00","host":"h","port":1,"method":"GET","uri":"/x","status":"200","body_bytes":0,"referer":"","ua":"a","request_time":"0.040","response_timf":"0.040"}`,
	`192.0.2.1 [default-web-8080] [] "GET / HTTP/1.1" 200 0.004, 0.010 : 0.5 abc`,
	`192.0.2.1 [up] x] [] "GET / HTTP/1.1" 200 - abc`,
}

// refFormats are format strings whose compiled steps cover every op kind.
var refFormats = []string{
	`%h %t %r %>s %b`,
	`%h "%r" %>s %b "%{Referer}i"x"%{User-Agent}i"`,
	`%h "%r"%>s "%{Referer}i" "%{User-Agent}i" -- %D`,
	`%v:%p %h %l %u %t "%r" %>s %O`,
	`$remote_addr "$request" $status "$http_referer" $request_time`,
	`$remote_addr -- $remote_user "$request"  $status $body_bytes_sent "$http_referer" "$http_user_agent"`,
	`%h %l %u [%{%d/%b/%Y:%T %z}t] "%r" %>s %b`,
	`{"time":"$time_iso8601","host":"$remote_addr","port":$remote_port,"method":"$request_method","uri":"$request_uri",` +
		`"status":"$status","body_bytes":$body_bytes_sent,"referer":"$http_referer","ua":"$http_user_agent",` +
		`"request_time":"$request_time","response_time":"$upstream_response_time"}`,
	`$remote_addr [$proxy_upstream_name] [$proxy_alternative_upstream_name] "$request" $status $upstream_response_time $req_id`,
}

// TestParseMatchesRef checks the specialised Parse against parseRef for
// every preset and a few more format strings, on every line of the sample
// files and on lines that take the fallback paths.
func TestParseMatchesRef(t *testing.T) {
	var lines [][]byte
	for _, name := range []string{"../parser/combined-2k.log", "nginx-timed-1k.log", "ingress.log", "npm.log", "private-isu-1k.log"} {
		ls := readLines(t, name)
		lines = append(lines, ls[:min(len(ls), 300)]...)
	}
	for _, l := range refLines {
		lines = append(lines, []byte(l))
	}
	formats := append([]string{}, refFormats...)
	for _, p := range Presets {
		formats = append(formats, p.Name)
	}
	for _, s := range formats {
		t.Run(s, func(t *testing.T) {
			f, err := CompileFormat(s) // not mustCompile, which -race builds leave out
			require.NoError(t, err)
			m := f.(*machine)
			for _, l := range lines {
				sameParse(t, m, l)
			}
		})
	}
}

// FuzzMachineParse compiles a format string and checks that the specialised
// Parse agrees with parseRef, error and entry, on a line.
func FuzzMachineParse(f *testing.F) {
	for i, l := range refLines {
		f.Add(refFormats[i%len(refFormats)], l)
		f.Add("combined", l)
		f.Add("nginx-combined", l)
	}
	for _, p := range Presets {
		f.Add(p.Format, docsLine)
	}
	f.Fuzz(func(t *testing.T, format, line string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		fm, err := CompileFormat(format)
		if err != nil {
			return
		}
		m, ok := fm.(*machine)
		if !ok {
			return
		}
		sameParse(t, m, []byte(line))
		sameHelpers(t, []byte(line))
		sameDecimal(t, []byte(line))
		assert.NotNil(t, m.ops)
	})
}

// parseDecimalRef is parseDecimal before its one-pass form for short values.
func parseDecimalRef(v []byte) (float64, bool) {
	if isDash(v) {
		return -1, true
	}
	return parseDecimalLong(v)
}

// TestParseDecimalMatchesRef checks parseDecimal and duration against
// their plain forms on numbers, lists and near misses.
func TestParseDecimalMatchesRef(t *testing.T) {
	cases := []string{
		"", "-", ".", "..", "0", "1", "1.", ".5", "1.914", "0.000", "1.2.3", "1-", "-1", "--", "1 ", " 1",
		"123456789012345678", "1234567890123456789", "12345678901234567.", "0.12345678901234567",
		"0.123456789012345678901", "1234567890.1234567", "1e3", "1,5", "0.002, 0.500 : 0.010", "-, 0.1", "- : -",
	}
	for _, c := range cases {
		sameDecimal(t, []byte(c))
	}
}

// sameDecimal compares parseDecimal with parseDecimalRef, and duration of a
// list field with sumDurations, on v.
func sameDecimal(t *testing.T, v []byte) {
	t.Helper()
	d, ok := parseDecimal(v)
	wd, wok := parseDecimalRef(v)
	require.Equal(t, wok, ok, "parseDecimal(%q) ok", v)
	if ok {
		require.Equal(t, wd, d, "parseDecimal(%q)", v)
	}
	f := fieldSpec{conv: convDurList}
	d, ok = duration(&f, v)
	wd, wok = sumDurations(v)
	require.Equal(t, wok, ok, "duration(%q) ok", v)
	if ok {
		require.Equal(t, wd, d, "duration(%q)", v)
	}
}

// TestResetClears checks that Entry.Reset leaves an entry as a zero one
// with the absent numbers at -1, keeping Extra's backing array.
func TestResetClears(t *testing.T) {
	x := []byte("x")
	e := Entry{Client: x, Ident: x, User: x, Method: x, Path: x, Protocol: x, Request: x, Referer: x,
		UserAgent: x, VHost: x, RequestID: x, Time: 1, Offset: 2, HasTime: true, HasZone: true, Truncated: true,
		Status: 200, Bytes: 3, Port: 4, RequestTime: 5, UpstreamTime: 6, Connection: 7,
		Extra: append(make([]Field, 0, 4), Field{Name: "a", Value: x})}
	e.Reset()
	assert.Equal(t, Entry{Bytes: -1, Port: -1, RequestTime: -1, UpstreamTime: -1, Connection: -1, Extra: []Field{}}, e)
	assert.Equal(t, 4, cap(e.Extra))
}

// TestLongPrefixMatchesHasPrefix checks longPrefix against
// bytes.HasPrefix for literals of 1 to 20 bytes, differing at every byte.
func TestLongPrefixMatchesHasPrefix(t *testing.T) {
	s := []byte(`,"request_time":"0.040","x"`)
	for n := 1; n <= 20; n++ {
		p := []byte(string(s[:n]))
		for i := 0; i <= n; i++ {
			q := append([]byte{}, p...)
			if i < n {
				q[i] ^= 0x20
			}
			for _, line := range [][]byte{s, s[:n], s[:n-1], s[:3]} {
				assert.Equal(t, bytes.HasPrefix(line, q), longPrefix(line, string(q)), "%q %q", line, q)
			}
		}
	}
}
