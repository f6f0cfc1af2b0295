package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestElMonthWeekday(t *testing.T) {
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for i, m := range months {
		assert.Equal(t, i+1, elMonth([]byte("x"+m), 1), m)
		assert.False(t, elWeekday([]byte(m), 0), m)
	}
	for _, d := range []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"} {
		assert.True(t, elWeekday([]byte("x"+d+" "), 1), d)
		assert.Zero(t, elMonth([]byte(d), 0), d)
	}
	tests := []struct {
		in string
		i  int
	}{
		{"", 0}, {"Ja", 0}, {"jan", 0}, {"JAN", 0}, {"Jan", 1}, {"Jam", 0}, {"Mo", 0}, {"mon", 0}, {"Sux", 0}, {"\x00Su", 0},
	}
	for _, tc := range tests {
		if tc.in != "Jan" {
			assert.Zero(t, elMonth([]byte(tc.in), tc.i), "%q", tc.in)
		}
		assert.False(t, elWeekday([]byte(tc.in), tc.i), "%q", tc.in)
	}
	assert.Zero(t, elMonth([]byte("Jan"), 1))
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
// result is elParseCtime's.
func checkCtimeCache(t *testing.T, a, b string) {
	t.Helper()
	for _, usec := range []bool{false, true} {
		var c elCtimeCache
		for _, in := range []string{a, b, a} {
			t0, n0, ok0 := elParseCtime([]byte(in), usec)
			t1, n1, ok1 := c.parse([]byte(in), usec)
			if ok0 != ok1 || ok0 && (t0 != t1 || n0 != n1) {
				t.Fatalf("%q after %q (usec %v): cache (%d, %d, %v), elParseCtime (%d, %d, %v)",
					in, a, usec, t1, n1, ok1, t0, n0, ok0)
			}
		}
	}
}

func TestElCtimeCache(t *testing.T) {
	for _, tc := range ctimeCacheSeeds {
		t.Run(tc[0]+"/"+tc[1], func(t *testing.T) { checkCtimeCache(t, tc[0], tc[1]) })
	}
}

func FuzzElCtimeCache(f *testing.F) {
	for _, tc := range ctimeCacheSeeds {
		f.Add(tc[0], tc[1])
	}
	f.Fuzz(checkCtimeCache)
}
