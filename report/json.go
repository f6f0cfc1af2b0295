package report

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/logscan/logscan/analyze"
)

// JSON writes the summary as one indented JSON document of the logscan/v1
// schema (docs/json.md). Beyond what encoding/json escapes (C0 controls,
// ", \, <, >, &, U+2028, U+2029, invalid UTF-8 as U+FFFD), DEL, the C1
// controls and the format characters (Unicode category Cf: zero-width,
// bidi, BOM, ...) are written as \u escapes too, as [TerminalJSON] does, so
// the document is safe to print on a terminal and still decodes to the same
// text.
func JSON(w io.Writer, s *analyze.Summary) error {
	return encodeJSON(w, s)
}

// encodeJSON writes v as indented JSON with terminal-unsafe characters
// escaped by [TerminalJSON].
func encodeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(TerminalJSON(buf.Bytes()))
	return err
}
