package parser

// The strftime layouts of Apache %{format}t, compiled into tokens and read
// by hand, best effort: the conversions web servers are configured with.

// strftime tokens.
type stoken struct {
	conv byte   // conversion letter, 0 for literal text; 'f' = fraction digits
	lit  string // literal text
	n    int    // digits for fraction conversions (3 ms, 6 µs)
}

// timeLayout is a compiled strftime layout, possibly merged from several
// Apache %{...}t directives.
type timeLayout struct {
	toks []stoken
}

// compileStrftime turns a strftime layout into tokens, expanding the
// composite conversions (%T, %D, %F, %R, %r, %c excluded).
func compileStrftime(layout string, l *timeLayout) error {
	lit := make([]byte, 0, len(layout))
	flush := func() {
		if len(lit) > 0 {
			l.toks = append(l.toks, stoken{lit: string(lit)})
			lit = lit[:0]
		}
	}
	conv := func(c byte) {
		flush()
		l.toks = append(l.toks, stoken{conv: c})
	}
	for i := 0; i < len(layout); i++ {
		c := layout[i]
		if c != '%' {
			lit = append(lit, c)
			continue
		}
		i++
		if i >= len(layout) {
			return errStrftime("%")
		}
		c = layout[i]
		// glibc flags and the E/O modifiers are accepted and ignored.
		for c == '-' || c == '_' || c == '0' || c == '^' || c == '#' || c == 'E' || c == 'O' {
			i++
			if i >= len(layout) {
				return errStrftime(layout[i-1:])
			}
			c = layout[i]
		}
		switch c {
		case '%':
			lit = append(lit, '%')
		case 'n', 't':
			b, _ := controlEscape(c)
			lit = append(lit, b)
		case 'T', 'R', 'D', 'F':
			// A composite: its conversions, separated by one byte.
			comp := strftimeComposites[c]
			for k := 0; k < len(comp); k++ {
				if p := comp[k]; k%2 == 1 {
					lit = append(lit, p)
				} else {
					conv(p)
				}
			}
		case 'Y', 'y', 'C', 'm', 'd', 'e', 'H', 'I', 'M', 'S', 'p', 'P', 'b', 'h', 'B', 'a', 'A',
			'z', 'Z', 's', 'j', 'u', 'w', 'k', 'l', 'G', 'g', 'U', 'W', 'V':
			if c == 'h' {
				c = 'b'
			}
			conv(c)
		default:
			return errStrftime(layout[i-1 : i+1])
		}
	}
	flush()
	return nil
}

// strftimeComposites spells the composite conversions compileStrftime
// expands: conversion letters with the separator between each two.
var strftimeComposites = map[byte]string{'T': "H:M:S", 'R': "H:M", 'D': "m/d/y", 'F': "Y-m-d"}

// errStrftime reports an unsupported strftime conversion.
type errStrftime string

func (e errStrftime) Error() string { return "unsupported strftime conversion " + quote64(string(e)) }

// readNum reads one to max digits, after up to max-1 leading spaces when
// pad is true (the space padding of %e and friends).
func readNum(b []byte, max int, pad bool) (v, n int, ok bool) {
	if pad {
		for n < len(b) && n < max-1 && b[n] == ' ' {
			n++
		}
	}
	start := n
	for n < len(b) && n-start < max && b[n] >= '0' && b[n] <= '9' {
		v = v*10 + int(b[n]-'0')
		n++
	}
	return v, n, n > start
}

// readLetters skips a run of ASCII letters and returns its length.
func readLetters(b []byte) int {
	n := 0
	for n < len(b) && (b[n]|0x20) >= 'a' && (b[n]|0x20) <= 'z' {
		n++
	}
	return n
}

// fullMonth maps an English month name or abbreviation to 1–12.
func fullMonth(b []byte) int {
	if len(b) < 3 {
		return 0
	}
	return monthNum(b[0], b[1], b[2])
}

