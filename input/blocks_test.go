package input

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readBlocks reads every block and returns the lines with their numbers, the
// skipped counts and the final error.
func readBlocks(t *testing.T, r io.Reader, size int) (lines map[int64]string, skipped map[int64]int64, err error) {
	t.Helper()
	pool := NewPool(2)
	br := NewBlockReader(r, 0, size, pool)
	lines, skipped = map[int64]string{}, map[int64]int64{}
	for {
		b, e := br.Next()
		if e != nil {
			if !errors.Is(e, io.EOF) {
				err = e
			}
			return
		}
		if b.Skipped > 0 {
			skipped[b.SkippedLine] = b.Skipped
		}
		n := b.FirstLine
		data := b.Data
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			var l []byte
			if i < 0 {
				l, data = data, nil
			} else {
				l, data = data[:i], data[i+1:]
			}
			lines[n] = string(TrimLeadingNULs(l))
			n++
		}
		pool.Release(b)
	}
}

func TestBlockReader(t *testing.T) {
	long := strings.Repeat("x", 100)
	tests := []struct {
		name    string
		in      string
		size    int
		lines   map[int64]string
		skipped map[int64]int64
	}{
		{"small blocks keep line numbers", "a\nbb\nccc\n", 4, map[int64]string{1: "a", 2: "bb", 3: "ccc"}, map[int64]int64{}},
		{"last line without newline", "a\nb", 16, map[int64]string{1: "a", 2: "b"}, map[int64]int64{}},
		{"line longer than a block is skipped", "a\n" + long + "\nb\n", 16, map[int64]string{1: "a", 3: "b"}, map[int64]int64{2: 1}},
		{"two long lines in a row", long + "\n" + long + "\nc\n", 16, map[int64]string{3: "c"}, map[int64]int64{1: 1, 2: 1}},
		{"long last line without newline", "a\n" + long, 16, map[int64]string{1: "a"}, map[int64]int64{2: 1}},
		{"empty input", "", 16, map[int64]string{}, map[int64]int64{}},
		{"crlf kept for the caller", "a\r\nb\r\n", 16, map[int64]string{1: "a\r", 2: "b\r"}, map[int64]int64{}},
		{"leading NULs dropped", "\x00\x00a\nb\n\x00c\n", 16, map[int64]string{1: "a", 2: "b", 3: "c"}, map[int64]int64{}},
		{"a line of only NULs is kept", "a\n\x00\x00\nb\n\x00\x00\r\n\x00", 16, map[int64]string{1: "a", 2: "\x00\x00", 3: "b", 4: "\x00\x00\r", 5: "\x00"}, map[int64]int64{}},
		{"NULs inside a line are kept", "a\x00b\n", 16, map[int64]string{1: "a\x00b"}, map[int64]int64{}},
		{"a run of NULs longer than a block before a line", strings.Repeat("\x00", 100) + "a\nb\n", 16, map[int64]string{1: "a", 2: "b"}, map[int64]int64{}},
		{"a run of NULs longer than a block, alone, is still one line", strings.Repeat("\x00", 100), 16, map[int64]string{1: strings.Repeat("\x00", 10)}, map[int64]int64{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, r := range []io.Reader{strings.NewReader(tc.in), iotest.OneByteReader(strings.NewReader(tc.in))} {
				lines, skipped, err := readBlocks(t, r, tc.size)
				require.NoError(t, err)
				assert.Equal(t, tc.lines, lines)
				sk := map[int64]int64{}
				for k, v := range skipped {
					sk[k] += v
				}
				// Consecutive skipped lines may be reported as one run.
				total := int64(0)
				for _, v := range sk {
					total += v
				}
				want := int64(0)
				for _, v := range tc.skipped {
					want += v
				}
				assert.Equal(t, want, total)
			}
		})
	}
}

func gz(t *testing.T, parts ...string) []byte {
	t.Helper()
	var out bytes.Buffer
	for _, p := range parts {
		w := gzip.NewWriter(&out)
		_, err := w.Write([]byte(p))
		require.NoError(t, err)
		require.NoError(t, w.Close())
	}
	return out.Bytes()
}

