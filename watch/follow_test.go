package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// sink collects what a follower reads.
type sink struct {
	lines   []string
	tooLong int
	events  []Change
}

func (s *sink) Lines(i int, data []byte) {
	for _, l := range strings.SplitAfter(string(data), "\n") {
		if l != "" {
			s.lines = append(s.lines, strings.TrimSuffix(l, "\n"))
		}
	}
}
func (s *sink) TooLong(int)       { s.tooLong++ }
func (s *sink) Idle(int)          {}
func (s *sink) Event(e FileEvent) { s.events = append(s.events, e.Change) }
func appendTo(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	require.NoError(t, err)
	_, err = f.WriteString(text)
	require.NoError(t, err)
	require.NoError(t, f.Close())
}

// TestFollower drives a follower through the ways logs are written and
// rotated, checking that every line written is read once, in order.
func TestFollower(t *testing.T) {
	type step struct {
		do   func(t *testing.T, path string)
		want []string // lines read by the poll after do
	}
	write := func(s string) func(*testing.T, string) {
		return func(t *testing.T, p string) { appendTo(t, p, s) }
	}
	clock := time.Unix(0, 0)
	for _, tc := range []struct {
		name       string
		initial    string // "" and absent: the file does not exist
		absent     bool
		fromStart  bool
		steps      []step
		wantEvents []Change
		tooLong    int
	}{
		{name: "from the end", initial: "old 1\nold 2\n", steps: []step{
			{write("a\nb\n"), []string{"a", "b"}},
			{write("c"), nil},
			{write("d\n"), []string{"cd"}},
		}},
		{name: "from the end inside a line", initial: "old 1\nhalf", steps: []step{
			{write(" done\nnew\n"), []string{"new"}},
		}},
		{name: "from the start", initial: "old 1\nold 2\n", fromStart: true, steps: []step{
			{write("a\n"), []string{"old 1", "old 2", "a"}},
		}},
		{name: "rename rotation", initial: "", steps: []step{
			{write("a\n"), []string{"a"}},
			{func(t *testing.T, p string) {
				// The server writes to the old file, which is renamed
				// away, then to a new one; it still had a line for the old
				// file before it reopened.
				appendTo(t, p, "b\n")
				require.NoError(t, os.Rename(p, p+".1"))
				appendTo(t, p+".1", "c\n")
				appendTo(t, p, "d\n")
			}, []string{"b", "c", "d"}},
			{func(t *testing.T, p string) { appendTo(t, p+".1", "late\n") }, []string{"late"}},
			{write("e\n"), []string{"e"}},
		}, wantEvents: []Change{Rotated}},
		{name: "copytruncate", initial: "", steps: []step{
			{write("a\nb\n"), []string{"a", "b"}},
			{func(t *testing.T, p string) {
				require.NoError(t, os.Truncate(p, 0))
				appendTo(t, p, "c\n")
			}, []string{"c"}},
		}, wantEvents: []Change{Truncated}},
		{name: "appears later", absent: true, steps: []step{
			{func(*testing.T, string) {}, nil},
			{write("a\nb\n"), []string{"a", "b"}},
		}, wantEvents: []Change{Appeared}},
		{name: "vanishes and comes back", initial: "", steps: []step{
			{write("a\n"), []string{"a"}},
			{func(t *testing.T, p string) { require.NoError(t, os.Remove(p)) }, nil},
			{write("b\n"), []string{"b"}},
		}, wantEvents: []Change{Vanished, Appeared}},
		// A whole line over the limit is handed on (the sink counts it);
		// one whose end has not come is held only up to the limit.
		{name: "too long", initial: "", steps: []step{
			{write(strings.Repeat("x", 100) + "\nshort\n" + strings.Repeat("y", 70)), []string{strings.Repeat("x", 100), "short"}},
			{write(strings.Repeat("y", 70) + "\nok\n"), []string{"ok"}},
		}, tooLong: 1},
		{name: "a last line without newline is read at rotation", initial: "", steps: []step{
			{write("a\nb"), []string{"a"}},
			{func(t *testing.T, p string) {
				require.NoError(t, os.Rename(p, p+".1"))
				appendTo(t, p, "c\n")
			}, []string{"c"}},
		}, wantEvents: []Change{Rotated}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "access.log")
			if !tc.absent {
				require.NoError(t, os.WriteFile(path, []byte(tc.initial), 0o644))
			}
			now := clock
			fl, err := NewFollower([]string{path}, tc.fromStart, 80, func() time.Time { return now })
			require.NoError(t, err)
			defer fl.Close()
			s := &sink{}
			for k, st := range tc.steps {
				s.lines = nil
				st.do(t, path)
				now = now.Add(time.Second)
				fl.Poll(nil, s)
				require.Equal(t, st.want, s.lines, "step %d", k)
			}
			// A rotated-away file is read to its end before it is let go.
			s.lines = nil
			now = now.Add(drainFor + time.Second)
			fl.Poll(nil, s)
			if tc.name == "a last line without newline is read at rotation" {
				require.Equal(t, []string{"b"}, s.lines)
			} else {
				require.Empty(t, s.lines)
			}
			require.Equal(t, tc.wantEvents, s.events)
			require.Equal(t, tc.tooLong, s.tooLong)
		})
	}
}

// TestFollowerUnreadable checks that a file that exists but cannot be read
// is an error at the start, and a missing one is waited for.
func TestFollowerUnreadable(t *testing.T) {
	dir := t.TempDir()
	_, err := NewFollower([]string{dir}, false, 80, nil)
	require.ErrorIs(t, err, ErrUnreadable)
	fl, err := NewFollower([]string{filepath.Join(dir, "nothing-yet.log")}, false, 80, nil)
	require.NoError(t, err)
	require.True(t, fl.Missing(0))
	fl.Close()
	if os.Getuid() != 0 {
		p := filepath.Join(dir, "secret.log")
		require.NoError(t, os.WriteFile(p, []byte("x\n"), 0o000))
		_, err := NewFollower([]string{p}, false, 80, nil)
		require.ErrorIs(t, err, ErrUnreadable)
	}
}

// TestFollowerManyRotations writes lines and rotates often, polling at
// random moments between: every line is read exactly once.
func TestFollowerManyRotations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "access.log")
	require.NoError(t, os.WriteFile(path, nil, 0o644))
	now := time.Unix(0, 0)
	fl, err := NewFollower([]string{path}, false, 1024, func() time.Time { return now })
	require.NoError(t, err)
	defer fl.Close()
	s := &sink{}
	var want []string
	n := 0
	for round := range 30 {
		for range round % 7 {
			n++
			line := fmt.Sprintf("line %d", n)
			want = append(want, line)
			appendTo(t, path, line+"\n")
		}
		switch round % 5 {
		case 1:
			require.NoError(t, os.Rename(path, fmt.Sprintf("%s.%d", path, round)))
		case 3:
			now = now.Add(time.Second)
			fl.Poll(nil, s)
		}
	}
	now = now.Add(drainFor + time.Second)
	fl.Poll(nil, s)
	now = now.Add(drainFor + time.Second)
	fl.Poll(nil, s)
	require.Equal(t, want, s.lines)
}
