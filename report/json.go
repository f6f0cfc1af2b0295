package report

import (
	"encoding/json"
	"io"

	"github.com/logscan/logscan/analyze"
)

// JSON writes the summary as one indented JSON document of the logscan/v1
// schema (docs/json.md). encoding/json escapes control characters, and
// HTML-significant characters as \u003c and so on.
func JSON(w io.Writer, s *analyze.Summary) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}
