package parser

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// withinBuf reports whether b is nil or a sub-slice of buf. Pointers can only
// be compared for equality without package unsafe, so it looks for b's
// first element among buf's.
func withinBuf(buf, b []byte) bool {
	if b == nil {
		return true
	}
	if len(b) == 0 {
		if cap(b) == 0 {
			return true // nothing to locate; an empty slice cannot reach outside
		}
		b = b[:1]
		buf = buf[:min(len(buf)+1, cap(buf))]
	}
	for k := 0; k+len(b) <= len(buf); k++ {
		if &buf[k] == &b[0] {
			return true
		}
	}
	return false
}

// entryByteFields lists the byte-slice fields of e with their names.
func entryByteFields(e *Entry) map[string][]byte {
	m := map[string][]byte{
		"Client": e.Client, "Ident": e.Ident, "User": e.User, "Method": e.Method, "Path": e.Path,
		"Protocol": e.Protocol, "Request": e.Request, "Referer": e.Referer, "UserAgent": e.UserAgent,
		"VHost": e.VHost, "RequestID": e.RequestID,
	}
	for _, f := range e.Extra {
		m["Extra "+f.Name] = f.Value
	}
	return m
}

// hasStatus reports whether a compiled format fills Entry.Status.
func hasStatus(m *machine) bool {
	for _, st := range m.steps {
		if !st.isLit && st.f.slot == slotStatus {
			return true
		}
	}
	return false
}

// FuzzCompileFormat compiles a format string and, when it compiles, parses a
// line with it. It must not panic; on success every slice of the Entry lies
// inside the line, the status (when the format has one) is in 100–599, the
// numbers keep their "absent" convention, and a clone parses the same way.
func FuzzCompileFormat(f *testing.F) {
	for _, p := range Presets {
		f.Add(p.Format, docsLine)
		f.Add(p.Name, docsLine)
	}
	f.Add(`%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`,
		`www.nspw.org:80 178.199.251.128 - - [26/Apr/2018:10:59:07 -0400] "GET / HTTP/1.1" 302 528 "-" "\"Mozilla/5.0\""`)
	f.Add(`[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] %>s %D %{X-Forwarded-For}i`, `[10/Oct/2000 13:55:36.123 -0700] 200 1234 1.2.3.4, 5.6.7.8`)
	f.Add(`%h %t %r %>s %b`, `192.0.2.1 [10/Oct/2000:13:55:36 -0700] GET /a HTTP/1.1 200 5`)
	f.Add(`$remote_addr:$remote_port $upstream_response_time $msec ${status}`, `2001:db8::1:51234 0.002, 0.500 : 0.010 1474176001.123 200`)
	f.Add(`{"time":"$time_iso8601","status":"$status","port":$remote_port}`, `{"time":"2024-10-12T23:14:20+09:00","status":"200","port":4}`)
	f.Add(`%{sec}t.%{usec_frac}t %s %{%a %b %e %I:%M:%S %p %Y %j}t`, `971211336.123456 404 Tue Oct  3 01:55:36 PM 2000 277`)
	f.Fuzz(func(t *testing.T, format, line string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		fm, err := CompileFormat(format)
		if err != nil {
			require.ErrorIs(t, err, ErrBadFormat)
			return
		}
		b := []byte(line)
		var e Entry
		if fm.Parse(b, &e) != nil {
			return
		}
		for name, v := range entryByteFields(&e) {
			require.True(t, withinBuf(b, v), "%s %q is not inside the line", name, v)
		}
		m := fm.(*machine)
		if hasStatus(m) {
			require.GreaterOrEqual(t, e.Status, 100)
			require.LessOrEqual(t, e.Status, 599)
		}
		require.GreaterOrEqual(t, e.Bytes, int64(-1))
		require.GreaterOrEqual(t, e.Port, -1)
		require.LessOrEqual(t, e.Port, 65535)
		require.False(t, e.RequestTime < 0 && e.RequestTime != -1, "request time %v", e.RequestTime)
		require.False(t, e.UpstreamTime < 0 && e.UpstreamTime != -1, "upstream time %v", e.UpstreamTime)
		require.True(t, e.HasTime || !e.HasZone)

		want := flatten(&e)
		var c Entry
		require.NoError(t, fm.Clone().Parse(b, &c))
		assert.Equal(t, want, flatten(&c))
	})
}

// FuzzParseJSON parses a line with the JSON scanner. It must not panic; on
// success every slice lies inside the line or the scanner's own buffer, the
// status is in range, and for a valid JSON object each top-level string that
// went to Extra equals what encoding/json decodes.
func FuzzParseJSON(f *testing.F) {
	for _, n := range []int{1, 2, 3} {
		f.Add([]byte(fileLine(f, "private-isu-1k.log", n)))
	}
	f.Add([]byte(fileLine(f, "caddy.json", 1)))
	for _, s := range []string{
		`{"status":"404"}`, `{"status":200,"time":1474176001123}`, `{"status":200,"ua":"a\"b\\c\/d\u00e9\ud83d\ude00\n\t"}`,
		`{"a":{"b":[1,{"c":[true,null,"]"]}],"d":{}},"status":200,"e":[]}`, `{"status":502,"upstream_response_time":"0.002, 0.500 : 0.010"}`,
		`{"status":200,"x":"\ud800","y":"\u0000"}`, `{"st\u0061tus":201,"request":"GET / HTTP/1.1"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		jf := NewJSONFormat(nil).(*jsonFormat)
		var e Entry
		if jf.Parse(line, &e) != nil {
			return
		}
		for name, v := range entryByteFields(&e) {
			require.True(t, withinBuf(line, v) || withinBuf(jf.scratch, v), "%s %q is outside line and scratch", name, v)
		}
		require.GreaterOrEqual(t, e.Status, 100)
		require.LessOrEqual(t, e.Status, 599)
		if !json.Valid(line) {
			return
		}
		var obj map[string]any
		if json.Unmarshal(line, &obj) != nil {
			return
		}
		seen := map[string]int{}
		for _, x := range e.Extra {
			seen[x.Name]++
		}
		for _, x := range e.Extra {
			s, ok := obj[x.Name].(string)
			// encoding/json keeps the last of duplicate keys, the scanner
			// may have read an earlier one into a field: compare only keys
			// written once (counted on the raw line, which may overcount).
			if !ok || seen[x.Name] > 1 || !utf8.Valid(x.Value) || bytes.Count(line, []byte(`"`+x.Name+`"`)) > 1 {
				continue
			}
			assert.Equal(t, s, string(x.Value), "key %q", x.Name)
		}
	})
}
