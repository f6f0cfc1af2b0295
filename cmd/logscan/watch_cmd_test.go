package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// TestMain lets the watch tests run this test binary as logscan itself,
// so that it gets real signals, a real pipe and a real terminal.
func TestMain(m *testing.M) {
	if os.Getenv("LOGSCAN_TEST_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// logscanCmd is this binary run as logscan with args.
func logscanCmd(args ...string) *exec.Cmd {
	c := exec.Command(os.Args[0], args...)
	c.Env = append(os.Environ(), "LOGSCAN_TEST_MAIN=1")
	return c
}

func appendFile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	_, err = f.WriteString(text)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

func combinedLine(t time.Time, client, path string, status int) string {
	return fmt.Sprintf("%s - - [%s] \"GET %s HTTP/1.1\" %d 100 \"-\" \"test\"\n", client, t.UTC().Format("02/Jan/2006:15:04:05 -0700"), path, status)
}

// watchEvents runs logscan watch with args and decodes its events as they
// come.
type watchEvents struct {
	cmd    *exec.Cmd
	events chan map[string]any
	stderr lockedBuffer
	mu     sync.Mutex
	raw    []string // every line printed
}

func startWatch(t *testing.T, args ...string) *watchEvents {
	t.Helper()
	w := &watchEvents{cmd: logscanCmd(append([]string{"watch"}, args...)...), events: make(chan map[string]any, 1000)}
	w.cmd.Stderr = &w.stderr
	out, err := w.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, w.cmd.Start())
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			w.mu.Lock()
			w.raw = append(w.raw, sc.Text())
			w.mu.Unlock()
			var ev map[string]any
			if json.Unmarshal(sc.Bytes(), &ev) == nil {
				w.events <- ev
			}
		}
		close(w.events)
	}()
	t.Cleanup(func() { _ = w.cmd.Process.Kill(); _ = w.cmd.Wait() })
	return w
}

// lockedBuffer is a buffer the child's stderr is copied into while the
// test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// next returns the next event for which ok holds, failing after timeout.
func (w *watchEvents) next(t *testing.T, timeout time.Duration, ok func(map[string]any) bool) map[string]any {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, open := <-w.events:
			require.True(t, open, "logscan watch ended: %s", w.stderr.String())
			if ok(ev) {
				return ev
			}
		case <-deadline:
			t.Fatalf("no such event within %v; stderr: %s", timeout, w.stderr.String())
		}
	}
}

// validate checks every line printed against the watch_event definition
// of the JSON Schema (docs/logscan-v1.schema.json).
func (w *watchEvents) validate(t *testing.T) {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "docs", "logscan-v1.schema.json"))
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("logscan-v1.schema.json", doc))
	schema, err := c.Compile("logscan-v1.schema.json#/$defs/watch_event")
	require.NoError(t, err)
	// The schema is strict enough to catch a broken contract.
	for _, bad := range []string{`{"event":"tick","at":"2026-11-24T10:00:00Z","requests":"1"}`,
		`{"event":"file","at":"2026-11-24T10:00:00Z","path":"a","change":"moved"}`,
		`{"event":"incident-begin","at":"2026-11-24T10:00:00Z"}`} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(bad))
		require.NoError(t, err)
		require.Error(t, schema.Validate(v), bad)
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	require.NotEmpty(t, w.raw)
	for _, line := range w.raw {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(line))
		require.NoError(t, err, line)
		require.NoError(t, schema.Validate(v), line)
	}
}

