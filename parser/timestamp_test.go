package parser

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// isoCacheLines are ISO 8601 timestamps, with what may follow them in a
// line, that share dates, clocks, fractions or zones in ways the cache must
// tell apart.
var isoCacheLines = []string{
	`2024-10-12T23:14:20+09:00",`,
	`2024-10-12T23:14:20+09:00`,
	`2024-10-12T23:14:21+09:00",`,
	`2024-10-12T23:59:59+09:00",`,
	`2024-10-12T23:14:20+09:001`,
	`2024-10-12T23:14:20+09",`,
	`2024-10-12T23:14:20+0900",`,
	`2024-10-12T23:14:20+09:30",`,
	`2024-10-12T23:14:20-09:00",`,
	`2024-10-12T23:14:20Z",`,
	`2024-10-12T23:14:20zz`,
	`2024-10-12T23:14:20.5+09:00",`,
	`2024-10-12T23:14:20.25+09:00",`,
	`2024-10-12T23:14:21.5+09:00",`,
	`2024-10-12T23:14:20",`,
	`2024-10-12 23:14:20+09:00",`,
	`2024-10-13T23:14:20+09:00",`,
	`2024-10-12T24:14:20+09:00",`,
	`2024-10-12T23:60:20+09:00",`,
	`2024-10-12T23:14:60+09:00",`,
	`2024-10-12T23:14:61+09:00",`,
	`2024-10-12T23-14:20+09:00",`,
	`2024-10-12T2x:14:20+09:00",`,
	`2024-10-12T23:14:20+24:00",`,
	`2024-02-30T23:14:20+09:00",`,
	`2024-10-12T23:14:20+09:0`,
	`2024-10-12T23:14:20+09:00.123456789012345Z`,
	`2024-10-12T23:14`,
	``,
}

// sameISO parses first with a fresh isoCache, then checks that the cache
// reads second as parseISOPrefix does.
func sameISO(t *testing.T, first, second []byte) {
	t.Helper()
	var c isoCache
	c.parse(first)
	ns, off, hz, n, ok := c.parse(second)
	wns, woff, whz, wn, wok := parseISOPrefix(second)
	require.Equal(t, wok, ok, "ok for %q after %q", second, first)
	if ok {
		require.Equal(t, []any{wns, woff, whz, wn}, []any{ns, off, hz, n}, "%q after %q", second, first)
	}
}

// TestISOCacheMatchesParse checks the cache on every ordered pair of
// isoCacheLines.
func TestISOCacheMatchesParse(t *testing.T) {
	for _, a := range isoCacheLines {
		for _, b := range isoCacheLines {
			sameISO(t, []byte(a), []byte(b))
		}
	}
}

// FuzzISOCache checks the cache on a pair of inputs.
func FuzzISOCache(f *testing.F) {
	for i, a := range isoCacheLines {
		f.Add(a, isoCacheLines[(i+1)%len(isoCacheLines)])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		sameISO(t, []byte(a), []byte(b))
	})
}

// parseCLFTime parses the whole of b as the inside of a CLF timestamp's
// brackets, as parseCLFPrefix reads it: the offset and a fraction of a
// second may be there or not. It returns Unix nanoseconds (of the wall clock
// as if UTC when the offset is missing), the offset in seconds and whether
// one was written.
func parseCLFTime(b []byte) (unixNano int64, offset int32, hasZone, ok bool) {
	ns, off, hz, n, ok := parseCLFPrefix(b)
	if !ok || n != len(b) {
		return 0, 0, false, false
	}
	return ns, off, hz, true
}

// parseISO8601Time parses an ISO 8601 timestamp as nginx $time_iso8601 and
// JSON logs write it: "2024-10-12T23:14:20+09:00", with an optional fraction
// of a second and a zone of "Z", "+hh:mm", "+hhmm" or "+hh". A space may
// stand for the 'T'. Without a zone the wall clock is read as UTC and
// hasZone is false. ok is false unless all of b is one timestamp.
func parseISO8601Time(b []byte) (unixNano int64, offsetSec int32, hasZone, ok bool) {
	ns, off, hz, n, ok := parseISOPrefix(b)
	if !ok || n != len(b) {
		return 0, 0, false, false
	}
	return ns, off, hz, true
}

