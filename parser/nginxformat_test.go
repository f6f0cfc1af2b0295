package parser

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNginxVariables(t *testing.T) {
	timed := fileLine(t, "nginx-timed-1k.log", 1)
	ua := "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/53.0.2785.116 Safari/537.36"
	cases := []directiveCase{
		{"combined + $request_time (feedforce)", nginxCombined + ` $request_time`, timed,
			map[string]string{"client": "221.241.47.74", "time": "2016-09-18T14:19:19+09:00", "request": "GET / HTTP/1.1",
				"method": "GET", "path": "/", "protocol": "HTTP/1.1", "status": "499", "bytes": "0",
				"referer": "http://13.78.125.182/", "ua": ua, "rt": "1.914"}},
		{"$remote_addr $remote_user", `$remote_addr - $remote_user $status`, `192.0.2.1 - alice 200`,
			map[string]string{"client": "192.0.2.1", "user": "alice", "status": "200"}},
		{"$time_iso8601", `[$time_iso8601] $status`, `[2024-10-12T23:14:20+09:00] 200`,
			map[string]string{"time": "2024-10-12T23:14:20+09:00", "status": "200"}},
		{"$msec", `$msec $status`, `1474176001.123 200`,
			map[string]string{"time": "2016-09-18T05:20:01.123Z", "status": "200"}},
		{"$time_local wins over $msec", `$msec [$time_local] $status`, `1474176001.123 [18/Sep/2016:14:20:01 +0900] 200`,
			map[string]string{"time": "2016-09-18T05:20:01.123Z", "x:time_local": "18/Sep/2016:14:20:01 +0900", "status": "200"}},
		{"$request_method $request_uri $server_protocol", `"$request_method $request_uri $server_protocol" $status`,
			`"POST /login?next=%2F HTTP/2.0" 302`,
			map[string]string{"method": "POST", "path": "/login?next=%2F", "protocol": "HTTP/2.0", "status": "302"}},
		{"$uri $args", `$uri $args $status`, `/search q=1&r=2 200`,
			map[string]string{"path": "/search", "x:args": "q=1&r=2", "status": "200"}},
		{"$uri$is_args$args", `$uri$is_args$args $status`, `/search?q=1 200`,
			map[string]string{"path": "/search?q=1", "status": "200"}},
		{"$request_uri beats $uri", `$request_uri $uri $status`, `/caf%C3%A9?x /café 200`,
			map[string]string{"path": "/caf%C3%A9?x", "x:uri": "/café", "status": "200"}},
		{"$scheme $host $server_name", `$scheme://$host $server_name $status`, `https://www.example.com example.com 200`,
			map[string]string{"x:scheme": "https", "vhost": "www.example.com", "x:server_name": "example.com", "status": "200"}},
		{"$server_name alone", `$server_name $status`, `example.com 200`,
			map[string]string{"vhost": "example.com", "status": "200"}},
		{"$http_host", `$http_host $status`, `example.com:8080 200`,
			map[string]string{"vhost": "example.com:8080", "status": "200"}},
		{"$host:$server_port", `$host:$server_port $status`, `example.com:8443 200`,
			map[string]string{"vhost": "example.com", "port": "8443", "status": "200"}},
		{"$body_bytes_sent and $bytes_sent", `$status $body_bytes_sent $bytes_sent $request_length`, `200 612 850 411`,
			map[string]string{"status": "200", "bytes": "612", "x:bytes_sent": "850", "x:request_length": "411"}},
		{"$bytes_sent alone", `$status $bytes_sent`, `200 850`, map[string]string{"status": "200", "bytes": "850"}},
		{"$upstream_response_time list sum", `$status $request_time $upstream_response_time`, `502 0.600 0.002, 0.500 : 0.010`,
			map[string]string{"status": "502", "rt": "0.6", "ut": "0.512"}},
		{"$upstream_response_time dash", `$status $upstream_response_time`, `404 -`, map[string]string{"status": "404"}},
		{"$upstream_* times and addresses", `$status $upstream_connect_time $upstream_header_time $upstream_addr $upstream_status`,
			`502 0.001, - 0.002, - 10.0.0.1:80, 10.0.0.2:80 : unix:/tmp/s 502, 502 : 200`,
			map[string]string{"status": "502", "x:upstream_connect_time": "0.001, -", "x:upstream_header_time": "0.002, -",
				"x:upstream_addr": "10.0.0.1:80, 10.0.0.2:80 : unix:/tmp/s", "x:upstream_status": "502, 502 : 200"}},
		{"$http_<name>", `$status "$http_referer" "$http_user_agent" "$http_x_forwarded_for" $http_accept_language`,
			`200 "-" "curl/8.5.0" "203.0.113.9, 10.0.0.1" en-US,en;q=0.9`,
			map[string]string{"status": "200", "ua": "curl/8.5.0", "x:http_x_forwarded_for": "203.0.113.9, 10.0.0.1",
				"x:http_accept_language": "en-US,en;q=0.9"}},
		{"$connection $connection_requests $request_id $pipe", `$connection $connection_requests $request_id $pipe $status`,
			`1437 3 4c7d2079340e68353c7d0dfff00b904b p 200`,
			map[string]string{"conn": "1437", "x:connection_requests": "3", "reqid": "4c7d2079340e68353c7d0dfff00b904b",
				"x:pipe": "p", "status": "200"}},
		{"${var} syntax", `${remote_addr}-${status}:${request_time}s`, `192.0.2.1-200:0.005s`,
			map[string]string{"client": "192.0.2.1", "status": "200", "rt": "0.005"}},
		{"$remote_addr:$remote_port with IPv6", `$remote_addr:$remote_port $status`, `2001:db8::1:51234 200`,
			map[string]string{"client": "2001:db8::1", "x:remote_port": "51234", "status": "200"}},
		{"escaped request kept as logged", nginxCombined + ` $request_time`, fileLine(t, "nginx-timed-escapes.log", 2),
			map[string]string{"client": "168.10.172.2", "time": "2016-09-18T21:49:56+09:00",
				"request": `\x16\x03\x01\x01*\x01\x00\x01&\x03\x03\xAAE\xBF \x1D\x12\xF7\x1D\x1B!\x8B\x82\x81\x05\xE0-u\xB2\xB6a\xF6hL\xAD\xAFW|ZMo\x99`,
				"method":  `\x16\x03\x01\x01*\x01\x00\x01&\x03\x03\xAAE\xBF`,
				"path":    `\x1D\x12\xF7\x1D\x1B!\x8B\x82\x81\x05\xE0-u\xB2\xB6a\xF6hL\xAD\xAFW|ZMo\x99`,
				"status":  "400", "bytes": "182", "rt": "0.169"}},
		{"escape=json quoted field", `{"ua":"$http_user_agent","status":$status}`, `{"ua":"a \"quoted\" \\ agent","status":200}`,
			map[string]string{"ua": `a \"quoted\" \\ agent`, "status": "200"}},
	}
	runDirectiveCases(t, CompileNginx, cases)
}

