package parser

// Timestamp parsers for the layouts web servers write: the Common Log Format
// time of Apache %t and nginx $time_local, ISO 8601 ($time_iso8601, JSON
// logs), Unix epoch numbers ($msec, Apache %{sec}t, %{msec}t, %{usec}t) and,
// on a best-effort basis, the strftime layouts of Apache %{format}t.
//
// All of them are hand-written, allocate nothing, and return the instant in
// Unix nanoseconds together with the UTC offset that was written in the log.
// A timestamp without an offset is read as if its wall clock were UTC and is
// reported with hasZone false; the caller applies the zone it knows.

// Bounds of the years a Unix-nanosecond int64 can hold with margin.
const (
	minYear = 1680
	maxYear = 2261
)

// clfLen is the length of a CLF timestamp without brackets:
// "10/Oct/2000:13:55:36 -0700".
const clfLen = 26

// clfNoZoneLen is the length of a CLF timestamp without its offset:
// "10/Oct/2000:13:55:36".
const clfNoZoneLen = 20

// civilDays returns the number of days from 1970-01-01 to the given
// proleptic Gregorian date (Howard Hinnant's algorithm).
func civilDays(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := m - 3
	if m <= 2 {
		mp = m + 9
	}
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return int64(era)*146097 + int64(doe) - 719468
}

// daysIn returns the number of days in month m of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// civilToUnixNano converts a validated wall-clock time to Unix nanoseconds,
// treating it as UTC; ok is false when a component is out of range.
func civilToUnixNano(y, mo, d, h, mi, s int, nsec int64) (int64, bool) {
	if y < minYear || y > maxYear || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo) ||
		h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60 || nsec < 0 || nsec > 999_999_999 {
		return 0, false
	}
	secs := civilDays(y, mo, d)*86400 + int64(h)*3600 + int64(mi)*60 + int64(s)
	return secs*1_000_000_000 + nsec, true
}

// monthNum returns 1–12 for an English three-letter month abbreviation in
// any letter case, or 0.
func monthNum(a, b, c byte) int {
	a, b, c = a|0x20, b|0x20, c|0x20
	m := int(monthSlots[monthHash(a, b, c)])
	if m == 0 || monthAbbrs[3*m-3] != a || monthAbbrs[3*m-2] != b || monthAbbrs[3*m-1] != c {
		return 0
	}
	return m
}

// monthAbbrs are the English month abbreviations, in lower case, end to end.
const monthAbbrs = "janfebmaraprmayjunjulaugsepoctnovdec"

// monthHash maps the twelve abbreviations, in lower case, to distinct
// slots of monthSlots.
func monthHash(a, b, c byte) int { return (2*int(a) + 9*int(b) + int(c)) & 31 }

// monthSlots holds the month number (1–12) at the slot of its
// abbreviation, and 0 elsewhere.
var monthSlots = func() (t [32]uint8) {
	for m := 1; m <= 12; m++ {
		t[monthHash(monthAbbrs[3*m-3], monthAbbrs[3*m-2], monthAbbrs[3*m-1])] = uint8(m)
	}
	return t
}()

// parseOffset reads a UTC offset "+hhmm", "+hh:mm" or "+hh" at the start of
// b and returns it in seconds with the bytes it used.
func parseOffset(b []byte) (off int32, n int, ok bool) {
	if len(b) < 3 || (b[0] != '+' && b[0] != '-') {
		return 0, 0, false
	}
	h, ok := twoDigits(b[1:])
	if !ok || h > 23 {
		return 0, 0, false
	}
	m, n := 0, 3
	switch {
	case len(b) >= 6 && b[3] == ':':
		if m, ok = twoDigits(b[4:]); !ok {
			return 0, 0, false
		}
		n = 6
	case len(b) >= 5 && b[3] >= '0' && b[3] <= '9':
		if m, ok = twoDigits(b[3:]); !ok {
			return 0, 0, false
		}
		n = 5
	}
	if m > 59 {
		return 0, 0, false
	}
	off = int32(h*3600 + m*60)
	if b[0] == '-' {
		off = -off
	}
	return off, n, true
}