// FuzzCLFCacheMatchesParseCLFTime checks that where CLFTimeCache reads a
// whole bracket's content, from its cache or not, parseCLFTime reads it the
// same way without one.
func FuzzCLFCacheMatchesParseCLFTime(f *testing.F) {
	f.Add("10/Oct/2000:13:55:36 -0700", "10/Oct/2000:13:55:37 -0700", "10/Oct/2000:13:55:36")
	f.Add("31/Dec/1969:23:59:60 +0000", "29/Feb/2023:01:02:03 +0530", "10/Oct/2000:24:55:36 -0700")
	f.Add("10/Oct/0000:13:55:36 -0700", "10/Oct/2000:13:55:36 -2400", "10/oct/2000:13:55:36 +0060")
	f.Add("10/Oct/2000:13:55:36", "10/Oct/2000:13:55:36.250", "10/Oct/2000:13:55:36,5 +0100")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		var cache CLFTimeCache
		for _, s := range []string{a, b, c, b, a} {
			ns, off, zone, n, ok := cache.Parse([]byte(s))
			if !ok || n != len(s) {
				continue
			}
			wns, woff, wzone, wok := parseCLFTime([]byte(s))
			if !wok || ns != wns || off != woff || zone != wzone {
				t.Fatalf("%q: cache (%d, %d, %v), parseCLFTime (%d, %d, %v, %v)", s, ns, off, zone, wns, woff, wzone, wok)
			}
		}
	})
}

func TestTimeParsers(t *testing.T) {
	clf := func(b []byte) (int64, int32, bool, bool) { return parseCLFTime(b) }
	iso := func(b []byte) (int64, int32, bool, bool) { return parseISO8601Time(b) }
	stamps := []struct {
		in    string
		parse func([]byte) (int64, int32, bool, bool)
		want  string // RFC 3339; "" when ok is false
		zone  bool
		ok    bool
	}{
		{"10/Oct/2000:13:55:36 -0700", clf, "2000-10-10T13:55:36-07:00", true, true},
		{"29/Feb/2024:00:00:00 +0530", clf, "2024-02-29T00:00:00+05:30", true, true},
		{"29/Feb/2024:00:00:00 +0545", clf, "2024-02-29T00:00:00+05:45", true, true},
		{"27/Jun/2013:11:55:44", clf, "2013-06-27T11:55:44Z", false, true},
		{"01/Jan/1970:00:00:00 +0000", clf, "1970-01-01T00:00:00Z", true, true},
		{"31/Dec/1969:23:59:59 +0000", clf, "1969-12-31T23:59:59Z", true, true},
		{"10/Oct/2000:13:55:36.250 +0000", clf, "2000-10-10T13:55:36.25Z", true, true},
		{"10/oct/2000:13:55:36 +0000", clf, "2000-10-10T13:55:36Z", true, true},
		{"[10/Oct/2000:13:55:36 -0700]", clf, "", false, false},
		{"29/Feb/2023:00:00:00 +0000", clf, "", false, false},
		{"32/Oct/2000:13:55:36 -0700", clf, "", false, false},
		{"10/Foo/2000:13:55:36 -0700", clf, "", false, false},
		{"10/Oct/2000:24:55:36 -0700", clf, "", false, false},
		{"10/Oct/2000:13:55:36 0700", clf, "", false, false},
		{"10/Oct/2000:13:55:36 -07:00", clf, "", false, false},
		{"1/Oct/2000:13:55:36 -0700", clf, "", false, false},
		{"10/Oct/2000", clf, "", false, false},
		{"2024-10-12T23:14:20+09:00", iso, "2024-10-12T23:14:20+09:00", true, true},
		{"2016-12-07T11:05:07.123Z", iso, "2016-12-07T11:05:07.123Z", true, true},
		{"2016-12-07 11:05:07,5-0330", iso, "2016-12-07T11:05:07.5-03:30", true, true},
		{"2016-12-07T11:05:07+01", iso, "2016-12-07T11:05:07+01:00", true, true},
		{"2016-12-07T11:05:07", iso, "2016-12-07T11:05:07Z", false, true},
		{"2016-12-07T11:05:07.123456789123", iso, "2016-12-07T11:05:07.123456789Z", false, true},
		{"2016-13-07T11:05:07", iso, "", false, false},
		{"2016-12-07T11:05:07+", iso, "", false, false},
		{"2016-12-07", iso, "", false, false},
	}
	for _, tc := range stamps {
		t.Run(tc.in, func(t *testing.T) {
			ns, off, zone, ok := tc.parse([]byte(tc.in))
			require.Equal(t, tc.ok, ok)
			if !ok {
				return
			}
			assert.Equal(t, tc.zone, zone)
			assert.Equal(t, tc.want, time.Unix(0, ns).In(FixedZone(int(off))).Format(time.RFC3339Nano))
			// The reference for CLF: time.Parse with the named layout.
			if ref, err := time.Parse("02/Jan/2006:15:04:05 -0700", tc.in); err == nil {
				assert.Equal(t, ref.UnixNano(), ns)
			}
		})
	}
	epoch := []struct {
		in   string
		unit int64
		want int64
		ok   bool
	}{
		{"1474176001.123", EpochSeconds, 1474176001123000000, true},
		{"1474176001", EpochSeconds, 1474176001000000000, true},
		{"1474176001123", EpochMillis, 1474176001123000000, true},
		{"1474176001123456", EpochMicros, 1474176001123456000, true},
		{"1474176001.", EpochSeconds, 0, false},
		{"-1", EpochSeconds, 0, false},
		{"99999999999999999999", EpochSeconds, 0, false},
	}
	for _, tc := range epoch {
		t.Run("epoch "+tc.in, func(t *testing.T) {
			ns, ok := ParseEpochTime([]byte(tc.in), tc.unit)
			require.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, ns)
		})
	}
}

