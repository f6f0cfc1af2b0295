package parser

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// want is the expected content of an Entry in a table test; nil slices are
// absent fields.
type want struct {
	client, user, method, path, proto, request, referer, agent, vhost string
	time                                                              string // RFC 3339
	status                                                            int
	bytes                                                             int64
	port                                                              int
	rt, ut                                                            float64
	truncated                                                         bool
	xff                                                               string // Extra http_x_forwarded_for; "" is not checked
}

func str(b []byte) string {
	if b == nil {
		return "<nil>"
	}
	return string(b)
}

// TestPresetLines reads real and written lines with presets, each given by
// name and by its own format string, which must read them alike.
func TestPresetLines(t *testing.T) {
	cut := `46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html`
	cutWant := want{client: "46.118.127.106", user: "<nil>", method: "GET", path: "/scripts/grok-py-test/configlib.py", proto: "HTTP/1.1", request: "GET /scripts/grok-py-test/configlib.py HTTP/1.1",
		referer: "<nil>", agent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html", vhost: "<nil>", time: "2015-05-20T12:05:17Z", status: 200, bytes: 235, port: -1, rt: -1, ut: -1, truncated: true}
	with := func(w want, f func(*want)) want { f(&w); return w }
	tests := []struct {
		name   string
		format string
		line   string
		want   want
		err    error
	}{
		{
			name: "combined/elastic-examples line 1", format: "combined",
			line: `83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`,
			want: want{client: "83.149.9.216", user: "<nil>", method: "GET", path: "/presentations/logstash-monitorama-2013/images/kibana-search.png", proto: "HTTP/1.1",
				request: "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1", referer: "http://semicomplete.com/presentations/logstash-monitorama-2013/",
				agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36", vhost: "<nil>",
				time: "2015-05-17T10:05:03Z", status: 200, bytes: 203023, port: -1, rt: -1, ut: -1},
		},
		{
			name: "combined/xzymo escaped quotes in user agent", format: "combined",
			line: `178.199.251.128 - - [26/Apr/2018:10:59:07 -0400] "GET / HTTP/1.1" 200 3213 "-" "\"Mozilla/5.0 (iPhone; CPU iPhone OS 11_0 like Mac OS X) AppleWebKit/604.1.38 (KHTML, like Gecko) Version/11.0 Mobile/15A372 Safari/604.1\""`,
			want: want{client: "178.199.251.128", user: "<nil>", method: "GET", path: "/", proto: "HTTP/1.1", request: "GET / HTTP/1.1", referer: "<nil>",
				agent: `\"Mozilla/5.0 (iPhone; CPU iPhone OS 11_0 like Mac OS X) AppleWebKit/604.1.38 (KHTML, like Gecko) Version/11.0 Mobile/15A372 Safari/604.1\"`, vhost: "<nil>",
				time: "2018-04-26T10:59:07-04:00", status: 200, bytes: 3213, port: -1, rt: -1, ut: -1},
		},
		{
			name: "combined/xzymo dash request 408", format: "combined",
			line: `111.68.102.124 - - [26/Apr/2018:08:41:23 -0400] "-" 408 3408 "-" "-"`,
			want: want{client: "111.68.102.124", user: "<nil>", method: "<nil>", path: "<nil>", proto: "<nil>", request: "<nil>", referer: "<nil>", agent: "<nil>", vhost: "<nil>",
				time: "2018-04-26T08:41:23-04:00", status: 408, bytes: 3408, port: -1, rt: -1, ut: -1},
		},
		{
			name: "combined/lovecoding IPv6 client", format: "combined",
			line: `::1 - - [01/Dec/2020:06:41:01 +0000] "OPTIONS * HTTP/1.0" 200 126 "-" "Apache/2.4.29 (Ubuntu) OpenSSL/1.1.1 (internal dummy connection)"`,
			want: want{client: "::1", user: "<nil>", method: "OPTIONS", path: "*", proto: "HTTP/1.0", request: "OPTIONS * HTTP/1.0", referer: "<nil>",
				agent: "Apache/2.4.29 (Ubuntu) OpenSSL/1.1.1 (internal dummy connection)", vhost: "<nil>", time: "2020-12-01T06:41:01Z", status: 200, bytes: 126, port: -1, rt: -1, ut: -1},
		},
		{
			name: "combined/elastic-examples line 8899 cut off user agent", format: "combined",
			line: `46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html`,
			want: want{client: "46.118.127.106", user: "<nil>", method: "GET", path: "/scripts/grok-py-test/configlib.py", proto: "HTTP/1.1", request: "GET /scripts/grok-py-test/configlib.py HTTP/1.1",
				referer: "<nil>", agent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html", vhost: "<nil>", time: "2015-05-20T12:05:17Z", status: 200, bytes: 235, port: -1, rt: -1, ut: -1, truncated: true},
		},
		{
			name: "common/nasa host name client", format: "common",
			line: `in24.inetnebr.com - - [01/Aug/1995:00:00:01 -0400] "GET /shuttle/missions/sts-68/news/sts-68-mcc-05.txt HTTP/1.0" 200 1839`,
			want: want{client: "in24.inetnebr.com", user: "<nil>", method: "GET", path: "/shuttle/missions/sts-68/news/sts-68-mcc-05.txt", proto: "HTTP/1.0", request: "GET /shuttle/missions/sts-68/news/sts-68-mcc-05.txt HTTP/1.0",
				referer: "<nil>", agent: "<nil>", vhost: "<nil>", time: "1995-08-01T00:00:01-04:00", status: 200, bytes: 1839, port: -1, rt: -1, ut: -1},
		},
		{
			name: "vhost_combined/xzymo", format: "vhost_combined",
			line: `www.nspw.org:80 180.76.15.9 - - [26/Apr/2018:06:25:28 -0400] "GET /node/8 HTTP/1.1" 302 504 "-" "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)"`,
			want: want{client: "180.76.15.9", user: "<nil>", method: "GET", path: "/node/8", proto: "HTTP/1.1", request: "GET /node/8 HTTP/1.1", referer: "<nil>",
				agent: "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", vhost: "www.nspw.org", time: "2018-04-26T06:25:28-04:00", status: 302, bytes: 504, port: 80, rt: -1, ut: -1},
		},
		{
			name: "vhost_combined/lovecoding TLS bytes request", format: "vhost_combined",
			line: `127.0.0.1:80 66.249.73.75 - - [26/Nov/2020:06:29:07 +0000] "\x16\x03\x01\x02" 400 0 "-" "-"`,
			want: want{client: "66.249.73.75", user: "<nil>", method: "<nil>", path: "<nil>", proto: "<nil>", request: `\x16\x03\x01\x02`, referer: "<nil>", agent: "<nil>",
				vhost: "127.0.0.1", time: "2020-11-26T06:29:07Z", status: 400, bytes: 0, port: 80, rt: -1, ut: -1},
		},
		{
			name: "nginx-timed/feedforce 499 with request time", format: "nginx-timed",
			line: `221.241.47.74 - - [18/Sep/2016:14:19:19 +0900] "GET / HTTP/1.1" 499 0 "http://13.78.125.182/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.116 Safari/537.36" 1.914`,
			want: want{client: "221.241.47.74", user: "<nil>", method: "GET", path: "/", proto: "HTTP/1.1", request: "GET / HTTP/1.1", referer: "http://13.78.125.182/",
				agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.116 Safari/537.36", vhost: "<nil>",
				time: "2016-09-18T14:19:19+09:00", status: 499, bytes: 0, port: -1, rt: 1.914, ut: -1},
		},
		{
			name: "nginx-upstream/written for the test, upstream list", format: "nginx-upstream",
			line: `192.0.2.7 - alice [24/Nov/2026:10:00:00 +0100] "POST /api/v1/orders HTTP/2.0" 504 167 "-" "curl/8.5.0" 60.001 0.002, 30.000 : 30.000`,
			want: want{client: "192.0.2.7", user: "alice", method: "POST", path: "/api/v1/orders", proto: "HTTP/2.0", request: "POST /api/v1/orders HTTP/2.0", referer: "<nil>",
				agent: "curl/8.5.0", vhost: "<nil>", time: "2026-11-24T10:00:00+01:00", status: 504, bytes: 167, port: -1, rt: 60.001, ut: 60.002},
		},
		{
			name: "nginx-main/written for the test, forwarded-for", format: "nginx-main",
			line: `10.0.0.5 - - [24/Nov/2026:10:00:00 +0000] "GET /x HTTP/1.1" 200 5 "-" "Go-http-client/1.1" "203.0.113.9, 10.0.0.1"`,
			want: want{client: "10.0.0.5", user: "<nil>", method: "GET", path: "/x", proto: "HTTP/1.1", request: "GET /x HTTP/1.1", referer: "<nil>", agent: "Go-http-client/1.1", vhost: "<nil>",
				time: "2026-11-24T10:00:00Z", status: 200, bytes: 5, port: -1, rt: -1, ut: -1},
		},
		{name: "status out of range", format: "combined", err: ErrBadStatus,
			line: `1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 600 1 "-" "-"`},
		{name: "status not three digits", format: "combined", err: ErrBadStatus,
			line: `1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 20 1 "-" "-"`},
		{name: "bad month", format: "combined", err: ErrBadTime,
			line: `1.2.3.4 - - [17/Mai/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`},
		{name: "bad size", format: "common", err: ErrBadNumber,
			line: `1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1x`},
		{name: "combined line is not common", format: "common", err: ErrTrailing,
			line: `1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "-" "-"`},
		{name: "referer without closing quote", format: "combined", err: ErrBadQuote,
			line: `1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 1 "http://x`},
		{name: "lnav line without ident and user", format: "combined", err: ErrFieldCount,
			line: `192.168.202.254 [20/Jul/2009:22:59:29 +0000] "GET /vmw/vSphere/default/vmkboot.gz HTTP/1.0" 404 46210 "-" "gPXE/0.9.7"`},
		{name: "empty", format: "combined", err: ErrEmpty, line: ``},
		// Lines cut off in their last field, quoted, are read with Truncated;
		// a quoted field cut off before the last is still an error.
		{name: "combined, cut after the opening quote", format: "combined",
			line: `1.2.3.4 - - [20/May/2015:12:05:17 +0000] "GET / HTTP/1.1" 200 235 "-" "`,
			want: with(cutWant, func(w *want) {
				w.client, w.path, w.request, w.agent = "1.2.3.4", "/", "GET / HTTP/1.1", "<nil>"
			})},
		{name: "combined, escaped quote at the cut", format: "combined", line: cut + `\"`,
			want: with(cutWant, func(w *want) { w.agent += `\"` })},
		{name: "vhost_combined, cut", format: "vhost_combined", line: "www.example.org:443 " + cut,
			want: with(cutWant, func(w *want) { w.vhost, w.port = "www.example.org", 443 })},
		{name: "nginx-main, cut in the forwarded-for", format: "nginx-main",
			line: `1.2.3.4 - - [20/May/2015:12:05:17 +0000] "GET / HTTP/1.1" 200 235 "-" "curl/8.5.0" "203.0.113.9, 10.0`,
			want: with(cutWant, func(w *want) {
				w.client, w.path, w.request, w.agent, w.xff = "1.2.3.4", "/", "GET / HTTP/1.1", "curl/8.5.0", "203.0.113.9, 10.0"
			})},
		{name: "nginx-main, cut in the user agent", format: "nginx-main", line: cut, err: ErrBadQuote},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			byName, ok := LookupFormat(tc.format)
			require.True(t, ok)
			p, ok := PresetByName(tc.format)
			require.True(t, ok)
			for _, f := range []Format{byName, mustCompile(t, p.Format)} {
				checkWant(t, f, tc.line, tc.want, tc.err)
			}
		})
	}
}

