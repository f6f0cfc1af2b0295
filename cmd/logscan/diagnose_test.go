package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
)

// This file proves the diagnosis cause by cause, through the CLI: for every
// cause id a fixture in real server formats where the cause is confirmed
// for the right status with exactly the expected evidence, and a look-alike
// where it must not be.

// The fixtures' access logs are written at UTC+01:00 on Tuesday 24 November
// 2026; error logs carry the same wall-clock times without a zone, as the
// servers write them.
var diagZone = time.FixedZone("", 3600)

// diagAt returns the fixture time "hh:mm:ss".
func diagAt(hms string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04:05", "2026-11-24 "+hms, diagZone)
	if err != nil {
		panic(err)
	}
	return t
}

const diagUA = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0"

// accLine is an access line in the combined format (Apache and nginx write
// the same), followed by tail when tail is not empty.
func accLine(client, user, at, req string, status int, ref, tail string) string {
	size := "512"
	if status == 304 || status == 408 || req == "-" {
		size = "0"
	}
	l := fmt.Sprintf(`%s - %s [%s] "%s" %d %s "%s" "%s"`, client, user,
		diagAt(at).Format("02/Jan/2006:15:04:05 -0700"), req, status, size, ref, diagUA)
	if tail != "" {
		l += " " + tail
	}
	return l
}

// acc is a combined access line without user or referer.
func acc(client, at, req string, status int) string {
	return accLine(client, "-", at, req, status, "-", "")
}

// accRef is a combined access line with a referer.
func accRef(client, at, req string, status int, ref string) string {
	return accLine(client, "-", at, req, status, ref, "")
}

// accUser is a combined access line with an authenticated user.
func accUser(client, user, at, req string, status int) string {
	return accLine(client, user, at, req, status, "-", "")
}

// accTimed is an nginx-timed access line: combined and $request_time.
func accTimed(client, at, req string, status int, seconds string) string {
	return accLine(client, "-", at, req, status, "-", seconds)
}

// accConn is an access line of diagConnFormat: combined and $connection.
func accConn(client, at, req string, status int, conn int) string {
	return accLine(client, "-", at, req, status, "-", fmt.Sprint(conn))
}

// jsonConn is an access line of nginx log_format escape=json with
// $connection, which logscan detects by content.
func jsonConn(client, at, req string, status int, conn int) string {
	return fmt.Sprintf(`{"time_local":"%s","remote_addr":"%s","remote_user":"","request":"%s","status":"%d","body_bytes_sent":"512","http_referer":"","http_user_agent":"%s","connection":"%d"}`,
		diagAt(at).Format("02/Jan/2006:15:04:05 -0700"), client, req, status, diagUA, conn)
}

