package parser

import (
	"bytes"
	"encoding/binary"
	"math/bits"
)

// This file holds every word-wise trick of the package ("SIMD within a
// register"): eight bytes of a line loaded as one little-endian machine word
// and tested, searched or converted at once. Nothing else in the package
// loads words; it calls these small functions, which the compiler inlines.
// swar_test.go holds a plain byte-by-byte reference for each of them, which
// TestSWARMatchesReference and FuzzSWAR compare them with.

// lo8 and hi8 are the constants of the word-at-a-time byte searches: a
// word x has a zero byte where zeroBytes(x) flags one, and the lowest
// flagged byte is the first zero byte (a false positive can only follow a
// true one). lo7 is the mask of the low seven bits of every byte.
const (
	lo8 = 0x0101010101010101
	hi8 = 0x8080808080808080
	lo7 = 0x7f7f7f7f7f7f7f7f
)

// load64 returns the first eight bytes of b as a little-endian word.
func load64(b []byte) uint64 { return binary.LittleEndian.Uint64(b) }

// load32 returns the first four bytes of b as a little-endian word.
func load32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }

// load16 returns the first two bytes of b as a little-endian word.
func load16(b []byte) uint16 { return binary.LittleEndian.Uint16(b) }

// repeat8 returns c in every byte of a word.
func repeat8(c byte) uint64 { return lo8 * uint64(c) }

// zeroBytes flags the high bit of the zero bytes of x. The lowest flagged
// byte is the first zero byte; a byte above it may be flagged falsely.
func zeroBytes(x uint64) uint64 { return (x - lo8) &^ x & hi8 }

// exactZeroBytes flags the high bit of exactly the zero bytes of x: no
// carry crosses bytes, so any flag (the highest too) is a true one.
func exactZeroBytes(x uint64) uint64 { return ^(((x & lo7) + lo7) | x) &^ lo7 }

// firstFlagged returns the index of the lowest byte flagged in m, which
// must not be zero.
func firstFlagged(m uint64) int { return bits.TrailingZeros64(m) >> 3 }

// lastFlagged returns the index of the highest byte flagged in m, which
// must not be zero.
func lastFlagged(m uint64) int { return (63 - bits.LeadingZeros64(m)) >> 3 }

// litWord returns the first min(8, len(lit)) bytes of lit as a
// little-endian word and the mask of the bytes they fill, so that
// load64(b)&mask == w tells in one load whether b starts with them.
func litWord(lit string) (w, mask uint64) {
	for k := 0; k < min(len(lit), 8); k++ {
		w |= uint64(lit[k]) << (8 * k)
		mask |= 0xff << (8 * k)
	}
	return w, mask
}

// strWord returns the first eight bytes of p as a little-endian word; the
// compiler merges the byte loads into one.
func strWord(p string) uint64 {
	_ = p[7]
	return uint64(p[0]) | uint64(p[1])<<8 | uint64(p[2])<<16 | uint64(p[3])<<24 |
		uint64(p[4])<<32 | uint64(p[5])<<40 | uint64(p[6])<<48 | uint64(p[7])<<56
}

// hasPrefix is bytes.HasPrefix for the short literals of format strings,
// compared in a loop rather than by a call to the runtime's memequal.
// Literals of eight bytes and more, which JSON log formats are full of
// (`","request_time":"`), are compared by memequal, which is faster than
// the loop at that length; the hottest callers use longPrefix instead.
func hasPrefix(s []byte, p string) bool {
	if len(s) < len(p) {
		return false
	}
	if len(p) >= 8 {
		return string(s[:len(p)]) == p
	}
	for i := 0; i < len(p); i++ {
		if s[i] != p[i] {
			return false
		}
	}
	return true
}

// longPrefix is hasPrefix for literals that may be long. It compares eight
// bytes at a time, the last word overlapping the one before; for the
// literals of log formats that is one to three loads, where memequal's call
// and setup cost more.
func longPrefix(s []byte, p string) bool {
	n := len(p)
	if n < 8 || len(s) < n {
		return hasPrefix(s, p)
	}
	s = s[:n]
	for i := 0; i < n-8; i += 8 {
		if load64(s[i:]) != strWord(p[i:]) {
			return false
		}
	}
	return load64(s[n-8:]) == strWord(p[n-8:])
}

// equalAt reports whether b holds key at i: with two overlapping 8-byte
// compares when key has 8 to 16 bytes, as most keys of log lines do.
func equalAt(b []byte, i int, key []byte) bool {
	n := len(key)
	if i < 0 || n > len(b)-i {
		return false
	}
	s := b[i : i+n]
	if n < 8 || n > 16 {
		return string(s) == string(key)
	}
	return load64(s) == load64(key) && load64(s[n-8:]) == load64(key[n-8:])
}

