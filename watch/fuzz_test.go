package watch

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/internal/fuzzbudget"
)

// FuzzFollowerLines cuts data into reads at the places cuts gives and
// checks that the follower hands on exactly the whole lines of data, in
// order, however the reads fall; with a small limit, every newline ends
// one line handed on or one counted as too long.
func FuzzFollowerLines(f *testing.F) {
	f.Add([]byte("a\nbb\nccc\n"), []byte{1, 3})
	f.Add([]byte("no newline"), []byte{4})
	f.Add([]byte("\n\n\nx\r\ny"), []byte{0, 1, 2})
	f.Fuzz(func(t *testing.T, data, cuts []byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		for _, limit := range []int{1 << 20, 8} {
			fl := &Follower{maxLine: limit}
			o := &open{}
			s := &sink{}
			rest := data
			for _, c := range cuts {
				n := min(int(c), len(rest))
				fl.take(0, o, rest[:n], s)
				rest = rest[n:]
			}
			fl.take(0, o, rest, s)
			whole := strings.Count(string(data), "\n")
			if limit == 1<<20 {
				want := strings.Split(string(data), "\n")
				want = want[:len(want)-1]
				if len(want) == 0 {
					want = nil
				}
				if !equal(s.lines, want) {
					t.Fatalf("lines %q, want %q", s.lines, want)
				}
				continue
			}
			if len(s.lines)+s.tooLong != whole {
				t.Fatalf("%d lines and %d too long for %d newlines", len(s.lines), s.tooLong, whole)
			}
		}
	})
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// FuzzLiveLines feeds arbitrary whole lines to the live state, which
// detects their kind (access or error log) as it would a new file: nothing crashes, every line is counted once and
// a tick can be taken.
func FuzzLiveLines(f *testing.F) {
	f.Add([]byte("192.0.2.1 - - [24/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 503 1 \"-\" \"x\"\n"))
	f.Add([]byte("[Tue Nov 24 10:00:00.000000 2026] [mpm_event:error] [pid 1:tid 2] AH00484: server reached MaxRequestWorkers setting\n  continued\n"))
	f.Add([]byte("2026/11/24 10:00:00 [error] 1#1: *5 connect() failed (111: Connection refused), client: 192.0.2.1, server: s, request: \"GET / HTTP/1.1\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		if i := bytes.LastIndexByte(data, '\n'); i >= 0 {
			data = data[:i+1]
		} else {
			return
		}
		now := time.Date(2026, 11, 24, 10, 0, 5, 0, time.UTC)
		l := NewLive([]string{"x.log"}, Options{Analyze: analyze.DefaultOptions(), Zone: time.UTC, Source: "fuzz", MaxLine: 256}, nil)
		l.Advance(now)
		l.Lines(0, data)
		l.Freeze()
		l.Advance(now.Add(time.Minute))
		l.Freeze()
		_ = l.Window5()
		_ = l.Window15()
		_ = l.Errors1(5, time.UTC)
		got := l.Files[0].Lines
		if want := int64(bytes.Count(data, []byte("\n"))); got != want {
			t.Fatalf("counted %d lines of %d", got, want)
		}
	})
}