// diagConnFormat is nginx combined with $connection, the error log's *N.
const diagConnFormat = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $connection`

// a24 is an Apache 2.4 error-log line in the default layout: module:level,
// an optional OS error before the client, and the message.
func a24(at, modLevel, osErr, client, msg string) string {
	t := diagAt(at)
	s := fmt.Sprintf("[%s.%06d %d] [%s] [pid 2211:tid 139963390088078] ", t.Format("Mon Jan 02 15:04:05"), 620613, t.Year(), modLevel)
	if osErr != "" {
		s += osErr + ": "
	}
	if client != "" {
		s += "[client " + client + ":51200] "
	}
	return s + msg
}

// a22 is an Apache 2.2 error-log line; an OS error follows the client.
func a22(at, level, client, msg string) string {
	s := fmt.Sprintf("[%s] [%s] ", diagAt(at).Format("Mon Jan 02 15:04:05 2006"), level)
	if client != "" {
		s += "[client " + client + "] "
	}
	return s + msg
}

// ngx is an nginx error-log line. conn 0 leaves out the *N; an empty req
// leaves out the request (the request line was not read yet); upstream, when
// given, is the upstream URL.
func ngx(at, level string, conn int, msg, client, req string, upstream ...string) string {
	s := diagAt(at).Format("2006/01/02 15:04:05") + " [" + level + "] 4242#4242: "
	if conn > 0 {
		s += fmt.Sprintf("*%d ", conn)
	}
	s += msg
	if client != "" {
		s += ", client: " + client
	}
	if req == "" {
		return s + ", server: 0.0.0.0:80"
	}
	s += `, server: www.example.com, request: "` + req + `"`
	for _, u := range upstream {
		s += `, upstream: "` + u + `"`
	}
	return s + `, host: "www.example.com"`
}

// lines repeats f(i) for i in [0, n).
func lines(n int, f func(i int) string) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = f(i)
	}
	return out
}

// cat joins groups of lines.
func cat(groups ...[]string) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}

// hms returns the fixture time h:m:s as "hh:mm:ss".
func hms(h, m, s int) string { return fmt.Sprintf("%02d:%02d:%02d", h, m, s) }

// diagWant is what a fixture must show for one cause of one status code.
type diagWant struct {
	code  int
	cause string
	// n is the number of requests the cause must explain; 0 means the
	// cause must not be confirmed for the code (a look-alike).
	n int64
	// rank is the cause's expected 1-based place among the code's causes;
	// 0 leaves it unchecked.
	rank int
	// errLog marks evidence from the error log: the cause then shows an
	// access line and the error-log line as examples.
	errLog bool
}

type diagCase struct {
	name   string
	access []string
	errors []string // the error log; none when empty
	args   []string // flags before the files
	want   []diagWant
	// unexplained, when set, pins the unexplained requests of codes.
	unexplained map[int]int64
	// forced is given as --log-format; the error logs beside the access
	// log are still detected by content.
	forced string
	// finding, when set, is "CODE CAUSE": the first finding must be that
	// confirmed cause of that code.
	finding string
}

type diagCause struct {
	ID         string   `json:"id"`
	Confidence string   `json:"confidence"`
	Evidence   int64    `json:"evidence"`
	Examples   []string `json:"examples"`
	Detail     string   `json:"detail"`
}

type diagCode struct {
	Code        int         `json:"code"`
	Count       int64       `json:"count"`
	Causes      []diagCause `json:"causes"`
	Unexplained int64       `json:"unexplained"`
}

func TestDiagnosis(t *testing.T) {
	for _, tc := range diagCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"--json"}, tc.args...)
			args = append(args, writeFile(t, dir, "access.log", []byte(strings.Join(tc.access, "\n")+"\n")))
			// Each server writes its own error log.
			errorLogs := map[string][]string{}
			for _, l := range tc.errors {
				name := "error.log" // Apache 2.4
				switch {
				case l[0] >= '0' && l[0] <= '9':
					name = "nginx-error.log"
				case !strings.Contains(l[:30], "."):
					name = "apache22-error.log"
				}
				errorLogs[name] = append(errorLogs[name], l)
			}
			for _, name := range []string{"error.log", "apache22-error.log", "nginx-error.log"} {
				if ls := errorLogs[name]; len(ls) > 0 {
					args = append(args, writeFile(t, dir, name, []byte(strings.Join(ls, "\n")+"\n")))
				}
			}
			if tc.forced != "" {
				args = append([]string{"--log-format", tc.forced}, args...)
			}
			out, errOut, code := runCLI(t, "", args...)
			require.Equal(t, 0, code, "stderr: %s", errOut)
			var doc struct {
				Inputs []struct {
					Kind      string `json:"kind"`
					Entries   int64  `json:"entries"`
					Malformed int64  `json:"malformed"`
				} `json:"inputs"`
				Codes    []diagCode `json:"codes"`
				Findings []struct {
					Kind      string  `json:"kind"`
					Code      *int    `json:"code"`
					Cause     *string `json:"cause"`
					Confirmed bool    `json:"confirmed"`
					Text      string  `json:"text"`
				} `json:"findings"`
			}
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			if tc.finding != "" {
				require.NotEmpty(t, doc.Findings)
				f := doc.Findings[0]
				require.NotNil(t, f.Code, "first finding %+v", f)
				require.NotNil(t, f.Cause, "first finding %+v", f)
				assert.Equal(t, tc.finding, fmt.Sprintf("%d %s", *f.Code, *f.Cause), "first finding: %s", f.Text)
				assert.True(t, f.Confirmed, "first finding: %s", f.Text)
				assert.Equal(t, analyze.FindingFailure, f.Kind)
			}
			// Every line of the fixture must have been read as an entry.
			require.NotEmpty(t, doc.Inputs)
			assert.Equal(t, "access", doc.Inputs[0].Kind)
			assert.Equal(t, int64(len(tc.access)), doc.Inputs[0].Entries, "access entries")
			require.Len(t, doc.Inputs, 1+len(errorLogs))
			var errorEntries int64
			for _, in := range doc.Inputs[1:] {
				assert.Equal(t, "error", in.Kind)
				errorEntries += in.Entries
			}
			assert.Equal(t, int64(len(tc.errors)), errorEntries, "error-log entries")
			for _, in := range doc.Inputs {
				assert.Zero(t, in.Malformed, "malformed lines in the fixture")
			}
			codes := map[int]diagCode{}
			for _, c := range doc.Codes {
				codes[c.Code] = c
				checkCauseOrder(t, c)
			}
			for _, w := range tc.want {
				c, ok := codes[w.code]
				require.True(t, ok, "no %d in the report", w.code)
				i, cause := findCause(c, w.cause)
				if w.n == 0 {
					if cause != nil {
						assert.NotEqual(t, analyze.Confirmed, cause.Confidence,
							"%d: %s must not be confirmed (evidence %d, examples %q)", w.code, w.cause, cause.Evidence, cause.Examples)
					}
					continue
				}
				require.NotNil(t, cause, "%d: %s missing; causes %+v", w.code, w.cause, c.Causes)
				assert.Equal(t, analyze.Confirmed, cause.Confidence, "%d: %s", w.code, w.cause)
				assert.Equal(t, w.n, cause.Evidence, "%d: %s evidence", w.code, w.cause)
				if w.rank > 0 {
					assert.Equal(t, w.rank, i+1, "%d: %s rank; causes %+v", w.code, w.cause, c.Causes)
				}
				assert.True(t, len(cause.Examples) > 0 || cause.Detail != "", "%d: %s shows neither an example nor a detail", w.code, w.cause)
				if len(cause.Examples) > 0 {
					assert.Contains(t, cause.Examples[0], "access.log:", "%d: %s first example", w.code, w.cause)
				}
				if w.errLog {
					require.Len(t, cause.Examples, 2, "%d: %s examples", w.code, w.cause)
					assert.Contains(t, cause.Examples[1], "error.log:", "%d: %s error-log example", w.code, w.cause)
					assert.True(t, strings.HasPrefix(cause.Examples[0], filepath.Join(dir, "access.log")+":"), "%d: %s access example %q", w.code, w.cause, cause.Examples[0])
				}
			}
			for code, n := range tc.unexplained {
				c, ok := codes[code]
				require.True(t, ok, "no %d in the report", code)
				assert.Equal(t, n, c.Unexplained, "%d unexplained", code)
			}
		})
	}
}

// checkCauseOrder checks the invariants of every code's causes: confirmed
// causes first, by evidence, then the textbook ones; and unexplained is the
// count less what the confirmed causes explain.
func checkCauseOrder(t *testing.T, c diagCode) {
	t.Helper()
	var explained int64
	textbook := false
	for i, cs := range c.Causes {
		switch cs.Confidence {
		case analyze.Confirmed:
			assert.False(t, textbook, "%d: confirmed %s after a textbook cause", c.Code, cs.ID)
			assert.Positive(t, cs.Evidence, "%d: %s", c.Code, cs.ID)
			if i > 0 {
				assert.LessOrEqual(t, cs.Evidence, c.Causes[i-1].Evidence, "%d: %s ranked above a cause with more evidence", c.Code, cs.ID)
			}
			explained += cs.Evidence
		case analyze.Textbook:
			textbook = true
			assert.Zero(t, cs.Evidence, "%d: textbook %s", c.Code, cs.ID)
		default:
			t.Errorf("%d: %s has confidence %q", c.Code, cs.ID, cs.Confidence)
		}
	}
	assert.LessOrEqual(t, explained, c.Count, "%d: causes explain more requests than there are", c.Code)
	if c.Code >= 400 {
		assert.Equal(t, c.Count-explained, c.Unexplained, "%d: unexplained", c.Code)
	}
}

func findCause(c diagCode, id string) (int, *diagCause) {
	for i := range c.Causes {
		if c.Causes[i].ID == id {
			return i, &c.Causes[i]
		}
	}
	return -1, nil
}

// TestDiagnosisCoversEveryCause checks that every cause id has a fixture
// that confirms it and a look-alike that must not.
func TestDiagnosisCoversEveryCause(t *testing.T) {
	confirmed, lookalike := map[string]bool{}, map[string]bool{}
	for _, tc := range diagCases() {
		for _, w := range tc.want {
			_, ok := analyze.CauseByID(w.cause)
			require.True(t, ok, "%s: unknown cause %s", tc.name, w.cause)
			if w.n > 0 {
				confirmed[w.cause] = true
			} else {
				lookalike[w.cause] = true
			}
		}
	}
	causes := analyze.Catalog()
	assert.Len(t, causes, 41)
	for _, c := range causes {
		assert.True(t, confirmed[c.ID], "%s has no confirming fixture", c.ID)
		assert.True(t, lookalike[c.ID], "%s has no look-alike", c.ID)
	}
}

// diagCases returns the fixtures, grouped by cause id in catalog order,
// then the fixtures that combine causes.
func diagCases() []diagCase {
	const (
		admin    = "GET /admin/ HTTP/1.1"
		private  = "GET /private/ HTTP/1.1"
		api      = "GET /api/orders HTTP/1.1"
		htmlRoot = "/var/www/html"
	)
	// background is ten minutes of ordinary traffic, four requests a minute.
	background := lines(40, func(i int) string {
		return acc(fmt.Sprintf("198.51.100.%d", 10+i%7), hms(10, i/4, 15*(i%4)), "GET /index.html HTTP/1.1", 200)
	})
	return []diagCase{
		// app-error
		{
			name: "app-error: PHP fatal through Apache proxy_fcgi, front controller",
			access: []string{
				acc("203.0.113.10", "10:00:00", "GET /blog/2026/hello HTTP/1.1", 500),
				acc("203.0.113.11", "10:00:05", "GET /blog/ HTTP/1.1", 200),
			},
			errors: []string{
				a24("10:00:00", "proxy_fcgi:error", "", "203.0.113.10", "AH01071: Got error 'PHP message: PHP Fatal error:  Uncaught Error: Call to undefined function wp_head() in /var/www/html/wp-content/themes/x/header.php:12\\nStack trace:\\n#0 {main}\\n  thrown in /var/www/html/wp-content/themes/x/header.php on line 12'"),
			},
			want: []diagWant{{code: 500, cause: "app-error", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "app-error: PHP fatal through nginx FastCGI",
			access: []string{
				acc("203.0.113.12", "10:00:00", "POST /checkout.php HTTP/1.1", 500),
			},
			errors: []string{
				ngx("10:00:00", "error", 12, `FastCGI sent in stderr: "PHP message: PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to allocate 20480 bytes) in /var/www/html/lib/cart.php on line 88" while reading response header from upstream`, "203.0.113.12", "POST /checkout.php HTTP/1.1"),
			},
			want: []diagWant{{code: 500, cause: "app-error", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "app-error look-alike: a PHP warning beside a 500",
			access: []string{
				acc("203.0.113.13", "10:00:00", "GET /index.php HTTP/1.1", 500),
			},
			errors: []string{
				ngx("10:00:00", "error", 13, `FastCGI sent in stderr: "PHP message: PHP Warning:  Undefined variable $user in /var/www/html/index.php on line 3" while reading response header from upstream`, "203.0.113.13", "GET /index.php HTTP/1.1"),
			},
			want:        []diagWant{{code: 500, cause: "app-error"}},
			unexplained: map[int]int64{500: 1},
		},

		{
			name: "app-error: the application cannot resolve its database host (mod_php warning, same client and second)",
			access: []string{
				acc("203.0.113.14", "10:00:00", "GET /index.php HTTP/1.1", 500),
				acc("203.0.113.15", "10:00:00", "GET /index.php HTTP/1.1", 200), // another client, served
			},
			errors: []string{
				a24("10:00:00", "php7:warn", "", "203.0.113.14", "PHP Warning:  mysql_connect(): Unknown MySQL server host 'mysql.hostinger.com.ua' (2) in /var/www/html/db.php on line 67"),
			},
			want: []diagWant{{code: 500, cause: "app-error", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "app-error look-alike: the database host warning for another client, and a minute before",
			access: []string{
				acc("203.0.113.16", "10:01:00", "GET /index.php HTTP/1.1", 500),
			},
			errors: []string{
				a24("10:01:00", "php7:warn", "", "203.0.113.99", "PHP Warning:  mysql_connect(): Unknown MySQL server host 'db' (1) in /var/www/html/db.php on line 67"),
				a24("10:00:00", "php7:warn", "", "203.0.113.16", "PHP Warning:  mysql_connect(): Unknown MySQL server host 'db' (1) in /var/www/html/db.php on line 67"),
			},
			want:        []diagWant{{code: 500, cause: "app-error"}},
			unexplained: map[int]int64{500: 1},
		},

		// app-response
		{
			name: "app-response: the upstream answered the 404 and the 403 (nginx logs its response time)",
			access: []string{
				accTimed("203.0.113.30", "10:00:00", "GET /api/orders/991 HTTP/1.1", 404, "0.012 0.011"),
				accTimed("203.0.113.31", "10:00:01", "POST /api/orders HTTP/1.1", 403, "0.020 0.019"),
				accTimed("203.0.113.32", "10:00:02", "GET /static/missing.png HTTP/1.1", 404, "0.000 -"), // nginx itself: no upstream
				accTimed("203.0.113.33", "10:00:03", "GET /api/orders HTTP/1.1", 200, "0.030 0.029"),
			},
			args:        []string{"--log-format", "nginx-upstream"},
			want:        []diagWant{{code: 404, cause: "app-response", n: 1, rank: 1}, {code: 403, cause: "app-response", n: 1, rank: 1}},
			unexplained: map[int]int64{404: 1},
		},
		{
			name: "app-response look-alike: no upstream time, and a probe path the upstream answered is a scanner",
			access: []string{
				accTimed("203.0.113.34", "10:00:00", "GET /missing.html HTTP/1.1", 404, "0.000 -"),
				accTimed("203.0.113.35", "10:00:01", "GET /.env HTTP/1.1", 404, "0.004 0.003"),
			},
			args: []string{"--log-format", "nginx-upstream"},
			want: []diagWant{{code: 404, cause: "app-response"}, {code: 404, cause: "scanner", n: 1}},
		},

		// auth-misconfig
		{
			name: "auth-misconfig: Apache cannot open the password file",
			access: []string{
				accUser("203.0.113.20", "bob", "10:00:00", private, 500),
			},
			errors: []string{
				a24("10:00:00", "authn_file:error", "(2)No such file or directory", "203.0.113.20", "AH01620: Could not open password file: /etc/apache2/.htpasswd"),
			},
			want: []diagWant{{code: 500, cause: "auth-misconfig", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "auth-misconfig: nginx password file missing answers 403",
			access: []string{
				accUser("203.0.113.21", "bob", "10:00:00", admin, 403),
			},
			errors: []string{
				ngx("10:00:00", "error", 21, `open() "/etc/nginx/.htpasswd" failed (2: No such file or directory)`, "203.0.113.21", admin),
			},
			want: []diagWant{{code: 403, cause: "auth-misconfig", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "auth-misconfig look-alike: the message is about another client",
			access: []string{
				accUser("203.0.113.22", "bob", "10:00:00", private, 500),
			},
			errors: []string{
				a24("10:00:00", "authn_file:error", "(2)No such file or directory", "203.0.113.99", "AH01620: Could not open password file: /etc/apache2/.htpasswd"),
			},
			want: []diagWant{{code: 500, cause: "auth-misconfig"}},
		},

		// backend-bad-response
		{
			name: "backend-bad-response: nginx upstream closed the connection",
			access: []string{
				acc("203.0.113.30", "10:00:00", api, 502),
				acc("203.0.113.31", "10:00:01", api, 200),
			},
			errors: []string{
				ngx("10:00:00", "error", 30, "upstream prematurely closed connection while reading response header from upstream", "203.0.113.30", api),
			},
			want: []diagWant{{code: 502, cause: "backend-bad-response", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "backend-bad-response: Apache connection reset reading the status line",
			access: []string{
				acc("203.0.113.32", "10:00:00", api, 502),
			},
			errors: []string{
				a24("10:00:00", "proxy_http:error", "(104)Connection reset by peer", "203.0.113.32", "AH01102: error reading status line from remote server 127.0.0.1:8080"),
				a24("10:00:00", "proxy:error", "", "203.0.113.32", "AH00898: Error reading from remote server returned by /api/orders"),
			},
			want: []diagWant{{code: 502, cause: "backend-bad-response", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "backend-bad-response look-alike: AH01102 after a timeout is upstream-timeout",
			access: []string{
				acc("203.0.113.33", "10:01:00", api, 502),
			},
			errors: []string{
				a24("10:01:00", "proxy_http:error", "(70007)The timeout specified has expired", "203.0.113.33", "AH01102: error reading status line from remote server 127.0.0.1:8080"),
			},
			want: []diagWant{
				{code: 502, cause: "backend-bad-response"},
				{code: 502, cause: "upstream-timeout", n: 1, rank: 1, errLog: true},
			},
		},

		// backend-down
		{
			name:    "backend-down: nginx connection refused",
			finding: "502 backend-down",
			access: []string{
				acc("203.0.113.40", "10:00:00", api, 502),
				acc("203.0.113.41", "10:00:02", api, 502),
			},
			errors: []string{
				ngx("10:00:00", "error", 40, `connect() failed (111: Connection refused) while connecting to upstream`, "203.0.113.40", api, "http://127.0.0.1:8080/api/orders"),
				ngx("10:00:02", "error", 41, `connect() failed (111: Connection refused) while connecting to upstream`, "203.0.113.41", api, "http://127.0.0.1:8080/api/orders"),
			},
			want: []diagWant{{code: 502, cause: "backend-down", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "backend-down: Apache worker disabled, 503s in its window",
			access: []string{
				acc("203.0.113.42", "10:00:00", api, 503),
				acc("203.0.113.43", "10:00:20", api, 503),
				acc("203.0.113.44", "10:00:40", "GET /api/items HTTP/1.1", 503),
				acc("203.0.113.45", "10:30:00", api, 503),
			},
			errors: []string{
				a24("10:00:00", "proxy:error", "(111)Connection refused", "", "AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost) failed"),
				a24("10:00:00", "proxy:error", "", "", "AH00959: ap_proxy_connect_backend disabling worker for (localhost) for 60s"),
				a24("10:00:00", "proxy_http:error", "", "203.0.113.42", "AH01114: HTTP: failed to make connection to backend: localhost"),
				a24("10:00:20", "proxy:error", "", "203.0.113.43", "AH00940: HTTP: disabled connection for (localhost)"),
			},
			want:        []diagWant{{code: 503, cause: "backend-down", n: 3, rank: 1, errLog: true}},
			unexplained: map[int]int64{503: 1},
		},
		{
			name: "backend-down: connect() failed 5 s before the access line nginx writes at the end",
			access: []string{
				acc("203.0.113.47", "10:00:05", api, 502),
			},
			errors: []string{
				ngx("10:00:00", "error", 0, `connect() failed (111: Connection refused) while connecting to upstream`, "203.0.113.47", api, "http://127.0.0.1:8080/api/orders"),
			},
			want: []diagWant{{code: 502, cause: "backend-down", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "backend-down look-alike: connect() failed 70 s before, beyond the join window",
			access: []string{
				acc("203.0.113.48", "10:01:10", api, 502),
			},
			errors: []string{
				ngx("10:00:00", "error", 0, `connect() failed (111: Connection refused) while connecting to upstream`, "203.0.113.48", api, "http://127.0.0.1:8080/api/orders"),
			},
			want: []diagWant{{code: 502, cause: "backend-down"}},
		},
		{
			name: "backend-down look-alike: connection refused for another client",
			access: []string{
				acc("203.0.113.46", "10:00:00", api, 502),
			},
			errors: []string{
				ngx("10:00:00", "error", 46, `connect() failed (111: Connection refused) while connecting to upstream`, "203.0.113.99", api),
			},
			want: []diagWant{{code: 502, cause: "backend-down"}},
		},

		// backend-header-too-big
		{
			name: "backend-header-too-big: nginx proxy buffer",
			access: []string{
				acc("203.0.113.50", "10:00:00", "GET /login HTTP/1.1", 502),
			},
			errors: []string{
				ngx("10:00:00", "error", 50, "upstream sent too big header while reading response header from upstream", "203.0.113.50", "GET /login HTTP/1.1"),
			},
			want: []diagWant{{code: 502, cause: "backend-header-too-big", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "backend-header-too-big look-alike: ten minutes away",
			access: []string{
				acc("203.0.113.51", "10:10:00", "GET /login HTTP/1.1", 502),
			},
			errors: []string{
				ngx("10:00:00", "error", 0, "upstream sent too big header while reading response header from upstream", "203.0.113.51", "GET /login HTTP/1.1"),
			},
			want: []diagWant{{code: 502, cause: "backend-header-too-big"}},
		},

		// bad-credentials
		{
			name:    "bad-credentials: Apache password mismatch, repeated",
			finding: "401 bad-credentials",
			access: lines(3, func(i int) string {
				return accUser("203.0.113.60", "bob", hms(10, 0, 10*i), private, 401)
			}),
			errors: lines(3, func(i int) string {
				return a24(hms(10, 0, 10*i), "auth_basic:error", "", "203.0.113.60", `AH01617: user bob: authentication failure for "/private/": Password Mismatch`)
			}),
			want: []diagWant{{code: 401, cause: "bad-credentials", n: 3, rank: 1, errLog: true}},
		},
		{
			name: "bad-credentials: nginx unknown user and Apache 2.2 mismatch",
			access: []string{
				accUser("203.0.113.61", "mallory", "10:00:00", private, 401),
				accUser("203.0.113.62", "bob", "10:00:30", private, 401),
			},
			errors: []string{
				ngx("10:00:00", "error", 61, `user "mallory" was not found in "/etc/nginx/.htpasswd"`, "203.0.113.61", private),
				a22("10:00:30", "error", "203.0.113.62", `user bob: authentication failure for "/private/": Password Mismatch`),
			},
			want: []diagWant{{code: 401, cause: "bad-credentials", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "bad-credentials look-alike: the mismatch was ten minutes earlier",
			access: []string{
				accUser("203.0.113.63", "bob", "10:10:00", private, 401),
			},
			errors: []string{
				a24("10:00:00", "auth_basic:error", "", "203.0.113.63", `AH01617: user bob: authentication failure for "/private/": Password Mismatch`),
			},
			want: []diagWant{{code: 401, cause: "bad-credentials"}},
		},

		// bad-http-version
		{
			name: "bad-http-version: odd protocol answered 505",
			access: []string{
				acc("203.0.113.70", "10:00:00", "GET / HTTP/5.0", 505),
				acc("203.0.113.71", "10:00:10", "GET / HTTP/1.1", 200),
			},
			want: []diagWant{{code: 505, cause: "bad-http-version", n: 1, rank: 1}},
		},
		{
			name: "bad-http-version: nginx client sent invalid version",
			access: []string{
				acc("203.0.113.72", "10:00:00", "GET / HTTP/2.0", 505),
			},
			errors: []string{
				ngx("10:00:00", "info", 72, "client sent invalid version while reading client request line", "203.0.113.72", "GET / HTTP/2.0"),
			},
			want: []diagWant{{code: 505, cause: "bad-http-version", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "bad-http-version look-alike: a 505 for a good request line, and an odd protocol answered 400",
			access: []string{
				acc("203.0.113.73", "10:00:00", "GET /legacy HTTP/1.1", 505),
				acc("203.0.113.74", "10:00:10", "GET / HTTP/5.0", 400),
			},
			want: []diagWant{
				{code: 505, cause: "bad-http-version"},
				{code: 400, cause: "malformed-request", n: 1, rank: 1},
			},
		},

		// binary-probe
		{
			name: "binary-probe: TLS handshake and SOCKS probe on a plain port",
			access: []string{
				acc("203.0.113.80", "10:00:00", `\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\x9a`, 400),
				acc("203.0.113.81", "10:00:10", `\x05\x01\x00`, 400),
				acc("203.0.113.82", "10:00:20", "-", 400),
				acc("203.0.113.84", "10:00:30", `\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03`, 501),
			},
			errors: []string{
				a24("10:00:30", "core:error", "", "203.0.113.84", `AH00134: Invalid method in request \x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03 - possible attempt to establish SSL connection on non-SSL port`),
			},
			want: []diagWant{
				{code: 400, cause: "binary-probe", n: 2, rank: 1},
				{code: 400, cause: "malformed-request", n: 1, rank: 2},
				{code: 501, cause: "binary-probe", n: 1, rank: 1, errLog: true},
				{code: 501, cause: "method-not-implemented"},
			},
		},
		{
			name: "binary-probe look-alike: an empty request line is malformed, not binary",
			access: []string{
				acc("203.0.113.83", "10:00:00", "-", 400),
			},
			want: []diagWant{
				{code: 400, cause: "binary-probe"},
				{code: 400, cause: "malformed-request", n: 1, rank: 1},
			},
		},

		// body-too-large
		{
			name: "body-too-large: nginx client_max_body_size and Apache LimitRequestBody",
			access: []string{
				acc("203.0.113.90", "10:00:00", "POST /upload HTTP/1.1", 413),
				acc("203.0.113.91", "10:00:30", "POST /upload HTTP/1.1", 413),
			},
			errors: []string{
				ngx("10:00:00", "error", 90, "client intended to send too large body: 10485760 bytes", "203.0.113.90", "POST /upload HTTP/1.1"),
				a24("10:00:30", "http:info", "", "203.0.113.91", "AH01588: Requested content-length of 10485760 is larger than the configured limit of 1048576"),
			},
			want: []diagWant{{code: 413, cause: "body-too-large", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "body-too-large: the message came 6 s before the access line",
			access: []string{
				acc("203.0.113.93", "10:00:06", "POST /upload HTTP/1.1", 413),
			},
			errors: []string{
				ngx("10:00:00", "error", 0, "client intended to send too large body: 10485760 bytes", "203.0.113.93", "POST /upload HTTP/1.1"),
			},
			want: []diagWant{{code: 413, cause: "body-too-large", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "body-too-large look-alike: the message is for another client, 6 s before",
			access: []string{
				acc("203.0.113.94", "10:00:06", "POST /upload HTTP/1.1", 413),
			},
			errors: []string{
				ngx("10:00:00", "error", 0, "client intended to send too large body: 10485760 bytes", "203.0.113.95", "POST /upload HTTP/1.1"),
			},
			want: []diagWant{{code: 413, cause: "body-too-large"}},
		},
		{
			name: "fs-permissions: the request took 8 s, its error line came first",
			access: []string{
				accTimed("198.51.100.75", "10:12:08", "GET /reports/q4.pdf HTTP/1.1", 403, "7.912"),
			},
			errors: []string{
				ngx("10:12:00", "error", 0, `open() "/var/www/html/reports/q4.pdf" failed (13: Permission denied)`, "198.51.100.75", "GET /reports/q4.pdf HTTP/1.1"),
			},
			args: []string{"--log-format", "nginx-timed"},
			want: []diagWant{{code: 403, cause: "fs-permissions", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "fs-permissions look-alike: a fast request 8 s after the error line",
			access: []string{
				accTimed("198.51.100.76", "10:12:08", "GET /reports/q4.pdf HTTP/1.1", 403, "0.004"),
			},
			errors: []string{
				ngx("10:12:00", "error", 0, `open() "/var/www/html/reports/q4.pdf" failed (13: Permission denied)`, "198.51.100.76", "GET /reports/q4.pdf HTTP/1.1"),
			},
			args: []string{"--log-format", "nginx-timed"},
			want: []diagWant{{code: 403, cause: "fs-permissions"}},
		},
		{
			name: "body-too-large look-alike: a 413 without an error-log line",
			access: []string{
				acc("203.0.113.92", "10:00:00", "POST /upload HTTP/1.1", 413),
			},
			errors: []string{
				ngx("10:30:00", "error", 0, "client intended to send too large body: 10485760 bytes", "203.0.113.92", "POST /upload HTTP/1.1"),
			},
			want: []diagWant{{code: 413, cause: "body-too-large"}},
		},

		// broken-link
		{
			name: "broken-link: a page of the site links to a missing image",
			access: cat(
				lines(5, func(i int) string {
					return accRef("198.51.100.20", hms(10, 0, i), "GET /css/site.css HTTP/1.1", 200, "https://www.example.com/")
				}),
				[]string{
					accRef("198.51.100.21", "10:00:59", "GET /blog/post.html HTTP/1.1", 200, "https://www.example.com/"),
					accRef("198.51.100.21", "10:01:00", "GET /img/logo-2019.png HTTP/1.1", 404, "https://www.example.com/blog/post.html"),
					accRef("198.51.100.22", "10:02:00", "GET /img/logo-2019.png HTTP/1.1", 404, "https://www.example.com/blog/post.html"),
				}),
			want: []diagWant{{code: 404, cause: "broken-link", n: 2, rank: 1}},
		},
		{
			name: "broken-link: the referer names the site without www.",
			access: cat(
				lines(5, func(i int) string {
					return accRef("198.51.100.20", hms(10, 0, i), "GET /css/site.css HTTP/1.1", 200, "https://www.example.com/")
				}),
				[]string{
					acc("198.51.100.21", "10:00:59", "GET /blog/post.html HTTP/1.1", 200),
					accRef("198.51.100.21", "10:01:00", "GET /img/logo-2019.png HTTP/1.1", 404, "https://example.com/blog/post.html"),
				}),
			want: []diagWant{{code: 404, cause: "broken-link", n: 1, rank: 1}},
		},
		{
			name: "broken-link look-alike: the referer is a text file, or a page never served",
			access: cat(
				lines(5, func(i int) string {
					return accRef("198.51.100.20", hms(10, 0, i), "GET /css/site.css HTTP/1.1", 200, "https://www.example.com/")
				}),
				[]string{
					acc("198.51.100.21", "10:00:59", "GET /misc/sample.log HTTP/1.1", 200),
					accRef("198.51.100.21", "10:01:00", "GET /img/a.png HTTP/1.1", 404, "https://www.example.com/misc/sample.log"),
					accRef("198.51.100.22", "10:02:00", "GET /img/b.png HTTP/1.1", 404, "https://www.example.com/never-served.html"),
				}),
			want: []diagWant{{code: 404, cause: "broken-link"}},
		},
		{
			name: "broken-link look-alike: an open-proxy probe, a POST-only endpoint, icons browsers ask for by themselves",
			access: cat(
				lines(5, func(i int) string {
					return accRef("198.51.100.20", hms(10, 0, i), "GET /css/site.css HTTP/1.1", 200, "https://www.example.com/")
				}),
				[]string{
					acc("198.51.100.21", "10:00:59", "GET /form.html HTTP/1.1", 200),
					accRef("203.0.113.9", "10:01:00", "GET http://check.example/azenv.php HTTP/1.1", 404, "https://www.example.com/"),
					accRef("198.51.100.22", "10:02:00", "POST /api/submit HTTP/1.1", 404, "https://www.example.com/form.html"),
					accRef("198.51.100.23", "10:02:10", "GET /favicon.ico HTTP/1.1", 404, "https://www.example.com/form.html"),
					accRef("198.51.100.23", "10:02:11", "GET /apple-touch-icon-precomposed.png HTTP/1.1", 404, "https://www.example.com/form.html"),
				}),
			want: []diagWant{{code: 404, cause: "broken-link"}},
		},
		{
			name: "broken-link look-alike: the referer is another site",
			access: cat(
				lines(5, func(i int) string {
					return accRef("198.51.100.20", hms(10, 0, i), "GET /css/site.css HTTP/1.1", 200, "https://www.example.com/")
				}),
				[]string{
					accRef("198.51.100.23", "10:01:00", "GET /old-download.zip HTTP/1.1", 404, "https://forum.example.net/thread/42"),
					acc("198.51.100.24", "10:02:00", "GET /nothing-here HTTP/1.1", 404),
				}),
			want: []diagWant{{code: 404, cause: "broken-link"}},
		},

		// case-mismatch
		{
			name: "case-mismatch: /About.html missing, /about.html served",
			access: []string{
				acc("198.51.100.30", "10:00:00", "GET /about.html HTTP/1.1", 200),
				acc("198.51.100.39", "10:00:30", "GET /about.html HTTP/1.1", 304),
				acc("198.51.100.31", "10:01:00", "GET /About.html HTTP/1.1", 404),
				acc("198.51.100.32", "10:02:00", "GET /About.html HTTP/1.1", 404),
			},
			want: []diagWant{{code: 404, cause: "case-mismatch", n: 2, rank: 1}},
		},
		{
			name: "case-mismatch look-alike: /about.html was never served",
			access: []string{
				acc("198.51.100.33", "10:00:00", "GET /index.html HTTP/1.1", 200),
				acc("198.51.100.34", "10:01:00", "GET /About.html HTTP/1.1", 404),
				acc("198.51.100.35", "10:02:00", "GET /about.html HTTP/1.1", 404),
			},
			want: []diagWant{{code: 404, cause: "case-mismatch"}},
		},
		{
			name: "case-mismatch look-alike: /about.html was only redirected, or served once",
			access: []string{
				acc("198.51.100.36", "10:00:00", "GET /about.html HTTP/1.1", 301),
				acc("198.51.100.36", "10:00:01", "GET /about.html HTTP/1.1", 302),
				acc("198.51.100.37", "10:01:00", "GET /About.html HTTP/1.1", 404),
				acc("198.51.100.38", "10:00:00", "GET /team.html HTTP/1.1", 200),
				acc("198.51.100.38", "10:02:00", "GET /Team.html HTTP/1.1", 404),
			},
			want: []diagWant{{code: 404, cause: "case-mismatch"}},
		},

		// client-closed
		{
			name: "client-closed: 499s after a long wait",
			access: []string{
				accTimed("203.0.113.100", "10:00:00", api, 499, "30.001"),
				accTimed("203.0.113.101", "10:00:10", api, 499, "45.120"),
				accTimed("203.0.113.102", "10:00:20", api, 200, "0.120"),
			},
			args: []string{"--log-format", "nginx-timed"},
			want: []diagWant{{code: 499, cause: "client-closed", n: 2, rank: 1}},
		},
		{
			name: "client-closed look-alike: a client that closed while sending headers got a 400",
			access: []string{
				acc("203.0.113.103", "10:00:00", "GET / HTTP/1.1", 400),
			},
			errors: []string{
				ngx("10:00:00", "info", 103, "client prematurely closed connection while reading client request headers", "203.0.113.103", "GET / HTTP/1.1"),
			},
			want: []diagWant{
				{code: 400, cause: "client-closed"},
				{code: 400, cause: "malformed-request"},
			},
			unexplained: map[int]int64{400: 1},
		},

		// client-timeout
		{
			name: "client-timeout: Apache 408s without a request line",
			access: lines(3, func(i int) string {
				return acc(fmt.Sprintf("203.0.113.11%d", i), hms(10, 0, 10*i), "-", 408)
			}),
			want: []diagWant{{code: 408, cause: "client-timeout", n: 3, rank: 1}},
		},
		{
			name: "client-timeout: nginx header read timed out",
			access: []string{
				acc("203.0.113.113", "10:00:00", "GET /app/ HTTP/1.1", 408),
			},
			errors: []string{
				ngx("10:00:00", "info", 113, "client timed out (110: Connection timed out) while reading client request headers", "203.0.113.113", "GET /app/ HTTP/1.1"),
			},
			want: []diagWant{{code: 408, cause: "client-timeout", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "client-timeout look-alike: a 408 with a request line and no error log",
			access: []string{
				acc("203.0.113.114", "10:00:00", "POST /upload HTTP/1.1", 408),
			},
			want: []diagWant{{code: 408, cause: "client-timeout"}},
		},

		// deny-rule
		{
			name:    "deny-rule: Apache 2.4 Require, 2.2 Deny and nginx deny",
			finding: "403 deny-rule",
			access: cat(
				lines(3, func(i int) string { return acc("203.0.113.120", hms(10, 0, 7*i), admin, 403) }),
				[]string{
					acc("203.0.113.121", "10:01:00", admin, 403),
					acc("203.0.113.122", "10:02:00", admin, 403),
				}),
			errors: cat(
				lines(3, func(i int) string {
					return a24(hms(10, 0, 7*i), "authz_core:error", "", "203.0.113.120", "AH01630: client denied by server configuration: /var/www/html/admin/")
				}),
				[]string{
					a22("10:01:00", "error", "203.0.113.121", "client denied by server configuration: /var/www/html/admin/"),
					ngx("10:02:00", "error", 122, "access forbidden by rule", "203.0.113.122", admin),
				}),
			want: []diagWant{{code: 403, cause: "deny-rule", n: 5, rank: 1, errLog: true}},
		},
		{
			name: "deny-rule: matched on the logged path when --group folds ids",
			args: []string{"--group"},
			access: []string{
				acc("203.0.113.126", "10:00:00", "GET /users/42/edit HTTP/1.1", 403),
			},
			errors: []string{
				ngx("10:00:00", "error", 126, "access forbidden by rule", "203.0.113.126", "GET /users/42/edit HTTP/1.1"),
			},
			want: []diagWant{{code: 403, cause: "deny-rule", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "deny-rule look-alike: the message is for another client",
			access: []string{
				acc("203.0.113.123", "10:00:00", admin, 403),
			},
			errors: []string{
				a24("10:00:00", "authz_core:error", "", "203.0.113.99", "AH01630: client denied by server configuration: /var/www/html/admin/"),
			},
			want: []diagWant{{code: 403, cause: "deny-rule"}},
		},
		{
			name: "deny-rule look-alike: the message is ten minutes away",
			access: []string{
				acc("203.0.113.124", "10:10:00", admin, 403),
			},
			errors: []string{
				a24("10:00:00", "authz_core:error", "", "203.0.113.124", "AH01630: client denied by server configuration: /var/www/html/admin/"),
			},
			want: []diagWant{{code: 403, cause: "deny-rule"}},
		},
		{
			name: "deny-rule look-alike: denied /admin does not explain a 403 for /other",
			access: []string{
				acc("203.0.113.125", "10:00:00", admin, 403),
				acc("203.0.113.125", "10:00:01", "GET /other HTTP/1.1", 403),
				acc("203.0.113.125", "10:00:01", "GET /a HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:00:00", "authz_core:error", "", "203.0.113.125", "AH01630: client denied by server configuration: /var/www/html/admin/"),
			},
			want:        []diagWant{{code: 403, cause: "deny-rule", n: 1, rank: 1, errLog: true}},
			unexplained: map[int]int64{403: 2},
		},

		// fs-permissions
		{
			name: "fs-permissions: Apache AH00132 and AH00035, nginx (13: Permission denied)",
			access: []string{
				accRef("198.51.100.70", "10:12:00", "GET /reports/q3.pdf HTTP/1.1", 403, "https://www.example.com/docs/install.html"),
				accRef("198.51.100.71", "10:12:31", "GET /reports/q3.pdf HTTP/1.1", 403, "https://www.example.com/docs/install.html"),
				acc("198.51.100.72", "10:13:00", "GET /private/a.txt HTTP/1.1", 403),
				acc("198.51.100.73", "10:14:00", "GET /secret.txt HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:12:00", "core:error", "(13)Permission denied", "198.51.100.70", "AH00132: file permissions deny server access: /var/www/html/reports/q3.pdf, referer: https://www.example.com/docs/install.html"),
				a24("10:12:31", "core:error", "(13)Permission denied", "198.51.100.71", "AH00132: file permissions deny server access: /var/www/html/reports/q3.pdf, referer: https://www.example.com/docs/install.html"),
				a24("10:13:00", "core:error", "(13)Permission denied", "198.51.100.72", "AH00035: access to /private/a.txt denied (filesystem path '/var/www/html/private') because search permissions are missing on a component of the path"),
				ngx("10:14:00", "error", 73, `open() "/var/www/html/secret.txt" failed (13: Permission denied)`, "198.51.100.73", "GET /secret.txt HTTP/1.1"),
			},
			want: []diagWant{{code: 403, cause: "fs-permissions", n: 4, rank: 1, errLog: true}},
		},
		{
			name: "fs-permissions look-alike: the message names another file",
			access: []string{
				acc("198.51.100.74", "10:12:00", "GET /reports/q3.pdf HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:12:00", "core:error", "(13)Permission denied", "198.51.100.74", "AH00132: file permissions deny server access: /var/www/html/reports/q4.pdf"),
			},
			want: []diagWant{{code: 403, cause: "fs-permissions"}},
		},

		// header-too-large
		{
			name: "header-too-large: nginx long header line and Apache LimitRequestFieldSize",
			access: []string{
				acc("203.0.113.130", "10:00:00", "GET /app/ HTTP/1.1", 400),
				acc("203.0.113.131", "10:00:30", "GET /app/ HTTP/1.1", 400),
			},
			errors: []string{
				ngx("10:00:00", "info", 130, `client sent too long header line: "Cookie: session=0123456789abcdef0123456789abcdef..." while reading client request headers`, "203.0.113.130", "GET /app/ HTTP/1.1"),
				a24("10:00:30", "core:info", "", "203.0.113.131", "AH00561: Request header exceeds LimitRequestFieldSize: Cookie"),
			},
			want: []diagWant{{code: 400, cause: "header-too-large", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "header-too-large look-alike: the message is for another client",
			access: []string{
				acc("203.0.113.132", "10:00:00", "GET /app/ HTTP/1.1", 400),
			},
			errors: []string{
				ngx("10:00:00", "info", 0, `client sent too long header line: "Cookie: session=0123456789abcdef..." while reading client request headers`, "203.0.113.99", "GET /app/ HTTP/1.1"),
			},
			want: []diagWant{{code: 400, cause: "header-too-large"}},
		},

		// htaccess-error
		{
			name: "htaccess-error: invalid command in a directory's .htaccess",
			access: []string{
				acc("203.0.113.140", "10:00:00", "GET /blog/post.html HTTP/1.1", 500),
				acc("203.0.113.141", "10:00:30", "GET /index.html HTTP/1.1", 500),
			},
			errors: []string{
				a24("10:00:00", "core:alert", "", "203.0.113.140", "/var/www/html/blog/.htaccess: Invalid command 'RewriteEngine', perhaps misspelled or defined by a module not included in the server configuration"),
				a24("10:00:30", "core:alert", "", "203.0.113.141", "/var/www/html/.htaccess: Header not allowed here"),
			},
			want: []diagWant{{code: 500, cause: "htaccess-error", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "htaccess-error look-alike: another client, and ten minutes away",
			access: []string{
				acc("203.0.113.142", "10:00:00", "GET /blog/post.html HTTP/1.1", 500),
				acc("203.0.113.143", "10:00:30", "GET /shop/cart.html HTTP/1.1", 500),
			},
			errors: []string{
				a24("10:00:00", "core:alert", "", "203.0.113.99", "/var/www/html/blog/.htaccess: Invalid command 'RewriteEngine', perhaps misspelled or defined by a module not included in the server configuration"),
				a24("10:10:30", "core:alert", "", "203.0.113.143", "/var/www/html/.htaccess: Invalid command 'RewriteEngine', perhaps misspelled or defined by a module not included in the server configuration"),
			},
			want: []diagWant{{code: 500, cause: "htaccess-error"}},
		},

		// insufficient-storage
		{
			name: "insufficient-storage: WebDAV PUT and an nginx request body on a full disk",
			access: []string{
				acc("203.0.113.150", "10:00:00", "PUT /dav/backup.tar HTTP/1.1", 507),
				acc("203.0.113.151", "10:00:30", "POST /upload HTTP/1.1", 500),
			},
			errors: []string{
				a24("10:00:00", "dav:error", "(28)No space left on device", "203.0.113.150", "There is not enough storage to write to this resource.  [507, #0]"),
				ngx("10:00:30", "crit", 151, `pwrite() "/var/lib/nginx/body/0000000012" failed (28: No space left on device)`, "203.0.113.151", "POST /upload HTTP/1.1"),
			},
			want: []diagWant{
				{code: 507, cause: "insufficient-storage", n: 1, rank: 1, errLog: true},
				{code: 500, cause: "insufficient-storage", n: 1, rank: 1, errLog: true},
			},
		},
		{
			name: "insufficient-storage look-alike: a 507 without the message",
			access: []string{
				acc("203.0.113.152", "10:00:00", "PUT /dav/backup.tar HTTP/1.1", 507),
			},
			errors: []string{
				a24("10:00:00", "dav:error", "(28)No space left on device", "203.0.113.99", "There is not enough storage to write to this resource.  [507, #0]"),
			},
			want: []diagWant{{code: 507, cause: "insufficient-storage"}},
		},

		// maintenance
		{
			name: "maintenance: every request answered 503 for two minutes",
			access: cat(background, lines(12, func(i int) string {
				paths := []string{"/", "/index.html", "/about.html", "/css/site.css", "/blog/", "/contact.html"}
				return acc(fmt.Sprintf("198.51.100.%d", 100+i), hms(10, 10+i/6, 10*(i%6)), "GET "+paths[i%6]+" HTTP/1.1", 503)
			})),
			want: []diagWant{
				{code: 503, cause: "maintenance", n: 12, rank: 1},
				{code: 503, cause: "overload"},
			},
		},
		{
			name: "maintenance look-alike: the same 503s with the backend down in the error log",
			access: cat(background, lines(12, func(i int) string {
				paths := []string{"/", "/index.html", "/about.html", "/css/site.css", "/blog/", "/contact.html"}
				return acc(fmt.Sprintf("198.51.100.%d", 100+i), hms(10, 10+i/6, 10*(i%6)), "GET "+paths[i%6]+" HTTP/1.1", 503)
			})),
			errors: []string{
				a24("10:10:00", "proxy:error", "(111)Connection refused", "", "AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost) failed"),
				a24("10:10:00", "proxy:error", "", "", "AH00959: ap_proxy_connect_backend disabling worker for (localhost) for 60s"),
				a24("10:11:00", "proxy:error", "(111)Connection refused", "", "AH00957: HTTP: attempt to connect to 127.0.0.1:8080 (localhost) failed"),
				a24("10:11:00", "proxy:error", "", "", "AH00959: ap_proxy_connect_backend disabling worker for (localhost) for 60s"),
			},
			want: []diagWant{
				{code: 503, cause: "maintenance"},
				{code: 503, cause: "backend-down", n: 12, rank: 1, errLog: true},
			},
		},

		// malformed-request
		{
			name: "malformed-request: no request line, no protocol",
			access: []string{
				acc("203.0.113.160", "10:00:00", "-", 400),
				acc("203.0.113.161", "10:00:10", "-", 400),
				acc("203.0.113.162", "10:00:20", "GET /index.html", 400),
			},
			want: []diagWant{{code: 400, cause: "malformed-request", n: 3, rank: 1}},
		},
		{
			name: "malformed-request: nginx invalid host header, Apache AH00126",
			access: []string{
				acc("203.0.113.163", "10:00:00", "GET / HTTP/1.1", 400),
				acc("203.0.113.164", "10:00:30", "GET index.html HTTP/1.1", 400),
			},
			errors: []string{
				ngx("10:00:00", "info", 163, "client sent invalid host header while reading client request headers", "203.0.113.163", "GET / HTTP/1.1"),
				a24("10:00:30", "core:error", "", "203.0.113.164", "AH00126: Invalid URI in request 'GET index.html HTTP/1.1' 'index.html'"),
			},
			want: []diagWant{{code: 400, cause: "malformed-request", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "malformed-request look-alike: the application's own 400",
			access: []string{
				acc("203.0.113.165", "10:00:00", "POST /api/orders HTTP/1.1", 400),
			},
			want: []diagWant{{code: 400, cause: "malformed-request"}},
		},

		// method-not-implemented
		{
			name: "method-not-implemented: made-up methods",
			access: []string{
				acc("203.0.113.170", "10:00:00", "FOO / HTTP/1.1", 501),
				acc("203.0.113.171", "10:00:10", "BREW /pot HTTP/1.1", 501),
				acc("203.0.113.172", "10:00:20", "QUUX / HTTP/1.1", 405),
			},
			want: []diagWant{
				{code: 501, cause: "method-not-implemented", n: 2, rank: 1},
				{code: 405, cause: "method-not-implemented", n: 1, rank: 1},
			},
		},
		{
			name: "method-not-implemented look-alike: POST to a static file, a made-up method answered 400",
			access: []string{
				acc("203.0.113.173", "10:00:00", "POST /index.html HTTP/1.1", 405),
				acc("203.0.113.174", "10:00:10", "FOO / HTTP/1.1", 400),
			},
			want: []diagWant{
				{code: 405, cause: "method-not-implemented"},
				{code: 400, cause: "method-not-implemented"},
				{code: 400, cause: "malformed-request", n: 1, rank: 1},
			},
		},

		// missing-file
		{
			name: "missing-file: nginx open() failed, Apache 2.2 and 2.4 File does not exist",
			access: []string{
				acc("203.0.113.180", "10:00:00", "GET /img/logo-2019.png HTTP/1.1", 404),
				acc("203.0.113.181", "10:00:20", "GET /img/logo-2019.png HTTP/1.1", 404),
				acc("203.0.113.182", "10:00:40", "GET /favicon.ico HTTP/1.1", 404),
				acc("203.0.113.183", "10:01:00", "GET /old.html HTTP/1.1", 404),
			},
			errors: []string{
				ngx("10:00:00", "error", 180, `open() "/var/www/html/img/logo-2019.png" failed (2: No such file or directory)`, "203.0.113.180", "GET /img/logo-2019.png HTTP/1.1"),
				ngx("10:00:20", "error", 181, `open() "/var/www/html/img/logo-2019.png" failed (2: No such file or directory)`, "203.0.113.181", "GET /img/logo-2019.png HTTP/1.1"),
				a22("10:00:40", "error", "203.0.113.182", "File does not exist: /var/www/html/favicon.ico"),
				a24("10:01:00", "core:info", "", "203.0.113.183", "AH00128: File does not exist: /var/www/html/old.html"),
			},
			want: []diagWant{{code: 404, cause: "missing-file", n: 4, rank: 1, errLog: true}},
		},
		{
			name: "missing-file look-alike: the message names another file",
			access: []string{
				acc("203.0.113.184", "10:00:00", "GET /img/logo.png HTTP/1.1", 404),
			},
			errors: []string{
				a22("10:00:00", "error", "203.0.113.184", "File does not exist: /var/www/html/img/logo-2019.png"),
			},
			want: []diagWant{{code: 404, cause: "missing-file"}},
		},

		// moved-resource
		{
			name: "moved-resource: served, then 404 and 410",
			access: []string{
				acc("198.51.100.40", "10:00:00", "GET /old-page.html HTTP/1.1", 200),
				acc("198.51.100.41", "10:01:00", "GET /old-page.html HTTP/1.1", 200),
				acc("198.51.100.42", "10:30:00", "GET /old-page.html HTTP/1.1", 404),
				acc("198.51.100.43", "10:31:00", "GET /old-page.html HTTP/1.1", 404),
				acc("198.51.100.44", "10:32:00", "GET /old-page.html HTTP/1.1", 404),
				acc("198.51.100.45", "10:02:00", "GET /gone.html HTTP/1.1", 200),
				acc("198.51.100.38", "10:02:30", "GET /gone.html HTTP/1.1", 304),
				acc("198.51.100.46", "10:33:00", "GET /gone.html HTTP/1.1", 410),
				acc("198.51.100.47", "10:34:00", "GET /gone.html HTTP/1.1", 410),
			},
			want: []diagWant{
				{code: 404, cause: "moved-resource", n: 3, rank: 1},
				{code: 410, cause: "moved-resource", n: 2, rank: 1},
			},
		},
		{
			name: "moved-resource look-alike: served to one client only (a scanner that found it), then missing",
			access: []string{
				acc("198.51.100.39", "10:00:00", "GET /backup.zip HTTP/1.1", 200),
				acc("198.51.100.39", "10:00:01", "GET /backup.zip HTTP/1.1", 200),
				acc("198.51.100.36", "10:30:00", "GET /backup.zip HTTP/1.1", 404),
				acc("198.51.100.37", "10:31:00", "GET /backup.zip HTTP/1.1", 404),
			},
			want: []diagWant{{code: 404, cause: "moved-resource"}},
		},
		{
			name: "moved-resource look-alike: missing first, created later",
			access: []string{
				acc("198.51.100.48", "10:00:00", "GET /new-page.html HTTP/1.1", 404),
				acc("198.51.100.49", "10:30:00", "GET /new-page.html HTTP/1.1", 200),
			},
			want: []diagWant{{code: 404, cause: "moved-resource"}},
		},
		{
			name: "moved-resource look-alike: one 200 then one 404, and redirects then 404s",
			access: []string{
				acc("198.51.100.48", "10:00:00", "GET /once.html HTTP/1.1", 200),
				acc("198.51.100.49", "10:30:00", "GET /once.html HTTP/1.1", 404),
				acc("198.51.100.50", "10:00:00", "GET /wp-login.php HTTP/1.1", 302),
				acc("198.51.100.50", "10:00:01", "GET /wp-login.php HTTP/1.1", 302),
				acc("198.51.100.51", "10:30:00", "GET /wp-login.php HTTP/1.1", 404),
				acc("198.51.100.51", "10:30:01", "GET /wp-login.php HTTP/1.1", 404),
			},
			want: []diagWant{{code: 404, cause: "moved-resource"}},
		},

		// mpm-limits
		{
			name:    "mpm-limits: MaxRequestWorkers explains the 503s in its window, not those an hour later",
			finding: "503 mpm-limits",
			access: cat(
				[]string{
					acc("198.51.100.50", "10:40:10", "GET / HTTP/1.1", 503),
					acc("198.51.100.51", "10:41:00", "GET /about.html HTTP/1.1", 503),
					acc("198.51.100.52", "10:42:30", "GET /blog/ HTTP/1.1", 503),
					acc("198.51.100.53", "10:43:00", "GET / HTTP/1.1", 503),
					acc("198.51.100.54", "10:42:40", "GET / HTTP/1.1", 200),
					acc("198.51.100.55", "11:40:00", "GET / HTTP/1.1", 503),
					acc("198.51.100.56", "11:40:30", "GET /about.html HTTP/1.1", 503),
					acc("198.51.100.57", "11:41:00", "GET /blog/ HTTP/1.1", 503),
				}),
			errors: []string{
				a24("10:40:02", "mpm_event:error", "", "", "AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"),
				a24("10:42:02", "mpm_event:error", "", "", "AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"),
			},
			want:        []diagWant{{code: 503, cause: "mpm-limits", n: 4, rank: 1, errLog: true}},
			unexplained: map[int]int64{503: 3},
		},
		{
			name: "mpm-limits: Apache 2.2 MaxClients behind a proxy's 504",
			access: []string{
				acc("198.51.100.58", "10:40:10", "GET / HTTP/1.1", 504),
			},
			errors: []string{
				a22("10:40:00", "error", "", "server reached MaxClients setting, consider raising the MaxClients setting"),
			},
			want: []diagWant{{code: 504, cause: "mpm-limits", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "mpm-limits look-alike: 503s an hour after the message",
			access: []string{
				acc("198.51.100.59", "11:40:00", "GET / HTTP/1.1", 503),
			},
			errors: []string{
				a24("10:40:02", "mpm_event:error", "", "", "AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"),
			},
			want: []diagWant{{code: 503, cause: "mpm-limits"}},
		},

		// no-credentials
		{
			name: "no-credentials: 401 then success for the same client and path",
			access: []string{
				acc("198.51.100.100", "10:33:00", private, 401),
				accUser("198.51.100.100", "alice", "10:33:04", private, 200),
				acc("198.51.100.101", "10:34:00", private, 401),
				accUser("198.51.100.101", "carol", "10:34:03", private, 200),
			},
			want: []diagWant{{code: 401, cause: "no-credentials", n: 2, rank: 1}},
		},
		{
			name: "no-credentials look-alike: 401s never followed by a success",
			access: []string{
				acc("198.51.100.102", "10:33:00", private, 401),
				accUser("198.51.100.102", "alice", "10:33:04", private, 401),
				accUser("198.51.100.103", "alice", "10:34:00", "GET /public/ HTTP/1.1", 200),
				acc("198.51.100.103", "10:34:10", private, 401),
			},
			want: []diagWant{{code: 401, cause: "no-credentials"}},
		},
		{
			name: "no-credentials look-alike: an application's POST /login rejected, then accepted",
			access: []string{
				acc("198.51.100.104", "10:33:00", "POST /login HTTP/1.1", 401),
				accUser("198.51.100.104", "bench", "10:33:01", "POST /login HTTP/1.1", 200),
				acc("198.51.100.105", "10:34:00", "GET /private/ HTTP/1.1", 401),
				accUser("198.51.100.105", "alice", "10:34:03", "POST /private/ HTTP/1.1", 200),
			},
			want: []diagWant{{code: 401, cause: "no-credentials"}},
		},
		{
			name: "no-credentials look-alike: the success came too late to answer the challenge",
			access: []string{
				acc("198.51.100.106", "10:00:00", private, 401),
				accUser("198.51.100.106", "alice", "10:06:00", private, 200),
			},
			want: []diagWant{{code: 401, cause: "no-credentials"}},
		},

		// no-index
		{
			name: "no-index: Apache AH01276 and nginx directory index forbidden",
			access: []string{
				acc("198.51.100.80", "10:18:00", "GET /downloads/ HTTP/1.1", 403),
				acc("198.51.100.81", "10:18:45", "GET /downloads/ HTTP/1.1", 403),
				acc("198.51.100.82", "10:19:00", "GET /files/ HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:18:00", "autoindex:error", "", "198.51.100.80", "AH01276: Cannot serve directory /var/www/html/downloads/: No matching DirectoryIndex (index.html,index.php) found, and server-generated directory index forbidden by Options directive"),
				a24("10:18:45", "autoindex:error", "", "198.51.100.81", "AH01276: Cannot serve directory /var/www/html/downloads/: No matching DirectoryIndex (index.html,index.php) found, and server-generated directory index forbidden by Options directive"),
				ngx("10:19:00", "error", 82, `directory index of "/var/www/html/files/" is forbidden`, "198.51.100.82", "GET /files/ HTTP/1.1"),
			},
			want: []diagWant{{code: 403, cause: "no-index", n: 3, rank: 1, errLog: true}},
		},
		{
			name: "no-index look-alike: the message names another directory",
			access: []string{
				acc("198.51.100.83", "10:18:00", "GET /uploads/ HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:18:00", "autoindex:error", "", "198.51.100.83", "AH01276: Cannot serve directory /var/www/html/downloads/: No matching DirectoryIndex (index.html,index.php) found, and server-generated directory index forbidden by Options directive"),
			},
			want: []diagWant{{code: 403, cause: "no-index"}},
		},

		// overload
		{
			name: "overload: 503s in a minute of twice the usual traffic",
			access: cat(background,
				lines(6, func(i int) string { return acc("198.51.100.60", hms(10, 10, 5*i), "GET /index.html HTTP/1.1", 200) }),
				lines(6, func(i int) string {
					return acc(fmt.Sprintf("198.51.100.%d", 61+i), hms(10, 10, 5*i+2), "GET /index.html HTTP/1.1", 503)
				})),
			want: []diagWant{
				{code: 503, cause: "overload", n: 6, rank: 1},
				{code: 503, cause: "maintenance"},
			},
		},
		{
			name: "overload: Apache all workers are busy",
			access: []string{
				acc("198.51.100.67", "10:00:00", api, 503),
			},
			errors: []string{
				a24("10:00:00", "proxy:error", "", "198.51.100.67", "AH00934: all workers are busy.  Unable to serve http://127.0.0.1:8080"),
			},
			want: []diagWant{{code: 503, cause: "overload", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "overload look-alike: 503s at the usual rate",
			access: cat(
				lines(100, func(i int) string {
					return acc("198.51.100.60", hms(10, i/10, 6*(i%10)), "GET /index.html HTTP/1.1", 200)
				}),
				lines(5, func(i int) string { return acc("198.51.100.68", hms(10, 10, 10*i), "GET /index.html HTTP/1.1", 200) }),
				lines(5, func(i int) string { return acc("198.51.100.69", hms(10, 10, 10*i+5), "GET /index.html HTTP/1.1", 503) })),
			want: []diagWant{
				{code: 503, cause: "overload"},
				{code: 503, cause: "maintenance"},
			},
		},

		// primary-script-unknown
		{
			name: "primary-script-unknown: nginx FastCGI stderr and Apache AH01071",
			access: []string{
				acc("203.0.113.190", "10:00:00", "GET /info.php HTTP/1.1", 404),
				acc("203.0.113.191", "10:00:30", "GET /test.php HTTP/1.1", 404),
			},
			errors: []string{
				ngx("10:00:00", "error", 190, `FastCGI sent in stderr: "Primary script unknown" while reading response header from upstream`, "203.0.113.190", "GET /info.php HTTP/1.1", "fastcgi://unix:/run/php/php8.2-fpm.sock:"),
				a24("10:00:30", "proxy_fcgi:error", "", "203.0.113.191", "AH01071: Got error 'Primary script unknown'"),
			},
			want: []diagWant{{code: 404, cause: "primary-script-unknown", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "primary-script-unknown look-alike: the message is for another client",
			access: []string{
				acc("203.0.113.192", "10:00:00", "GET /test.php HTTP/1.1", 404),
			},
			errors: []string{
				a24("10:00:00", "proxy_fcgi:error", "", "203.0.113.99", "AH01071: Got error 'Primary script unknown'"),
			},
			want: []diagWant{{code: 404, cause: "primary-script-unknown"}},
		},

		// rate-limited
		{
			name:    "rate-limited: nginx limit_req with 503 and with limit_req_status 429",
			finding: "503 rate-limited",
			access: cat(
				lines(4, func(i int) string { return acc("203.0.113.200", hms(10, 0, i), "GET /api/search HTTP/1.1", 503) }),
				lines(2, func(i int) string { return acc("203.0.113.201", hms(10, 1, i), "GET /api/search HTTP/1.1", 429) })),
			errors: cat(
				lines(4, func(i int) string {
					return ngx(hms(10, 0, i), "error", 300+i, `limiting requests, excess: 20.500 by zone "perip"`, "203.0.113.200", "GET /api/search HTTP/1.1")
				}),
				lines(2, func(i int) string {
					return ngx(hms(10, 1, i), "error", 310+i, `limiting connections by zone "addr"`, "203.0.113.201", "GET /api/search HTTP/1.1")
				})),
			want: []diagWant{
				{code: 503, cause: "rate-limited", n: 4, rank: 1, errLog: true},
				{code: 429, cause: "rate-limited", n: 2, rank: 1, errLog: true},
			},
		},
		{
			name: "rate-limited look-alike: a dry run refuses nothing",
			access: []string{
				acc("203.0.113.202", "10:00:00", "GET /api/search HTTP/1.1", 503),
			},
			errors: []string{
				ngx("10:00:00", "error", 320, `limiting requests, dry run, excess: 20.500 by zone "perip"`, "203.0.113.202", "GET /api/search HTTP/1.1"),
			},
			want: []diagWant{{code: 503, cause: "rate-limited"}},
		},

		// read-only-resource
		{
			name: "read-only-resource: write methods on static files",
			access: []string{
				acc("203.0.113.210", "10:00:00", "DELETE /index.html HTTP/1.1", 405),
				acc("203.0.113.211", "10:00:10", "PUT /css/site.css HTTP/1.1", 405),
				acc("203.0.113.212", "10:00:20", "PATCH /img/logo.png HTTP/1.1", 403),
			},
			want: []diagWant{
				{code: 405, cause: "read-only-resource", n: 2, rank: 1},
				{code: 403, cause: "read-only-resource", n: 1, rank: 1},
			},
		},
		{
			name: "read-only-resource: Apache AH00131 for a POST to a static file",
			access: []string{
				acc("203.0.113.213", "10:00:00", "POST /contact.html HTTP/1.1", 405),
			},
			errors: []string{
				a24("10:00:00", "core:error", "", "203.0.113.213", "AH00131: This resource does not accept the POST method."),
			},
			want: []diagWant{{code: 405, cause: "read-only-resource", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "read-only-resource look-alike: a DELETE the application answers 404",
			access: []string{
				acc("203.0.113.214", "10:00:00", "DELETE /api/items/3 HTTP/1.1", 404),
				acc("203.0.113.215", "10:00:10", "POST /contact.html HTTP/1.1", 405),
			},
			want: []diagWant{
				{code: 404, cause: "read-only-resource"},
				{code: 405, cause: "read-only-resource"},
			},
		},

		// redirect-loop
		{
			name:    "redirect-loop: Apache AH00124 and nginx internal redirection cycle",
			finding: "500 redirect-loop",
			access: []string{
				acc("203.0.113.220", "10:00:00", "GET /shop/ HTTP/1.1", 500),
				acc("203.0.113.221", "10:00:30", "GET /app/page HTTP/1.1", 500),
			},
			errors: []string{
				a24("10:00:00", "core:error", "", "203.0.113.220", "AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error. Use 'LimitInternalRecursion' to increase the limit if necessary. Use 'LogLevel debug' to get a backtrace."),
				ngx("10:00:30", "error", 221, `rewrite or internal redirection cycle while internally redirecting to "/index.html"`, "203.0.113.221", "GET /app/page HTTP/1.1"),
			},
			want: []diagWant{{code: 500, cause: "redirect-loop", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "redirect-loop look-alike: ten minutes away",
			access: []string{
				acc("203.0.113.222", "10:10:00", "GET /shop/ HTTP/1.1", 500),
			},
			errors: []string{
				a24("10:00:00", "core:error", "", "203.0.113.222", "AH00124: Request exceeded the limit of 10 internal redirects due to probable configuration error. Use 'LimitInternalRecursion' to increase the limit if necessary. Use 'LogLevel debug' to get a backtrace."),
			},
			want: []diagWant{{code: 500, cause: "redirect-loop"}},
		},

		// rewrite-rule
		{
			name: "rewrite-rule: mod_rewrite trace of a rule pointing nowhere",
			access: []string{
				acc("203.0.113.230", "10:00:00", "GET /old/page HTTP/1.1", 404),
			},
			errors: []string{
				a24("10:00:00", "rewrite:trace2", "", "203.0.113.230", "mod_rewrite.c(477): 203.0.113.230 - - [www.example.com/sid#55d5c1c0e1a8][rid#7f3b2c00a0a0/initial] init rewrite engine with requested uri /old/page"),
				a24("10:00:00", "rewrite:trace2", "", "203.0.113.230", "mod_rewrite.c(477): 203.0.113.230 - - [www.example.com/sid#55d5c1c0e1a8][rid#7f3b2c00a0a0/initial] rewrite '/old/page' -> '/new/page'"),
				a24("10:00:00", "rewrite:trace1", "", "203.0.113.230", "mod_rewrite.c(477): 203.0.113.230 - - [www.example.com/sid#55d5c1c0e1a8][rid#7f3b2c00a0a0/initial] go-ahead with /var/www/html/new/page [OK]"),
			},
			want: []diagWant{{code: 404, cause: "rewrite-rule", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "rewrite-rule look-alike: the trace is ten minutes earlier",
			access: []string{
				acc("203.0.113.231", "10:10:00", "GET /old/page HTTP/1.1", 404),
			},
			errors: []string{
				a24("10:00:00", "rewrite:trace2", "", "203.0.113.231", "mod_rewrite.c(477): 203.0.113.231 - - [www.example.com/sid#55d5c1c0e1a8][rid#7f3b2c00a0a0/initial] init rewrite engine with requested uri /old/page"),
			},
			want: []diagWant{{code: 404, cause: "rewrite-rule"}},
		},

		// scanner
		{
			name: "scanner: one client with many distinct missing paths",
			access: lines(12, func(i int) string {
				return acc("192.0.2.66", hms(10, 30, 2*i), fmt.Sprintf("GET /page-%d.html HTTP/1.1", i), 404)
			}),
			want: []diagWant{{code: 404, cause: "scanner", n: 12, rank: 1}},
		},
		{
			name: "scanner: known probe paths",
			access: []string{
				acc("192.0.2.67", "10:30:00", "GET /wp-login.php HTTP/1.1", 404),
				acc("192.0.2.68", "10:30:10", "GET /.env HTTP/1.1", 404),
				acc("192.0.2.69", "10:30:20", "GET /.git/config HTTP/1.1", 404),
				acc("192.0.2.70", "10:30:30", "GET /server-status HTTP/1.1", 403),
				acc("192.0.2.72", "10:30:40", "GET /phpmyadmin/index.php HTTP/1.1", 400),
				acc("192.0.2.73", "10:30:50", "POST /xmlrpc.php HTTP/1.1", 405),
			},
			want: []diagWant{
				{code: 404, cause: "scanner", n: 3, rank: 1},
				{code: 403, cause: "scanner", n: 1, rank: 1},
				{code: 400, cause: "scanner", n: 1, rank: 1},
				{code: 405, cause: "scanner", n: 1, rank: 1},
			},
		},
		{
			name: "scanner look-alike: one client with three distinct 404s",
			access: []string{
				acc("192.0.2.71", "10:30:00", "GET /page-1.html HTTP/1.1", 404),
				acc("192.0.2.71", "10:30:10", "GET /page-2.html HTTP/1.1", 404),
				acc("192.0.2.71", "10:30:20", "GET /page-3.html HTTP/1.1", 404),
			},
			want: []diagWant{{code: 404, cause: "scanner"}},
		},
		{
			name: "scanner look-alike: a developer's browser, nearly all 200, a dozen missing images",
			access: cat(
				lines(40, func(i int) string {
					return accRef("192.168.1.10", hms(10, 0, i), fmt.Sprintf("GET /page-%d.html HTTP/1.1", i%4), 200, "http://dev.example.test/")
				}),
				lines(12, func(i int) string {
					return accRef("192.168.1.10", hms(10, 1, i), fmt.Sprintf("GET /img/missing-%d.png HTTP/1.1", i), 404, "http://dev.example.test/page-1.html")
				})),
			want: []diagWant{{code: 404, cause: "scanner"}, {code: 404, cause: "broken-link", n: 12, rank: 1}},
		},

		// single-client
		{
			name: "single-client: one client behind nearly all the 500s of an endpoint",
			access: cat(
				lines(40, func(i int) string {
					return acc(fmt.Sprintf("198.51.100.%d", 150+i%20), hms(11, 0, i), "GET / HTTP/1.1", 200)
				}),
				lines(15, func(i int) string { return acc("203.0.113.200", hms(11, 1, i), "GET /api/report HTTP/1.1", 500) }),
				[]string{acc("198.51.100.151", "11:02:00", "GET /api/report HTTP/1.1", 500)}),
			want: []diagWant{{code: 500, cause: "single-client", n: 15, rank: 1}},
		},
		{
			name: "single-client look-alike: the 500s come from many clients",
			access: cat(
				lines(40, func(i int) string {
					return acc(fmt.Sprintf("198.51.100.%d", 150+i%20), hms(11, 0, i), "GET / HTTP/1.1", 200)
				}),
				lines(16, func(i int) string {
					return acc(fmt.Sprintf("203.0.113.%d", 200+i), hms(11, 1, i), "GET /api/report HTTP/1.1", 500)
				})),
			want: []diagWant{{code: 500, cause: "single-client"}},
		},

		// script-error
		{
			name: "script-error: CGI script without output, Apache 2.4 and 2.2",
			access: []string{
				acc("198.51.100.110", "10:36:00", "GET /cgi-bin/report.cgi HTTP/1.1", 500),
				acc("198.51.100.111", "10:36:50", "GET /cgi-bin/report.cgi HTTP/1.1", 500),
			},
			errors: []string{
				a24("10:36:00", "cgid:error", "", "198.51.100.110", "End of script output before headers: report.cgi"),
				a22("10:36:50", "error", "198.51.100.111", "Premature end of script headers: report.cgi"),
			},
			want: []diagWant{{code: 500, cause: "script-error", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "script-error look-alike: the message is for another client",
			access: []string{
				acc("198.51.100.112", "10:36:00", "GET /cgi-bin/report.cgi HTTP/1.1", 500),
			},
			errors: []string{
				a24("10:36:00", "cgid:error", "", "198.51.100.99", "End of script output before headers: report.cgi"),
			},
			want: []diagWant{{code: 500, cause: "script-error"}},
		},

		// symlink-denied
		{
			name: "symlink-denied: Apache AH00037 on a directory link, nginx disable_symlinks",
			access: []string{
				acc("203.0.113.240", "10:00:00", "GET /current/index.html HTTP/1.1", 403),
				acc("203.0.113.241", "10:00:30", "GET /latest.tar.gz HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:00:00", "core:error", "", "203.0.113.240", "AH00037: Symbolic link not allowed or link target not accessible: /var/www/html/current"),
				ngx("10:00:30", "error", 241, `open() "/var/www/html/latest.tar.gz" failed (40: Too many levels of symbolic links)`, "203.0.113.241", "GET /latest.tar.gz HTTP/1.1"),
			},
			want: []diagWant{{code: 403, cause: "symlink-denied", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "symlink-denied look-alike: the link is not on the requested path",
			access: []string{
				acc("203.0.113.242", "10:00:00", "GET /currently.html HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:00:00", "core:error", "", "203.0.113.242", "AH00037: Symbolic link not allowed or link target not accessible: /var/www/html/current"),
			},
			want: []diagWant{{code: 403, cause: "symlink-denied"}},
		},

		// upstream-timeout
		{
			name: "upstream-timeout: request time at the 60 s proxy timeout",
			access: []string{
				accTimed("203.0.113.250", "10:00:00", "GET /report HTTP/1.1", 504, "60.002"),
				accTimed("203.0.113.251", "10:02:00", "GET /report HTTP/1.1", 504, "60.001"),
				accTimed("203.0.113.252", "10:03:00", "GET /report HTTP/1.1", 200, "2.500"),
			},
			args: []string{"--log-format", "nginx-timed"},
			want: []diagWant{{code: 504, cause: "upstream-timeout", n: 2, rank: 1}},
		},
		{
			name:    "upstream-timeout: nginx upstream timed out",
			finding: "504 upstream-timeout",
			access: []string{
				acc("203.0.113.253", "10:00:00", "GET /report HTTP/1.1", 504),
			},
			errors: []string{
				ngx("10:00:00", "error", 253, "upstream timed out (110: Connection timed out) while reading response header from upstream", "203.0.113.253", "GET /report HTTP/1.1", "http://127.0.0.1:8080/report"),
			},
			want: []diagWant{{code: 504, cause: "upstream-timeout", n: 1, rank: 1, errLog: true}},
		},
		{
			name: "upstream-timeout look-alike: a 504 at 12.3 s",
			access: []string{
				accTimed("203.0.113.254", "10:00:00", "GET /report HTTP/1.1", 504, "12.300"),
			},
			args: []string{"--log-format", "nginx-timed"},
			want: []diagWant{{code: 504, cause: "upstream-timeout"}},
		},

		// uri-too-long
		{
			name: "uri-too-long: nginx too long URI and Apache LimitRequestLine",
			access: []string{
				acc("203.0.113.5", "10:00:00", "-", 414),
				acc("203.0.113.6", "10:00:30", "GET /search?q="+strings.Repeat("a", 60)+" HTTP/1.1", 414),
			},
			errors: []string{
				ngx("10:00:00", "info", 5, "client sent too long URI while reading client request line", "203.0.113.5", ""),
				a24("10:00:30", "core:info", "", "203.0.113.6", "AH00565: request failed: client's request-line exceeds LimitRequestLine (longer than 8190)"),
			},
			want: []diagWant{{code: 414, cause: "uri-too-long", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "uri-too-long look-alike: the message is for another client",
			access: []string{
				acc("203.0.113.7", "10:00:00", "-", 414),
			},
			errors: []string{
				ngx("10:00:00", "info", 0, "client sent too long URI while reading client request line", "203.0.113.99", ""),
			},
			want: []diagWant{{code: 414, cause: "uri-too-long"}},
		},

		// waf-block
		{
			name: "waf-block: ModSecurity in Apache and nginx",
			access: []string{
				acc("203.0.113.8", "10:00:00", "GET /search?q=1%27%20OR%201=1-- HTTP/1.1", 403),
				acc("203.0.113.9", "10:00:30", "GET /search?q=%3Cscript%3E HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:00:00", "security2:error", "", "203.0.113.8", `[client 203.0.113.8] ModSecurity: Access denied with code 403 (phase 2). detected SQLi using libinjection with fingerprint 's&1c' [file "/usr/share/modsecurity-crs/rules/REQUEST-942-APPLICATION-ATTACK-SQLI.conf"] [line "65"] [id "942100"] [msg "SQL Injection Attack Detected via libinjection"] [data "Matched Data: s&1c found within ARGS:q: 1' OR 1=1--"] [severity "CRITICAL"] [hostname "www.example.com"] [uri "/search"] [unique_id "ZxyAbC0AAAEAAAjsXb8AAAAA"]`),
				ngx("10:00:30", "error", 9, `[client 203.0.113.9] ModSecurity: Access denied with code 403 (phase 2). Matched "Operator `+"`Ge'"+` with parameter `+"`5'"+` against variable `+"`TX:ANOMALY_SCORE'"+` (Value: `+"`5'"+` ) [file "/etc/nginx/modsec/coreruleset/rules/REQUEST-949-BLOCKING-EVALUATION.conf"] [line "81"] [id "949110"] [msg "Inbound Anomaly Score Exceeded (Total Score: 5)"] [hostname "203.0.113.1"] [uri "/search"] [unique_id "173245680012.345678"] [ref ""]`, "203.0.113.9", "GET /search?q=%3Cscript%3E HTTP/1.1"),
			},
			want: []diagWant{{code: 403, cause: "waf-block", n: 2, rank: 1, errLog: true}},
		},
		{
			name: "waf-block look-alike: the rule fired on another path",
			access: []string{
				acc("203.0.113.4", "10:00:00", "GET /search?q=1 HTTP/1.1", 403),
			},
			errors: []string{
				a24("10:00:00", "security2:error", "", "203.0.113.4", `[client 203.0.113.4] ModSecurity: Access denied with code 403 (phase 2). Pattern match "^$" at REQUEST_HEADERS:User-Agent. [file "/usr/share/modsecurity-crs/rules/REQUEST-920-PROTOCOL-ENFORCEMENT.conf"] [line "1120"] [id "920330"] [msg "Empty User Agent Header"] [hostname "www.example.com"] [uri "/login"] [unique_id "ZxyAbC0AAAEAAAjsXb8AAAAB"]`),
			},
			want: []diagWant{{code: 403, cause: "waf-block"}},
		},

		// Several causes at once.
		{
			name: "three 403 causes, each explaining exactly its requests",
			access: cat(
				lines(5, func(i int) string { return acc("203.0.113.50", hms(10, 5, 7*i), admin, 403) }),
				lines(3, func(i int) string {
					return acc(fmt.Sprintf("198.51.100.7%d", i), hms(10, 12, 15*i), "GET /reports/q3.pdf HTTP/1.1", 403)
				}),
				lines(2, func(i int) string {
					return acc(fmt.Sprintf("198.51.100.8%d", i), hms(10, 18, 20*i), "GET /downloads/ HTTP/1.1", 403)
				}),
				[]string{
					// The same clients, the same seconds, other paths.
					acc("203.0.113.50", "10:05:00", "GET /other HTTP/1.1", 403),
					acc("198.51.100.70", "10:12:00", "GET /reports/q4.pdf HTTP/1.1", 403),
					acc("198.51.100.80", "10:18:00", "GET /downloads/file.zip HTTP/1.1", 403),
				},
				background),
			errors: cat(
				lines(5, func(i int) string {
					return a24(hms(10, 5, 7*i), "authz_core:error", "", "203.0.113.50", "AH01630: client denied by server configuration: /var/www/html/admin/")
				}),
				lines(3, func(i int) string {
					return a24(hms(10, 12, 15*i), "core:error", "(13)Permission denied", fmt.Sprintf("198.51.100.7%d", i), "AH00132: file permissions deny server access: /var/www/html/reports/q3.pdf")
				}),
				lines(2, func(i int) string {
					return a24(hms(10, 18, 20*i), "autoindex:error", "", fmt.Sprintf("198.51.100.8%d", i), "AH01276: Cannot serve directory /var/www/html/downloads/: No matching DirectoryIndex (index.html,index.php) found, and server-generated directory index forbidden by Options directive")
				})),
			want: []diagWant{
				{code: 403, cause: "deny-rule", n: 5, rank: 1, errLog: true},
				{code: 403, cause: "fs-permissions", n: 3, rank: 2, errLog: true},
				{code: 403, cause: "no-index", n: 2, rank: 3, errLog: true},
			},
			unexplained: map[int]int64{403: 3},
		},
		{
			name:   "nginx: joined by connection number",
			forced: diagConnFormat,
			access: []string{
				// Logged at the end of a 30 s request; the error came first.
				accConn("203.0.113.60", "10:00:30", api, 502, 7),
				// Keep-alive neighbours: same client, same path, same
				// second as the error, other connections.
				accConn("203.0.113.60", "10:00:00", api, 502, 8),
				accConn("203.0.113.60", "10:00:01", admin, 403, 9),
				accConn("203.0.113.60", "10:00:01", admin, 403, 10),
				accConn("203.0.113.61", "10:00:05", "GET / HTTP/1.1", 200, 11),
			},
			errors: []string{
				ngx("10:00:00", "error", 7, "upstream prematurely closed connection while reading response header from upstream", "203.0.113.60", api),
				ngx("10:00:01", "error", 9, "access forbidden by rule", "203.0.113.60", admin),
			},
			want: []diagWant{
				{code: 502, cause: "backend-bad-response", n: 1, rank: 1, errLog: true},
				{code: 403, cause: "deny-rule", n: 1, rank: 1, errLog: true},
			},
			unexplained: map[int]int64{502: 1, 403: 1},
		},
		{
			name: "nginx: JSON access log joined by connection number",
			access: []string{
				jsonConn("203.0.113.62", "10:00:30", api, 502, 21),
				jsonConn("203.0.113.62", "10:00:00", api, 502, 22),
				jsonConn("203.0.113.63", "10:00:05", "GET / HTTP/1.1", 200, 23),
			},
			errors: []string{
				ngx("10:00:00", "error", 21, "upstream prematurely closed connection while reading response header from upstream", "203.0.113.62", api, "http://127.0.0.1:8080/api/orders"),
			},
			want:        []diagWant{{code: 502, cause: "backend-bad-response", n: 1, rank: 1, errLog: true}},
			unexplained: map[int]int64{502: 1},
		},
		{
			name: "nginx: no live upstreams explains the 502s in its window, not those an hour later",
			access: []string{
				acc("203.0.113.70", "10:10:00", api, 502),
				acc("203.0.113.71", "10:10:20", "GET /api/items HTTP/1.1", 502),
				acc("203.0.113.72", "10:10:50", "GET /api/users HTTP/1.1", 502),
				acc("203.0.113.73", "10:10:55", "GET / HTTP/1.1", 200),
				acc("203.0.113.74", "11:10:00", api, 502),
				acc("203.0.113.75", "11:10:30", api, 502),
			},
			errors: []string{
				ngx("10:10:00", "error", 70, "no live upstreams while connecting to upstream", "203.0.113.70", api, "http://backend/api/orders"),
			},
			want:        []diagWant{{code: 502, cause: "backend-down", n: 3, rank: 1, errLog: true}},
			unexplained: map[int]int64{502: 2},
		},

		// docroot-missing: the warning's text is Apache's AH00112 as servers
		// print it (testdata/SOURCES.md), written into the error log in its
		// 2.4 layout by a graceful restart, followed by that start-up's
		// AH00163 and AH00094.
		{
			name: "docroot-missing: the 404s from the warning until the next clean start-up",
			access: cat(
				[]string{acc("198.51.100.80", "09:59:30", "GET /old.html HTTP/1.1", 404)}, // before the warning
				lines(6, func(i int) string {
					return acc(fmt.Sprintf("198.51.100.%d", 81+i), hms(10, 5+i, 0), fmt.Sprintf("GET /page%d.html HTTP/1.1", i), 404)
				}),
				[]string{
					acc("198.51.100.90", "10:20:00", "GET / HTTP/1.1", 200),          // fixed: a start-up without the warning
					acc("198.51.100.91", "10:21:00", "GET /gone.html HTTP/1.1", 404), // after it: another cause
				}),
			errors: []string{
				a24("10:00:00", "mpm_prefork:notice", "", "", "AH00171: Graceful restart requested, doing restart"),
				a24("10:00:00", "core:warn", "", "", "AH00112: Warning: DocumentRoot [/var/www/html/classicpress/classicpress] does not exist"),
				a24("10:00:01", "mpm_prefork:notice", "", "", "AH00163: Apache/2.4.62 (Debian) configured -- resuming normal operations"),
				a24("10:00:01", "core:notice", "", "", "AH00094: Command line: '/usr/sbin/apache2'"),
				a24("10:15:00", "mpm_prefork:notice", "", "", "AH00171: Graceful restart requested, doing restart"),
				a24("10:15:01", "mpm_prefork:notice", "", "", "AH00163: Apache/2.4.62 (Debian) configured -- resuming normal operations"),
			},
			want:        []diagWant{{code: 404, cause: "docroot-missing", n: 6, rank: 1, errLog: true}},
			unexplained: map[int]int64{404: 2},
		},
		{
			name: "docroot-missing: Apache 2.2's warning holds to the end of the log when no start-up follows",
			access: lines(4, func(i int) string {
				return acc(fmt.Sprintf("198.51.100.%d", 100+i), hms(11, i, 30), "GET /index.html HTTP/1.1", 404)
			}),
			errors: []string{
				a22("11:00:00", "warn", "", "Warning: DocumentRoot [/srv/www/site] does not exist"),
				a22("11:00:01", "notice", "", "Apache/2.2.22 (Debian) configured -- resuming normal operations"),
			},
			want: []diagWant{{code: 404, cause: "docroot-missing", n: 4, rank: 1, errLog: true}},
		},
		{
			name: "docroot-missing look-alike: other sites went on answering while the warning held",
			access: cat(
				lines(3, func(i int) string {
					return acc(fmt.Sprintf("198.51.100.%d", 110+i), hms(12, i, 10), "GET /a.html HTTP/1.1", 404)
				}),
				lines(12, func(i int) string {
					return acc(fmt.Sprintf("198.51.100.%d", 120+i), hms(12, i, 20), "GET / HTTP/1.1", 200)
				})),
			errors: []string{
				a24("12:00:00", "core:warn", "", "", "AH00112: Warning: DocumentRoot [/var/www/vhosts/example.com] does not exist"),
				a24("12:00:00", "mpm_event:notice", "", "", "AH00489: Apache/2.4.62 (Unix) configured -- resuming normal operations"),
			},
			want: []diagWant{{code: 404, cause: "docroot-missing", n: 0}},
		},
		{
			name: "docroot-missing look-alike: a warning without a time (written to stderr at start-up) opens no window",
			access: lines(3, func(i int) string {
				return acc(fmt.Sprintf("198.51.100.%d", 140+i), hms(13, i, 10), "GET /x.html HTTP/1.1", 404)
			}),
			errors: []string{
				"AH00112: Warning: DocumentRoot [E:/wamp/www/liw_useradmin] does not exist",
				a24("13:00:00", "mpm_winnt:notice", "", "", "AH00455: Apache/2.4.9 (Win64) PHP/5.5.12 configured -- resuming normal operations"),
			},
			want: []diagWant{{code: 404, cause: "docroot-missing", n: 0}},
		},
	}
}
