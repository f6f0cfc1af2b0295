package parser

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readConfig reads a server configuration from testdata/formats.
func readConfig(tb testing.TB, name string) ServerConfig {
	tb.Helper()
	f, err := os.Open(filepath.Join(formatsDir, name))
	require.NoError(tb, err)
	defer f.Close()
	cfg, err := ReadServerConfig(f)
	require.NoError(tb, err)
	return cfg
}

func TestReadNginxConfig(t *testing.T) {
	cfg := readConfig(t, "nginx.conf")
	assert.Equal(t, "timed", cfg.Used)
	assert.Equal(t, map[string]string{
		"combined": nginxCombined,
		"main":     nginxCombined + ` "$http_x_forwarded_for"`,
		"timed":    nginxCombined + ` $request_time`,
		"upstreaminfo": `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" ` +
			`"$http_user_agent" $request_length $request_time [$proxy_upstream_name] [$proxy_alternative_upstream_name] ` +
			`$upstream_addr $upstream_response_length $upstream_response_time $upstream_status $req_id`,
		"json": `{"time":"$time_iso8601","host":"$remote_addr","port":$remote_port,"method":"$request_method",` +
			`"uri":"$request_uri","status":"$status","body_bytes":$body_bytes_sent,"referer":"$http_referer",` +
			`"ua":"$http_user_agent","request_time":"$request_time","response_time":"$upstream_response_time"}`,
	}, cfg.Formats)
	for name := range cfg.Formats {
		assert.Equal(t, SyntaxNginx, cfg.Syntax[name], name)
	}
	cases := []struct {
		name, format, file string
		n                  int
	}{
		{"used format", "", "nginx-timed-1k.log", 1},
		{"main", "main", "nginx-main.log", 1},
		{"upstreaminfo", "upstreaminfo", "ingress.log", 23},
		{"json", "json", "private-isu-1k.log", 1},
		{"predefined combined", "combined", "format-change.log", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := cfg.Format(tc.format)
			require.NoError(t, err)
			var e Entry
			require.NoError(t, f.Parse([]byte(fileLine(t, tc.file, tc.n)), &e))
			assert.NotZero(t, e.Status)
		})
	}
	_, err := cfg.Format("nope")
	assert.ErrorIs(t, err, ErrBadFormat)
}

func TestReadApacheConfig(t *testing.T) {
	cfg := readConfig(t, "apache2.conf")
	assert.Equal(t, "timed_ms", cfg.Used)
	assert.Equal(t, map[string]string{
		"vhost_combined": `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`,
		"combined":       `%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`,
		"common":         `%h %l %u %t "%r" %>s %O`,
		"referer":        `%{Referer}i -> %U`,
		"agent":          `%{User-agent}i`,
		"combinedio":     `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %I %O`,
		"timed_ms": `%h %l %u [%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t] "%r" %>s %b %D            ` +
			`"%{Referer}i" "%{User-Agent}i" %{X-Forwarded-For}i %L`,
		"customlog-1": `%h %{User-agent}i`,
	}, cfg.Formats)
	for name := range cfg.Formats {
		assert.Equal(t, SyntaxApache, cfg.Syntax[name], name)
	}

	t.Run("vhost_combined", func(t *testing.T) {
		f, err := cfg.Format("vhost_combined")
		require.NoError(t, err)
		var e Entry
		require.NoError(t, f.Parse([]byte(fileLine(t, "vhost-xzymo.log", 2)), &e))
		assert.Equal(t, "www.nspw.org", string(e.VHost))
		assert.Equal(t, 80, e.Port)
	})
	t.Run("used timed_ms", func(t *testing.T) {
		f, err := cfg.Format("")
		require.NoError(t, err)
		var e Entry
		l := `192.0.2.1 - - [10/Oct/2000 13:55:36.250 -0700] "GET / HTTP/1.1" 200 512 1834            "-" "curl/8.5.0" 203.0.113.9, 10.0.0.1 YNX2lH8AAAEAADzWAl8AAAAA`
		require.NoError(t, f.Parse([]byte(l), &e))
		assert.Equal(t, map[string]string{"client": "192.0.2.1", "time": "2000-10-10T13:55:36.25-07:00",
			"request": "GET / HTTP/1.1", "method": "GET", "path": "/", "protocol": "HTTP/1.1", "status": "200",
			"bytes": "512", "rt": "0.001834", "ua": "curl/8.5.0", "x:X-Forwarded-For": "203.0.113.9, 10.0.0.1",
			"reqid": "YNX2lH8AAAEAADzWAl8AAAAA"}, flatten(&e))
	})
}

