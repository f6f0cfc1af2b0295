package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// jsonLines decodes JSON Lines output.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var docs []map[string]any
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if l == "" {
			continue
		}
		var d map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &d), l)
		docs = append(docs, d)
	}
	return docs
}

// parquetRows opens an export and returns its row count and the values of
// one column by name, as text ("null" for null).
func parquetColumn(t *testing.T, path, column string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	pf, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	col, ok := pf.Schema().Lookup(column)
	require.True(t, ok, "no column %s", column)
	r := parquet.NewGenericReader[any](pf)
	defer r.Close()
	var out []string
	rows := make([]parquet.Row, 16)
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			v := row[col.ColumnIndex]
			if v.IsNull() {
				out = append(out, "null")
			} else {
				out = append(out, v.String())
			}
		}
		if err != nil {
			break
		}
	}
	require.Len(t, out, int(pf.NumRows()))
	return out
}

func TestParseInputOptions(t *testing.T) {
	dir := t.TempDir()
	// A custom nginx format, only readable through its configuration.
	conf := writeFile(t, dir, "nginx.conf", []byte(`http {
    log_format timed '$remote_addr [$time_local] "$request" $status $body_bytes_sent rt=$request_time';
    access_log /var/log/nginx/access.log timed;
}
`))
	var custom strings.Builder
	for i := range 6 {
		fmt.Fprintf(&custom, "10.0.0.%d [24/Nov/2026:%02d:00:00 +0100] \"GET /%d HTTP/1.1\" 200 %d rt=0.%03d\n", i, 10+i, i, 100*i, i)
	}
	customLog := writeFile(t, dir, "custom.log", []byte(custom.String()))
	// A JSON log with a key of its own, and times without a zone.
	jsonLog := writeFile(t, dir, "caddy.log", []byte(`{"ts":"2026-11-24T10:00:00","code":503,"uri":"/a","ip":"10.0.0.9","method":"GET","proto":"HTTP/1.1"}`+"\n"))
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

	tests := []struct {
		name  string
		args  []string
		code  int
		check func(t *testing.T, docs []map[string]any, stderr string)
	}{
		{name: "--server-config reads the configured format", args: []string{"--server-config", conf, customLog},
			check: func(t *testing.T, docs []map[string]any, _ string) {
				require.Len(t, docs, 6)
				assert.Equal(t, 0.005, docs[5]["request_time"])
				assert.Equal(t, "/5", docs[5]["path"])
			}},
		{name: "--server-config with --log-format-name", args: []string{"--server-config", conf, "--log-format-name", "timed", customLog},
			check: func(t *testing.T, docs []map[string]any, _ string) { require.Len(t, docs, 6) }},
		{name: "an unknown --log-format-name is a usage error", args: []string{"--server-config", conf, "--log-format-name", "nope", customLog}, code: 2},
		{name: "--since and --until keep the window", args: []string{"--server-config", conf, "--since", "2026-11-24T11:00:00+01:00", "--until", "2026-11-24T13:00:00+01:00", customLog},
			check: func(t *testing.T, docs []map[string]any, _ string) {
				require.Len(t, docs, 2)
				assert.Equal(t, "2026-11-24T11:00:00+01:00", docs[0]["time"])
				assert.Equal(t, "2026-11-24T12:00:00+01:00", docs[1]["time"])
			}},
		{name: "--until before --since", args: []string{"--since", "today", "--until", "yesterday", customLog}, code: 2},
		{name: "--json-field and --tz", args: []string{"--json-field", "status=code", "--json-field", "time=ts", "--json-field", "path=uri", "--json-field", "client=ip", "--tz", "+02:00", jsonLog},
			check: func(t *testing.T, docs []map[string]any, _ string) {
				require.Len(t, docs, 1)
				assert.Equal(t, float64(503), docs[0]["status"])
				assert.Equal(t, "2026-11-24T10:00:00+02:00", docs[0]["time"])
			}},
		{name: "a bad --tz", args: []string{"--tz", "Mars/Olympus", customLog}, code: 2},
		{name: "a bad --error-log-format", args: []string{"--error-log-format", "%{", customLog}, code: 2},
		{name: "-j above 1024", args: []string{"-j", "2000", customLog}, code: 2},
		{name: "--strict fails on a malformed line", args: []string{"--strict", customLog}, code: 1,
			check: func(t *testing.T, _ []map[string]any, stderr string) {
				assert.Contains(t, stderr, "--strict: not passing: 6 malformed line(s)")
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runAt(t, now, append([]string{"parse"}, tc.args...)...)
			require.Equal(t, tc.code, code, errOut)
			if tc.code == 2 {
				assert.Empty(t, out)
			}
			if tc.check != nil {
				tc.check(t, jsonLines(t, out), errOut)
			}
		})
	}
}

