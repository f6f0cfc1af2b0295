package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hourLines returns n combined lines spread over the hour starting at t,
// the status of each drawn with share5xx of 5xx and some 404s.
func hourLines(rng *rand.Rand, t time.Time, n int, share5xx float64) string {
	var b strings.Builder
	for i := range n {
		ts := t.Add(time.Duration(i) * time.Hour / time.Duration(n)).Format("02/Jan/2006:15:04:05 -0700")
		code := 200
		switch r := rng.Float64(); {
		case r < share5xx:
			code = 503
		case r < share5xx+0.05:
			code = 404
		}
		fmt.Fprintf(&b, `198.51.100.%d - - [%s] "GET /p/%d HTTP/1.1" %d 512 "-" "test/1.0"`+"\n", rng.IntN(50), ts, rng.IntN(40), code)
	}
	return b.String()
}

// historyReport runs scan --format json with args and decodes the report.
func historyReport(t *testing.T, args ...string) (map[string]any, string, int) {
	t.Helper()
	out, errOut, code := runCLI(t, "", append([]string{"scan", "--format", "json", "-q"}, args...)...)
	var rep map[string]any
	if out != "" {
		require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
	}
	return rep, errOut, code
}

func gzipFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	require.NoError(t, err)
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write(data)
	zw.Close()
	require.NoError(t, os.WriteFile(to, b.Bytes(), 0o644))
	require.NoError(t, os.Remove(from))
}

// rotate turns the logs in dir as logrotate does in style: "create"
// (rename, new file), "delaycompress" (rename; the one renamed before is
// compressed) or "copytruncate" (copy, then truncate in place).
func rotate(t *testing.T, dir, style string, n int) {
	t.Helper()
	p := func(s string) string { return filepath.Join(dir, s) }
	switch style {
	case "create":
		for i := n; i >= 1; i-- {
			os.Rename(p(fmt.Sprintf("access.log.%d", i)), p(fmt.Sprintf("access.log.%d", i+1)))
		}
		require.NoError(t, os.Rename(p("access.log"), p("access.log.1")))
	case "delaycompress":
		for i := n; i >= 2; i-- {
			os.Rename(p(fmt.Sprintf("access.log.%d.gz", i)), p(fmt.Sprintf("access.log.%d.gz", i+1)))
		}
		if _, err := os.Stat(p("access.log.1")); err == nil {
			gzipFile(t, p("access.log.1"), p("access.log.2.gz"))
		}
		require.NoError(t, os.Rename(p("access.log"), p("access.log.1")))
	case "copytruncate":
		for i := n; i >= 1; i-- {
			os.Rename(p(fmt.Sprintf("access.log.%d", i)), p(fmt.Sprintf("access.log.%d", i+1)))
		}
		data, err := os.ReadFile(p("access.log"))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(p("access.log.1"), data, 0o644))
		require.NoError(t, os.Truncate(p("access.log"), 0))
	}
	if style != "copytruncate" {
		require.NoError(t, os.WriteFile(p("access.log"), nil, 0o644))
	}
}

func logsIn(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "access.log*"))
	require.NoError(t, err)
	return m
}

// TestHistoryThroughRotation simulates days of hourly runs through each
// rotation style, with lines written after a run and before the rotation
// and a line half written at the time of a run, and checks that the
// history counts what one run over all the lines counts.
func TestHistoryThroughRotation(t *testing.T) {
	for _, style := range []string{"create", "delaycompress", "copytruncate"} {
		t.Run(style, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(dir, "h.db")
			rng := rand.New(rand.NewPCG(1, 2))
			var all strings.Builder
			t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
			live := filepath.Join(dir, "access.log")
			held := ""
			for h := range 3 * 24 / 4 { // three days, a run every 4 hours
				chunk := hourLines(rng, t0.Add(time.Duration(h*4)*time.Hour), 40, 0.02)
				all.WriteString(chunk)
				// Half of a last line is written at the time of the run; the rest after.
				last := strings.LastIndexByte(chunk[:len(chunk)-1], '\n') + 1
				appendFile(t, live, held+chunk[:last+10])
				held = chunk[last+10:]
				_, errOut, code := historyReport(t, append([]string{"--history", db}, logsIn(t, dir)...)...)
				require.Equal(t, 0, code, errOut)
				if h%6 == 5 { // a daily rotation, with lines written before it
					extra := hourLines(rng, t0.Add(time.Duration(h*4+3)*time.Hour), 5, 0.02)
					all.WriteString(extra)
					appendFile(t, live, held+extra)
					held = ""
					rotate(t, dir, style, 5)
				}
			}
			appendFile(t, live, held)
			_, errOut, code := historyReport(t, append([]string{"--history", db}, logsIn(t, dir)...)...)
			require.Equal(t, 0, code, errOut)
			t.Logf("%s: %d lines in all", style, strings.Count(all.String(), "\n"))
			// A run with nothing new reads nothing.
			rep, errOut, code := historyReport(t, append([]string{"--history", db, "--compare", "0"}, logsIn(t, dir)...)...)
			require.Equal(t, 0, code, errOut)
			assert.EqualValues(t, 0, rep["requests"])
			fromDB, errOut, code := historyReport(t, "--history", db, "--compare", "0")
			require.Equal(t, 0, code, errOut)
			whole := writeFile(t, t.TempDir(), "all.log", []byte(all.String()))
			once, _, code := historyReport(t, whole)
			require.Equal(t, 0, code)
			assert.Equal(t, once["requests"], fromDB["requests"])
			assert.Equal(t, once["classes"], fromDB["classes"])
			assert.EqualValues(t, 0, fromDB["malformed"])
			assert.Equal(t, once["codes"].([]any)[0].(map[string]any)["count"], fromDB["codes"].([]any)[0].(map[string]any)["count"])
		})
	}
}

