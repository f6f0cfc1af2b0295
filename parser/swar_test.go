package parser

import (
	"bytes"
	"testing"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/require"
)

// The plain references of the word-wise tricks of swar.go: one byte at a
// time, in the most obvious way.

// refWord returns the first eight bytes of b, padded with pad.
func refWord(b []byte, pad byte) [8]byte {
	var w [8]byte
	for i := range w {
		w[i] = pad
		if i < len(b) {
			w[i] = b[i]
		}
	}
	return w
}

func refIsDigit(c byte) bool { return c >= '0' && c <= '9' }

// refDigitRun counts the leading digits of w.
func refDigitRun(w [8]byte) int {
	n := 0
	for n < 8 && refIsDigit(w[n]) {
		n++
	}
	return n
}

// refParse8 reads w, eight digit values, as a number.
func refParse8(w [8]byte) uint64 {
	var v uint64
	for _, d := range w {
		v = v*10 + uint64(d)
	}
	return v
}

// checkSWAR compares every trick of swar.go with its reference on s (and,
// for the searches, on the bytes c and d).
func checkSWAR(t *testing.T, s []byte, c, d byte) {
	t.Helper()
	require.Equal(t, bytes.IndexByte(s, c), indexByte(s, c), "indexByte(%q, %q)", s, c)
	require.Equal(t, bytes.Index(s, []byte{c, d}), index2(s, c, d), "index2(%q, %q, %q)", s, c, d)
	require.Equal(t, bytes.LastIndexByte(s, c), lastIndexByte(s, c), "lastIndexByte(%q, %q)", s, c)
	for n := 0; n <= len(s) && n <= 20; n++ {
		p := string(s[:n])
		for _, b := range [][]byte{s, s[min(1, len(s)):], []byte(p + "x"), []byte("x" + p)} {
			require.Equal(t, bytes.HasPrefix(b, []byte(p)), hasPrefix(b, p), "hasPrefix(%q, %q)", b, p)
			require.Equal(t, bytes.HasPrefix(b, []byte(p)), longPrefix(b, p), "longPrefix(%q, %q)", b, p)
			for i := -1; i <= len(b); i++ {
				want := i >= 0 && i+n <= len(b) && bytes.Equal(b[i:i+n], []byte(p))
				require.Equal(t, want, equalAt(b, i, []byte(p)), "equalAt(%q, %d, %q)", b, i, p)
			}
			if len(b) >= 8 {
				w, mask := litWord(p)
				require.Equal(t, bytes.HasPrefix(b, []byte(p[:min(n, 8)])), load64(b)&mask == w, "litWord(%q) on %q", p, b)
			}
		}
	}
	if len(s) < 8 {
		return
	}
	w := refWord(s, 0)
	x := load64(s)
	first, any := -1, false
	for i, b := range w {
		flagged := exactZeroBytes(x)>>(8*i+7)&1 == 1
		require.Equal(t, b == 0, flagged, "exactZeroBytes(%q) byte %d", s[:8], i)
		if b == 0 && first < 0 {
			first = i
		}
		any = any || b == 0
	}
	require.Equal(t, any, zeroBytes(x) != 0, "zeroBytes(%q)", s[:8])
	if any {
		require.Equal(t, first, firstFlagged(zeroBytes(x)), "firstFlagged(zeroBytes(%q))", s[:8])
		last := bytes.LastIndexByte(s[:8], 0)
		require.Equal(t, last, lastFlagged(exactZeroBytes(x)), "lastFlagged(exactZeroBytes(%q))", s[:8])
	}
	require.Equal(t, refDigitRun(w), digitRun(x), "digitRun(%q)", s[:8])
	if refDigitRun(w) == 8 {
		var vals [8]byte
		for i := range w {
			vals[i] = w[i] - '0'
		}
		require.Equal(t, refParse8(vals), parse8(x-repeat8('0')), "parse8(%q)", s[:8])
	}
	h, m, sec, ok := clockAt(s, 0)
	wh, wm, ws, wok := clockAtBytes(s, 0)
	require.Equal(t, wok, ok, "clockAt(%q)", s[:8])
	if ok {
		require.Equal(t, []int{wh, wm, ws}, []int{h, m, sec}, "clockAt(%q)", s[:8])
	}
}