// checkWant parses line with f and checks the entry against w, or the error
// against wantErr.
func checkWant(t *testing.T, f Format, line string, w want, wantErr error) {
	t.Helper()
	var e Entry
	err := f.Parse([]byte(line), &e)
	if wantErr != nil {
		require.ErrorIs(t, err, wantErr)
		return
	}
	require.NoError(t, err)
	assert.Equal(t, w.client, str(e.Client))
	assert.Equal(t, w.user, str(e.User))
	assert.Equal(t, w.method, str(e.Method))
	assert.Equal(t, w.path, str(e.Path))
	assert.Equal(t, w.proto, str(e.Protocol))
	assert.Equal(t, w.request, str(e.Request))
	assert.Equal(t, w.referer, str(e.Referer))
	assert.Equal(t, w.agent, str(e.UserAgent))
	assert.Equal(t, w.vhost, str(e.VHost))
	assert.Equal(t, w.time, e.Timestamp().Format(time.RFC3339))
	assert.Equal(t, w.status, e.Status)
	assert.Equal(t, w.bytes, e.Bytes)
	assert.Equal(t, w.port, e.Port)
	assert.InDelta(t, w.rt, e.RequestTime, 1e-9)
	assert.InDelta(t, w.ut, e.UpstreamTime, 1e-9)
	assert.Equal(t, w.truncated, e.Truncated)
	if w.xff != "" {
		xff := "<nil>"
		for _, x := range e.Extra {
			if x.Name == "http_x_forwarded_for" {
				xff = str(x.Value)
			}
		}
		assert.Equal(t, w.xff, xff)
	}
}