// TestHistoryKilledRun kills a run (kill -9) after it stored everything and
// before it committed: the database is as before the run, and the next
// run neither loses nor repeats a line.
func TestHistoryKilledRun(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	rng := rand.New(rand.NewPCG(3, 4))
	t0 := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	first := hourLines(rng, t0, 500, 0.02)
	log := writeFile(t, dir, "access.log", []byte(first))
	_, errOut, code := historyReport(t, "--history", db, log)
	require.Equal(t, 0, code, errOut)
	second := hourLines(rng, t0.Add(time.Hour), 700, 0.02)
	appendFile(t, log, second)

	cmd := exec.Command(os.Args[0], "scan", "-q", "--history", db, "-o", filepath.Join(dir, "r.json"), log)
	cmd.Env = append(os.Environ(), "LOGSCAN_TEST_MAIN=1", "LOGSCAN_TEST_STALL_BEFORE_COMMIT=20s")
	var stderr lockedBuffer // exec writes while the test reads
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	waitFor(t, func() bool { return strings.Contains(stderr.String(), "stalling before commit") })

	// Meanwhile a second run waits for the lock, then gives up with exit 2.
	_, errOut, code = historyReport(t, "--history", db, "--history-wait", "300ms", log)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "in use by another run of logscan")

	// A report from the database does not wait: it sees what was committed.
	rep, errOut, code := historyReport(t, "--history", db, "--history-wait", "300ms", "--compare", "0")
	assert.Equal(t, 0, code, errOut)
	assert.EqualValues(t, 500, rep["requests"])

	require.NoError(t, cmd.Process.Kill())
	cmd.Wait()

	rep, errOut, code = historyReport(t, "--history", db, "--compare", "0")
	require.Equal(t, 0, code, errOut)
	assert.EqualValues(t, 500, rep["requests"], "the killed run left nothing")
	_, errOut, code = historyReport(t, "--history", db, log)
	require.Equal(t, 0, code, errOut)
	rep, _, _ = historyReport(t, "--history", db, "--compare", "0")
	assert.EqualValues(t, 1200, rep["requests"])
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("timed out")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestHistoryBaseline stores seven ordinary days and a day with a spike of
// 503s: the spike's 5xx share is significant, an ordinary day's class
// shares are not.
func TestHistoryBaseline(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	rng := rand.New(rand.NewPCG(5, 6))
	t0 := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	var files []string
	for d := range 9 {
		share := 0.015 + 0.01*rng.Float64()
		if d == 8 {
			share = 0.2
		}
		files = append(files, writeFile(t, dir, fmt.Sprintf("day%d.log", d), []byte(hourLines(rng, t0.AddDate(0, 0, d), 2000, share))))
	}
	_, errOut, code := historyReport(t, append([]string{"--history", db}, files...)...)
	require.Equal(t, 0, code, errOut)
	changes := func(day int) map[string]map[string]any {
		from := t0.AddDate(0, 0, day)
		rep, errOut, code := historyReport(t, "--history", db, "--since", from.Format(time.RFC3339), "--until", from.Add(time.Hour).Format(time.RFC3339))
		require.Equal(t, 0, code, errOut)
		b := rep["baseline"].(map[string]any)
		assert.EqualValues(t, 7, b["windows"])
		out := map[string]map[string]any{}
		for _, c := range b["changes"].([]any) {
			m := c.(map[string]any)
			out[m["metric"].(string)] = m
		}
		return out
	}
	spike := changes(8)
	assert.Equal(t, true, spike["class:5xx"]["significant"], spike["class:5xx"])
	assert.Equal(t, true, spike["code:503"]["significant"])
	normal := changes(7)
	for _, c := range []string{"class:2xx", "class:4xx", "class:5xx"} {
		assert.Equal(t, false, normal[c]["significant"], "%s on an ordinary day: %v", c, normal[c])
	}
	// A first run has nothing to compare with, and says so.
	rep, _, _ := historyReport(t, "--history", filepath.Join(dir, "new.db"), files[0])
	assert.Contains(t, rep["baseline"].(map[string]any)["note"], "no history")
}

