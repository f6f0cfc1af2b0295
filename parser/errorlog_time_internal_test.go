package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestMonthWeekday(t *testing.T) {
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for i, m := range months {
		assert.Equal(t, i+1, monthAt([]byte("x"+m), 1), m)
		assert.False(t, weekdayAt([]byte(m), 0), m)
	}
	for _, d := range []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"} {
		assert.True(t, weekdayAt([]byte("x"+d+" "), 1), d)
		assert.Zero(t, monthAt([]byte(d), 0), d)
	}
	tests := []struct {
		in string
		i  int
	}{
		{"", 0}, {"Ja", 0}, {"jan", 0}, {"JAN", 0}, {"Jan", 1}, {"Jam", 0}, {"Mo", 0}, {"mon", 0}, {"Sux", 0}, {"\x00Su", 0},
	}
	for _, tc := range tests {
		if tc.in != "Jan" {
			assert.Zero(t, monthAt([]byte(tc.in), tc.i), "%q", tc.in)
		}
		assert.False(t, weekdayAt([]byte(tc.in), tc.i), "%q", tc.in)
	}
	assert.Zero(t, monthAt([]byte("Jan"), 1))
}

// ctimeCacheSeeds are pairs of ctimes parsed one after the other.
var ctimeCacheSeeds = [][2]string{
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 23:59:60.999999 2024"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 24:00:00.000000 2024"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 00:60:00.000000 2024"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 00:00:61.000000 2024"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 00:00:37.24057x 2024"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 00:00:37 2024"},
	{"Tue Aug 06 00:00:37 2024", "Tue Aug 06 00:00:37.240578 2024"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 00:00:37.240578 2024x"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 0a:00:37.240578 2024"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 00-00:37.240578 2024"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 00:00:37.240578"},
	{"Tue Aug 06 00:00:37.240578 2024", "Tue Aug 06 00:00:37.2405 2024"},
	{"Thu Feb 29 10:00:00 2024", "Thu Feb 29 11:00:00 2024"},
	{"Thu Feb 29 10:00:00 2023", "Thu Feb 29 11:00:00 2023"},
	{"Wed Oct  1 14:32:52 2000", "Wed Oct  1 14:32:53 2000"},
	{"Wed Oct 11 14:32:52 2000", "Wed Oct 12 14:32:52 2000"},
	{"Wed Oct 11 14:32:52 2000", "Wed Oct 11 14:32:52 2001"},
	{"Wed Oct 11 14:32:52 1000", "Wed Oct 11 14:32:52 1000"},
	{"\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", ""},
}

// checkCtimeCache parses a then b with one cache and checks that each
// result is parseCtime's.
func checkCtimeCache(t *testing.T, a, b string) {
	t.Helper()
	for _, usec := range []bool{false, true} {
		var c ctimeCache
		for _, in := range []string{a, b, a} {
			t0, n0, ok0 := parseCtime([]byte(in), usec)
			t1, n1, ok1 := c.parse([]byte(in), usec)
			if ok0 != ok1 || ok0 && (t0 != t1 || n0 != n1) {
				t.Fatalf("%q after %q (usec %v): cache (%d, %d, %v), parseCtime (%d, %d, %v)",
					in, a, usec, t1, n1, ok1, t0, n0, ok0)
			}
		}
	}
}

func TestCtimeCache(t *testing.T) {
	for _, tc := range ctimeCacheSeeds {
		t.Run(tc[0]+"/"+tc[1], func(t *testing.T) { checkCtimeCache(t, tc[0], tc[1]) })
	}
}

func FuzzCtimeCache(f *testing.F) {
	for _, tc := range ctimeCacheSeeds {
		f.Add(tc[0], tc[1])
	}
	f.Fuzz(checkCtimeCache)
}

// isoCacheSeeds are pairs of ISO times parsed one after the other.
var isoCacheSeeds = [][2]string{
	{"2016/09/18 10:35:24", "2016/09/18 23:59:60"},
	{"2016/09/18 10:35:24", "2016/09/18 24:00:00"},
	{"2016/09/18 10:35:24", "2016/09/18 00:60:00"},
	{"2016/09/18 10:35:24", "2016/09/18 00:00:61"},
	{"2016/09/18 10:35:24", "2016/09/19 10:35:24"},
	{"2016/09/18 10:35:24", "2016/09/18 10:35:2x"},
	{"2016/09/18 10:35:24", "2016/09/18x10:35:24"},
	{"2016-09-18 10:35:24.123456", "2016-09-18 10:35:25.000001"},
	{"2016-09-18 10:35:24.123456", "2016-09-18 10:35:25.00000x"},
	{"2016-09-18 10:35:24.123456", "2016-09-18 10:35:25"},
	{"2024-02-29 10:00:00", "2024-02-29 11:00:00"},
	{"2023-02-29 10:00:00", "2023-02-29 11:00:00"},
	{"1000-01-01 00:00:00", "1000-01-01 00:00:01"},
	{"", "2016/09/18 10:35:24"},
}

// checkISOCache parses a then b with one cache and checks that each result
// is parseDateTime's.
func checkISOCache(t *testing.T, a, b string) {
	t.Helper()
	for _, sep := range []byte{'/', '-'} {
		for _, usec := range []bool{false, true} {
			var c dateTimeCache
			for _, in := range []string{a, b, a} {
				t0, n0, ok0 := parseDateTime([]byte(in), sep, usec)
				t1, n1, ok1 := c.parse([]byte(in), sep, usec)
				if ok0 != ok1 || ok0 && (t0 != t1 || n0 != n1) {
					t.Fatalf("%q after %q (sep %q, usec %v): cache (%d, %d, %v), parseDateTime (%d, %d, %v)",
						in, a, sep, usec, t1, n1, ok1, t0, n0, ok0)
				}
			}
		}
	}
}

func TestDateTimeCache(t *testing.T) {
	for _, tc := range isoCacheSeeds {
		t.Run(tc[0]+"/"+tc[1], func(t *testing.T) { checkISOCache(t, tc[0], tc[1]) })
	}
}

func FuzzDateTimeCache(f *testing.F) {
	for _, tc := range isoCacheSeeds {
		f.Add(tc[0], tc[1])
	}
	f.Fuzz(checkISOCache)
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
