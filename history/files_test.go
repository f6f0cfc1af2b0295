package history

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// stat returns what stat says of a file written with data.
func stat(t *testing.T, dir, name, data string) fs.FileInfo {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, []byte(data), 0o644))
	fi, err := os.Stat(p)
	require.NoError(t, err)
	return fi
}

// row is what a run that read data from the file fi stored.
func row(id int64, fi fs.FileInfo, data string, offset int64, compressed, complete bool) File {
	dev, ino, _ := fileID(fi)
	n := min(HeadLen, int(offset), len(data))
	return File{ID: id, Path: fi.Name(), Dev: dev, Ino: ino, Size: fi.Size(), Compressed: compressed,
		HeadLen: n, HeadHash: hash([]byte(data[:n])), Offset: offset, NextLine: 3, Complete: complete}
}

func TestMatch(t *testing.T) {
	dir := t.TempDir()
	old := "line one\nline two\n"
	grown := old + "line three\n"
	plain := stat(t, dir, "access.log", grown)
	other := stat(t, dir, "other.log", "something else entirely\n")
	known := []File{row(1, plain, old, int64(len(old)), false, false)}

	for _, tc := range []struct {
		name   string
		known  []File
		probes []Probe
		want   []Action
		offset []int64
		why    []string
	}{
		{"grown", known, []Probe{{Path: "access.log", Info: plain, Head: []byte(grown)}},
			[]Action{Resume}, []int64{int64(len(old))}, []string{"grown since the last run"}},
		{"new", known, []Probe{{Path: "other.log", Info: other, Head: []byte("something else entirely\n")}},
			[]Action{Read}, []int64{0}, []string{"new"}},
		{"renamed", known, []Probe{{Path: "access.log.1", Info: other, Head: []byte(grown)}},
			[]Action{Resume}, []int64{int64(len(old))}, []string{"renamed from access.log"}},
		{"compressed form", known, []Probe{{Path: "access.log.2.gz", Info: other, Compressed: true, Head: []byte(grown)}},
			[]Action{Resume}, []int64{int64(len(old))}, []string{"the compressed form of access.log"}},
		{"unchanged", []File{row(1, plain, grown, int64(len(grown)), false, false)}, []Probe{{Path: "access.log", Info: plain, Head: []byte(grown)}},
			[]Action{Skip}, []int64{0}, []string{"unchanged"}},
		{"truncated", []File{row(1, plain, grown, int64(len(grown))+100, false, false)}, []Probe{{Path: "access.log", Info: plain, Head: []byte(grown)}},
			[]Action{Read}, []int64{0}, []string{"truncated (copytruncate): read again from the start"}},
		{"new content at the same inode", known, []Probe{{Path: "access.log", Info: plain, Head: []byte("fresh start\n")}},
			[]Action{Read}, []int64{0}, []string{"new"}},
		{"same file twice", known, []Probe{{Path: "access.log", Info: plain, Head: []byte(grown)}, {Path: "./access.log", Info: plain, Head: []byte(grown)}},
			[]Action{Resume, Skip}, []int64{int64(len(old)), 0}, []string{"grown since the last run", "the same file as access.log"}},
		{"a log and its gzip copy", known, []Probe{{Path: "access.log.1.gz", Info: other, Compressed: true, Head: []byte(grown)}, {Path: "access.log", Info: plain, Head: []byte(grown)}},
			[]Action{Skip, Resume}, []int64{0, int64(len(old))}, []string{"the same content as access.log", "grown since the last run"}},
		{"head shorter than the fingerprint", []File{row(1, plain, grown, int64(len(grown)), false, false)}, []Probe{{Path: "access.log", Info: plain, Head: []byte("line")}},
			[]Action{Read}, []int64{0}, []string{"new"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plans := Match(tc.known, tc.probes)
			require.Len(t, plans, len(tc.probes))
			for i, p := range plans {
				assert.Equal(t, tc.want[i], p.Action, "probe %d", i)
				assert.Equal(t, tc.offset[i], p.Offset, "probe %d", i)
				assert.Equal(t, tc.why[i], p.Why, "probe %d", i)
			}
		})
	}
}

// TestMatchCompleteGzip checks that a gzip file read to its end before, of
// the same inode and size, is skipped without being read again.
func TestMatchCompleteGzip(t *testing.T) {
	dir := t.TempDir()
	fi := stat(t, dir, "access.log.2.gz", "compressed bytes")
	content := "line one\nline two\n"
	known := []File{row(7, fi, content, int64(len(content)), true, true)}
	plans := Match(known, []Probe{{Path: "access.log.2.gz", Info: fi, Compressed: true, Head: []byte(content)}})
	assert.Equal(t, Skip, plans[0].Action)
	assert.Equal(t, "unchanged", plans[0].Why)
}