// swarLines are the inputs of TestSWARMatchesReference: short and long,
// with matches before, at and after the word boundaries, high and NUL
// bytes, digits and clocks.
var swarLines = []string{
	"", "GET /", "1234567 89", "12345678 9", "0123456789abcdefghij \"k",
	"0123456789abcdefghijklmnopqrstuvwxyz", "\x80\xff\x00\x01\x7f\x80\x00\x01\x00\xff",
	`"GET / HTTP/1.1" 200 "-" "curl/8.5.0"`, "12345678", "1234x678 trailing",
	"13:55:36 -0700", "13:5a:36", "135:5:36", "- - [10/Oct/2000:13:55:36 -0700]",
	`{"time":"2024-10-12T23:14:20+09:00","host":"1.2.3.4"}`,
}

// TestSWARMatchesReference runs checkSWAR on every prefix and suffix of
// swarLines, searching for the bytes those lines are made of.
func TestSWARMatchesReference(t *testing.T) {
	pairs := [][2]byte{{' ', '"'}, {'"', ' '}, {':', '5'}, {0, 0x80}, {'x', ' '}, {' ', '['}, {'5', '6'}}
	for _, line := range swarLines {
		t.Run(line, func(t *testing.T) {
			s := []byte(line)
			for i := 0; i <= len(s); i++ {
				for _, p := range pairs {
					checkSWAR(t, s[i:], p[0], p[1])
					checkSWAR(t, s[:i], p[0], p[1])
				}
			}
		})
	}
}

// FuzzSWAR checks every word-wise trick of swar.go against its plain
// reference on arbitrary bytes.
func FuzzSWAR(f *testing.F) {
	f.Add([]byte(`127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326`), byte(' '), byte('"'))
	f.Add([]byte("\x80\xff\x00\x01\x7f\x80\x00\x01\x00\xff0123456789"), byte(0), byte(0x80))
	f.Add([]byte("23:59:60.000000 2024"), byte(':'), byte('6'))
	f.Fuzz(func(t *testing.T, s []byte, c, d byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		if len(s) > 64 {
			s = s[:64]
		}
		checkSWAR(t, s, c, d)
	})
}

// clockAtBytes is clockAt byte by byte, the reference for the word at a
// time version.
func clockAtBytes(b []byte, i int) (h, m, s int, ok bool) {
	if i < 0 || i+8 > len(b) || b[i+2] != ':' || b[i+5] != ':' {
		return 0, 0, 0, false
	}
	h, ok1 := twoDigitsAt(b, i)
	m, ok2 := twoDigitsAt(b, i+3)
	s, ok3 := twoDigitsAt(b, i+6)
	if !ok1 || !ok2 || !ok3 {
		return 0, 0, 0, false
	}
	return h, m, s, true
}

func checkClockAt(t *testing.T, in string, i int) {
	t.Helper()
	h0, m0, s0, ok0 := clockAtBytes([]byte(in), i)
	h1, m1, s1, ok1 := clockAt([]byte(in), i)
	if ok0 != ok1 || h0 != h1 || m0 != m1 || s0 != s1 {
		t.Fatalf("clockAt(%q, %d) = %d, %d, %d, %v; want %d, %d, %d, %v", in, i, h1, m1, s1, ok1, h0, m0, s0, ok0)
	}
}

var clockAtSeeds = []struct {
	in string
	i  int
}{
	{"00:00:00", 0}, {"23:59:60", 0}, {"x12:34:56", 1}, {"12:34:5", 0}, {"12-34:56", 0},
	{"1a:34:56", 0}, {"12:34:5/", 0}, {"12:34:5:", 0}, {"\xff\xff:00:00", 0}, {"99:99:99", 0},
	{"12:34:56", 1}, {"", 0}, {"  :  :  ", 0},
}

func TestClockAt(t *testing.T) {
	for _, tc := range clockAtSeeds {
		checkClockAt(t, tc.in, tc.i)
	}
}

func FuzzClockAt(f *testing.F) {
	for _, tc := range clockAtSeeds {
		f.Add(tc.in, tc.i)
	}
	f.Fuzz(func(t *testing.T, in string, i int) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		if i < 0 || i > len(in) {
			return
		}
		checkClockAt(t, in, i)
	})
}
