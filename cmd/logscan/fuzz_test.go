package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// FuzzScanCLI feeds arbitrary bytes as a log file through the whole
// pipeline, run() included, once with --json and once as the text report.
// It checks that logscan never panics, exits 0, 2 or 3 (1 needs --strict),
// prints valid JSON with the line accounting intact, counts every line of a
// plain LF file, and prints nothing a terminal would act on. Every input
// costs two whole CLI runs, so give -fuzzminimizetime 100x when fuzzing
// for long: minimizing each new input at the default 60s stalls the run.
func FuzzScanCLI(f *testing.F) {
	var z bytes.Buffer
	w := gzip.NewWriter(&z)
	w.Write([]byte(accessLog(3)))
	w.Close()
	for _, s := range []string{
		"",
		accessLog(5),
		apacheErrorLog(4),
		`2015/05/17 10:05:03 [error] 123#0: *5 open() "/var/www/x" failed (2: No such file or directory), client: 10.0.0.1, server: x, request: "GET /x HTTP/1.1", host: "x"` + "\n",
		strings.ReplaceAll(accessLog(3), "\n", "\r"),
		strings.ReplaceAll(accessLog(3), "\n", "\r\n"),
		"\x00\x00" + accessLog(2) + "\x00\x00\x00\n",
		accessLine(0) + "\n" + strings.Repeat("x", 200) + "\n" + accessLine(1),
		"\n\n \t\n",
		"junk \x1b]0;t\x07 \u009b \u202e\n" + accessLine(2) + "\n",
		`{"status":200,"time":"2015-05-17T10:05:03Z","request":"GET / HTTP/1.1"}` + "\n",
		z.String(),
		z.String() + "garbage",
		z.String()[:z.Len()/2],
		"\x1f\x8b",
		string(junk(512)),
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, shortLines bool) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		path := filepath.Join(t.TempDir(), "fuzz.log")
		require.NoError(t, os.WriteFile(path, data, 0o644))
		args := []string{"-j", "2"}
		if shortLines {
			args = append(args, "--max-line", "64")
		}
		args = append(args, path)
		gz := len(data) >= 2 && data[0] == 0x1f && data[1] == 0x8b

		var o, e bytes.Buffer
		code := run(append([]string{"--json"}, args...), bytes.NewReader(nil), &o, &e)
		switch code {
		case 0:
		case 2, 3:
			nothing := strings.Contains(e.String(), "no line of any input could be read")
			require.True(t, gz || code == 2 && nothing, "exit %d for a plain file; stderr:\n%s", code, e.String())
		default:
			t.Fatalf("exit %d; stderr:\n%s", code, e.String())
		}
		assertTerminalSafe(t, "stderr", e.String())
		if code == 2 && !strings.Contains(e.String(), "no line of any input could be read") {
			assert.Empty(t, o.String())
			assert.Contains(t, e.String(), "not a readable gzip file")
			return
		}
		var rep hostileReport
		require.NoError(t, json.Unmarshal(o.Bytes(), &rep), o.String())
		require.Len(t, rep.Inputs, 1)
		checkLines(t, rep)
		in := rep.Inputs[0]
		assert.Equal(t, code == 3, in.Error != "", "exit %d, input error %q", code, in.Error)
		head := data[:min(len(data), 256<<10)]
		if !gz && (bytes.IndexByte(head, '\n') >= 0 || bytes.IndexByte(head, '\r') < 0) {
			assert.Equal(t, countLines(data), in.Lines, "every line of a plain file is counted")
		}

		o.Reset()
		e.Reset()
		code2 := run(args, bytes.NewReader(nil), &o, &e)
		assert.Equal(t, code, code2, "text and JSON runs exit alike")
		assertTerminalSafe(t, "text report", o.String())
		assertTerminalSafe(t, "stderr", e.String())
	})
}
