package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSumDurations(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"0.002", 0.002, true},
		{"0.002, 0.500 : 0.010", 0.512, true},
		{"-", -1, true},
		{"-, 0.100", 0.1, true},
		{"1.x", 0, false},
	}
	for _, tc := range tests {
		got, ok := sumDurations([]byte(tc.in))
		require.Equal(t, tc.ok, ok, tc.in)
		if ok {
			assert.InDelta(t, tc.want, got, 1e-9, tc.in)
		}
	}
}

// leadingNumberBytes is leadingNumber byte by byte, its reference.
func leadingNumberBytes(b []byte) (int64, int) {
	var v int64
	n := 0
	for n < len(b) && isDigit(b[n]) {
		v = v*10 + int64(b[n]-'0')
		n++
	}
	return v, n
}

func checkLeadingNumber(t *testing.T, in string) {
	t.Helper()
	v0, n0 := leadingNumberBytes([]byte(in))
	v1, n1 := leadingNumber([]byte(in))
	if n0 > 18 {
		if n1 <= 18 {
			t.Fatalf("leadingNumber(%q) counts %d digits; want more than 18", in, n1)
		}
		return
	}
	if v0 != v1 || n0 != n1 {
		t.Fatalf("leadingNumber(%q) = %d, %d; want %d, %d", in, v1, n1, v0, n0)
	}
}

var leadingNumberSeeds = []string{
	"", "0", "7", "12345678", "123456789", "1768663:tid", "140261040731392]", "999999999999999999",
	"9999999999999999999", "12345678901234567890123", "00000000x", "1/2", "1:", "9\xff", "\xfa1", "0123456789abcdef",
}

func TestLeadingNumber(t *testing.T) {
	for _, in := range leadingNumberSeeds {
		checkLeadingNumber(t, in)
	}
}

func FuzzLeadingNumber(f *testing.F) {
	for _, in := range leadingNumberSeeds {
		f.Add(in)
	}
	f.Fuzz(checkLeadingNumber)
}
