package parser

import "bytes"

// The number readers of the package, for access and error logs alike:
// digits, integers, HTTP status codes, decimals and the duration lists of
// nginx. They read ASCII bytes by hand, never allocate, and treat "-" as
// the absent value wherever a server may write it.

// twoDigits reads two ASCII digits at b[0:2]; ok is false if either is not a digit.
func twoDigits(b []byte) (int, bool) {
	d0, d1 := b[0]-'0', b[1]-'0'
	if d0 > 9 || d1 > 9 {
		return 0, false
	}
	return int(d0)*10 + int(d1), true
}

// fourDigits reads four ASCII digits at b[0:4].
func fourDigits(b []byte) (int, bool) {
	hi, ok1 := twoDigits(b)
	lo, ok2 := twoDigits(b[2:])
	return hi*100 + lo, ok1 && ok2
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// leadingDigits returns the number of leading ASCII digits of b.
func leadingDigits(b []byte) int {
	n := 0
	for n < len(b) && isDigit(b[n]) {
		n++
	}
	return n
}

// atoi parses b, 1 to 18 ASCII digits, as a non-negative integer.
func atoi(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		d := c - '0'
		if d > 9 {
			return 0, false
		}
		n = n*10 + int64(d)
	}
	return n, true
}

// leadingNumber returns the value of the decimal digits that b starts with,
// and their number n. It reads eight bytes at a time. Past 18 digits, n
// only tells that there are more than 18, and the value is not kept.
func leadingNumber(b []byte) (int64, int) {
	const zeros = 0x3030303030303030
	var v uint64
	n := 0
	for len(b)-n >= 8 {
		w := load64(b[n:])
		k := digitRun(w)
		if k < 8 {
			// The k digits are the low bytes of w; shifted to the top,
			// they read as k digits after 8-k zeros. A byte below '0'
			// borrows only from the bytes above it, which the shift drops.
			if k > 0 {
				v = v*pow10Int[k] + parse8((w-zeros)<<(64-8*k))
			}
			return int64(v), n + k
		}
		v = v*100_000_000 + parse8(w-zeros)
		n += 8
		if n > 18 {
			return int64(v), n
		}
	}
	for n < len(b) && isDigit(b[n]) {
		v = v*10 + uint64(b[n]-'0')
		n++
	}
	return int64(v), n
}

// twoDigitsAt is twoDigits at b[i:], false when b is too short.
func twoDigitsAt(b []byte, i int) (int, bool) {
	if i < 0 || i+2 > len(b) {
		return 0, false
	}
	return twoDigits(b[i:])
}

// fourDigitsAt is fourDigits at b[i:], false when b is too short.
func fourDigitsAt(b []byte, i int) (int, bool) {
	if i < 0 || i+4 > len(b) {
		return 0, false
	}
	return fourDigits(b[i:])
}

// statusCode reads exactly three digits in 100–599.
func statusCode(v []byte) (int, bool) {
	if len(v) != 3 {
		return 0, false
	}
	d0, d1, d2 := v[0]-'0', v[1]-'0', v[2]-'0'
	if d0 > 9 || d1 > 9 || d2 > 9 || d0 < 1 || d0 > 5 {
		return 0, false
	}
	return int(d0)*100 + int(d1)*10 + int(d2), true
}

// parseInt is atoi where "-" is -1 (absent), as in byte counts.
func parseInt(v []byte) (int64, bool) {
	if isDash(v) {
		return -1, true
	}
	return atoi(v)
}

// pow10Int holds the powers of ten below 1e9 as integers, for
// leadingNumber (converting pow10's floats costs more than the table).
var pow10Int = [9]uint64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000}

// pow10 holds the powers of ten a decimal fraction divides by.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// millis holds float64(i)/1e3 for i below 1000: parseDecimal looks up the
// fraction of "d.ddd" there, the same value, without the division.
var millis = func() (t [1000]float64) {
	for i := range t {
		t[i] = float64(i) / pow10[3]
	}
	return t
}()

// milliDecimal reads "d.ddd", as nginx writes times in seconds with
// milliseconds, to the value parseDecimal gives it; ok is false for any
// other shape.
func milliDecimal(v []byte) (float64, bool) {
	if len(v) != 5 || v[1] != '.' {
		return 0, false
	}
	d0, d1, d2, d3 := v[0]-'0', v[2]-'0', v[3]-'0', v[4]-'0'
	if max(d0, d1, d2, d3) > 9 {
		return 0, false
	}
	return float64(d0) + millis[int(d1)*100+int(d2)*10+int(d3)], true
}