// parseCLFPrefix parses a CLF timestamp "10/Oct/2000:13:55:36 -0700" at the
// start of b, without brackets. The offset may be missing
// ("10/Oct/2000:13:55:36"); hasZone then is false. A fraction of a second
// may follow the seconds ("13:55:36.250", or with a comma), as some
// servers' CLF-like layouts write it. n is the number of bytes used.
func parseCLFPrefix(b []byte) (ns int64, off int32, hasZone bool, n int, ok bool) {
	if len(b) < clfNoZoneLen || b[2] != '/' || b[6] != '/' || b[11] != ':' || b[14] != ':' || b[17] != ':' {
		return 0, 0, false, 0, false
	}
	d, ok1 := twoDigits(b)
	mo := monthNum(b[3], b[4], b[5])
	y, ok2 := fourDigits(b[7:])
	h, ok3 := twoDigits(b[12:])
	mi, ok4 := twoDigits(b[15:])
	s, ok5 := twoDigits(b[18:])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || mo == 0 {
		return 0, 0, false, 0, false
	}
	frac, n, ok := fracAt(b, clfNoZoneLen)
	if !ok {
		return 0, 0, false, 0, false
	}
	ns, ok = civilToUnixNano(y, mo, d, h, mi, s, frac)
	if !ok {
		return 0, 0, false, 0, false
	}
	if len(b) >= n+6 && b[n] == ' ' && (b[n+1] == '+' || b[n+1] == '-') {
		o, on, ok := parseOffset(b[n+1 : n+6])
		if !ok || on != 5 {
			return 0, 0, false, 0, false
		}
		return ns - int64(o)*1_000_000_000, o, true, n + 6, true
	}
	return ns, 0, false, n, true
}

// CLFTimeCache parses CLF timestamps like parseCLFTime and remembers the
// last one, so that the many lines logged within the same second cost one
// 26-byte comparison, and lines of the same day and zone skip the calendar
// arithmetic. The zero value is ready to use. A CLFTimeCache is not safe for
// concurrent use; give each goroutine its own.
type CLFTimeCache struct {
	key     [clfLen]byte
	keyLen  int
	ns      int64
	off     int32
	hasZone bool
	dayNs   int64 // Unix nanoseconds of 00:00:00 of the cached day, offset applied
}

// Parse parses a CLF timestamp at the start of b (without brackets) and
// returns the instant in Unix nanoseconds, the written offset, whether an
// offset was written, and the number of bytes used; ok is false when b does
// not start with a valid timestamp.
func (c *CLFTimeCache) Parse(b []byte) (unixNano int64, offsetSec int32, hasZone bool, n int, ok bool) {
	if c.keyLen == clfLen && len(b) >= clfLen && b[20] == ' ' {
		// The key is compared in words, not with a call to memequal: the
		// date (bytes 0–11), the zone (20–25) and the clock (12–19).
		k := c.key[:]
		sameDay := load64(b) == load64(k) && load32(b[8:]) == load32(k[8:]) &&
			load32(b[20:]) == load32(k[20:]) && load16(b[24:]) == load16(k[24:])
		if sameDay && load64(b[12:]) == load64(k[12:]) {
			return c.ns, c.off, c.hasZone, clfLen, true
		}
		// Same day and zone: only the clock differs.
		if sameDay && b[14] == ':' && b[17] == ':' {
			h, ok1 := twoDigits(b[12:])
			mi, ok2 := twoDigits(b[15:])
			s, ok3 := twoDigits(b[18:])
			if ok1 && ok2 && ok3 && h < 24 && mi < 60 && s <= 60 {
				ns := c.dayNs + (int64(h)*3600+int64(mi)*60+int64(s))*1_000_000_000
				copy(c.key[12:20], b[12:20])
				c.ns = ns
				return ns, c.off, true, clfLen, true
			}
		}
	} else if c.keyLen == clfNoZoneLen && len(b) >= clfNoZoneLen && string(b[:clfNoZoneLen]) == string(c.key[:clfNoZoneLen]) &&
		(len(b) == clfNoZoneLen || b[clfNoZoneLen] != ' ' && b[clfNoZoneLen] != '.' && b[clfNoZoneLen] != ',') {
		return c.ns, c.off, c.hasZone, clfNoZoneLen, true
	}
	ns, off, hz, n, ok := parseCLFPrefix(b)
	if !ok {
		return 0, 0, false, 0, false
	}
	copy(c.key[:], b[:n])
	c.keyLen, c.ns, c.off, c.hasZone = n, ns, off, hz
	if n != clfLen && n != clfNoZoneLen {
		c.keyLen = 0 // a fraction of a second: not kept
	}
	h, _ := twoDigits(b[12:])
	mi, _ := twoDigits(b[15:])
	s, _ := twoDigits(b[18:])
	c.dayNs = ns - (int64(h)*3600+int64(mi)*60+int64(s))*1_000_000_000
	return ns, off, hz, n, true
}

