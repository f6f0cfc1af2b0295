package input

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/parser"
)

// benchState scans the log named by LOGSCAN_BENCH_LOG (for example 1 GB of
// cmd/loggen output: go run ./cmd/loggen -size 1G -o /tmp/1g.log), or the
// 2k-line test log, and returns its state encoded.
func benchState(b *testing.B) []byte {
	b.Helper()
	name := os.Getenv("LOGSCAN_BENCH_LOG")
	if name == "" {
		name = "../testdata/parser/combined-2k.log"
	}
	f, err := os.Open(name)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	format, _ := parser.LookupFormat("combined")
	p, _ := Scan([]AccessInput{{Name: name, Reader: f, Format: format}}, ScanOptions{Options: analyze.DefaultOptions()})
	st := analyze.NewState([]analyze.InputMeta{{Path: name, Kind: "access", Format: "combined", Stream: "bench/access.log"}}, p, nil, "")
	var buf bytes.Buffer
	if err := st.Encode(&buf); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(buf.Len()), "state-bytes")
	return buf.Bytes()
}

// BenchmarkStateEncode writes the state of a log:
// LOGSCAN_BENCH_LOG=/tmp/1g.log go test ./input -run '^$' -bench StateEncode
func BenchmarkStateEncode(b *testing.B) {
	data := benchState(b)
	st, err := analyze.DecodeState(data, analyze.DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := st.Encode(io.Discard); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkMerge30States reads 30 states of a log (30 days of a cron job)
// and merges them into one, as `logscan scan *.state` does; MergeOnly
// leaves the reading out.
func BenchmarkMerge30States(b *testing.B) {
	data := benchState(b)
	decode := func() []*analyze.State {
		states := make([]*analyze.State, 30)
		for i := range states {
			st, err := analyze.DecodeState(data, analyze.DefaultOptions())
			if err != nil {
				b.Fatal(err)
			}
			states[i] = st
		}
		return states
	}
	b.Run("DecodeAndMerge", func(b *testing.B) {
		for b.Loop() {
			analyze.MergeStates(decode())
		}
	})
	b.Run("MergeOnly", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			states := decode()
			b.StartTimer()
			analyze.MergeStates(states)
		}
	})
}
