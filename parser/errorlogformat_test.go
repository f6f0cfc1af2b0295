package parser_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/logscan/logscan/parser"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCompileErrorLogFormat(t *testing.T) {
	tests := []struct {
		name    string
		format  string
		line    string
		want    ev
		wantErr error
	}{
		{
			name: "threaded default, all fields", format: threadedDefault,
			line: `[Fri Jan 28 14:18:33.838658 2022] [proxy_http:error] [pid 119:tid 140] (70007)The timeout specified has expired: [client 10.6.0.2:52924] AH01102: error reading status line, referer https://x/`,
			want: with(func(v *ev) {
				v.Time, v.Level, v.Module, v.PID, v.TID = "2022-01-28 14:18:33.838658", "error", "proxy_http", 119, 140
				v.Errno, v.ErrnoNum, v.Client, v.Port = "(70007)The timeout specified has expired", 70007, "10.6.0.2", 52924
				v.Code, v.Message, v.Referer = "AH01102", "error reading status line", "https://x/"
			}),
		},
		{
			name: "threaded default, empty fields dropped", format: threadedDefault,
			line: `[Wed Apr 25 06:25:03.837519 2018] [-:notice] [pid 889:tid 7] AH00163: Apache/2.4.29 configured -- resuming normal operations`,
			want: with(func(v *ev) {
				v.Time, v.Level, v.PID, v.TID = "2018-04-25 06:25:03.837519", "notice", 889, 7
				v.Code, v.Message = "AH00163", "Apache/2.4.29 configured -- resuming normal operations"
			}),
		},
		{
			name: "threaded default, debug source", format: threadedDefault,
			line: `[Wed Oct 20 19:20:59.121211 2021] [rewrite:trace3] [pid 121591:tid 140413273032448] mod_rewrite.c(470): [client 10.121.192.8:38350] applying pattern`,
			want: with(func(v *ev) {
				v.Time, v.Level, v.Module, v.PID, v.TID = "2021-10-20 19:20:59.121211", "trace3", "rewrite", 121591, 140413273032448
				v.Source, v.Client, v.Port, v.Message = "mod_rewrite.c(470)", "10.121.192.8", 38350, "applying pattern"
			}),
		},
		{
			name: "2.2-like", format: likeApache22,
			line: `[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1:5555] client denied by server configuration: /export/home/live/ap/htdocs/test`,
			want: with(func(v *ev) {
				v.Time, v.Level, v.Client, v.Port = "2000-10-11 14:32:52", "error", "127.0.0.1", 5555
				v.Message = "client denied by server configuration: /export/home/live/ap/htdocs/test"
			}),
		},
		{
			name: "2.2-like with a message that holds the separator twice", format: likeApache22,
			line: `[Wed Oct 11 14:32:52 2000] [error] a, referer b, referer c`,
			want: with(func(v *ev) {
				v.Time, v.Level, v.Message, v.Referer = "2000-10-11 14:32:52", "error", "a", "b, referer c"
			}),
		},
		{
			name: "compact ISO time, log id, vhost, Host header", format: `%{cu}t %l %L %v %{Host}i %%%M`,
			line: `2011-05-12 08:28:57.652118 warn abcDEF12 www.example.com example.com %hello`,
			want: with(func(v *ev) {
				v.Time, v.Level, v.LogID, v.Server, v.Host = "2011-05-12 08:28:57.652118", "warn", "abcDEF12", "www.example.com", "example.com"
				v.Message = "hello"
			}),
		},
		{
			name: "peer address, thread id, dropped items", format: `[%{c}t] %{c}a %{g}T %A %k %{X}e %{n}n: %M`,
			line: `[2011-05-12 08:28:57] [::1]:8080 4242 10.0.0.1:80 3 - x: hi`,
			want: with(func(v *ev) {
				v.Time, v.Client, v.Port, v.TID, v.Message = "2011-05-12 08:28:57", "::1", 8080, 4242, "hi"
			}),
		},
		{
			name: "startup line", format: threadedDefault,
			line: `AH00558: apache2: Could not reliably determine the server's fully qualified domain name`,
			want: with(func(v *ev) {
				v.Code, v.Message = "AH00558", "apache2: Could not reliably determine the server's fully qualified domain name"
			}),
		},
		{
			name: "syslog prefix", format: `[%l] %M`,
			line: `Feb 16 22:32:48 srv httpd[22034]: [error] hello`,
			want: with(func(v *ev) { v.Level, v.Message = "error", "hello" }),
		},
		{name: "not an entry", format: threadedDefault, line: "PHP Warning: x", wantErr: parser.ErrNotErrorLine},
		{name: "broken entry", format: threadedDefault, line: "[Wed Apr 25 06:25:03.837519 2018] [core:nope] x", wantErr: parser.ErrLiteral},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f, err := parser.CompileErrorLogFormat(tc.format)
			require.NoError(t, err)
			assert.Equal(t, "custom", f.Name())
			var e parser.ErrorEntry
			err = f.Clone().Parse([]byte(tc.line), &e)
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, view(&e))
		})
	}
}

func TestCompileErrorLogFormatErrors(t *testing.T) {
	tests := []struct {
		format string
		want   string
	}{
		{`[%t] %Q %M`, `bad ErrorLogFormat string: unknown directive %Q at byte 6`},
		{`%M %`, `bad ErrorLogFormat string: lone % at byte 4`},
		{`%{Referer`, `bad ErrorLogFormat string: unterminated %{ at byte 1`},
		{`%i`, `bad ErrorLogFormat string: %i needs a {name} at byte 1`},
		{`%{cuz}t %M`, `bad ErrorLogFormat string: unsupported time option 'z' in %{cuz}t at byte 1`},
		{`%-`, `bad ErrorLogFormat string: unterminated directive at byte 1`},
		{`[%t] %é`, `bad ErrorLogFormat string: unknown directive %é at byte 6`},
		{``, `bad ErrorLogFormat string: empty format`},
	}
	for _, tc := range tests {
		t.Run(tc.format, func(t *testing.T) {
			_, err := parser.CompileErrorLogFormat(tc.format)
			require.ErrorIs(t, err, parser.ErrBadErrorLogFormat)
			assert.EqualError(t, err, tc.want)
		})
	}
}

func ExampleCompileErrorLogFormat() {
	f, err := parser.CompileErrorLogFormat(`[%{u}t] [%-m:%l] [pid %P:tid %T] %7F: %E: [client\ %a] %M% ,\ referer\ %{Referer}i`)
	if err != nil {
		fmt.Println(err)
		return
	}
	var e parser.ErrorEntry
	line := `[Thu May 12 08:28:57.652118 2011] [core:error] [pid 8777:tid 4326490112] [client ::1:58619] File does not exist: /usr/local/apache2/htdocs/favicon.ico`
	if err := f.Parse([]byte(line), &e); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Timestamp(nil).Format(time.StampMicro), string(e.Module), string(e.Level), e.PID, e.TID)
	fmt.Printf("%s port %d: %s\n", e.Client, e.ClientPort, e.Message)

	_, err = parser.CompileErrorLogFormat(`[%t] %Q`)
	fmt.Println(err)
	// Output:
	// May 12 08:28:57.652118 core error 8777 4326490112
	// ::1 port 58619: File does not exist: /usr/local/apache2/htdocs/favicon.ico
	// bad ErrorLogFormat string: unknown directive %Q at byte 6
}
