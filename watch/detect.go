package watch

import (
	"github.com/logscan/logscan/parser"
)

// sampleLines is how many lines kind and format detection scores, as in
// scan.
const sampleLines = 100

// headBytes is how much of a file's start detection reads.
const headBytes = 256 << 10

// Input is one followed file as detected: its kind ("access", "error",
// "unknown", or "" until its first lines are there) and format.
type Input struct {
	Path string
	Kind string
	// Access is the access-log format (a per-line fallback chain when it
	// was detected); set for kinds access and unknown, and for error logs,
	// whose access lines (a file that mixes both) are read as requests.
	Access parser.Format
	// Error is the error-log format of an error log.
	Error parser.ErrorFormat
}

// Formats are the formats the flags force; nil detects per file.
type Formats struct {
	Access parser.Format
	Error  parser.ErrorFormat
}

// detect chooses the kind and format of a file from sample lines, as scan
// does (cmd/logscan's openInputs): every access format and every error
// format is scored on the first lines, the kind whose formats parse more
// of them wins, and a file no known format reads is "unknown" and read as
// combined, its lines malformed.
func detect(in *Input, sample [][]byte, forced Formats, known []parser.Format) {
	var af parser.Format
	var an int
	if forced.Access != nil {
		af, an = parser.DetectFormat(sample, []parser.Format{forced.Access})
		if af == nil {
			af = forced.Access
		}
	} else {
		af, an = parser.DetectFormat(sample, known)
	}
	var ef parser.ErrorFormat
	var en int
	if forced.Error != nil {
		ef = forced.Error
		var e parser.ErrorEntry
		for _, l := range sample {
			if ef.Parse(l, &e) == nil {
				en++
			}
		}
	} else {
		ef, en = parser.DetectErrorFormat(sample)
	}
	fallback := func(f parser.Format) parser.Format { return parser.NewFallback(f, known...) }
	switch {
	case en > an:
		in.Kind, in.Error = "error", ef
		in.Access = fallback(known[0])
	case forced.Access != nil:
		in.Kind, in.Access = "access", af
	case an > 0:
		in.Kind, in.Access = "access", fallback(af)
	default:
		in.Kind = "unknown"
		in.Access, _ = parser.LookupFormat("combined")
	}
}