func TestNginxCompileErrors(t *testing.T) {
	cases := []struct {
		name, format string
		col          int
		msg          string
	}{
		{"bare dollar", `$remote_addr $ $status`, 14, "invalid variable name"},
		{"unterminated brace", `$remote_addr ${status`, 14, "unterminated ${"},
		{"bad name in braces", `${remote-addr}`, 1, "invalid variable name"},
		{"adjacent variables", `$remote_addr$status`, 13, "$status follows $remote_addr with nothing between them"},
		{"no variables", `plain text`, 0, "format has no fields"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := CompileNginx(tc.format)
			require.ErrorIs(t, err, ErrBadFormat)
			var fe *FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.col, fe.Column)
			assert.Equal(t, SyntaxNginx, fe.Syntax)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

// corpusCase is one real line checked against its flattened entry.
type corpusCase struct {
	name   string
	format string // preset name or format string
	file   string
	n      int
	want   map[string]string // nil: only check that it parses
	err    error             // expected error instead
}

func runCorpusCases(t *testing.T, cases []corpusCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := CompileFormat(tc.format)
			require.NoError(t, err)
			var e Entry
			err = f.Parse([]byte(fileLine(t, tc.file, tc.n)), &e)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			if tc.want != nil {
				assert.Equal(t, tc.want, flatten(&e))
			}
		})
	}
}