// stop sends SIGTERM and returns the exit code.
func (w *watchEvents) stop(t *testing.T) int {
	t.Helper()
	require.NoError(t, w.cmd.Process.Signal(syscall.SIGTERM))
	for range w.events {
	}
	err := w.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

func isEvent(name string) func(map[string]any) bool {
	return func(ev map[string]any) bool { return ev["event"] == name }
}

// TestWatchBurstEndToEnd appends a 503 burst to a real access log and
// AH00484 to its error log while logscan watch --format json runs: an
// incident-start naming mpm-limits comes within 3 s; SIGTERM ends it with
// exit 0.
func TestWatchBurstEndToEnd(t *testing.T) {
	dir := t.TempDir()
	access, errlog := filepath.Join(dir, "access.log"), filepath.Join(dir, "error.log")
	// Ten minutes of normal traffic before the start: the baseline.
	var hist strings.Builder
	now := time.Now()
	for s := 600; s > 0; s-- {
		hist.WriteString(combinedLine(now.Add(-time.Duration(s)*time.Second), "192.0.2.1", "/", 200))
	}
	require.NoError(t, os.WriteFile(access, []byte(hist.String()), 0o644))
	require.NoError(t, os.WriteFile(errlog, nil, 0o644))
	w := startWatch(t, "--format", "json", "--from-start", "--interval", "200ms", "--poll", "50ms", access, errlog)
	first := w.next(t, 10*time.Second, isEvent("tick"))
	require.EqualValues(t, 600, first["requests"])

	written := time.Now()
	at := written.UTC().Format("Mon Jan 02 15:04:05.000000 2006")
	appendFile(t, errlog, "["+at+"] [mpm_event:error] [pid 100:tid 200] AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting\n")
	var burst strings.Builder
	for k := range 40 {
		burst.WriteString(combinedLine(written, fmt.Sprintf("198.51.100.%d", k), "/checkout", 503))
	}
	appendFile(t, access, burst.String())
	ev := w.next(t, 3*time.Second, isEvent("incident-start"))
	took := time.Since(written)
	t.Logf("incident-start %v after the burst was written", took)
	require.Less(t, took, 3*time.Second)
	var causes []string
	for _, c := range ev["causes"].([]any) {
		causes = append(causes, c.(map[string]any)["id"].(string))
	}
	require.Contains(t, causes, "mpm-limits")
	require.Equal(t, []any{map[string]any{"code": float64(503), "count": float64(40)}}, ev["codes"])
	_, err := time.Parse(time.RFC3339, ev["at"].(string))
	require.NoError(t, err)
	require.Equal(t, 0, w.stop(t), w.stderr.String())
	w.validate(t)
}

// TestWatchRotationEndToEnd writes lines while logscan watch follows the
// file from its end, renames it in the middle (the server writes a few more
// to the old file) and goes on in a new one: the tick total equals the
// lines appended.
func TestWatchRotationEndToEnd(t *testing.T) {
	dir := t.TempDir()
	access := filepath.Join(dir, "access.log")
	require.NoError(t, os.WriteFile(access, []byte(combinedLine(time.Now(), "192.0.2.9", "/before", 200)), 0o644))
	w := startWatch(t, "--json", "--interval", "100ms", "--poll", "20ms", access)
	w.next(t, 10*time.Second, isEvent("tick"))
	appended := 0
	write := func(path string, n int) {
		var b strings.Builder
		for range n {
			appended++
			b.WriteString(combinedLine(time.Now(), "192.0.2.1", fmt.Sprintf("/%d", appended), 200))
		}
		appendFile(t, path, b.String())
	}
	for range 10 {
		write(access, 50)
		time.Sleep(5 * time.Millisecond)
	}
	require.NoError(t, os.Rename(access, access+".1"))
	write(access+".1", 30) // the server has not reopened its log yet
	for range 10 {
		write(access, 40)
		time.Sleep(5 * time.Millisecond)
	}
	ev := w.next(t, 10*time.Second, func(ev map[string]any) bool {
		return ev["event"] == "tick" && ev["requests"].(float64) >= float64(appended)
	})
	require.EqualValues(t, appended, ev["requests"])
	w.next(t, 2*time.Second, isEvent("tick"))
	require.Equal(t, 0, w.stop(t))
}

// TestWatchFiles checks the file events and exit codes: a file that cannot
// be read exits 2 at the start; one that vanishes is reported and waited
// for; one that appears later is read from its start.
func TestWatchFiles(t *testing.T) {
	dir := t.TempDir()
	code := run([]string{"watch", "--json", dir}, strings.NewReader(""), io.Discard, &bytes.Buffer{})
	require.Equal(t, exitUsage, code)
	var errOut bytes.Buffer
	require.Equal(t, exitUsage, run([]string{"watch", "--json", "-"}, strings.NewReader(""), io.Discard, &errOut))
	require.Contains(t, errOut.String(), "standard input cannot be followed")

	access, later := filepath.Join(dir, "access.log"), filepath.Join(dir, "later.log")
	require.NoError(t, os.WriteFile(access, nil, 0o644))
	w := startWatch(t, "--json", "--interval", "100ms", "--poll", "20ms", access, later)
	ev := w.next(t, 5*time.Second, isEvent("file"))
	require.Equal(t, map[string]any{"event": "file", "at": ev["at"], "path": later, "change": "waiting"}, ev)
	appendFile(t, later, combinedLine(time.Now(), "192.0.2.1", "/", 200)+combinedLine(time.Now(), "192.0.2.1", "/", 200))
	require.Equal(t, "appeared", w.next(t, 5*time.Second, isEvent("file"))["change"])
	require.Equal(t, "detected", w.next(t, 5*time.Second, isEvent("file"))["change"])
	require.NoError(t, os.Remove(access))
	ev = w.next(t, 5*time.Second, isEvent("file"))
	require.Equal(t, "vanished", ev["change"])
	require.Equal(t, access, ev["path"])
	w.next(t, 5*time.Second, func(ev map[string]any) bool { return ev["event"] == "tick" && ev["requests"] == float64(2) })
	require.Equal(t, 0, w.stop(t))
	w.validate(t)
}

// TestWatchDashboard drives the dashboard in a real pseudo-terminal: it
// shows the burst's code, and q quits and restores the terminal.
func TestWatchDashboard(t *testing.T) {
	dir := t.TempDir()
	access := filepath.Join(dir, "access.log")
	require.NoError(t, os.WriteFile(access, nil, 0o644))
	cmd := logscanCmd("watch", "--interval", "100ms", "--poll", "20ms", access)
	cmd.Env = append(cmd.Env, "TERM=xterm-256color")
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	require.NoError(t, err)
	defer tty.Close()
	var mu sync.Mutex
	var screen bytes.Buffer
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := tty.Read(buf)
			mu.Lock()
			screen.Write(buf[:n])
			mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	shows := func(s string) bool {
		mu.Lock()
		defer mu.Unlock()
		return strings.Contains(screen.String(), s)
	}
	require.Eventually(t, func() bool { return shows("logscan watch") }, 10*time.Second, 20*time.Millisecond)
	var burst strings.Builder
	for k := range 20 {
		burst.WriteString(combinedLine(time.Now(), fmt.Sprintf("198.51.100.%d", k), "/checkout\x1b[31m", 503))
	}
	appendFile(t, access, burst.String())
	require.Eventually(t, func() bool { return shows("503") && shows("/checkout\\x1b[31m") }, 10*time.Second, 20*time.Millisecond,
		"the dashboard does not show the burst's code and escaped path")
	require.False(t, shows("/checkout\x1b[31m"), "raw escape from the log reached the terminal")
	_, err = tty.Write([]byte("q"))
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("q did not quit")
	}
	require.Eventually(t, func() bool { return shows("\x1b[?1049l") }, 2*time.Second, 20*time.Millisecond, "the alternate screen was not left")
}