// parseDecimal reads "123", "0.001" or ".5"; "-" is -1 (absent). The
// integer part may have at most 18 digits; fraction digits after the 18th
// are checked and ignored.
func parseDecimal(v []byte) (float64, bool) {
	if len(v) > 18 || len(v) == 0 {
		return parseDecimalLong(v)
	}
	if d, ok := milliDecimal(v); ok {
		return d, true
	}
	// No more than 18 bytes: neither part can overflow its limit.
	var ip int64
	i := 0
	for ; i < len(v); i++ {
		d := v[i] - '0'
		if d > 9 {
			break
		}
		ip = ip*10 + int64(d)
	}
	if i == len(v) {
		return float64(ip), true
	}
	if v[i] != '.' {
		if isDash(v) {
			return -1, true
		}
		return 0, false
	}
	i++
	nf := len(v) - i
	if i == 1 && nf == 0 {
		return 0, false // "."
	}
	var fp int64
	for ; i < len(v); i++ {
		d := v[i] - '0'
		if d > 9 {
			return 0, false
		}
		fp = fp*10 + int64(d)
	}
	return float64(ip) + float64(fp)/pow10[nf], true
}

// parseDecimalLong is parseDecimal for values of more than 18 bytes (and
// the empty one).
func parseDecimalLong(v []byte) (float64, bool) {
	var ip, fp uint64
	i, nd, nf := 0, 0, 0
	for ; i < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
		if nd >= 18 {
			return 0, false
		}
		ip = ip*10 + uint64(v[i]-'0')
		nd++
	}
	if i < len(v) && v[i] == '.' {
		i++
		for ; i < len(v) && v[i] >= '0' && v[i] <= '9'; i++ {
			if nf < 18 {
				fp = fp*10 + uint64(v[i]-'0')
				nf++
			}
		}
	}
	if i != len(v) || nd+nf == 0 {
		return 0, false
	}
	return float64(ip) + float64(fp)/pow10[nf], true
}

// sumDurations adds up an nginx upstream time list such as
// "0.002, 0.500 : 0.010", skipping "-" items; all "-" is -1 (absent).
func sumDurations(v []byte) (float64, bool) {
	if d, ok := milliDecimal(v); ok { // one time, as nginx writes it: "0.040"
		return d, true
	}
	sum, any := 0.0, false
	for len(v) > 0 {
		j := 0
		for j < len(v) && v[j] != ',' && v[j] != ' ' && v[j] != ':' {
			j++
		}
		if j > 0 {
			d, ok := parseDecimal(v[:j])
			if !ok {
				return 0, false
			}
			if d >= 0 {
				sum += d
				any = true
			}
		}
		k := j
		for k < len(v) && (v[k] == ',' || v[k] == ' ' || v[k] == ':') {
			k++
		}
		if j == 0 && k == 0 {
			return 0, false
		}
		v = v[k:]
	}
	if !any {
		return -1, true
	}
	return sum, true
}

// decimalDigits reports whether b is a non-empty run of ASCII digits.
func decimalDigits(b []byte) bool { return len(b) > 0 && leadingDigits(b) == len(b) }

// parseJSONFloat reads a non-negative decimal that may carry an exponent
// ("4.2e-05"); "-" is -1 (absent).
func parseJSONFloat(v []byte) (float64, bool) {
	// Plain decimals first: parseDecimal takes no exponent, and looking
	// for one with bytes.IndexAny builds a byte set on every call.
	if d, ok := parseDecimal(v); ok {
		return d, true
	}
	i := bytes.IndexByte(v, 'e')
	if j := bytes.IndexByte(v, 'E'); i < 0 || j >= 0 && j < i {
		i = j
	}
	if i < 0 {
		return 0, false
	}
	m, ok := parseDecimal(v[:i])
	if !ok || m < 0 {
		return 0, false
	}
	x := v[i+1:]
	neg := false
	if len(x) > 0 && (x[0] == '-' || x[0] == '+') {
		neg = x[0] == '-'
		x = x[1:]
	}
	if len(x) == 0 || len(x) > 3 {
		return 0, false
	}
	n := 0
	for _, c := range x {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	for ; n > 0; n-- {
		if neg {
			m /= 10
		} else {
			m *= 10
		}
	}
	return m, true
}
