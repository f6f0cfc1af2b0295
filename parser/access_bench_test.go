package parser

import (
	"bytes"
	"os"
	"testing"
)

// Run: go test ./parser -run '^$' -bench . -benchmem -count 6 | tee new.txt
// and compare runs with benchstat.

var sinkStatus int

func readTestdata(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile("../testdata/parser/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func BenchmarkCLF(b *testing.B) {
	data := readTestdata(b, "combined-2k.log")
	lines := bytes.Split(bytes.TrimSuffix(data, []byte{'\n'}), []byte{'\n'})
	for _, name := range []string{"combined"} {
		b.Run("parser="+name, func(b *testing.B) {
			f, _ := LookupFormat(name)
			var e Entry
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				for _, l := range lines {
					if f.Parse(l, &e) == nil {
						sinkStatus += e.Status
					}
				}
			}
		})
	}
}
