package main

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadTimeoutFIFO puts FIFOs among the inputs: one no writer opens, one
// whose writer sends a line and then stays silent. With --read-timeout the
// run gives up on each after the timeout, says why, and reports the others.
func TestReadTimeoutFIFO(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "access.log", []byte(goodLine+"\n"))
	noWriter := filepath.Join(dir, "nowriter.fifo")
	silent := filepath.Join(dir, "silent.fifo")
	for _, p := range []string{noWriter, silent} {
		if err := syscall.Mkfifo(p, 0o600); err != nil {
			t.Skipf("no FIFOs here: %v", err)
		}
	}
	// The writer of silent.fifo: one line, then it holds the FIFO open.
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		w, err := os.OpenFile(silent, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer w.Close()
		_, _ = w.Write([]byte(errLine + "\n"))
		<-stop
	}()
	start := time.Now()
	out, stderr, code := runCLI(t, "", "--json", "-q", "--read-timeout", "300ms", noWriter, silent, good)
	assert.Less(t, time.Since(start), 10*time.Second, "the run did not hang")
	assert.Equal(t, 2, code, "the FIFO without a writer could not be read")
	assert.Contains(t, stderr, "cannot read "+noWriter+": timed out: no writer within 300ms")
	assert.Contains(t, stderr, silent+" was read only up to the damage")
	assert.Contains(t, stderr, "no data for 300ms")
	assert.Contains(t, out, `"requests": 2`, "the line the silent FIFO sent and the good file are reported")
	require.NotEmpty(t, out)
}
