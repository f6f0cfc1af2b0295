//go:build linux

package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOutputKinds pins issue 23 item 1: -o follows the rules of
// well-behaved tools. Everything happens inside t.TempDir(); /dev is never
// touched (device nodes are made there with mknod).
func TestOutputKinds(t *testing.T) {
	dir := t.TempDir()
	log := writeFile(t, dir, "access.log", []byte(accessLog(20)))
	want, _, code := runCLI(t, "", "-f", "text", log)
	require.Equal(t, 0, code)
	wantCheck, _, code := runCLI(t, "", "check", "--max", "5xx=100", log)
	require.Equal(t, 0, code)

	type result struct {
		out, stderr string
		code        int
	}
	// run writes the report of log with -o to path and returns what the
	// command did.
	run := func(t *testing.T, path string, check bool) result {
		args := []string{"-f", "text", "-o", path, log}
		if check {
			args = []string{"check", "--max", "5xx=100", "-o", path, log}
		}
		out, errOut, code := runCLI(t, "", args...)
		return result{out, errOut, code}
	}
	kind := func(t *testing.T, path string) fs.FileMode {
		fi, err := os.Lstat(path)
		require.NoError(t, err)
		return fi.Mode().Type()
	}
	inode := func(t *testing.T, path string) uint64 {
		fi, err := os.Stat(path)
		require.NoError(t, err)
		return fi.Sys().(*syscall.Stat_t).Ino
	}
	// reader reads what is written into r until EOF, on its own goroutine.
	reader := func(open func() (io.ReadCloser, error)) <-chan string {
		ch := make(chan string, 1)
		go func() {
			r, err := open()
			if err != nil {
				ch <- "open: " + err.Error()
				return
			}
			defer r.Close()
			b, _ := io.ReadAll(r)
			ch <- string(b)
		}()
		return ch
	}

	t.Run("a new path is created with mode 0644", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "new.txt")
		r := run(t, p, false)
		require.Equal(t, 0, r.code, r.stderr)
		got, err := os.ReadFile(p)
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
		fi, _ := os.Stat(p)
		assert.Equal(t, fs.FileMode(0o644), fi.Mode())
		assert.Empty(t, r.out)
	})
	t.Run("a regular file is replaced atomically and keeps its mode", func(t *testing.T) {
		p := writeFile(t, t.TempDir(), "old.txt", []byte("old report\n"))
		require.NoError(t, os.Chmod(p, 0o600))
		before := inode(t, p)
		r := run(t, p, false)
		require.Equal(t, 0, r.code, r.stderr)
		got, _ := os.ReadFile(p)
		assert.Equal(t, want, string(got))
		fi, _ := os.Stat(p)
		assert.Equal(t, fs.FileMode(0o600), fi.Mode())
		assert.NotEqual(t, before, inode(t, p), "renamed over, not written in place")
		entries, _ := os.ReadDir(filepath.Dir(p))
		assert.Len(t, entries, 1, "no temporary file is left")
	})
	t.Run("a symlink is followed and its target replaced; the link stays", func(t *testing.T) {
		d := t.TempDir()
		target := writeFile(t, d, "real.txt", []byte("old\n"))
		require.NoError(t, os.Chmod(target, 0o640))
		link := filepath.Join(d, "link.txt")
		require.NoError(t, os.Symlink("real.txt", link)) // relative
		hop := filepath.Join(d, "hop.txt")
		require.NoError(t, os.Symlink(link, hop)) // a link to the link
		r := run(t, hop, false)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, fs.ModeSymlink, kind(t, link))
		assert.Equal(t, fs.ModeSymlink, kind(t, hop))
		assert.Equal(t, fs.FileMode(0), kind(t, target))
		got, _ := os.ReadFile(target)
		assert.Equal(t, want, string(got))
		fi, _ := os.Stat(target)
		assert.Equal(t, fs.FileMode(0o640), fi.Mode())
	})
	t.Run("a dangling symlink creates its target", func(t *testing.T) {
		d := t.TempDir()
		link := filepath.Join(d, "link.txt")
		require.NoError(t, os.Symlink("sub-report.txt", link))
		r := run(t, link, false)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, fs.ModeSymlink, kind(t, link))
		got, err := os.ReadFile(filepath.Join(d, "sub-report.txt"))
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
	})
	t.Run("a FIFO is written in place", func(t *testing.T) {
		for _, check := range []bool{false, true} {
			p := filepath.Join(t.TempDir(), "fifo")
			require.NoError(t, syscall.Mkfifo(p, 0o600))
			got := reader(func() (io.ReadCloser, error) { return os.Open(p) })
			r := run(t, p, check)
			require.Equal(t, 0, r.code, r.stderr)
			w := want
			if check {
				w = wantCheck
			}
			assert.Equal(t, w, <-got)
			assert.Equal(t, fs.ModeNamedPipe, kind(t, p), "still a FIFO")
		}
	})
	t.Run("a link to /proc/self/fd/N of a pipe writes into the pipe", func(t *testing.T) {
		pr, pw, err := os.Pipe()
		require.NoError(t, err)
		proc := fmt.Sprintf("/proc/self/fd/%d", pw.Fd())
		if _, err := os.Stat(proc); err != nil {
			t.Skipf("no /proc/self/fd here: %v", err)
		}
		link := filepath.Join(t.TempDir(), "stdout")
		require.NoError(t, os.Symlink(proc, link)) // as /dev/stdout is
		got := reader(func() (io.ReadCloser, error) { return pr, nil })
		r := run(t, link, false)
		assert.Equal(t, fs.ModeSymlink, kind(t, link), "still a link")
		fi, err := os.Stat(link)
		require.NoError(t, err)
		assert.Equal(t, fs.ModeNamedPipe, fi.Mode().Type(), "still leads to the pipe")
		pw.Close()
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, want, <-got)
	})
	t.Run("a link to /proc/self/fd/N of a deleted file writes through the link", func(t *testing.T) {
		f, err := os.CreateTemp(t.TempDir(), "held")
		require.NoError(t, err)
		defer f.Close()
		require.NoError(t, os.Remove(f.Name())) // its /proc link now reads "... (deleted)"
		proc := fmt.Sprintf("/proc/self/fd/%d", f.Fd())
		if _, err := os.Stat(proc); err != nil {
			t.Skipf("no /proc/self/fd here: %v", err)
		}
		link := filepath.Join(t.TempDir(), "out")
		require.NoError(t, os.Symlink(proc, link))
		r := run(t, link, false)
		require.Equal(t, 0, r.code, r.stderr)
		got, err := io.ReadAll(io.NewSectionReader(f, 0, 1<<20))
		require.NoError(t, err)
		assert.Equal(t, want, string(got))
		assert.Equal(t, fs.ModeSymlink, kind(t, link))
	})
	t.Run("the file replaced keeps its owner (as root)", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("chown needs root (CI runs as root)")
		}
		p := writeFile(t, t.TempDir(), "owned.txt", []byte("old\n"))
		require.NoError(t, os.Chown(p, 4321, 4322))
		r := run(t, p, false)
		require.Equal(t, 0, r.code, r.stderr)
		fi, err := os.Stat(p)
		require.NoError(t, err)
		st := fi.Sys().(*syscall.Stat_t)
		assert.Equal(t, [2]uint32{4321, 4322}, [2]uint32{st.Uid, st.Gid})
	})
	t.Run("a Unix socket is connected to and written", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "sock")
		l, err := net.Listen("unix", p)
		if err != nil {
			t.Skipf("cannot listen on a Unix socket at %s: %v", p, err)
		}
		defer l.Close()
		got := reader(func() (io.ReadCloser, error) { return l.Accept() })
		r := run(t, p, false)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, want, <-got)
		assert.Equal(t, fs.ModeSocket, kind(t, p), "still a socket")
	})
	t.Run("device nodes are written in place", func(t *testing.T) {
		if os.Geteuid() != 0 {
			t.Skip("mknod needs root (CI runs as root): skipping the device-node cases")
		}
		d := t.TempDir()
		mknod := func(name string, minor int) string {
			p := filepath.Join(d, name)
			if err := syscall.Mknod(p, syscall.S_IFCHR|0o666, 1<<8|minor); err != nil {
				t.Skipf("mknod %s: %v (no CAP_MKNOD?)", p, err)
			}
			return p
		}
		null := mknod("null", 3) // what /dev/null is
		for _, check := range []bool{false, true} {
			r := run(t, null, check)
			require.Equal(t, 0, r.code, r.stderr)
			assert.Equal(t, fs.ModeDevice|fs.ModeCharDevice, kind(t, null), "still a character device")
			assert.Empty(t, r.out)
		}
		// /dev/full refuses every write: the error shows the report did
		// reach the device, and the node is left as it was.
		full := mknod("full", 7)
		r := run(t, full, false)
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "logscan: write "+full+": no space left on device")
		assert.Equal(t, fs.ModeDevice|fs.ModeCharDevice, kind(t, full))
		// A link to a device node is followed, the link kept.
		link := filepath.Join(d, "null-link")
		require.NoError(t, os.Symlink(null, link))
		r = run(t, link, false)
		require.Equal(t, 0, r.code, r.stderr)
		assert.Equal(t, fs.ModeSymlink, kind(t, link))
		assert.Equal(t, fs.ModeDevice|fs.ModeCharDevice, kind(t, null))
		// A block device is refused (a report never goes onto a disk).
		blk := filepath.Join(d, "loop")
		require.NoError(t, syscall.Mknod(blk, syscall.S_IFBLK|0o600, 7<<8|200))
		r = run(t, blk, false)
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "is a block device")
	})
	t.Run("-o - is standard output", func(t *testing.T) {
		for _, check := range []bool{false, true} {
			r := run(t, "-", check)
			require.Equal(t, 0, r.code, r.stderr)
			w := want
			if check {
				w = wantCheck
			}
			assert.Equal(t, w, r.out)
		}
		_, err := os.Lstat("-")
		assert.ErrorIs(t, err, fs.ErrNotExist, "no file named -")
	})
	t.Run("-o - with --format state refuses a terminal like no -o", func(t *testing.T) {
		var o, e bytes.Buffer
		env := &env{stdin: strings.NewReader(""), stdout: &o, stderr: &e, stdoutTTY: true}
		// runEnv recomputes the TTY flags only for *os.File streams.
		code := runEnv([]string{"--format", "state", "-o", "-", log}, env)
		assert.Equal(t, 2, code)
		assert.Contains(t, e.String(), "--format state writes binary data")
	})
	t.Run("a directory is refused", func(t *testing.T) {
		r := run(t, t.TempDir(), false)
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, ": is a directory")
	})
	t.Run("an input is refused through a link, as before", func(t *testing.T) {
		link := filepath.Join(t.TempDir(), "link")
		require.NoError(t, os.Symlink(log, link))
		r := run(t, link, false)
		assert.Equal(t, 2, r.code)
		assert.Contains(t, r.stderr, "refusing to write the report over the input")
		assert.Equal(t, fs.ModeSymlink, kind(t, link))
	})
}