// fracAt reads the fraction of a second that may follow the seconds at
// b[n:], after a '.' or ',', as nanoseconds, and returns the position after
// it (n when there is none); ok is false for a separator without digits.
func fracAt(b []byte, n int) (frac int64, next int, ok bool) {
	if n >= len(b) || b[n] != '.' && b[n] != ',' {
		return 0, n, true
	}
	f, fn := parseFrac(b[n+1:])
	return f, n + 1 + fn, fn > 0
}

// parseFrac reads the digits of a decimal fraction (after the dot) at the
// start of b and returns them as nanoseconds; extra digits past nine are
// consumed and dropped.
func parseFrac(b []byte) (nsec int64, n int) {
	scale := int64(100_000_000)
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		if scale > 0 {
			nsec += int64(b[n]-'0') * scale
			scale /= 10
		}
		n++
	}
	return nsec, n
}

// parseISOPrefix parses an ISO 8601 / RFC 3339 timestamp at the start of b:
// "2006-01-02T15:04:05", a 'T' or space separator, an optional fraction, and
// an optional zone "Z", "+hh:mm", "+hhmm" or "+hh".
func parseISOPrefix(b []byte) (ns int64, off int32, hasZone bool, n int, ok bool) {
	if len(b) < 19 || b[4] != '-' || b[7] != '-' || (b[10] != 'T' && b[10] != ' ' && b[10] != 't') ||
		b[13] != ':' || b[16] != ':' {
		return 0, 0, false, 0, false
	}
	y, ok1 := fourDigits(b)
	mo, ok2 := twoDigits(b[5:])
	d, ok3 := twoDigits(b[8:])
	h, ok4 := twoDigits(b[11:])
	mi, ok5 := twoDigits(b[14:])
	s, ok6 := twoDigits(b[17:])
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !ok6 {
		return 0, 0, false, 0, false
	}
	frac, n, ok := fracAt(b, 19)
	if !ok {
		return 0, 0, false, 0, false
	}
	ns, ok = civilToUnixNano(y, mo, d, h, mi, s, frac)
	if !ok {
		return 0, 0, false, 0, false
	}
	if n < len(b) {
		switch b[n] {
		case 'Z', 'z':
			return ns, 0, true, n + 1, true
		case '+', '-':
			o, on, ok := parseOffset(b[n:])
			if !ok {
				return 0, 0, false, 0, false
			}
			return ns - int64(o)*1_000_000_000, o, true, n + on, true
		}
	}
	return ns, 0, false, n, true
}

// isoCache parses ISO 8601 timestamps like parseISOPrefix and remembers the
// last one that ended in a zone whose length does not depend on what
// follows it ("Z", "+hh:mm" or "+hhmm"): a timestamp that starts with the
// same bytes is the same instant, and one that differs only in the clock is
// on the same day and zone and skips the calendar arithmetic. The zero value
// is ready to use; it is not safe for concurrent use.
type isoCache struct {
	key   [40]byte
	n     int // length of the cached timestamp; 0 when there is none
	ns    int64
	off   int32
	dayNs int64 // ns less the clock (hours, minutes, seconds) of the key
}

