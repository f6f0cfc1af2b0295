package parser

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestElLastIndex(t *testing.T) {
	tests := []struct {
		s, sep string
		anchor int
	}{
		{"", ", x: ", 0},
		{", x: ", ", x: ", 0},
		{"a, x: b, x: c", ", x: ", 0},
		{"a, x: b, y: c", ", x: ", 0},
		{", x", ", x: ", 0},
		{"abc while def while ghi", " while ", 1},
		{"while x", " while ", 1},
		{" whil", " while ", 1},
		{"read (13: Permission denied) (2: x)", " (", 1},
		{"((((", " (", 1},
		{" (", " (", 1},
		{"x (", " (", 1},
		{"ww while", " while ", 1},
	}
	for _, tc := range tests {
		want := bytes.LastIndex([]byte(tc.s), []byte(tc.sep))
		assert.Equal(t, want, elLastIndex([]byte(tc.s), []byte(tc.sep), tc.anchor), "%q in %q", tc.sep, tc.s)
	}
}

func FuzzElLastIndex(f *testing.F) {
	f.Add("a, x: b, x: c", ", x: ", 0)
	f.Add("abc while def", " while ", 1)
	f.Fuzz(func(t *testing.T, s, sep string, anchor int) {
		if len(sep) == 0 {
			return
		}
		anchor = int(uint(anchor) % uint(len(sep)))
		want := bytes.LastIndex([]byte(s), []byte(sep))
		if got := elLastIndex([]byte(s), []byte(sep), anchor); got != want {
			t.Fatalf("elLastIndex(%q, %q, %d) = %d, want %d", s, sep, anchor, got, want)
		}
	})
}

func FuzzElLastIndexByte(f *testing.F) {
	f.Add([]byte("abc\"def\"ghijklmnop\"qr"), byte('"'))
	f.Add([]byte{0x80, 0x01, 0x00, 0xff, 0x7f, 0x80, 0x00, 0x01, 0x00}, byte(0))
	f.Fuzz(func(t *testing.T, s []byte, c byte) {
		if got, want := elLastIndexByte(s, c), bytes.LastIndexByte(s, c); got != want {
			t.Fatalf("elLastIndexByte(%q, %q) = %d, want %d", s, c, got, want)
		}
	})
}