// TestHistoryBadDatabase checks the messages and exit codes of a database
// that is not one, or is missing.
func TestHistoryBadDatabase(t *testing.T) {
	dir := t.TempDir()
	junk := writeFile(t, dir, "junk.db", bytes.Repeat([]byte("not sqlite "), 1000))
	log := writeFile(t, dir, "a.log", []byte(goodLine+"\n"))
	_, errOut, code := historyReport(t, "--history", junk, log)
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "not a logscan history database")
	_, errOut, code = historyReport(t, "--history", filepath.Join(dir, "missing.db"))
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "no history database")
	_, errOut, code = historyReport(t, "--history", filepath.Join(dir, "x.db"), "-")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, errOut, "standard input")
}

// cronHistoryLines returns the commands of the README's cron-history block.
func cronHistoryLines(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	var out []string
	in := false
	for _, l := range strings.Split(string(data), "\n") {
		switch {
		case l == "```cron-history":
			in = true
		case in && l == "```":
			in = false
		case in && !strings.HasPrefix(l, "#") && strings.TrimSpace(l) != "":
			f := strings.Fields(l)
			require.Greater(t, len(f), 5)
			out = append(out, strings.Join(f[5:], " "))
		}
	}
	require.Len(t, out, 2, "an hourly ingest and a daily report")
	return out
}

// TestHistoryCronFromREADME runs the README's hourly ingest every hour of
// two days (with a rotation at midnight) and then its daily report: the
// report holds yesterday's requests, from the database alone, and cron mail
// stays empty.
func TestHistoryCronFromREADME(t *testing.T) {
	lines := cronHistoryLines(t)
	dir := t.TempDir()
	logs := filepath.Join(dir, "log")
	reports := filepath.Join(dir, "reports")
	require.NoError(t, os.MkdirAll(logs, 0o755))
	require.NoError(t, os.MkdirAll(reports, 0o755))
	expand := func(cmd string, day time.Time) []string {
		cmd = strings.ReplaceAll(cmd, `$(date +\%F)`, day.Format("2006-01-02"))
		cmd = strings.ReplaceAll(cmd, `\%`, "%")
		cmd = strings.ReplaceAll(cmd, "/var/log/nginx", logs)
		cmd = strings.ReplaceAll(cmd, "/var/www/reports", reports)
		cmd = strings.ReplaceAll(cmd, "/var/lib/logscan", dir)
		var args []string
		for _, a := range strings.Fields(cmd)[1:] {
			if strings.ContainsAny(a, "*?[") {
				m, _ := filepath.Glob(a)
				args = append(args, m...)
				continue
			}
			args = append(args, a)
		}
		return args
	}
	rng := rand.New(rand.NewPCG(7, 8))
	start := time.Date(2026, 11, 23, 0, 0, 0, 0, time.Local)
	live := filepath.Join(logs, "access.log")
	perDay := map[string]int{}
	for h := range 48 {
		at := start.Add(time.Duration(h) * time.Hour)
		if h > 0 && at.Hour() == 0 {
			rotate(t, logs, "create", 3)
		}
		appendFile(t, live, hourLines(rng, at.UTC(), 30, 0))
		perDay[at.Format("2006-01-02")] += 30
		out, errOut, code := runAt(t, at.Add(59*time.Minute), expand(lines[0], at)...)
		require.Equal(t, 0, code, "hour %d: %s", h, errOut)
		assert.Empty(t, out+errOut, "cron mail stays empty")
	}
	now := start.AddDate(0, 0, 2).Add(5 * time.Minute)
	out, errOut, code := runAt(t, now, expand(lines[1], now)...)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, out+errOut, "cron mail stays empty")
	report := filepath.Join(reports, now.Format("2006-01-02")+".html")
	data, err := os.ReadFile(report)
	require.NoError(t, err)
	assert.True(t, strings.Contains(string(data), "Compared with the previous 7 days"), "the HTML report has the baseline section")
	// The same report as JSON holds yesterday's requests.
	args := expand(lines[1], now)
	for i, a := range args {
		if a == report {
			args[i] = filepath.Join(dir, "r.json")
		}
	}
	_, errOut, code = runAt(t, now, args...)
	require.Equal(t, 0, code, errOut)
	data, err = os.ReadFile(filepath.Join(dir, "r.json"))
	require.NoError(t, err)
	var doc struct{ Requests int }
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, perDay[start.AddDate(0, 0, 1).Format("2006-01-02")], doc.Requests)
}