func TestOpenGzip(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, data, 0o644))
		return p
	}
	t.Run("multi-member gzip is read to the end", func(t *testing.T) {
		in, err := Open(write("multi.gz", gz(t, "a\nb\n", "c\n", "d\n")), nil)
		require.NoError(t, err)
		defer in.Close()
		assert.True(t, in.Compressed)
		lines, _, err := readBlocks(t, in, 1<<10)
		require.NoError(t, err)
		assert.Equal(t, map[int64]string{1: "a", 2: "b", 3: "c", 4: "d"}, lines)
	})
	t.Run("gzip detected by magic bytes, not by name", func(t *testing.T) {
		in, err := Open(write("access.log", gz(t, "x\n")), nil)
		require.NoError(t, err)
		defer in.Close()
		assert.True(t, in.Compressed)
	})
	t.Run("truncated gzip keeps what came before and reports an error", func(t *testing.T) {
		full := gz(t, strings.Repeat("line of text\n", 5000))
		in, err := Open(write("cut.gz", full[:len(full)/2]), nil)
		require.NoError(t, err)
		defer in.Close()
		lines, _, err := readBlocks(t, in, 1<<12)
		require.Error(t, err)
		assert.NotEmpty(t, lines)
		assert.Equal(t, "line of text", lines[1])
	})
	t.Run("plain stdin", func(t *testing.T) {
		in, err := Open("-", strings.NewReader("a\n"))
		require.NoError(t, err)
		head, whole, err := in.Peek()
		require.NoError(t, err)
		assert.True(t, whole)
		assert.Equal(t, "a\n", string(head))
	})
	t.Run("gzip with trailing garbage", func(t *testing.T) {
		member := gz(t, "a\nb\n")
		in, err := Open(write("trail.gz", append(append([]byte(nil), member...), "garbage\n"...)), nil)
		require.NoError(t, err)
		defer in.Close()
		lines, _, err := readBlocks(t, in, 1<<10)
		require.ErrorIs(t, err, ErrGzipTrailing)
		assert.Contains(t, err.Error(), fmt.Sprintf("from byte %d on, after gzip member 1", len(member)))
		assert.Equal(t, map[int64]string{1: "a", 2: "b"}, lines)
	})
	t.Run("truncated gzip error wraps io.ErrUnexpectedEOF", func(t *testing.T) {
		full := gz(t, strings.Repeat("line of text\n", 5000))
		in, err := Open(write("cut2.gz", full[:len(full)-20]), nil)
		require.NoError(t, err)
		defer in.Close()
		_, _, err = readBlocks(t, in, 1<<12)
		require.ErrorIs(t, err, ErrGzipTruncated)
		require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	})
	t.Run("damaged gzip header", func(t *testing.T) {
		bad := append([]byte{0x1f, 0x8b, 0x09}, gz(t, "x\n")[3:]...)
		_, err := Open(write("bad.gz", bad), nil)
		require.ErrorIs(t, err, ErrBadGzip)
		assert.Equal(t, "open "+filepath.Join(dir, "bad.gz")+": not a readable gzip file: damaged header", err.Error())
		_, err = Open(write("stub.gz", []byte{0x1f, 0x8b, 0x08}), nil)
		require.ErrorIs(t, err, ErrBadGzip)
		assert.Contains(t, err.Error(), "the file ends inside the header")
	})
	t.Run("CR-only line ends", func(t *testing.T) {
		in, err := Open("-", iotest.OneByteReader(strings.NewReader("a\rb\r\rc")))
		require.NoError(t, err)
		assert.True(t, in.CROnly)
		head, whole, err := in.Peek()
		require.NoError(t, err)
		assert.True(t, whole)
		assert.Equal(t, "a\nb\n\nc", string(head))
		// Past the first 256 KiB, a "\r\n" pair is one line end.
		in, err = Open("-", strings.NewReader(strings.Repeat("x\r", 150<<10)+"y\r\nz\r"))
		require.NoError(t, err)
		assert.True(t, in.CROnly)
		lines, _, err := readBlocks(t, in, 1<<20)
		require.NoError(t, err)
		assert.Len(t, lines, 150<<10+2)
		assert.Equal(t, "y", lines[150<<10+1])
		assert.Equal(t, "z", lines[150<<10+2])
		in, err = Open("-", strings.NewReader("a\r\nb\rc\n"))
		require.NoError(t, err)
		assert.False(t, in.CROnly, "a file with line feeds keeps its carriage returns")
	})
	t.Run("read errors are not lost to the detection peek", func(t *testing.T) {
		boom := errors.New("boom")
		r := io.MultiReader(strings.NewReader("a\nb"), iotest.ErrReader(boom), strings.NewReader("\nc\n"))
		in, err := Open("-", r)
		require.NoError(t, err)
		_, _, err = in.Peek()
		require.ErrorIs(t, err, boom)
		lines, _, err := readBlocks(t, in, 1<<10)
		require.ErrorIs(t, err, boom)
		assert.Equal(t, map[int64]string{1: "a", 2: "b"}, lines)
	})
	t.Run("a source that makes no progress", func(t *testing.T) {
		in, err := Open("-", zeroReader{})
		require.NoError(t, err)
		_, _, err = readBlocks(t, in, 1<<10)
		require.ErrorIs(t, err, io.ErrNoProgress)
	})
	t.Run("missing file", func(t *testing.T) {
		_, err := Open(filepath.Join(dir, "nope"), nil)
		require.ErrorIs(t, err, os.ErrNotExist)
	})
	t.Run("directory", func(t *testing.T) {
		_, err := Open(dir, nil)
		require.ErrorIs(t, err, ErrIsDirectory)
	})
}

// zeroReader returns nothing and no error, forever.
type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestReleaseAndReopen(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "a.log")
	require.NoError(t, os.WriteFile(plain, []byte("one\ntwo\n"), 0o644))
	zipped := filepath.Join(dir, "b.log.gz")
	require.NoError(t, os.WriteFile(zipped, gz(t, "x\n", "y\n"), 0o644))
	for _, name := range []string{plain, zipped} {
		in, err := Open(name, nil)
		require.NoError(t, err)
		head, _, err := in.Peek()
		require.NoError(t, err)
		require.NotEmpty(t, head)
		in.Release()
		assert.Zero(t, in.Consumed(), "nothing held after release")
		data, err := io.ReadAll(in)
		require.NoError(t, err)
		assert.Contains(t, []string{"one\ntwo\n", "x\ny\n"}, string(data), "read again from the start")
		assert.Positive(t, in.Consumed())
		require.NoError(t, in.Close())
	}
	// Standard input cannot be read twice: Release leaves it alone.
	in, err := Open("-", strings.NewReader("s\n"))
	require.NoError(t, err)
	_, _, _ = in.Peek()
	in.Release()
	data, err := io.ReadAll(in)
	require.NoError(t, err)
	assert.Equal(t, "s\n", string(data))
	// A file removed between detection and reading is a read error.
	in, err = Open(plain, nil)
	require.NoError(t, err)
	in.Release()
	require.NoError(t, os.Remove(plain))
	_, err = io.ReadAll(in)
	assert.ErrorIs(t, err, os.ErrNotExist)
}