// parse parses the layout at the start of b. It returns Unix nanoseconds,
// the offset and whether one was written, and the bytes used.
func (l *timeLayout) parse(b []byte) (ns int64, off int32, hasZone bool, n int, ok bool) {
	y, mo, d, h, mi, s := 1970, 1, 1, 0, 0, 0
	var nsec int64
	pm, hasPM := false, false
	epoch, hasEpoch := int64(0), false
	yday := 0
	for _, t := range l.toks {
		rest := b[n:]
		if t.conv == 0 {
			if len(rest) < len(t.lit) || string(rest[:len(t.lit)]) != t.lit {
				return 0, 0, false, 0, false
			}
			n += len(t.lit)
			continue
		}
		var v, k int
		var good bool
		switch t.conv {
		case 'Y', 'G':
			v, k, good = readNum(rest, 4, false)
			y = v
		case 'y', 'g':
			v, k, good = readNum(rest, 2, false)
			y = 1900 + v
			if v < 69 {
				y = 2000 + v
			}
		case 'C':
			v, k, good = readNum(rest, 2, false)
			y = v*100 + y%100
		case 'm':
			v, k, good = readNum(rest, 2, true)
			mo = v
		case 'd', 'e':
			v, k, good = readNum(rest, 2, true)
			d = v
		case 'H', 'k':
			v, k, good = readNum(rest, 2, true)
			h = v
		case 'I', 'l':
			v, k, good = readNum(rest, 2, true)
			h = v % 12
		case 'M':
			v, k, good = readNum(rest, 2, false)
			mi = v
		case 'S':
			v, k, good = readNum(rest, 2, false)
			s = v
		case 'j':
			v, k, good = readNum(rest, 3, false)
			yday = v
		case 'u', 'w':
			_, k, good = readNum(rest, 1, false)
		case 'U', 'W', 'V':
			_, k, good = readNum(rest, 2, false)
		case 'p', 'P':
			if len(rest) >= 2 && (rest[1]|0x20) == 'm' {
				switch rest[0] | 0x20 {
				case 'a':
					k, good, hasPM = 2, true, true
				case 'p':
					k, good, hasPM, pm = 2, true, true, true
				}
			}
		case 'b', 'B':
			k = readLetters(rest)
			mo = fullMonth(rest[:k])
			good = mo != 0
		case 'a', 'A':
			k = readLetters(rest)
			good = k >= 3
		case 'z':
			var o int32
			o, k, good = parseOffset(rest)
			off, hasZone = o, good
		case 'Z':
			k = readLetters(rest)
			good = k > 0
			if good {
				z := rest[:k]
				if string(z) == "UTC" || string(z) == "GMT" || string(z) == "Z" || string(z) == "UT" {
					off, hasZone = 0, true
				}
			}
		case 's':
			var e int64
			for k < len(rest) && k < 18 && rest[k] >= '0' && rest[k] <= '9' {
				e = e*10 + int64(rest[k]-'0')
				k++
			}
			good = k > 0
			epoch, hasEpoch = e*1_000_000_000, good
		case 'f':
			v, k, good = readNum(rest, t.n, false)
			if good && k == t.n {
				nsec = int64(v)
				for i := t.n; i < 9; i++ {
					nsec *= 10
				}
			} else {
				good = false
			}
		}
		if !good {
			return 0, 0, false, 0, false
		}
		n += k
	}
	if hasEpoch {
		return epoch + nsec, 0, true, n, true
	}
	if hasPM && pm {
		h += 12
	}
	if yday > 0 {
		if yday > 366 {
			return 0, 0, false, 0, false
		}
		mo, d = 1, yday
		for mo < 12 && d > daysIn(y, mo) {
			d -= daysIn(y, mo)
			mo++
		}
	}
	ns, ok = civilToUnixNano(y, mo, d, h, mi, s, nsec)
	if !ok {
		return 0, 0, false, 0, false
	}
	return ns - int64(off)*1_000_000_000, off, hasZone, n, true
}

// isCLFLayout reports whether a strftime layout is exactly the CLF one, so
// that the fast cached parser can stand in for it.
func (l *timeLayout) isCLFLayout() bool {
	var want = [...]stoken{{conv: 'd'}, {lit: "/"}, {conv: 'b'}, {lit: "/"}, {conv: 'Y'}, {lit: ":"},
		{conv: 'H'}, {lit: ":"}, {conv: 'M'}, {lit: ":"}, {conv: 'S'}, {lit: " "}, {conv: 'z'}}
	if len(l.toks) != len(want) {
		return false
	}
	for i, t := range l.toks {
		if t != want[i] {
			return false
		}
	}
	return true
}
