//go:build !race

package parser_test

// The race detector allocates on its own, so the allocation test and the
// benchmarks build only without it. Compare runs with benchstat:
//
//	go test ./parser/ -run '^$' -bench 'Error' -count 6 -benchmem | tee new.txt
//	benchstat old.txt new.txt

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/parser"
)

// errorBenchInputs pairs each format with a corpus excerpt in its layout.
var errorBenchInputs = []struct {
	format string // preset name, or an ErrorLogFormat string
	file   string
}{
	{parser.NameApache24Error, "xzymo_error.log.14"},
	{parser.NameApache22Error, "thaycafe-elasticnotes_apache_error.log"},
	{parser.NameNginxError, "feedforce-isucon6_error.log.1"},
	{threadedDefault, "dmjacas-logs_error.log"},
}

func benchFormat(tb testing.TB, name string) parser.ErrorFormat {
	tb.Helper()
	if f, ok := parser.LookupErrorFormat(name); ok {
		return f
	}
	f, err := parser.CompileErrorLogFormat(name)
	require.NoError(tb, err)
	return f
}

func benchName(format string) string {
	if format == threadedDefault {
		return "custom"
	}
	return format
}

// TestErrorParseZeroAlloc guards the promise that Parse does not allocate.
func TestErrorParseZeroAlloc(t *testing.T) {
	for _, in := range errorBenchInputs {
		t.Run(benchName(in.format), func(t *testing.T) {
			f := benchFormat(t, in.format)
			lines := splitLines(readTestdata(t, in.file))
			var e parser.ErrorEntry
			for _, line := range lines {
				require.NoError(t, f.Parse(line, &e), "%s", line)
			}
			allocs := testing.AllocsPerRun(50, func() {
				for _, line := range lines {
					_ = f.Parse(line, &e)
				}
			})
			assert.Zero(t, allocs)
		})
	}
	t.Run("failing lines", func(t *testing.T) {
		bad := [][]byte{
			[]byte("PHP Deprecated:  Comments starting with '#' are deprecated"),
			[]byte("[Mon Dec 32 16:22:08 2016] [error] x"),
			[]byte("# failJSON: {}"),
			[]byte("host nginx[1]: garbage"),
		}
		for _, f := range parser.ErrorFormats() {
			var e parser.ErrorEntry
			allocs := testing.AllocsPerRun(50, func() {
				for _, line := range bad {
					_ = f.Parse(line, &e)
				}
			})
			assert.Zero(t, allocs, f.Name())
		}
	})
}

var errorSink *parser.ErrorEntry

var countsSink parser.ErrorCounts

// BenchmarkErrorParse parses every line of a corpus excerpt per iteration.
func BenchmarkErrorParse(b *testing.B) {
	for _, in := range errorBenchInputs {
		b.Run("format="+benchName(in.format), func(b *testing.B) {
			f := benchFormat(b, in.format)
			data := readTestdata(b, in.file)
			lines := splitLines(data)
			var e parser.ErrorEntry
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				for _, line := range lines {
					if err := f.Parse(line, &e); err != nil {
						b.Fatal(err)
					}
				}
			}
			errorSink = &e
		})
	}
}

// BenchmarkErrorScanner scans whole excerpts, continuation lines included.
func BenchmarkErrorScanner(b *testing.B) {
	for _, in := range []struct{ format, file string }{
		{parser.NameApache24Error, "wulinlw-logcollection_apache_error.log"},
		{parser.NameNginxError, "elastic-beats_nginx-error.log"},
	} {
		b.Run("file="+in.file, func(b *testing.B) {
			f := benchFormat(b, in.format)
			data := readTestdata(b, in.file)
			r := bytes.NewReader(data)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				r.Reset(data)
				sc := parser.NewErrorScanner(r, f, 0)
				for sc.Next() {
					errorSink = sc.Entry()
				}
				countsSink = sc.Counts()
			}
		})
	}
}

// BenchmarkErrorVsCombined times each error-log format and the combined
// preset in alternation, one pass over their files each per
// iteration, and reports how many times slower per byte each error format
// is ("×combined"). Alternating cancels the drift of a shared machine.
func BenchmarkErrorVsCombined(b *testing.B) {
	access, err := os.ReadFile(filepath.Join("..", "testdata", "parser", "combined-2k.log"))
	require.NoError(b, err)
	accessLines := splitLines(access)
	combined, ok := parser.LookupFormat("combined")
	require.True(b, ok)
	for _, in := range errorBenchInputs {
		b.Run("format="+benchName(in.format), func(b *testing.B) {
			f := benchFormat(b, in.format)
			data := readTestdata(b, in.file)
			lines := splitLines(data)
			// Parse the small error file as many times as it takes to
			// match the access file's size, so both passes are alike.
			reps := max(1, len(access)/len(data))
			var e parser.ErrorEntry
			var a parser.Entry
			var spentErr, spentAccess time.Duration
			for b.Loop() {
				start := time.Now()
				for range reps {
					for _, line := range lines {
						if err := f.Parse(line, &e); err != nil {
							b.Fatal(err)
						}
					}
				}
				spentErr += time.Since(start)
				start = time.Now()
				for _, line := range accessLines {
					if err := combined.Parse(line, &a); err != nil {
						b.Fatal(err)
					}
				}
				spentAccess += time.Since(start)
			}
			errPerByte := float64(spentErr) / float64(reps*len(data))
			accessPerByte := float64(spentAccess) / float64(len(access))
			b.ReportMetric(errPerByte/accessPerByte, "×combined")
			b.ReportMetric(float64(reps*len(data))*float64(b.N)/spentErr.Seconds()/1e6, "MB/s-error")
			b.ReportMetric(float64(len(access))*float64(b.N)/spentAccess.Seconds()/1e6, "MB/s-combined")
		})
	}
}
