package parser

import (
	"fmt"
	"testing"
	"time"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJSONPrivateISU(t *testing.T) {
	third := fileLine(t, "private-isu-1k.log", 3)
	cases := []struct {
		name    string
		mapping map[string]string
		n       int
		want    map[string]string
	}{
		{"automatic keys", nil, 3, map[string]string{
			"time": "2024-10-12T23:14:21+09:00", "vhost": "172.31.7.82", "port": "46264", "method": "GET", "path": "/",
			"status": "200", "bytes": "6038", "referer": "http://172.31.6.201/login", "ua": "benchmarker",
			"rt": "0.852", "ut": "0.852"}},
		// private-isu logs $remote_addr as "host" and $remote_port as "port".
		{"host is the client, port is not the server's", map[string]string{"client": "host", "port": ""}, 3, map[string]string{
			"time": "2024-10-12T23:14:21+09:00", "client": "172.31.7.82", "x:port": "46264", "method": "GET", "path": "/",
			"status": "200", "bytes": "6038", "referer": "http://172.31.6.201/login", "ua": "benchmarker",
			"rt": "0.852", "ut": "0.852"}},
		{"empty referer, POST", map[string]string{"Client": "host", "port": ""}, 2, map[string]string{
			"time": "2024-10-12T23:14:20+09:00", "client": "172.31.7.82", "x:port": "46264", "method": "POST", "path": "/login",
			"status": "302", "bytes": "0", "ua": "benchmarker", "rt": "0.009", "ut": "0.009"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := NewJSONFormat(tc.mapping)
			assert.Equal(t, "json", f.Name())
			var e Entry
			require.NoError(t, f.Parse([]byte(fileLine(t, "private-isu-1k.log", tc.n)), &e))
			assert.Equal(t, tc.want, flatten(&e))
		})
	}

	t.Run("whole file", func(t *testing.T) {
		f := NewJSONFormat(map[string]string{"client": "host"})
		var e Entry
		for i, l := range readLines(t, "private-isu-1k.log") {
			require.NoError(t, f.Parse(l, &e), "line %d", i+1)
			require.True(t, e.HasTime && e.HasZone)
			assert.Equal(t, int32(9*3600), e.Offset)
		}
	})

	t.Run("agrees with the compiled log_format", func(t *testing.T) {
		cfg := readConfig(t, "nginx.conf")
		compiled, err := cfg.Format("json")
		require.NoError(t, err)
		scanner := NewJSONFormat(map[string]string{"client": "host", "port": ""})
		var a, b Entry
		for i, l := range readLines(t, "private-isu-1k.log") {
			require.NoError(t, compiled.Parse(l, &a), "line %d", i+1)
			require.NoError(t, scanner.Parse(l, &b), "line %d", i+1)
			fa, fb := flatten(&a), flatten(&b)
			fa["x:port"] = fa["x:remote_port"]
			delete(fa, "x:remote_port")
			assert.Equal(t, fa, fb, "line %d", i+1)
		}
		require.NoError(t, compiled.Parse([]byte(third), &a))
		assert.Equal(t, "172.31.7.82", string(a.Client))
	})
}

func TestJSONCaddy(t *testing.T) {
	l := []byte(fileLine(t, "caddy.json", 1))
	base := map[string]string{
		"time": "2022-03-09T21:30:01.5241024Z", "x:level": "info", "x:logger": "http.log.access.log0",
		"x:msg": "handled request", "client": "203.0.113.7", "x:request.remote_port": "41342",
		"x:request.client_ip": "203.0.113.7", "protocol": "HTTP/2.0", "method": "GET", "vhost": "example.com",
		"path": `/search?q=café&x="y"`, "ua": "curl/8.5.0", "x:request.headers.Accept": `["*/*"]`,
		"x:request.tls.resumed": "false", "x:request.tls.version": "772", "x:request.tls.cipher_suite": "4865",
		"x:request.tls.proto": "h2", "x:request.tls.server_name": "example.com", "x:bytes_read": "0", "x:user_id": "",
		"rt": "0.000929675", "bytes": "10900", "status": "200", "x:resp_headers.Server": `["Caddy"]`,
		"x:resp_headers.Content-Type": `["text/html; charset=utf-8"]`,
	}
	t.Run("automatic", func(t *testing.T) {
		var e Entry
		require.NoError(t, NewJSONFormat(nil).Parse(l, &e))
		assert.Equal(t, base, flatten(&e))
	})
	t.Run("dotted mapping", func(t *testing.T) {
		want := map[string]string{}
		for k, v := range base {
			want[k] = v
		}
		delete(want, "x:request.client_ip")
		want["x:request.remote_ip"] = "203.0.113.7"
		want["x:bytes_read"], want["x:size"] = "0", "10900"
		delete(want, "bytes")
		want["bytes"] = "0"
		var e Entry
		f := NewJSONFormat(map[string]string{"client": "request.client_ip", "bytes": "bytes_read"})
		require.NoError(t, f.Parse(l, &e))
		got := flatten(&e)
		delete(want, "x:bytes_read")
		assert.Equal(t, want, got)
	})
}

func TestJSONValues(t *testing.T) {
	cases := []struct {
		name    string
		mapping map[string]string
		line    string
		want    map[string]string
	}{
		{"status as string", nil, `{"status":"404"}`, map[string]string{"status": "404"}},
		{"epoch milliseconds", nil, `{"status":200,"time":1474176001123}`,
			map[string]string{"status": "200", "time": "2016-09-18T05:20:01.123Z"}},
		{"epoch string with fraction", nil, `{"status":200,"msec":"1474176001.123"}`,
			map[string]string{"status": "200", "time": "2016-09-18T05:20:01.123Z"}},
		{"epoch nanoseconds", nil, `{"status":200,"ts":1474176001123456789}`,
			map[string]string{"status": "200", "time": "2016-09-18T05:20:01.123456789Z"}},
		{"CLF time with brackets", nil, `{"status":200,"time_local":"[10/Oct/2000:13:55:36 -0700]"}`,
			map[string]string{"status": "200", "time": "2000-10-10T13:55:36-07:00"}},
		{"ISO time without zone", nil, `{"status":200,"@timestamp":"2016-12-07 11:05:07"}`,
			map[string]string{"status": "200", "time": "2016-12-07T11:05:07Z nozone"}},
		{"string escapes", nil, `{"status":200,"ua":"a\"b\\c\/d\u00e9\ud83d\ude00\n\t"}`,
			map[string]string{"status": "200", "ua": "a\"b\\c/dé😀\n\t"}},
		{"escaped key", nil, `{"st\u0061tus":201}`, map[string]string{"status": "201"}},
		{"request line", nil, `{"status":200,"request":"GET /x?y HTTP/1.1"}`,
			map[string]string{"status": "200", "request": "GET /x?y HTTP/1.1", "method": "GET", "path": "/x?y", "protocol": "HTTP/1.1"}},
		{"upstream list", nil, `{"status":502,"upstream_response_time":"0.002, 0.500 : 0.010"}`,
			map[string]string{"status": "502", "ut": "0.512"}},
		{"dash and empty are absent", nil, `{"status":200,"body_bytes_sent":"-","referer":"-","ua":"","request_time":"-"}`,
			map[string]string{"status": "200"}},
		{"exponent duration", nil, `{"status":200,"duration":4.2e-05}`, map[string]string{"status": "200", "rt": "4.2e-05"}},
		{"nested values and arrays", nil, `{"a":{"b":[1,{"c":[true,null,"]"]}],"d":{}},"status":200,"e":[]}`,
			map[string]string{"status": "200", "x:a.b": `[1,{"c":[true,null,"]"]}]`, "x:e": "[]"}},
		{"null, true, false, numbers", nil, `{ "status" : 200 , "x" : null, "y": true, "z": -1.5e3 }`,
			map[string]string{"status": "200", "x:x": "<nil>", "x:y": "true", "x:z": "-1.5e3"}},
		{"unreadable automatic value goes to Extra", nil, `{"status":200,"port":"http","bytes":1.5}`,
			map[string]string{"status": "200", "x:port": "http", "x:bytes": "1.5"}},
		{"second key for a field goes to Extra", nil, `{"status":200,"remote_addr":"192.0.2.1","client_ip":"192.0.2.2"}`,
			map[string]string{"status": "200", "client": "192.0.2.1", "x:client_ip": "192.0.2.2"}},
		{"explicit mapping beats the automatic key", map[string]string{"status": "resp_code"},
			`{"status":"n/a","resp_code":"503"}`, map[string]string{"status": "503", "x:status": "n/a"}},
		{"rename into Extra", map[string]string{"backend": "upstream_addr"}, `{"status":200,"upstream_addr":"10.0.0.1:80"}`,
			map[string]string{"status": "200", "x:backend": "10.0.0.1:80"}},
		{"status turned off", map[string]string{"status": ""}, `{"a":1}`, map[string]string{"x:a": "1"}},
		{"request id and connection", nil, `{"status":200,"request_id":"abc","connection":"17","connection_requests":2}`,
			map[string]string{"status": "200", "reqid": "abc", "conn": "17", "x:connection_requests": "2"}},
		{"array fills a mapped field", map[string]string{"user_agent": "h.ua"}, `{"status":200,"h":{"ua":["curl",1]}}`,
			map[string]string{"status": "200", "ua": "curl"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e Entry
			require.NoError(t, NewJSONFormat(tc.mapping).Parse([]byte(tc.line), &e))
			assert.Equal(t, tc.want, flatten(&e))
		})
	}
}

func TestJSONErrors(t *testing.T) {
	cases := []struct {
		name, line string
		mapping    map[string]string
		want       error
	}{
		{"not an object", `127.0.0.1 - - [10/Oct/2000:13:55:36 -0700]`, nil, ErrLiteral},
		{"empty", ``, nil, ErrEmpty},
		{"cut short", `{"status":200`, nil, ErrFieldCount},
		{"unterminated string", `{"status":"200}`, nil, ErrBadQuote},
		{"trailing text", `{"status":200} x`, nil, ErrTrailing},
		{"no status", `{"a":1}`, nil, ErrFieldCount},
		{"bad status", `{"status":"abc"}`, nil, ErrBadStatus},
		{"status out of range", `{"status":700}`, nil, ErrBadStatus},
		{"bad literal", `{"status":200,"a":tru}`, nil, ErrLiteral},
		{"missing colon", `{"status" 200}`, nil, ErrLiteral},
		{"bad escape", `{"status":200,"a":"\q"}`, nil, ErrLiteral},
		{"bad unicode escape", `{"status":200,"a":"\u12"}`, nil, ErrLiteral},
		{"explicit field unreadable", `{"status":200,"p":"x"}`, map[string]string{"port": "p"}, ErrBadNumber},
		{"bad time", `{"status":200,"time":"yesterday"}`, map[string]string{"time": "time"}, ErrBadTime},
		{"too deep", `{"a":` + repeat("[", 40) + repeat("]", 40) + `,"status":200}`, nil, ErrLiteral},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var e Entry
			err := NewJSONFormat(tc.mapping).Parse([]byte(tc.line), &e)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

// repeat returns s n times.
func repeat(s string, n int) string {
	out := ""
	for range n {
		out += s
	}
	return out
}

// TestJSONClone checks that a clone parses alike and keeps its own buffers.
func TestJSONClone(t *testing.T) {
	f := NewJSONFormat(map[string]string{"client": "host"})
	g := f.Clone()
	var a, b Entry
	for _, l := range readLines(t, "private-isu-1k.log")[:20] {
		require.NoError(t, f.Parse(l, &a))
		require.NoError(t, g.Parse(l, &b))
		assert.Equal(t, flatten(&a), flatten(&b))
	}
	assert.NotSame(t, f, g)
}

func ExampleNewJSONFormat() {
	// private-isu logs $remote_addr under "host" and the client's port under "port".
	f := NewJSONFormat(map[string]string{"client": "host", "port": ""})
	var e Entry
	err := f.Parse([]byte(`{"time":"2024-10-12T23:14:21+09:00","host":"172.31.7.82","port":46264,"method":"GET","uri":"/","status":"200","body_bytes":6038,"request_time":"0.852"}`), &e)
	fmt.Println(err, string(e.Client), string(e.Method), string(e.Path), e.Status, e.Bytes, e.RequestTime)
	fmt.Println(e.Timestamp().Format(time.RFC3339), e.Extra[0].Name, string(e.Extra[0].Value))
	// Output:
	// <nil> 172.31.7.82 GET / 200 6038 0.852
	// 2024-10-12T23:14:21+09:00 port 46264
}

// TestJSONKeyCacheMatchesFresh checks the top-level key shortcut: a format
// warmed by earlier lines must read every line exactly as a fresh one does,
// also when keys change order, hold escapes, or have space before the colon.
func TestJSONKeyCacheMatchesFresh(t *testing.T) {
	lines := append(readLines(t, "private-isu-1k.log")[:50], readLines(t, "caddy.json")...)
	lines = append(lines,
		[]byte(`{"status":"404","uri":"/a","host":"10.0.0.1"}`),
		[]byte(`{"uri":"/b","status":"200","host":"10.0.0.2"}`),
		[]byte(`{"uri":"/b","status":"200","host":"10.0.0.2"}`),
		[]byte(`{"st\u0061tus":"500","uri":"/c"}`),
		[]byte(`{"status" : "201","uri":"/d"}`),
		[]byte(`{"status":"201","uri":{"path":"/e"}}`),
		[]byte(`{"status":"201","uri":"/f","x":[1,2]}`),
		[]byte(`{"status":"201","status":"202"}`),
		[]byte(`{"statusx":"1","status":"203"}`),
	)
	for _, mapping := range []map[string]string{nil, {"client": "host", "port": ""}} {
		warm := NewJSONFormat(mapping)
		for i, l := range lines {
			var got, want Entry
			errGot := warm.Parse(l, &got)
			errWant := NewJSONFormat(mapping).Parse(l, &want)
			require.Equal(t, errWant, errGot, "line %d: %s", i, l)
			require.Equal(t, want, got, "line %d: %s", i, l)
		}
	}
}

// FuzzJSONStr checks the word-wise string scan against a byte loop: the
// string ends at the first quote unless an escape comes first.
func FuzzJSONStr(f *testing.F) {
	f.Add([]byte(`"2024-10-12T23:14:20+09:00","host"`))
	f.Add([]byte(`"a\"b"`))
	f.Add([]byte(`"0123456789abcdef0123456789abcdef0123\"x"`))
	f.Fuzz(func(t *testing.T, s []byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		if len(s) == 0 || s[0] != '"' {
			return
		}
		j := NewJSONFormat(nil).(*jsonFormat)
		v, next, err := j.str(s, 0)
		want := -1 // index of the first quote or backslash after the opening quote
		for i := 1; i < len(s); i++ {
			if s[i] == '"' || s[i] == '\\' {
				want = i
				break
			}
		}
		switch {
		case want < 0:
			if err == nil {
				t.Fatalf("%q: no closing quote, got %q", s, v)
			}
		case s[want] == '"':
			if err != nil || string(v) != string(s[1:want]) || next != want+1 {
				t.Fatalf("%q: got %q %d %v, want %q %d", s, v, next, err, s[1:want], want+1)
			}
		default:
			j2 := NewJSONFormat(nil).(*jsonFormat)
			wv, wnext, werr := j2.unescape(s, 1)
			if (err == nil) != (werr == nil) || string(v) != string(wv) || next != wnext {
				t.Fatalf("%q: got %q %d %v, unescape gives %q %d %v", s, v, next, err, wv, wnext, werr)
			}
		}
	})
}
