package main

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// benchSize is the total size of the logs of the history benchmarks:
// LOGSCAN_BENCH_MB megabytes (default 64; the figures in docs/history.md
// are for 1024).
func benchSize() int64 {
	if mb, err := strconv.Atoi(os.Getenv("LOGSCAN_BENCH_MB")); err == nil && mb > 0 {
		return int64(mb) << 20
	}
	return 64 << 20
}

// writeRotated writes a rotated set of n files of size/n bytes each:
// access.log, access.log.1 and gzip files access.log.2.gz ... (oldest
// last), one hour of lines after the other.
func writeRotated(b *testing.B, dir string, size int64, n int) []string {
	b.Helper()
	rng := rand.New(rand.NewPCG(9, 10))
	t := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var names []string
	for i := n - 1; i >= 0; i-- {
		name := "access.log"
		switch {
		case i == 1:
			name = "access.log.1"
		case i > 1:
			name = fmt.Sprintf("access.log.%d.gz", i)
		}
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		var w io.Writer = f
		var zw *gzip.Writer
		if i > 1 {
			zw, _ = gzip.NewWriterLevel(f, gzip.BestSpeed)
			w = zw
		}
		bw := bufio.NewWriterSize(w, 1<<20)
		var written int64
		for written < size/int64(n) {
			s := hourLines(rng, t, 3600, 0.01)
			t = t.Add(time.Hour)
			bw.WriteString(s)
			written += int64(len(s))
		}
		bw.Flush()
		if zw != nil {
			zw.Close()
		}
		f.Close()
		names = append(names, filepath.Join(dir, name))
	}
	return names
}

// BenchmarkHistoryUnchanged times an hourly run over a rotated set of
// eight files none of which changed since the last run: it reads their
// fingerprints and nothing else.
func BenchmarkHistoryUnchanged(b *testing.B) {
	dir := b.TempDir()
	files := writeRotated(b, dir, benchSize(), 8)
	db := filepath.Join(dir, "h.db")
	args := append([]string{"scan", "-q", "--history", db, "--compare", "0", "-o", filepath.Join(dir, "r.txt")}, files...)
	if code := run(args, nil, io.Discard, os.Stderr); code != 0 {
		b.Fatalf("first run: exit %d", code)
	}
	b.ResetTimer()
	for b.Loop() {
		if code := run(args, nil, io.Discard, os.Stderr); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkHistoryReport90Days times a report of 90 stored days (2,160
// hours of 100 requests each) from the database alone.
func BenchmarkHistoryReport90Days(b *testing.B) {
	dir := b.TempDir()
	rng := rand.New(rand.NewPCG(11, 12))
	t := time.Date(2026, 8, 1, 0, 0, 0, 0, time.UTC)
	f, err := os.Create(filepath.Join(dir, "access.log"))
	if err != nil {
		b.Fatal(err)
	}
	bw := bufio.NewWriter(f)
	for h := range 90 * 24 {
		bw.WriteString(hourLines(rng, t.Add(time.Duration(h)*time.Hour), 100, 0.01))
	}
	bw.Flush()
	f.Close()
	db := filepath.Join(dir, "h.db")
	if code := run([]string{"scan", "-q", "--history", db, "--compare", "0", "-o", filepath.Join(dir, "r.txt"), f.Name()}, nil, io.Discard, os.Stderr); code != 0 {
		b.Fatalf("ingest: exit %d", code)
	}
	args := []string{"scan", "-q", "--history", db, "--since", "2026-08-01", "--until", "2026-10-30", "--format", "json", "-o", filepath.Join(dir, "r.json")}
	b.ResetTimer()
	for b.Loop() {
		if code := run(args, nil, io.Discard, os.Stderr); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