// byteLines returns the lines ls as byte slices.
func byteLines(ls ...string) [][]byte {
	var out [][]byte
	for _, l := range ls {
		out = append(out, []byte(l))
	}
	return out
}

func TestDetectFormat(t *testing.T) {
	lines := byteLines
	combined := `83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 203023 "-" "Mozilla/5.0"`
	common := `in24.inetnebr.com - - [01/Aug/1995:00:00:01 -0400] "GET / HTTP/1.0" 200 1839`
	vhost := `www.nspw.org:80 180.76.15.9 - - [26/Apr/2018:06:25:28 -0400] "GET /node/8 HTTP/1.1" 302 504 "-" "Baiduspider"`
	timed := combined + ` 0.123`
	tests := []struct {
		name  string
		lines [][]byte
		want  string
	}{
		{"combined", lines(combined, combined), "combined"},
		{"common", lines(common, common), "common"},
		{"vhost", lines(vhost), "vhost_combined"},
		{"timed wins over a few plain lines", lines(combined, timed, timed), "nginx-timed"},
		{"nothing", lines("hello", "world"), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, _ := DetectFormat(tc.lines, AccessFormats())
			if tc.want == "" {
				assert.Nil(t, f)
				return
			}
			require.NotNil(t, f)
			assert.Equal(t, tc.want, f.Name())
		})
	}
}
