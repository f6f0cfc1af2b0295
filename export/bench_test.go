package export

import (
	"io"
	"os"
	"testing"

	"github.com/logscan/logscan/parser"
)

// BenchmarkWriteAccess exports the log named by LOGSCAN_BENCH_LOG (a
// generated combined log, see bench/README.md) to io.Discard.
func BenchmarkWriteAccess(b *testing.B) {
	path := os.Getenv("LOGSCAN_BENCH_LOG")
	if path == "" {
		b.Skip("LOGSCAN_BENCH_LOG names no log")
	}
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	f, _ := parser.LookupFormat("combined")
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	for b.Loop() {
		r, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := WriteAccess(io.Discard, []Input{{Name: path, Reader: r, Format: f}}, Options{}); err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}
