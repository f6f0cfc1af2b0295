package report

import (
	"bytes"
	"encoding/json"
	"io"
	"unicode/utf8"

	"github.com/logscan/logscan/analyze"
)

// JSON writes the summary as one indented JSON document of the logscan/v1
// schema (docs/json.md). Beyond what encoding/json escapes (control
// characters, <, >, &, U+2028, U+2029), DEL, the C1 controls and the
// bidirectional-override characters are written as \u escapes too, so the
// document is safe to print on a terminal.
func JSON(w io.Writer, s *analyze.Summary) error {
	return encodeJSON(w, s)
}

// encodeJSON writes v as indented JSON with terminal-unsafe characters
// escaped.
func encodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeUnsafeJSON(buf.Bytes()))
	return err
}

// escapeUnsafeJSON rewrites DEL, C1 controls and bidi overrides in JSON text
// as \u escapes. Such characters can only stand inside JSON strings, where
// the escapes mean the same.
func escapeUnsafeJSON(b []byte) []byte {
	if !hasUnsafe(b) {
		return b
	}
	out := make([]byte, 0, len(b)+32)
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == 0x7f {
				out = append(out, `\u007f`...)
			} else {
				out = append(out, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if (r >= 0x80 && r < 0xa0) || isBidi(r) {
			out = append(out, '\\', 'u', hexdigits[r>>12&0xf], hexdigits[r>>8&0xf], hexdigits[r>>4&0xf], hexdigits[r&0xf])
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

func hasUnsafe(b []byte) bool {
	for i, c := range b {
		if c == 0x7f || c == 0xc2 && i+1 < len(b) && b[i+1] < 0xa0 || c == 0xe2 || c == 0xd8 {
			return true
		}
	}
	return false
}
