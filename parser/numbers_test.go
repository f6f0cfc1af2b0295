package parser

import (
	"testing"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

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
	defer fuzzbudget.Start(t, fuzzbudget.Default)()
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

// TestDecimalReaders checks the readers of decimal numbers: parseDecimal,
// the JSON number reader (which also takes an exponent) and the nginx
// upstream time list summer; "-" is the absent -1 for all three.
func TestDecimalReaders(t *testing.T) {
	dec, json, list := parseDecimal, parseJSONFloat, sumDurations
	tests := []struct {
		read func([]byte) (float64, bool)
		in   string
		want float64
		ok   bool
	}{
		{dec, "0.823", 0.823, true}, {dec, "123", 123, true}, {dec, ".5", 0.5, true}, {dec, "-", -1, true},
		{dec, ".", 0, false}, {dec, "1.2.3", 0, false}, {dec, "", 0, false},
		{json, "0.040", 0.040, true}, {json, "12", 12, true}, {json, "-", -1, true},
		{json, "1e3", 1000, true}, {json, "1.5E-2", 0.015, true}, {json, "2.5e+1", 25, true},
		{json, "", 0, false}, {json, "e5", 0, false}, {json, "1e", 0, false},
		{json, "1e1234", 0, false}, {json, "1x", 0, false}, {json, "-1e2", 0, false},
		{list, "0.002", 0.002, true}, {list, "0.002, 0.500 : 0.010", 0.512, true},
		{list, "-", -1, true}, {list, "-, 0.100", 0.1, true}, {list, "1.x", 0, false},
	}
	for _, tc := range tests {
		got, ok := tc.read([]byte(tc.in))
		require.Equal(t, tc.ok, ok, tc.in)
		if ok {
			assert.InDelta(t, tc.want, got, 1e-12, tc.in)
		}
	}
	// Exactly the decimal nginx wrote, not 0.8230000000000001.
	got, _ := parseDecimal([]byte("0.823"))
	assert.Equal(t, 0.823, got)
}