// parse is parseISOPrefix, answered from the cache when it can be.
func (c *isoCache) parse(b []byte) (ns int64, off int32, hasZone bool, n int, ok bool) {
	if n = c.n; n > 0 && len(b) >= n {
		k := c.key[:n]
		if string(b[:n]) == string(k) {
			return c.ns, c.off, true, n, true
		}
		// The same date, fraction and zone: only the clock differs.
		if string(b[:11]) == string(k[:11]) && string(b[19:n]) == string(k[19:]) && b[13] == ':' && b[16] == ':' {
			h, ok1 := twoDigits(b[11:])
			mi, ok2 := twoDigits(b[14:])
			s, ok3 := twoDigits(b[17:])
			if ok1 && ok2 && ok3 && h < 24 && mi < 60 && s <= 60 {
				ns = c.dayNs + (int64(h)*3600+int64(mi)*60+int64(s))*1_000_000_000
				copy(c.key[11:19], b[11:19])
				c.ns = ns
				return ns, c.off, true, n, true
			}
		}
	}
	ns, off, hasZone, n, ok = parseISOPrefix(b)
	if ok && hasZone && n <= len(c.key) && stableZone(b[:n]) {
		copy(c.key[:], b[:n])
		c.n, c.ns, c.off = n, ns, off
		h, _ := twoDigits(b[11:])
		mi, _ := twoDigits(b[14:])
		s, _ := twoDigits(b[17:])
		c.dayNs = ns - (int64(h)*3600+int64(mi)*60+int64(s))*1_000_000_000
	}
	return ns, off, hasZone, n, ok
}

// stableZone reports whether the timestamp t, which parseISOPrefix read
// with a zone, ends in "Z", "+hh:mm" or "+hhmm": zones that parseISOPrefix
// reads to the same length whatever follows them (unlike "+hh", which
// "+hh:mm" would extend).
func stableZone(t []byte) bool {
	n := len(t)
	switch {
	case t[n-1] == 'Z' || t[n-1] == 'z':
		return true
	case n >= 25 && (t[n-6] == '+' || t[n-6] == '-') && t[n-3] == ':':
		return true
	case n >= 24 && (t[n-5] == '+' || t[n-5] == '-') && t[n-3] >= '0' && t[n-3] <= '9':
		return true
	}
	return false
}

// Epoch units for [ParseEpochTime].
const (
	EpochSeconds = 1_000_000_000 // Unix seconds, as $msec and %{sec}t write
	EpochMillis  = 1_000_000     // Unix milliseconds, as %{msec}t writes
	EpochMicros  = 1_000         // Unix microseconds, as %{usec}t writes
	EpochNanos   = 1             // Unix nanoseconds
)

// parseEpochPrefix reads "digits[.digits]" at the start of b as a count of
// unit nanoseconds and returns Unix nanoseconds with the bytes used.
func parseEpochPrefix(b []byte, unit int64) (ns int64, n int, ok bool) {
	var ip int64
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		if ip > (1<<62)/10 {
			return 0, 0, false
		}
		ip = ip*10 + int64(b[n]-'0')
		n++
	}
	if n == 0 || ip > (1<<62)/unit {
		return 0, 0, false
	}
	ns = ip * unit
	if n < len(b) && b[n] == '.' {
		f, fn := parseFrac(b[n+1:])
		if fn == 0 {
			return 0, 0, false
		}
		n += 1 + fn
		ns += f * unit / 1_000_000_000
	}
	return ns, n, true
}

// ParseEpochTime parses a Unix timestamp "1474176001" or "1474176001.123" in
// the given unit ([EpochSeconds], [EpochMillis], [EpochMicros] or
// [EpochNanos]) and returns Unix nanoseconds. ok is false unless all of b is
// one non-negative number that fits.
func ParseEpochTime(b []byte, unit int64) (unixNano int64, ok bool) {
	if unit <= 0 {
		return 0, false
	}
	ns, n, ok := parseEpochPrefix(b, unit)
	if !ok || n != len(b) {
		return 0, false
	}
	return ns, true
}

// tkind is the kind of a timestamp field.
type tkind uint8

const (
	tCLF      tkind = iota // 10/Oct/2000:13:55:36 -0700
	tCLFBrack              // [10/Oct/2000:13:55:36 -0700] (Apache %t)
	tISO                   // 2000-10-10T13:55:36-07:00
	tEpoch                 // digits[.digits] in unit
	tStrftime              // a strftime layout
	tFrac                  // %{msec_frac}t, %{usec_frac}t alone
)