// TestCLFTimeCache checks that the cache answers like the plain parser
// across second, zone and zone-less changes.
func TestCLFTimeCache(t *testing.T) {
	var c CLFTimeCache
	for _, in := range []string{
		"10/Oct/2000:13:55:36 -0700", "10/Oct/2000:13:55:36 -0700", "10/Oct/2000:13:55:36 +0000",
		"10/Oct/2000:13:55:36", "10/Oct/2000:13:55:36 -0700", "10/Oct/2000:13:55:37 -0700",
		"10/Oct/2000:23:59:59 -0700", "10/Oct/2000:00:00:00 -0700", "11/Oct/2000:00:00:00 -0700",
		"11/Oct/2000:00:00:00 +0100", "11/Oct/2000:12:34:56 +0100", "11/Oct/2000:12:34:60 +0100",
		"11/Oct/2000:12:34:56", "11/Oct/2000:12:34:57 +0100",
	} {
		ns, off, hz, n, ok := c.Parse([]byte(in))
		require.True(t, ok, in)
		assert.Equal(t, len(in), n, in)
		wns, woff, whz, wn, _ := parseCLFPrefix([]byte(in))
		assert.Equal(t, []any{wns, woff, whz, wn}, []any{ns, off, hz, n}, in)
	}
	for _, bad := range []string{"garbage", "11/Oct/2000:24:34:57 +0100", "11/Oct/2000:12:3x:57 +0100"} {
		_, _, _, _, ok := c.Parse([]byte(bad))
		assert.False(t, ok, bad)
	}
	assert.False(t, errors.Is(nil, ErrBadTime))
}

func BenchmarkParseCLFTime(b *testing.B) {
	ts := []byte("17/May/2015:10:05:03 +0000")
	b.ReportAllocs()
	for b.Loop() {
		ns, _, _, _ := parseCLFTime(ts)
		sinkStatus += int(ns & 1)
	}
}

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

// checkDayCaches parses a, b and a again with each error-log time reader
// and its cached form (one fresh cache per variant: Apache ctime with and
// without microseconds, the date-time of Apache %{c}t and nginx with '-'
// and '/'), and checks that the cache answers as the reader does.
func checkDayCaches(t *testing.T, a, b string) {
	defer fuzzbudget.Start(t, fuzzbudget.Default)()
	t.Helper()
	type reader func([]byte) (int64, int, bool)
	type variant struct {
		name          string
		plain, cached reader
	}
	var variants []variant
	for _, usec := range []bool{false, true} {
		var cc ctimeCache
		variants = append(variants, variant{fmt.Sprintf("ctime, usec %v", usec),
			func(b []byte) (int64, int, bool) { return parseCtime(b, usec) },
			func(b []byte) (int64, int, bool) { return cc.parse(b, usec) }})
		for _, sep := range []byte{'/', '-'} {
			var dc dateTimeCache
			variants = append(variants, variant{fmt.Sprintf("date-time, sep %q, usec %v", sep, usec),
				func(b []byte) (int64, int, bool) { return parseDateTime(b, sep, usec) },
				func(b []byte) (int64, int, bool) { return dc.parse(b, sep, usec) }})
		}
	}
	for _, v := range variants {
		for _, in := range []string{a, b, a} {
			t0, n0, ok0 := v.plain([]byte(in))
			t1, n1, ok1 := v.cached([]byte(in))
			if ok0 != ok1 || ok0 && (t0 != t1 || n0 != n1) {
				t.Fatalf("%q after %q (%s): cache (%d, %d, %v), reader (%d, %d, %v)", in, a, v.name, t1, n1, ok1, t0, n0, ok0)
			}
		}
	}
}

func TestDayCaches(t *testing.T) {
	for _, tc := range append(ctimeCacheSeeds, isoCacheSeeds...) {
		t.Run(tc[0]+"/"+tc[1], func(t *testing.T) { checkDayCaches(t, tc[0], tc[1]) })
	}
}

func FuzzDayCaches(f *testing.F) {
	for _, tc := range append(ctimeCacheSeeds, isoCacheSeeds...) {
		f.Add(tc[0], tc[1])
	}
	f.Fuzz(checkDayCaches)
}