// TestHistoryErrorLogs stores an access log and an error log over two runs
// (both grow between them): the evidence joined across them is what one run
// over the whole logs finds, and the error-log entries are counted once.
func TestHistoryErrorLogs(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	t0 := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	access := func(from, n int) string {
		var b strings.Builder
		for i := from; i < from+n; i++ {
			ts := t0.Add(time.Duration(i) * time.Minute)
			fmt.Fprintf(&b, `192.0.2.%d - - [%s] "GET /api/%d HTTP/1.1" 502 150 "-" "curl/8"`+"\n", i%5, ts.Format("02/Jan/2006:15:04:05 -0700"), i)
		}
		return b.String()
	}
	errors := func(from, n int) string {
		var b strings.Builder
		for i := from; i < from+n; i++ {
			ts := t0.Add(time.Duration(i) * time.Minute)
			fmt.Fprintf(&b, "%s [error] 77#77: *%d connect() failed (111: Connection refused) while connecting to upstream, client: 192.0.2.%d, server: x, request: \"GET /api/%d HTTP/1.1\", upstream: \"http://127.0.0.1:8080/api/%d\", host: \"x\"\n",
				ts.Format("2006/01/02 15:04:05"), 100+i, i%5, i, i)
		}
		return b.String()
	}
	acc := writeFile(t, dir, "access.log", []byte(access(0, 90)))
	errLog := writeFile(t, dir, "error.log", []byte(errors(0, 90)))
	_, errOut, code := historyReport(t, "--history", db, acc, errLog)
	require.Equal(t, 0, code, errOut)
	appendFile(t, acc, access(90, 90))
	appendFile(t, errLog, errors(90, 90))
	_, errOut, code = historyReport(t, "--history", db, acc, errLog)
	require.Equal(t, 0, code, errOut)

	fromDB, errOut, code := historyReport(t, "--history", db, "--compare", "0")
	require.Equal(t, 0, code, errOut)
	once, _, _ := historyReport(t, acc, errLog)
	cause := func(rep map[string]any) map[string]any {
		for _, c := range rep["codes"].([]any) {
			c := c.(map[string]any)
			if c["code"].(float64) == 502 {
				return c["causes"].([]any)[0].(map[string]any)
			}
		}
		t.Fatal("no 502")
		return nil
	}
	assert.EqualValues(t, 180, fromDB["requests"])
	assert.Equal(t, "backend-down", cause(fromDB)["id"])
	assert.Equal(t, "confirmed", cause(fromDB)["confidence"])
	assert.EqualValues(t, 180, cause(once)["evidence"])
	assert.Equal(t, cause(once)["evidence"], cause(fromDB)["evidence"])
	assert.EqualValues(t, 180, fromDB["errors"].(map[string]any)["entries"])
	var lines float64
	for _, in := range fromDB["inputs"].([]any) {
		lines += in.(map[string]any)["lines"].(float64)
	}
	assert.EqualValues(t, 360, lines, "one row per file, every line once")
}

// TestHistoryKeep checks that --keep drops the stored hours older than the
// span it gives, and keeps the others.
func TestHistoryKeep(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "h.db")
	rng := rand.New(rand.NewPCG(13, 14))
	now := time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)
	var files []string
	for d := range 4 { // 26, 27, 28 and 29 November
		files = append(files, writeFile(t, dir, fmt.Sprintf("d%d.log", d), []byte(hourLines(rng, now.AddDate(0, 0, d-4), 10, 0))))
	}
	_, errOut, code := runAt(t, now, append([]string{"scan", "-q", "--format", "json", "--history", db}, files...)...)
	require.Equal(t, 0, code, errOut)
	out, errOut, code := runAt(t, now, "scan", "-q", "--format", "json", "--history", db, "--keep", "2d", "--compare", "0")
	require.Equal(t, 0, code, errOut)
	var rep struct{ Requests int64 }
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	assert.EqualValues(t, 20, rep.Requests, "the last two days are kept")
}