// indexByte is bytes.IndexByte for a byte that is usually near: most
// fields between delimiters are a few bytes long ("-", a status, a size),
// and testing the first 16 bytes as two machine words costs less than the
// vectorised search's setup.
func indexByte(s []byte, c byte) int {
	if len(s) < 16 {
		for i := 0; i < len(s); i++ {
			if s[i] == c {
				return i
			}
		}
		return -1
	}
	pat := repeat8(c)
	if m := zeroBytes(load64(s) ^ pat); m != 0 {
		return firstFlagged(m)
	}
	if m := zeroBytes(load64(s[8:]) ^ pat); m != 0 {
		return 8 + firstFlagged(m)
	}
	if j := bytes.IndexByte(s[16:], c); j >= 0 {
		return 16 + j
	}
	return -1
}

// index2 returns the index of the first occurrence of the two bytes a, b in
// s, or -1. The first 64 bytes are tested eight positions at a time, as a
// word of s and the word one byte on compared with a and b: the fields
// before two-byte delimiters are mostly short, where the vectorised search
// for a and a check of b after it cost more.
func index2(s []byte, a, b byte) int {
	pa, pb := repeat8(a), repeat8(b)
	i := 0
	for ; i+9 <= len(s) && i < 64; i += 8 {
		// A zero byte of x is a position where both bytes match.
		if m := zeroBytes((load64(s[i:]) ^ pa) | (load64(s[i+1:]) ^ pb)); m != 0 {
			return i + firstFlagged(m)
		}
	}
	for {
		j := indexByte(s[i:], a)
		if j < 0 {
			return -1
		}
		i += j
		if i+1 < len(s) && s[i+1] == b {
			return i
		}
		i++
	}
}

// lastIndexByte is bytes.LastIndexByte eight bytes at a time (the standard
// one goes byte by byte).
func lastIndexByte(s []byte, c byte) int {
	pat := repeat8(c)
	i := len(s)
	for ; i >= 8; i -= 8 {
		if m := exactZeroBytes(load64(s[i-8:]) ^ pat); m != 0 {
			return i - 8 + lastFlagged(m)
		}
	}
	for i > 0 {
		i--
		if s[i] == c {
			return i
		}
	}
	return -1
}

// digitRun returns how many of the bytes of w, lowest first, are ASCII
// digits before the first one that is not. A byte is a digit when its high
// nibble is 3 both before and after adding 6; a byte that carries into
// the next one is not a digit, so the carry only spoils bytes after it.
func digitRun(w uint64) int {
	const hi, threes, sixes = 0xf0f0f0f0f0f0f0f0, 0x3030303030303030, 0x0606060606060606
	t := (w&hi ^ threes) | ((w+sixes)&hi ^ threes)
	return bits.TrailingZeros64(t) / 8
}

// parse8 returns the number whose eight decimal digits are the bytes of d,
// lowest byte first (the digit values, not ASCII).
func parse8(d uint64) uint64 {
	d = d*10 + d>>8 // pairs: 10*d[i] + d[i+1] in bytes 0, 2, 4, 6
	const mask = 0x000000ff000000ff
	const mul1 = 100 + 1000000<<32
	const mul2 = 1 + 10000<<32
	return ((d&mask)*mul1 + (d>>16&mask)*mul2) >> 32
}

// clockAt reads the clock "hh:mm:ss" at b[i:] from its eight bytes as
// one little-endian word. The colons must be in place and the other six
// bytes digits, that is have a high nibble of 3 both before and after
// adding 6 (no byte carries into the next one, since a digit plus 6 stays
// below 0x40 and the colons get 0). The fields are not range-checked.
func clockAt(b []byte, i int) (h, m, s int, ok bool) {
	if i < 0 || i+8 > len(b) {
		return 0, 0, 0, false
	}
	const (
		colonMask = 0x0000ff0000ff0000
		colons    = 0x00003a00003a0000
		hi        = 0xf0f000f0f000f0f0 // high nibbles of the digits
		threes    = 0x3030003030003030
		sixes     = 0x0606000606000606
	)
	w := load64(b[i:])
	if w&colonMask != colons || w&hi != threes || (w+sixes)&hi != threes {
		return 0, 0, 0, false
	}
	d := w - threes
	h = int(d&0xff)*10 + int(d>>8&0xff)
	m = int(d>>24&0xff)*10 + int(d>>32&0xff)
	s = int(d>>48&0xff)*10 + int(d>>56)
	return h, m, s, true
}
