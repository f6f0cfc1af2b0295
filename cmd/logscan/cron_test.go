package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cronLine returns the command of the crontab line in the README's
// "Daily report from cron" section, so the test runs exactly what the
// README tells users to install.
func cronLine(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	defer f.Close()
	sc := bufio.NewScanner(f)
	inBlock := false
	for sc.Scan() {
		l := sc.Text()
		switch {
		case l == "```cron":
			inBlock = true
		case inBlock && l == "```":
			inBlock = false
		case inBlock && !strings.HasPrefix(l, "#") && strings.TrimSpace(l) != "":
			fields := strings.Fields(l)
			require.Greater(t, len(fields), 5, "crontab line %q", l)
			return strings.Join(fields[5:], " ")
		}
	}
	t.Fatal("no crontab line in README.md")
	return ""
}

func TestCronLineFromREADME(t *testing.T) {
	// The clock: 2026-11-25 00:05 local time (UTC here, fixed by --tz-free
	// log offsets of +0000), as cron would run it.
	now := time.Date(2026, 11, 25, 0, 5, 0, 0, time.Local)
	dir := t.TempDir()
	logs := filepath.Join(dir, "log")
	reports := filepath.Join(dir, "reports")
	require.NoError(t, os.MkdirAll(logs, 0o755))
	require.NoError(t, os.MkdirAll(reports, 0o755))
	_, off := now.Zone()
	zone := fmt.Sprintf("%+03d%02d", off/3600, (off%3600)/60)
	day := func(d time.Time, n, status int) string {
		var b strings.Builder
		for i := range n {
			t := d.Add(time.Duration(i) * time.Minute)
			fmt.Fprintf(&b, `192.0.2.%d - - [%s %s] "GET /p%d HTTP/1.1" %d 10 "-" "ua"`+"\n", i%50, t.Format("02/Jan/2006:15:04:05"), zone, i%7, status)
		}
		return b.String()
	}
	today := time.Date(2026, 11, 25, 0, 0, 0, 0, time.Local)
	yesterday := today.AddDate(0, 0, -1)
	before := yesterday.AddDate(0, 0, -1)
	// The current log holds the first minutes of today, access.log.1 all of
	// yesterday (with a few 500s), access.log.2.gz the day before.
	writeFile(t, logs, "access.log", []byte(day(today, 4, 200)))
	writeFile(t, logs, "access.log.1", []byte(day(yesterday.Add(12*time.Hour), 100, 200)+day(yesterday.Add(20*time.Hour), 5, 500)))
	writeFile(t, logs, "access.log.2.gz", gzipped(t, day(before.Add(10*time.Hour), 30, 404)))
	writeFile(t, logs, "error.log", []byte(yesterday.Add(20*time.Hour).Format("2006/01/02 15:04:05")+" [error] 77#77: *9 connect() failed (111: Connection refused) while connecting to upstream, client: 192.0.2.1, server: x, request: \"GET /p0 HTTP/1.1\", upstream: \"http://127.0.0.1:8080/p0\", host: \"x\"\n"))

	cmd := cronLine(t)
	cmd = strings.ReplaceAll(cmd, `$(date +\%F)`, yesterday.AddDate(0, 0, 1).Format("2006-01-02"))
	cmd = strings.ReplaceAll(cmd, "/var/log/nginx", logs)
	cmd = strings.ReplaceAll(cmd, "/var/www/reports", reports)
	var args []string
	for _, a := range strings.Fields(cmd)[1:] { // drop "logscan"
		if strings.ContainsAny(a, "*?[") {
			m, err := filepath.Glob(a)
			require.NoError(t, err)
			args = append(args, m...)
			continue
		}
		args = append(args, a)
	}
	out, errOut, code := runAt(t, now, args...)
	require.Equal(t, 0, code, errOut)
	assert.Empty(t, out, "cron mail must stay empty")
	assert.Empty(t, errOut, "cron mail must stay empty")

	written, err := filepath.Glob(filepath.Join(reports, "*"))
	require.NoError(t, err)
	require.Len(t, written, 1)
	assert.Equal(t, "2026-11-25", strings.TrimSuffix(filepath.Base(written[0]), filepath.Ext(written[0])))
	data, err := os.ReadFile(written[0])
	require.NoError(t, err)
	if filepath.Ext(written[0]) == ".html" {
		assert.True(t, strings.HasPrefix(string(data), "<!DOCTYPE html>"), "an HTML report")
	}
	if filepath.Ext(written[0]) != ".json" {
		// The README writes HTML (or another format); check the counts in
		// the same run's JSON, with the same arguments and clock.
		jsonArgs := append([]string{}, args...)
		for i, a := range jsonArgs {
			if a == written[0] {
				jsonArgs[i] = filepath.Join(dir, "check.json")
			}
		}
		_, errOut, code := runAt(t, now, jsonArgs...)
		require.Equal(t, 0, code, errOut)
		data, err = os.ReadFile(filepath.Join(dir, "check.json"))
		require.NoError(t, err)
	}
	var doc struct {
		Requests int64
		Classes  map[string]int64
		Inputs   []struct {
			Path        string
			Kind        string
			OutOfWindow int64 `json:"out_of_window"`
		}
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, int64(105), doc.Requests, "yesterday only")
	assert.Equal(t, int64(5), doc.Classes["5xx"])
	assert.Equal(t, int64(0), doc.Classes["4xx"], "the day before is outside the window")
	require.Len(t, doc.Inputs, 4)
}
