//go:build !race

package analyze

import (
	"bytes"
	"testing"
)

var sinkInt int

func BenchmarkMatch(b *testing.B) {
	m := NewMatcher(Rules)
	msgs := make([][]byte, len(benchMessages))
	var n int64
	for i, s := range benchMessages {
		msgs[i] = []byte(s)
		n += int64(len(s))
	}
	b.ReportAllocs()
	b.SetBytes(n / int64(len(msgs)))
	i := 0
	for b.Loop() {
		sinkInt += m.Match(nil, -1, msgs[i])
		i++
		if i == len(msgs) {
			i = 0
		}
	}
}

// BenchmarkMatchContains is the baseline for the index of [Matcher]: the
// same search with bytes.Contains for every rule in turn.
func BenchmarkMatchContains(b *testing.B) {
	frags := make([][]byte, len(Rules))
	for i, r := range Rules {
		frags[i] = []byte(r.Fragment)
	}
	match := func(message []byte) int {
		code, errno := findCode(message), findErrno(message)
		best := -1
		for i, r := range Rules {
			if r.Code != "" && r.Code != string(code) || !errnoMatches(r.Errno, errno) ||
				len(frags[i]) > 0 && !bytes.Contains(message, frags[i]) {
				continue
			}
			if best < 0 || moreSpecific(r, Rules[best]) {
				best = i
			}
		}
		return best
	}
	msgs := make([][]byte, len(benchMessages))
	for i, s := range benchMessages {
		msgs[i] = []byte(s)
		if got, want := match(msgs[i]), testMatcher.Match(nil, -1, msgs[i]); got != want {
			b.Fatalf("baseline found rule %d, Match %d, for %q", got, want, s)
		}
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		sinkInt += match(msgs[i])
		i++
		if i == len(msgs) {
			i = 0
		}
	}
}

func TestMatchAllocs(t *testing.T) {
	msgs := make([][]byte, len(benchMessages))
	for i, s := range benchMessages {
		msgs[i] = []byte(s)
	}
	code := []byte("AH01630")
	allocs := testing.AllocsPerRun(100, func() {
		for _, msg := range msgs {
			sinkInt += testMatcher.Match(nil, -1, msg)
			sinkInt += testMatcher.Match(code, 13, msg)
		}
	})
	if allocs != 0 {
		t.Errorf("Match allocates %v times per %d messages", allocs, 2*len(msgs))
	}
}