// The timestamps of error logs: Apache's ctime ("Www Mmm dd hh:mm:ss
// yyyy", with microseconds since 2.4) and the "yyyy-mm-dd hh:mm:ss" of
// Apache %{c}t and nginx (with '/'), each with a cache of its day.

// pack3 packs the three bytes at b[i:] into a key for weekdayAt.
func pack3(b []byte, i int) uint32 {
	return uint32(b[i])<<16 | uint32(b[i+1])<<8 | uint32(b[i+2])
}

// monthAt returns 1–12 for a three-letter English month name at b[i:]
// in the letter case servers write ("Jan"), or 0.
func monthAt(b []byte, i int) int {
	if i < 0 || i+3 > len(b) || b[i]&0x20 != 0 || b[i+1]&0x20 == 0 || b[i+2]&0x20 == 0 {
		return 0
	}
	return monthNum(b[i], b[i+1], b[i+2])
}

// weekdayAt reports whether b[i:] starts with a three-letter weekday name.
func weekdayAt(b []byte, i int) bool {
	if i+3 > len(b) {
		return false
	}
	switch pack3(b, i) {
	case 'S'<<16 | 'u'<<8 | 'n', 'M'<<16 | 'o'<<8 | 'n', 'T'<<16 | 'u'<<8 | 'e', 'W'<<16 | 'e'<<8 | 'd',
		'T'<<16 | 'h'<<8 | 'u', 'F'<<16 | 'r'<<8 | 'i', 'S'<<16 | 'a'<<8 | 't':
		return true
	}
	return false
}

// microsAt parses ".uuuuuu" at b[i:] and returns nanoseconds.
func microsAt(b []byte, i int) (int, bool) {
	if i+7 > len(b) || b[i] != '.' {
		return 0, false
	}
	us := 0
	for _, c := range b[i+1 : i+7] {
		if !isDigit(c) {
			return 0, false
		}
		us = us*10 + int(c-'0')
	}
	return us * 1000, true
}

// parseCtime parses an Apache ctime at the start of b:
// "Www Mmm dd hh:mm:ss yyyy" (24 bytes) or, when usec is true, also
// "Www Mmm dd hh:mm:ss.uuuuuu yyyy" (31 bytes). The day may be space-padded.
// It returns the time and the number of bytes used.
func parseCtime(b []byte, usec bool) (int64, int, bool) {
	if len(b) < 24 || !weekdayAt(b, 0) || b[3] != ' ' || b[7] != ' ' || b[10] != ' ' {
		return 0, 0, false
	}
	mo := monthAt(b, 4)
	if mo == 0 {
		return 0, 0, false
	}
	var d int
	switch {
	case b[8] == ' ' && isDigit(b[9]):
		d = int(b[9] - '0')
	default:
		var ok bool
		if d, ok = twoDigitsAt(b, 8); !ok {
			return 0, 0, false
		}
	}
	h, mi, s, ok := clockAt(b, 11)
	if !ok {
		return 0, 0, false
	}
	p, ns := 19, 0
	if usec && len(b) >= 31 && b[19] == '.' {
		if ns, ok = microsAt(b, 19); !ok {
			return 0, 0, false
		}
		p = 26
	}
	if b[p] != ' ' {
		return 0, 0, false
	}
	y, ok := fourDigitsAt(b, p+1)
	if !ok {
		return 0, 0, false
	}
	t, ok := civilToUnixNano(y, mo, d, h, mi, s, int64(ns))
	return t, p + 5, ok
}

// dayCache remembers the date of the last error-log time that parsed, as
// a key of its bytes, so that the lines of one day parse only their clock
// (ctimeClock). The zero value is an empty cache.
type dayCache struct {
	set      bool
	k0, k1   uint64 // the bytes of the date
	midnight int64  // the date at 00:00:00, as the time readers encode times
}

// remember keeps the date of t, which b holds with its clock at b[11:]
// (and its microseconds at b[19:] when p is 26), under the key k0, k1.
func (c *dayCache) remember(k0, k1 uint64, t int64, b []byte, p int) {
	clock, _ := ctimeClock(b, p)
	c.set, c.k0, c.k1, c.midnight = true, k0, k1, t-clock
}

