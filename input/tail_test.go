package input

import (
	"io"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
)

func TestTailReader(t *testing.T) {
	for _, tc := range []struct {
		in   string
		hold bool
		want string
	}{
		{"a\nb\nhalf", true, "a\nb\n"},
		{"a\nb\nhalf", false, "a\nb\nhalf"},
		{"a\nb\n", true, "a\nb\n"},
		{"no newline", true, ""},
		{"", true, ""},
		{strings.Repeat("x", 100000) + "\n" + strings.Repeat("y", 70000), true, strings.Repeat("x", 100000) + "\n"},
	} {
		tr := NewTailReader(iotest.OneByteReader(strings.NewReader(tc.in)), tc.hold)
		got, err := io.ReadAll(tr)
		assert.NoError(t, err)
		assert.Equal(t, tc.want, string(got))
		assert.Equal(t, int64(len(tc.want)), tr.Offset())
	}
}