func TestReadServerConfigInline(t *testing.T) {
	cases := []struct {
		name    string
		conf    string
		formats map[string]string
		used    string
	}{
		{"nginx access_log without format uses combined",
			"http {\n  access_log /var/log/nginx/access.log;\n}\n",
			map[string]string{"combined": nginxCombined}, "combined"},
		{"nginx access_log off then on",
			"log_format a '$remote_addr $status';\naccess_log off;\naccess_log /x.log a;\n",
			map[string]string{"combined": nginxCombined, "a": "$remote_addr $status"}, "a"},
		{"nginx gzip access_log without format",
			"access_log /x.log.gz gzip flush=5m;\n",
			map[string]string{"combined": nginxCombined}, "combined"},
		{"nginx escapes and bare words",
			"log_format t escape=default \"$remote_addr\\t\\\"$request\\\"\" ' $status';",
			map[string]string{"combined": nginxCombined, "t": "$remote_addr\t\"$request\" $status"}, ""},
		{"apache LogFormat without nickname and TransferLog",
			"LogFormat \"%h %>s\"\nTransferLog logs/access_log\n",
			map[string]string{"default": "%h %>s"}, "default"},
		{"apache TransferLog alone is common",
			"transferlog logs/access_log\n",
			map[string]string{}, "common"},
		{"apache single quotes and backslash",
			"logformat '%h \\'%r\\' %>s' q\nCustomLog \"|/usr/bin/rotatelogs /var/log/x 86400\" q\n",
			map[string]string{"q": "%h '%r' %>s"}, "q"},
		{"neither server", "# nothing\nfoo bar;\n", map[string]string{}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ReadServerConfig(strings.NewReader(tc.conf))
			require.NoError(t, err)
			assert.Equal(t, tc.formats, cfg.Formats)
			assert.Equal(t, tc.used, cfg.Used)
		})
	}
}

func TestReadServerConfigErrors(t *testing.T) {
	_, err := ReadServerConfig(strings.NewReader("log_format x '$status;\n"))
	assert.ErrorContains(t, err, "unterminated quoted string")
	_, err = ReadServerConfig(strings.NewReader("LogFormat \"%h %>s common\n"))
	assert.ErrorContains(t, err, "apache config line 1: unterminated quote")
	boom := errors.New("boom")
	_, err = ReadServerConfig(iotest.ErrReader(boom))
	assert.ErrorIs(t, err, boom)

	cfg, err := ReadServerConfig(strings.NewReader("LogFormat \"%h %Z\" bad\n"))
	require.NoError(t, err)
	_, err = cfg.Format("bad")
	assert.ErrorIs(t, err, ErrBadFormat)
	assert.ErrorContains(t, err, "log format bad: apache format: column 4")

	f, err := (ServerConfig{}).Format("")
	require.NoError(t, err)
	assert.Equal(t, "combined", f.Name())
}

func ExampleReadServerConfig() {
	conf := `
http {
    log_format timed '$remote_addr - $remote_user [$time_local] "$request" '
                     '$status $body_bytes_sent $request_time';
    access_log /var/log/nginx/access.log timed;
}`
	cfg, err := ReadServerConfig(strings.NewReader(conf))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Used, cfg.Syntax["timed"])
	f, err := cfg.Format("")
	if err != nil {
		fmt.Println(err)
		return
	}
	var e Entry
	err = f.Parse([]byte(`192.0.2.1 - - [18/Sep/2016:14:19:19 +0900] "GET / HTTP/1.1" 200 512 0.004`), &e)
	fmt.Println(err, e.Status, e.RequestTime)
	// Output:
	// timed nginx
	// <nil> 200 0.004
}