// hit reports whether the cached date has the key k0, k1.
func (c *dayCache) hit(k0, k1 uint64) bool { return c.set && k0 == c.k0 && k1 == c.k1 }

// at returns the time of the clock that ctimeClock read on the cached
// date.
func (c *dayCache) at(clock int64, ok bool) (int64, bool) { return c.midnight + clock, ok }

// ctimeCache is parseCtime with a dayCache.
type ctimeCache struct{ day dayCache }

// parse is parseCtime, which it calls when the date differs from the
// cached one.
func (c *ctimeCache) parse(b []byte, usec bool) (int64, int, bool) {
	if len(b) < 24 {
		return 0, 0, false
	}
	p := 19
	if usec && len(b) >= 31 && b[19] == '.' {
		p = 26
	}
	k0 := load64(b)
	// b[8:11] and b[p:p+5], from two loads (p-3 >= 16, p+5 <= len(b)).
	k1 := uint64(load32(b[8:]))&0xffffff | load64(b[p-3:])>>24<<24
	if c.day.hit(k0, k1) {
		if t, ok := c.day.at(ctimeClock(b, p)); ok {
			return t, p + 5, true
		}
		return 0, 0, false
	}
	t, n, ok := parseCtime(b, usec)
	if !ok {
		return 0, 0, false
	}
	c.day.remember(k0, k1, t, b, p)
	return t, n, true
}

// ctimeClock parses the "hh:mm:ss" at b[11:] and, when p is 26, the
// ".uuuuuu" after it, and returns them as nanoseconds since midnight.
func ctimeClock(b []byte, p int) (int64, bool) {
	h, mi, s, ok := clockAt(b, 11)
	if !ok || h > 23 || mi > 59 || s > 60 {
		return 0, false
	}
	ns := 0
	if p == 26 {
		if ns, ok = microsAt(b, 19); !ok {
			return 0, false
		}
	}
	return (int64(h)*3600+int64(mi)*60+int64(s))*1_000_000_000 + int64(ns), true
}

// parseDateTime parses "yyyy-mm-dd hh:mm:ss" (Apache %{c}t) or, when usec
// is true, "yyyy-mm-dd hh:mm:ss.uuuuuu" (%{cu}t) at the start of b; sep is
// the date separator ('-' for Apache, '/' for nginx).
func parseDateTime(b []byte, sep byte, usec bool) (int64, int, bool) {
	if len(b) < 19 || b[4] != sep || b[7] != sep || b[10] != ' ' {
		return 0, 0, false
	}
	y, ok1 := fourDigitsAt(b, 0)
	mo, ok2 := twoDigitsAt(b, 5)
	d, ok3 := twoDigitsAt(b, 8)
	h, mi, s, ok4 := clockAt(b, 11)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return 0, 0, false
	}
	n, ns := 19, 0
	if usec {
		var ok bool
		if ns, ok = microsAt(b, 19); !ok {
			return 0, 0, false
		}
		n = 26
	}
	t, ok := civilToUnixNano(y, mo, d, h, mi, s, int64(ns))
	return t, n, ok
}

// dateTimeCache is parseDateTime with a dayCache, for the ISO-like times
// "yyyy-mm-dd" or "yyyy/mm/dd" of Apache %{c}t and nginx.
type dateTimeCache struct{ day dayCache }

// parse is parseDateTime, which it calls when the date differs from the
// cached one.
func (c *dateTimeCache) parse(b []byte, sep byte, usec bool) (int64, int, bool) {
	if len(b) < 19 || b[4] != sep || b[7] != sep || b[10] != ' ' {
		return 0, 0, false
	}
	p := 19
	if usec {
		p = 26
	}
	// ctimeClock reads the clock at b[11:] and the microseconds at b[19:],
	// where they also stand in an ISO time.
	k0, k1 := load64(b), uint64(load16(b[8:]))
	if c.day.hit(k0, k1) {
		if t, ok := c.day.at(ctimeClock(b, p)); ok {
			return t, p, true
		}
		return 0, 0, false
	}
	t, n, ok := parseDateTime(b, sep, usec)
	if !ok {
		return 0, 0, false
	}
	c.day.remember(k0, k1, t, b, p)
	return t, n, true
}
