package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/logscan/logscan/analyze"
)

// JSON writes the summary as one indented JSON document of the logscan/v1
// schema (docs/json.md). Beyond what encoding/json escapes (C0 controls,
// ", \, <, >, &, U+2028, U+2029, invalid UTF-8 as U+FFFD), DEL, the C1
// controls and the format characters (Unicode category Cf: zero-width,
// bidi, BOM, ...) are written as \u escapes too, as [TerminalJSON] does, so
// the document is safe to print on a terminal and still decodes to the same
// text.
//
// File names that are not valid UTF-8 (caf\xe9.log) are written with each
// invalid byte as \xHH and a backslash as \\ (see [FileName]), as every
// other format shows them, rather than with U+FFFD, which would lose which
// file it was.
func JSON(w io.Writer, s *analyze.Summary) error {
	return encodeJSON(w, jsonNames(s))
}

// jsonNames returns s, or a copy of it whose input names are [FileName]s
// when one is not valid UTF-8.
func jsonNames(s *analyze.Summary) *analyze.Summary {
	if s == nil || namesValid(s) {
		return s
	}
	c := *s
	c.Inputs = slices.Clone(s.Inputs)
	for i := range c.Inputs {
		in := &c.Inputs[i]
		in.Path = FileName(in.Path)
		in.MalformedSamples = slices.Clone(in.MalformedSamples)
		for j := range in.MalformedSamples {
			in.MalformedSamples[j].Input = FileName(in.MalformedSamples[j].Input)
		}
		in.WarningSamples = slices.Clone(in.WarningSamples)
		for j := range in.WarningSamples {
			in.WarningSamples[j].Input = FileName(in.WarningSamples[j].Input)
		}
	}
	return &c
}

// namesValid reports whether every input name of s is valid UTF-8.
func namesValid(s *analyze.Summary) bool {
	for _, in := range s.Inputs {
		if !utf8.ValidString(in.Path) {
			return false
		}
	}
	return true
}

// FileName returns a file name fit for JSON: as it is when it is valid
// UTF-8, else with each byte of invalid UTF-8 as \xHH and each backslash as
// \\, so that the name stays readable and tells apart the files it names.
func FileName(name string) string {
	if utf8.ValidString(name) {
		return name
	}
	var b strings.Builder
	for i := 0; i < len(name); {
		r, n := utf8.DecodeRuneInString(name[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			fmt.Fprintf(&b, "\\x%02x", name[i])
		case r == '\\':
			b.WriteString("\\\\")
		default:
			b.WriteString(name[i : i+n])
		}
		i += n
	}
	return b.String()
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
