// Package report renders an [analyze.Summary] as text, JSON and other
// formats. It never parses logs or computes results: it only lays out the
// model. Every piece of log-derived text goes through this file's functions
// before it reaches an output, because log text is written by attackers.
//
// # Escaping
//
// Log text (paths, agents, referers, messages, excerpts, file names) is
// escaped in every output that a terminal, a CI log or a browser renders.
// The dangerous characters are the C0 controls (U+0000 to U+001F), DEL and
// the C1 controls (U+0080 to U+009F), which make up Unicode category Cc;
// the format characters of category Cf (zero-width characters such as
// U+200B and U+FEFF, the bidi marks, embeddings, overrides and isolates
// U+200E, U+200F, U+202A to U+202E and U+2066 to U+2069, the soft hyphen,
// tag characters and the rest); the line and paragraph separators U+2028
// and U+2029 (categories Zl and Zp); and bytes that are not valid UTF-8.
// The sets are the standard unicode tables, not a hand list. What each
// format writes for them, for a backslash, and what it escapes on top:
//
//	format              C0, DEL      C1 Cf Zl Zp      bad byte  \      then, the format's own
//	text, check text    \xHH         \u{HHHH}         \xHH      \\     -
//	GitHub ::error      \xHH         \u{HHHH}         \xHH      \\     % CR LF as %25 %0D %0A; title also : , as %3A %2C
//	JUnit XML           \xHH         \u{HHHH}         \xHH      \\     XML entities (encoding/xml)
//	HTML                \xHH         \u{HHHH}         \xHH      \\     HTML entities (html/template)
//	Markdown (source)   \\xHH        \\u{HHHH}        \\xHH     \\\\   a \ before ` * _ [ ] < > | ~ & $ # @, :// www. and line starts
//	CSV                 \xHH         \u{HHHH}         \xHH      \\     a ' before a leading = + - @ tab CR or '; RFC 4180 quotes
//	JSON, check json,   \u00HH       \uHHHH, a pair   \ufffd    \\     \" and \u003c \u003e \u0026
//	parse JSON Lines    \n \r \t     above U+FFFF
//
// Every format but JSON is built on [Terminal], the text report's escape,
// and is unambiguous because a backslash from the log is doubled there:
// every single \ of the output starts an escape, so the four characters
// \x1b of a log line print as \\x1b and an ESC byte as \x1b, and the text
// decodes back to the log bytes. HTML and JUnit need the doubling too, as
// their entity escaping happens after the text escape (an entity could not
// show an ESC or a U+202E visibly anyway). Markdown escapes each backslash
// of the text form once more, so the rendered page reads exactly as the
// text report. A CSV cell holds the text form inside RFC 4180 quoting; the
// formula guard is reversible because a cell starting with ' gets a second
// one: drop one leading ', then decode as text. JSON needs nothing beyond
// its own escaping, which decodes back to the log text byte for byte,
// except invalid UTF-8: JSON strings cannot hold it, so it becomes U+FFFD,
// and a log's own U+FFFD reads the same.
//
// Text that logscan writes itself (cause titles and advice, check names and
// messages, the reasons of malformed lines, which quote log text with %q,
// the zone note, whose file name cmd/logscan has passed through [Terminal])
// goes through [TerminalMessage] instead: the same escapes, but its
// backslashes are kept, since it is unambiguous already and must not be
// escaped twice. In Markdown and HTML it is then escaped as the format
// needs, as log text is.
package report

