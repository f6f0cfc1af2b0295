// Package report renders an [analyze.Summary] as text, JSON and other
// formats. It never parses logs or computes results: it only lays out the
// model. Every piece of log-derived text goes through this file's functions
// before it reaches an output, because log text is written by attackers.
package report

import (
	"strings"
	"unicode/utf8"
)

const hexdigits = "0123456789abcdef"

// Terminal makes log text safe to print on a terminal: control characters
// (C0, DEL, C1), bidirectional-override characters and invalid UTF-8 bytes
// are written as \xHH or \u{HHHH} escapes, so no escape sequence from a log
// reaches the terminal raw. Printable text, including non-ASCII, is kept.
func Terminal(s string) string {
	if safe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			hexByte(&b, s[i])
		case r < 0x20 || r == 0x7f:
			hexByte(&b, byte(r))
		case r >= 0x80 && r < 0xa0, isBidi(r):
			b.WriteString(`\u{`)
			for shift := 12; shift >= 0; shift -= 4 {
				b.WriteByte(hexdigits[(r>>shift)&0xf])
			}
			b.WriteByte('}')
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// TerminalJSON makes JSON text safe to print on a terminal: it rewrites the
// C1 control characters (U+0080 to U+009F) and the bidirectional-formatting
// characters that [Terminal] escapes as \u escapes, which JSON readers decode
// back to the same characters. Everything else is kept byte for byte; the
// caller's JSON must already escape C0 controls and invalid UTF-8, as
// encoding/json and [AppendJSONString] do. The characters rewritten can only
// occur inside JSON strings, so the result is valid JSON when b is. When
// nothing needs rewriting, b itself is returned; otherwise a new slice.
func TerminalJSON(b []byte) []byte {
	first := -1
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if jsonUnsafe(r) {
			first = i
			break
		}
		i += n
	}
	if first < 0 {
		return b
	}
	dst := make([]byte, 0, len(b)+16)
	dst = append(dst, b[:first]...)
	for i := first; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if jsonUnsafe(r) {
			dst = append(dst, '\\', 'u')
			for shift := 12; shift >= 0; shift -= 4 {
				dst = append(dst, hexdigits[(r>>shift)&0xf])
			}
		} else {
			dst = append(dst, b[i:i+n]...)
		}
		i += n
	}
	return dst
}

func jsonUnsafe(r rune) bool { return r >= 0x80 && r < 0xa0 || isBidi(r) }

func hexByte(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexdigits[c>>4])
	b.WriteByte(hexdigits[c&0xf])
}

func isBidi(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// safe reports whether s is printable ASCII only (the common case).
func safe(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// Cut shortens s to at most n runes, ending it with "…" when cut.
func Cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for c := 0; c < n-1; c++ {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return s[:i] + "…"
}

// CutLeft shortens s to at most n runes by dropping its start, beginning it
// with "…" when cut; for file paths, whose end matters most.
func CutLeft(s string, n int) string {
	c := utf8.RuneCountInString(s)
	if c <= n {
		return s
	}
	i := 0
	for drop := c - n + 1; drop > 0; drop-- {
		_, w := utf8.DecodeRuneInString(s[i:])
		i += w
	}
	return "…" + s[i:]
}

// MarkdownText makes log text safe as inline GitHub-flavoured Markdown, in a
// paragraph, a list item or a table cell. Control characters, bidi overrides
// and invalid UTF-8 are first escaped as [Terminal] does. Then the
// Markdown-active characters are backslash-escaped so the text renders
// literally: \ ` * _ [ ] < > | ~ & $ # and @, which stops emphasis, code,
// links, images, HTML tags and entities, tables, strikethrough, math,
// headings, GitHub mentions and issue references. GFM autolinks are broken
// too: the colon of "://", the dot of "www." and every @ are escaped. A
// leading -, + or =, and the . or ) of a leading number followed by a space,
// are escaped so the text never starts a list, a heading or a rule.
func MarkdownText(s string) string {
	s = Terminal(s)
	var b strings.Builder
	b.Grow(len(s) + 8)
	digits := 0 // length of the leading run of digits
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		esc := false
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '&', '$', '#', '@':
			esc = true
		case ':':
			esc = strings.HasPrefix(s[i+1:], "//")
		case '-', '+', '=':
			esc = i == 0
		case '.', ')':
			esc = i > 0 && i == digits && (i+1 == len(s) || s[i+1] == ' ') ||
				c == '.' && i >= 3 && strings.EqualFold(s[i-3:i], "www")
		}
		if esc {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// escapePipes backslash-escapes every | of a Markdown table cell that is
// not escaped yet (preceded by an even number of backslashes), so a cell
// never splits a row. It leaves [MarkdownText] output as it is.
func escapePipes(s string) string {
	if !strings.Contains(s, "|") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 4)
	slashes := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '|' && slashes%2 == 0 {
			b.WriteByte('\\')
		}
		if c == '\\' {
			slashes++
		} else {
			slashes = 0
		}
		b.WriteByte(c)
	}
	return b.String()
}

// CSVCell makes log text safe as a spreadsheet cell. A cell starting with
// =, +, -, @, tab or carriage return is prefixed with ' so spreadsheet
// programs do not run it as a formula (CSV injection); control characters,
// bidi overrides and invalid UTF-8 are escaped as [Terminal] does, so a
// cell never holds a control byte. Quoting is left to encoding/csv.
func CSVCell(s string) string {
	risky := s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
	s = Terminal(s)
	if risky {
		return "'" + s
	}
	return s
}