func TestNginxCorpus(t *testing.T) {
	const gonxFormat = `$remote_addr [$time_local] "$request" $status $request_length $body_bytes_sent $request_time "$t_size" $read_time $gen_time`
	chrome := "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Safari/537.36"
	curl := "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.14; rv:72.0) Gecko/20100101 Firefox/72.0"
	cases := []corpusCase{
		// feedforce-isucon6 access.log.20160918_135654: combined up to its
		// line 43, $request_time appended from line 44 (our lines 4 and 5).
		{"format change: combined before", "nginx-combined", "format-change.log", 4, map[string]string{
			"client": "221.241.47.74", "time": "2016-09-18T10:49:02+09:00", "request": "GET /favicon.ico HTTP/1.1",
			"method": "GET", "path": "/favicon.ico", "protocol": "HTTP/1.1", "status": "200", "bytes": "1092",
			"referer": "http://13.78.125.182/", "ua": chrome}, nil},
		{"format change: timed rejects the old lines", "nginx-timed", "format-change.log", 4, nil, ErrFieldCount},
		{"format change: combined rejects the new lines", "nginx-combined", "format-change.log", 5, nil, ErrTrailing},
		{"format change: timed after", "nginx-timed", "format-change.log", 5, map[string]string{
			"client": "221.241.47.74", "time": "2016-09-18T10:49:16+09:00", "request": "GET / HTTP/1.1",
			"method": "GET", "path": "/", "protocol": "HTTP/1.1", "status": "500", "bytes": "30",
			"referer": "http://13.78.125.182/", "ua": chrome, "rt": "0.001"}, nil},
		{"gonx custom", gonxFormat, "gonx.log", 1, map[string]string{
			"client": "112.162.114.78", "time": "2015-09-10T17:57:59Z", "request": "GET /t/x100/a2/a8/6806ed71570139f1656554d94bbb.jpeg HTTP/1.1",
			"method": "GET", "path": "/t/x100/a2/a8/6806ed71570139f1656554d94bbb.jpeg", "protocol": "HTTP/1.1",
			"status": "200", "x:request_length": "363", "bytes": "7013", "rt": "0.138", "x:t_size": "x100",
			"x:read_time": "92", "x:gen_time": "42"}, nil},
		{"gonx custom with dashes", gonxFormat, "gonx.log", 3, map[string]string{
			"client": "169.165.184.151", "time": "2015-09-10T17:57:59Z", "request": "GET /t/100x100/d4/4e/27d97b5d7f0d60b24251e1cef181.jpeg HTTP/1.1",
			"method": "GET", "path": "/t/100x100/d4/4e/27d97b5d7f0d60b24251e1cef181.jpeg", "protocol": "HTTP/1.1",
			"status": "404", "x:request_length": "785", "bytes": "69", "rt": "0.007", "x:t_size": "<nil>",
			"x:read_time": "<nil>", "x:gen_time": "<nil>"}, nil},
		{"ingress first line", "ingress-nginx", "ingress.log", 1, map[string]string{
			"client": "192.168.64.1", "time": "2020-02-07T11:48:51Z", "request": "POST /products HTTP/1.1",
			"method": "POST", "path": "/products", "protocol": "HTTP/1.1", "status": "200", "bytes": "59", "ua": "curl/7.54.0",
			"x:request_length": "89", "rt": "0.001", "x:proxy_upstream_name": "default-web-8080",
			"x:proxy_alternative_upstream_name": "", "x:upstream_addr": "172.17.0.5:8080", "x:upstream_response_length": "59",
			"ut": "0", "x:upstream_status": "200", "reqid": "529a007902362a5f51385a5fa7049884"}, nil},
		{"ingress 400 without upstream", "ingress-nginx", "ingress.log", 5, map[string]string{
			"client": "192.168.64.1", "time": "2020-02-07T11:49:50Z", "request": "PATCHp /products/42 HTTP/1.1",
			"method": "PATCHp", "path": "/products/42", "protocol": "HTTP/1.1", "status": "400", "bytes": "163",
			"x:request_length": "0", "rt": "0", "x:proxy_upstream_name": "", "x:proxy_alternative_upstream_name": "",
			"x:upstream_addr": "<nil>", "x:upstream_response_length": "<nil>", "x:upstream_status": "<nil>",
			"reqid": "4c7d2079340e68353c7d0dfff00b904b"}, nil},
		{"ingress upstream lists", "ingress-nginx", "ingress.log", 23, map[string]string{
			"client": "192.168.64.14", "time": "2020-02-07T12:02:42Z", "request": "GET /v2/some HTTP/1.1",
			"method": "GET", "path": "/v2/some", "protocol": "HTTP/1.1", "status": "200", "bytes": "61", "ua": curl,
			"x:request_length": "348", "rt": "0.001", "x:proxy_upstream_name": "default-web2-8080",
			"x:proxy_alternative_upstream_name": "", "x:upstream_addr": "172.17.0.6:8080, 172.17.0.7:8080",
			"x:upstream_response_length": "61, 100", "ut": "0.104", "x:upstream_status": "200, 203",
			"reqid": "835136ae24486dbb4156dcbe21f5d402"}, nil},
		{"ingress bracketed IPv6 upstreams", "ingress-nginx", "ingress.log", 26, nil, nil},
		{"ingress dash inside lists", "ingress-nginx", "ingress.log", 29, map[string]string{
			"client": "192.168.64.14", "time": "2020-02-07T12:02:42Z", "request": "GET /test/test.mp4 HTTP/1.1",
			"method": "GET", "path": "/test/test.mp4", "protocol": "HTTP/1.1", "status": "200", "bytes": "61", "ua": curl,
			"x:request_length": "348", "rt": "0.001", "x:proxy_upstream_name": "default-web2-8080",
			"x:proxy_alternative_upstream_name": "", "x:upstream_addr": "172.17.0.6:8080, 172.17.0.7:8080",
			"x:upstream_response_length": "<nil>", "ut": "0.1", "x:upstream_status": "200, -",
			"reqid": "835136ae24486dbb4156dcbe21f5d402"}, nil},
		{"X-Forwarded-For chain before remote_user", "nginx-combined", "nginx-xff.log", 1, map[string]string{
			"client": "10.0.0.2, 10.0.0.1, 127.0.0.1", "time": "2016-12-07T11:05:07+01:00", "request": "GET /ocelot HTTP/1.1",
			"method": "GET", "path": "/ocelot", "protocol": "HTTP/1.1", "status": "200", "bytes": "571",
			"ua": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0"}, nil},
		{"main with empty X-Forwarded-For", "nginx-main", "nginx-xff.log", 2, map[string]string{
			"client": "172.17.0.1", "time": "2017-05-29T19:02:48Z", "request": "GET /stringpatch HTTP/1.1",
			"method": "GET", "path": "/stringpatch", "protocol": "HTTP/1.1", "status": "404", "bytes": "612",
			"ua": "Mozilla/5.0 (Windows NT 6.1; rv:15.0) Gecko/20120716 Firefox/15.0a2", "x:http_x_forwarded_for": "<nil>"}, nil},
		{"quoted X-Forwarded-For first", `"$http_x_forwarded_for" ` + nginxCombined, "nginx-xff.log", 5, map[string]string{
			"x:http_x_forwarded_for": "10.5.102.222, 199.96.1.1, 204.246.1.1", "client": "10.2.1.185",
			"time": "2016-01-22T13:18:29Z", "request": "GET /assets/xxxx?q=100 HTTP/1.1", "method": "GET",
			"path": "/assets/xxxx?q=100", "protocol": "HTTP/1.1", "status": "200", "bytes": "25507", "ua": "Amazon CloudFront"}, nil},
		{"unquoted X-Forwarded-For first", `$http_x_forwarded_for ` + nginxCombined, "nginx-xff.log", 6, map[string]string{
			"x:http_x_forwarded_for": "2a03:0000:10ff:f00f:0000:0000:0:8000, 10.225.192.17", "client": "10.2.2.121",
			"time": "2016-12-30T06:47:09Z", "request": "GET /test.html HTTP/1.1", "method": "GET", "path": "/test.html",
			"protocol": "HTTP/1.1", "status": "404", "bytes": "8571",
			"ua": "Mozilla/5.0 (compatible; Facebot 1.0; https://developers.facebook.com/docs/sharing/webmasters/crawler)"}, nil},
		{"empty request", "nginx-combined", "nginx-xff.log", 7, map[string]string{
			"client": "127.0.0.1", "time": "2018-04-12T09:48:40+02:00", "request": "", "status": "400", "bytes": "0"}, nil},
		{"main (lnav shop) with Persian URL", "nginx-main", "nginx-main.log", 2, map[string]string{
			"client": "31.56.96.51", "time": "2019-01-22T03:56:16+03:30", "request": "GET /image/60844/productModel/200x200 HTTP/1.1",
			"method": "GET", "path": "/image/60844/productModel/200x200", "protocol": "HTTP/1.1", "status": "200", "bytes": "5667",
			"referer": "https://www.zanbil.ir/m/filter/b113", "x:http_x_forwarded_for": "<nil>",
			"ua": "Mozilla/5.0 (Linux; Android 6.0; ALE-L21 Build/HuaweiALE-L21) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/66.0.3359.158 Mobile Safari/537.36"}, nil},
		{"main (lnav shop) line 1", "nginx-main", "nginx-main.log", 1, nil, nil},
		{"npm proxy", "npm-proxy", "npm.log", 1, map[string]string{
			"time": "2022-01-24T16:51:02Z", "x:upstream_cache_status": "<nil>", "x:upstream_status": "404", "status": "404",
			"method": "GET", "x:scheme": "http", "vhost": "openresty.local", "path": "/sdfdsf", "client": "1.2.3.4",
			"bytes": "192", "x:gzip_ratio": "3.10", "x:server": "openresty",
			"ua": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.110 Safari/537.36"}, nil},
		{"npm standard", "npm-standard", "npm.log", 3, map[string]string{
			"time": "2022-01-24T13:40:19Z", "status": "444", "method": "GET", "x:scheme": "https", "vhost": "4.3.2.1",
			"path": "/.env", "client": "207.32.219.89", "bytes": "0", "x:gzip_ratio": "<nil>",
			"ua": "Mozilla/5.0 (Linux; U; Android 4.4.2; en-US; HM NOTE 1W Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 UCBrowser/11.0.5.850 U3/0.8.0 Mobile Safari/534.30"}, nil},
		{"npm proxy rejects an error-log line", "npm-proxy", "npm.log", 5, nil, ErrLiteral},
		{"npm proxy rejects a standard line", "npm-proxy", "npm.log", 3, nil, ErrFieldCount},
	}
	runCorpusCases(t, cases)
}

// TestNginxFilesParse checks whole excerpt files line by line.
func TestNginxFilesParse(t *testing.T) {
	for _, tc := range []struct {
		preset, file string
	}{
		{"nginx-timed", "nginx-timed-1k.log"},
		{"nginx-timed", "nginx-timed-escapes.log"},
		{"ingress-nginx", "ingress.log"},
		{"nginx-main", "nginx-main.log"},
	} {
		f, err := CompileFormat(tc.preset)
		require.NoError(t, err)
		var e Entry
		for i, l := range readLines(t, tc.file) {
			assert.NoError(t, f.Parse(l, &e), "%s line %d", tc.file, i+1)
		}
	}
}

// timedOracle is the reference parser for combined + $request_time.
var timedOracle = regexp.MustCompile(`^(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" ([\d.]+)$`)

// ingressOracle is the reference parser for the ingress-nginx default.
var ingressOracle = regexp.MustCompile(`^(\S+) - (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)" ` +
	`(\d+) ([\d.]+) \[([^\]]*)\] \[([^\]]*)\] (\S+(?:, \S+)*) ((?:\d+|-)(?:, (?:\d+|-))*) ` +
	`((?:[\d.]+|-)(?:, (?:[\d.]+|-))*) ((?:\d{3}|-)(?:, (?:\d{3}|-))*) (\S+)$`)

// eachOracleLine parses every line of a testdata/formats file with a
// format and with its regexp oracle, which must both read every line, and
// hands check the line number, the oracle's groups and the entry.
func eachOracleLine(t *testing.T, format, file string, oracle *regexp.Regexp, check func(n int, m [][]byte, e *Entry)) {
	t.Helper()
	f := mustCompile(t, format)
	var e Entry
	for i, l := range readLines(t, file) {
		m := oracle.FindSubmatch(l)
		require.NotNil(t, m, "oracle line %d", i+1)
		require.NoError(t, f.Parse(l, &e), "line %d", i+1)
		check(i+1, m, &e)
	}
}

func TestNginxDifferential(t *testing.T) {
	t.Run("nginx-timed", func(t *testing.T) {
		eachOracleLine(t, "nginx-timed", "nginx-timed-1k.log", timedOracle, func(n int, m [][]byte, e *Entry) {
			oracleCheck(t, m[:10], e)
			rt, _ := strconv.ParseFloat(string(m[10]), 64)
			assert.InDelta(t, rt, e.RequestTime, 1e-9, "line %d", n)
		})
	})
	t.Run("ingress-nginx", func(t *testing.T) {
		eachOracleLine(t, "ingress-nginx", "ingress.log", ingressOracle, func(i int, m [][]byte, e *Entry) {
			x := flatten(e)
			assert.Equal(t, string(m[1]), x["client"])
			assert.Equal(t, string(m[4]), x["request"])
			assert.Equal(t, string(m[5]), x["status"])
			assert.Equal(t, string(m[9]), x["x:request_length"])
			assert.Equal(t, string(m[13]), orDash(x["x:upstream_addr"]), "line %d", i)
			assert.Equal(t, string(m[14]), orDash(x["x:upstream_response_length"]), "line %d", i)
			assert.Equal(t, string(m[16]), orDash(x["x:upstream_status"]), "line %d", i)
			assert.Equal(t, string(m[17]), x["reqid"])
			sum, any := 0.0, false
			for _, s := range strings.Split(string(m[15]), ", ") {
				if v, err := strconv.ParseFloat(s, 64); err == nil {
					sum, any = sum+v, true
				}
			}
			if !any {
				sum = -1
			}
			assert.InDelta(t, sum, e.UpstreamTime, 1e-9, "line %d", i)
		})
	})
}

// orDash turns the "<nil>" of flatten back into the "-" that was logged.
func orDash(s string) string {
	if s == "<nil>" {
		return "-"
	}
	return s
}

func ExampleCompileNginx() {
	f, err := CompileNginx(`$remote_addr [$time_local] "$request" $status $request_time $upstream_addr $upstream_response_time`)
	if err != nil {
		fmt.Println(err)
		return
	}
	var e Entry
	err = f.Parse([]byte(`192.0.2.1 [18/Sep/2016:14:19:19 +0900] "GET / HTTP/1.1" 502 0.600 10.0.0.1:80, 10.0.0.2:80 0.002, 0.500`), &e)
	fmt.Println(err, string(e.Client), e.Status, e.RequestTime, e.UpstreamTime)
	for _, x := range e.Extra {
		fmt.Printf("%s=%s\n", x.Name, x.Value)
	}
	// Output:
	// <nil> 192.0.2.1 502 0.6 0.502
	// upstream_addr=10.0.0.1:80, 10.0.0.2:80
}