import (
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

const hexdigits = "0123456789abcdef"

// unsafeRune reports whether r, a valid non-ASCII rune, is one the outputs
// escape: a C1 control (category Cc above ASCII), a format character (Cf),
// or a line or paragraph separator (Zl, Zp). Below U+10000 it reads
// unsafeBMP, a bitmap of the same tables, as a table search costs as much
// as the rest of [AppendJSONString] on CJK text; TestUnsafeRune checks the
// two agree on every rune.
func unsafeRune(r rune) bool {
	if r < 0x10000 {
		return unsafeBMP[r/64]&(1<<(r%64)) != 0
	}
	return unicode.In(r, unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp)
}

// unsafeBMP marks the runes below U+10000 of categories Cc, Cf, Zl and Zp,
// taken from the unicode tables.
var unsafeBMP = func() (m [0x10000 / 64]uint64) {
	for _, t := range []*unicode.RangeTable{unicode.Cc, unicode.Cf, unicode.Zl, unicode.Zp} {
		for _, rg := range t.R16 {
			for c := uint32(rg.Lo); c <= uint32(rg.Hi); c += uint32(rg.Stride) {
				m[c/64] |= 1 << (c % 64)
			}
		}
	}
	return m
}()

// Terminal makes log text safe to print on a terminal, and unambiguous: C0
// controls, DEL and invalid UTF-8 bytes are written as \xHH; C1 controls,
// format characters (Unicode category Cf: zero-width, bidi, BOM, ...) and
// U+2028 and U+2029 as \u{HHHH} (more digits above U+FFFF); a backslash as
// \\. Other text, including printable non-ASCII, is kept. Distinct inputs
// give distinct outputs, so a literal \x1b in a log (shown \\x1b) never
// reads as an escaped ESC byte (shown \x1b). See the package doc for what
// each format builds on it.
func Terminal(s string) string { return escape(s, true) }

// TerminalMessage makes text that logscan writes itself safe to print on a
// terminal: control characters, format characters and invalid UTF-8 are
// escaped as [Terminal] does, but backslashes are kept. It is for messages
// that are unambiguous already and must not be escaped twice: advice and
// check messages, error texts that quote log text with %q (which doubles
// backslashes itself), and notes that hold a name already passed through
// [Terminal]. TerminalMessage(TerminalMessage(s)) == TerminalMessage(s).
// Log text itself goes through [Terminal].
func TerminalMessage(s string) string { return escape(s, false) }

// escape is [Terminal] when backslash is set, else [TerminalMessage].
func escape(s string, backslash bool) string {
	if safe(s, backslash) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '\\' && backslash:
				b.WriteString(`\\`)
			case c < 0x20 || c == 0x7f:
				hexByte(&b, c)
			default:
				b.WriteByte(c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			hexByte(&b, c)
		case unsafeRune(r):
			b.WriteString(`\u{`)
			shift := 12
			for r>>(shift+4) != 0 {
				shift += 4
			}
			for ; shift >= 0; shift -= 4 {
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

// TerminalJSON makes JSON text safe to print on a terminal: it rewrites DEL,
// the C1 control characters (U+0080 to U+009F), the format characters
// (category Cf) and U+2028 and U+2029 as \u escapes (a UTF-16 surrogate
// pair above U+FFFF), which JSON readers decode back to the same
// characters, and a byte that is not valid UTF-8 as \ufffd. Everything
// else is kept byte for byte; the caller's JSON must already escape C0
// controls, as encoding/json and [AppendJSONString] do. The characters
// rewritten can only occur inside JSON strings, so the result is valid JSON
// when b is. When nothing needs rewriting, b itself is returned; otherwise
// a new slice.
func TerminalJSON(b []byte) []byte {
	first := -1
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			if c == 0x7f {
				first = i
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 || unsafeRune(r) {
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
		if c := b[i]; c < utf8.RuneSelf {
			if c == 0x7f {
				dst = append(dst, `\u007f`...)
			} else {
				dst = append(dst, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = append(dst, `\ufffd`...)
		case unsafeRune(r):
			dst = appendJSONRune(dst, r)
		default:
			dst = append(dst, b[i:i+n]...)
		}
		i += n
	}
	return dst
}

// appendJSONRune appends r as a JSON \u escape, a surrogate pair above
// U+FFFF.
func appendJSONRune(b []byte, r rune) []byte {
	if r > 0xffff {
		r1, r2 := utf16.EncodeRune(r)
		return appendJSONRune(appendJSONRune(b, r1), r2)
	}
	return append(b, '\\', 'u', hexdigits[r>>12&0xf], hexdigits[r>>8&0xf], hexdigits[r>>4&0xf], hexdigits[r&0xf])
}

func hexByte(b *strings.Builder, c byte) {
	b.WriteString(`\x`)
	b.WriteByte(hexdigits[c>>4])
	b.WriteByte(hexdigits[c&0xf])
}

// safe reports whether s is printable ASCII only, without a backslash
// when backslash is set (the common case), which [escape] returns as it is.
func safe(s string, backslash bool) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '\\' && backslash {
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
// paragraph, a list item or a table cell. The text is first escaped as
// [Terminal] does (control and format characters, invalid UTF-8, and the
// backslash itself). Then the Markdown-active characters are
// backslash-escaped so the text renders literally, and reads exactly as
// [Terminal] prints it: \ ` * _ [ ] < > | ~ & $ # and @, which stops
// emphasis, code, links, images, HTML tags and entities, tables,
// strikethrough, math, headings, GitHub mentions and issue references. GFM
// autolinks are broken too: the colon of "://", the dot of "www." and every
// @ are escaped. A leading -, + or =, and the . or ) of a leading number
// followed by a space, are escaped so the text never starts a list, a
// heading or a rule.
func MarkdownText(s string) string { return markdownEscape(Terminal(s)) }

// markdownOwn makes text logscan writes itself safe as inline Markdown, as
// [MarkdownText] does but escaped as [TerminalMessage] first: it renders as
// TerminalMessage(s).
func markdownOwn(s string) string { return markdownEscape(TerminalMessage(s)) }

// markdownEscape backslash-escapes the Markdown-active characters of s,
// which must hold no control or format character, as [MarkdownText]
// describes.
func markdownEscape(s string) string {
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
// programs do not run it as a formula (CSV injection), and so is a cell
// starting with ' itself, so the guard can be undone (drop one leading ').
// The text is escaped as [Terminal] does (control and format characters,
// invalid UTF-8, backslashes), so a cell never holds a control byte and
// distinct log texts give distinct cells. Quoting is left to encoding/csv.
func CSVCell(s string) string { return csvGuard(s, Terminal(s)) }

// csvGuard returns esc, the escaped form of s, prefixed with ' when s
// starts with =, +, -, @, tab, carriage return or '.
func csvGuard(s, esc string) string {
	if s != "" && strings.IndexByte("=+-@\t\r'", s[0]) >= 0 {
		return "'" + esc
	}
	return esc
}