func TestParseOutput(t *testing.T) {
	dir := t.TempDir()
	data := accessLog(300) + "not a log line\n"
	log := writeFile(t, dir, "access.log", []byte(data))
	errLog := writeFile(t, dir, "error.log", []byte(apacheErrorLog(5)))

	t.Run("-o writes JSON Lines to a file", func(t *testing.T) {
		out := filepath.Join(dir, "entries.jsonl")
		stdout, errOut, code := runCLI(t, "", "parse", "-o", out, log)
		require.Equal(t, 0, code, errOut)
		assert.Empty(t, stdout)
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Len(t, jsonLines(t, string(b)), 300)
		assert.Equal(t, log+":301: missing fields\n", errOut)
	})
	t.Run("-o over an input is refused", func(t *testing.T) {
		_, errOut, code := runCLI(t, "", "parse", "-o", log, log)
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "refusing to write the report over the input")
		b, _ := os.ReadFile(log)
		assert.Equal(t, data, string(b), "the input is untouched")
	})
	t.Run("--error-out over an input is refused", func(t *testing.T) {
		_, _, code := runCLI(t, "", "parse", "-o", filepath.Join(dir, "x.parquet"), "--error-out", errLog, log, errLog)
		assert.Equal(t, 2, code)
	})
	t.Run("-o FILE.parquet writes Parquet, malformed lines counted", func(t *testing.T) {
		out := filepath.Join(dir, "access.parquet")
		stdout, errOut, code := runCLI(t, "", "parse", "-o", out, log)
		require.Equal(t, 0, code, errOut)
		assert.Empty(t, stdout)
		assert.Equal(t, log+":301: missing fields\nlogscan: wrote 300 access-log entries to "+out+"; 1 malformed or too long line(s) left out\n", errOut)
		b, err := os.ReadFile(out)
		require.NoError(t, err)
		assert.Equal(t, "PAR1", string(b[:4]))
		status := parquetColumn(t, out, "status")
		require.Len(t, status, 300)
		assert.Equal(t, "200", status[0])
		assert.Equal(t, "404", status[3])
		lines := parquetColumn(t, out, "line")
		assert.Equal(t, "300", lines[299])
	})
	t.Run("--quiet says nothing when nothing is wrong", func(t *testing.T) {
		good := writeFile(t, dir, "good.log", []byte(accessLog(10)))
		_, errOut, code := runCLI(t, "", "parse", "-q", "-o", filepath.Join(dir, "good.parquet"), good)
		require.Equal(t, 0, code)
		assert.Empty(t, errOut)
	})
	t.Run("access and error logs: the error log explains, --error-out gets its entries", func(t *testing.T) {
		// The sample: its 503s are explained by the worker limit in its
		// error log, its 403s by a deny rule.
		access := filepath.Join(dir, "sample.parquet")
		errs := filepath.Join(dir, "sample-errors.parquet")
		sample := filepath.Join("testdata", "sample")
		_, errOut, code := runCLI(t, "", "parse", "-q", "-o", access, "--error-out", errs,
			filepath.Join(sample, "access.log"), filepath.Join(sample, "error.log"))
		require.Equal(t, 0, code, errOut)
		causes := map[string]int{}
		statuses := parquetColumn(t, access, "status")
		for i, c := range parquetColumn(t, access, "cause") {
			if c != "null" {
				causes[statuses[i]+" "+c]++
			}
		}
		assert.Equal(t, 40, causes["503 mpm-limits"], "%v", causes)
		assert.Positive(t, causes["403 deny-rule"], "%v", causes)
		for k := range causes {
			assert.GreaterOrEqual(t, k, "4", "only errors carry a cause: %s", k)
		}
		levels := parquetColumn(t, errs, "level")
		assert.Len(t, levels, 17)
		assert.Contains(t, parquetColumn(t, errs, "cause"), "mpm-limits")
	})
	t.Run("an error log alone goes to -o in its own schema", func(t *testing.T) {
		out := filepath.Join(dir, "errors.parquet")
		_, errOut, code := runCLI(t, "", "parse", "-q", "-o", out, errLog)
		require.Equal(t, 0, code, errOut)
		msgs := parquetColumn(t, out, "message")
		require.Len(t, msgs, 5)
		assert.Contains(t, msgs[0], "Invalid URI in request GET /x0 HTTP/1.1\nPHP Stack trace:")
		assert.Equal(t, "malformed-request", parquetColumn(t, out, "cause")[1])
	})
	t.Run("no input could be read: no file is written", func(t *testing.T) {
		out := filepath.Join(dir, "none.parquet")
		_, errOut, code := runCLI(t, "", "parse", "-o", out, filepath.Join(dir, "missing.log"))
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "missing.log: no such file")
		assert.Contains(t, errOut, "logscan: no input could be read")
		assert.NoFileExists(t, out)
	})
	t.Run("the window applies to error-log entries too", func(t *testing.T) {
		out := filepath.Join(dir, "errors-window.parquet")
		// apacheErrorLog's entries are one second apart from 10:05:00 on.
		_, errOut, code := runCLI(t, "", "parse", "-q", "--tz", "UTC", "--since", "2015-05-17T10:05:02Z", "--until", "2015-05-17T10:05:04Z", "-o", out, errLog)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, []string{"5", "6"}, parquetColumn(t, out, "line"), "entries 2 and 3 (every third entry has a two-line trace)")
	})
	t.Run("--error-out needs parquet", func(t *testing.T) {
		_, errOut, code := runCLI(t, "", "parse", "--error-out", filepath.Join(dir, "e.parquet"), log)
		assert.Equal(t, 2, code)
		assert.Contains(t, errOut, "--error-out writes Parquet")
	})
	t.Run("parquet to a terminal is refused", func(t *testing.T) {
		var o, e bytes.Buffer
		code := runEnv([]string{"parse", "--format", "parquet", log}, &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e, stdoutTTY: true})
		assert.Equal(t, 2, code)
		assert.Contains(t, e.String(), "--format parquet writes binary data")
		assert.Empty(t, o.String())
	})
	t.Run("parquet to standard output when it is not a terminal", func(t *testing.T) {
		stdout, errOut, code := runCLI(t, "", "parse", "-q", "--format", "parquet", log)
		require.Equal(t, 0, code, errOut)
		assert.Equal(t, "PAR1", stdout[:4])
		assert.Equal(t, "PAR1", stdout[len(stdout)-4:])
	})
	t.Run("the same file for any -j", func(t *testing.T) {
		big := writeFile(t, dir, "big.log", []byte(accessLog(20000)))
		var first []byte
		for _, j := range []string{"1", "2", "5"} {
			out := filepath.Join(dir, "j"+j+".parquet")
			_, errOut, code := runCLI(t, "", "parse", "-q", "-j", j, "--block-size", "65536", "--segment-blocks", "2", "-o", out, big)
			require.Equal(t, 0, code, errOut)
			b, err := os.ReadFile(out)
			require.NoError(t, err)
			if first == nil {
				first = b
				continue
			}
			assert.True(t, bytes.Equal(first, b), "-j %s", j)
		}
	})
	t.Run("a truncated gzip input is written up to the damage, exit 3", func(t *testing.T) {
		z := gzipped(t, accessLog(2000))
		gz := writeFile(t, dir, "cut.log.gz", z[:len(z)/2])
		out := filepath.Join(dir, "cut.parquet")
		_, errOut, code := runCLI(t, "", "parse", "-q", "-o", out, gz)
		assert.Equal(t, 3, code, errOut)
		assert.Contains(t, errOut, "was read only up to the damage")
		assert.NotEmpty(t, parquetColumn(t, out, "status"))
	})
}
