package main

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/parser"
)

// sampleLines is how many non-blank lines format detection scores.
const sampleLines = 100

// opened is an input after opening and format detection.
type opened struct {
	in     *parser.Input
	format parser.Format
	kind   string
}

// openAll opens every named input and detects its format (or uses forced).
// Inputs that cannot be opened are reported on stderr and left out; failed
// reports whether any was.
func openAll(e *env, names []string, forced parser.Format) (inputs []opened, failed bool) {
	for _, name := range names {
		in, err := parser.Open(name, e.stdin)
		if err != nil {
			fmt.Fprintf(e.stderr, "logscan: cannot read %s: %s\n", displayName(name), describeOpenError(err))
			failed = true
			continue
		}
		if name == "-" && e.stdinName != "" {
			in.Name = e.stdinName
		}
		o := opened{in: in, kind: "access", format: forced}
		if o.format == nil {
			head, whole, _ := in.Peek()
			lines := parser.SampleLines(head, sampleLines, whole)
			f, n := parser.DetectFormat(lines, parser.AccessFormats())
			if n == 0 {
				f, _ = parser.LookupFormat("combined")
				if len(lines) > 0 {
					o.kind = "unknown"
				}
			}
			o.format = f
		}
		inputs = append(inputs, o)
	}
	return inputs, failed
}

func describeOpenError(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, parser.ErrIsDirectory):
		return "is a directory"
	}
	return oneLine(err.Error())
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// scanAll reads the opened inputs and returns the summary and whether any
// input was read only in part.
func scanAll(e *env, inputs []opened, so analyze.ScanOptions, sum analyze.SummaryOptions) (*analyze.Summary, bool) {
	access := make([]analyze.AccessInput, len(inputs))
	meta := make([]analyze.InputMeta, len(inputs))
	for i, o := range inputs {
		access[i] = analyze.AccessInput{Name: o.in.Name, Reader: o.in, Format: o.format}
		meta[i] = analyze.InputMeta{Path: o.in.Name, Kind: o.kind, Format: o.format.Name()}
	}
	p, errs := analyze.Scan(access, so)
	incomplete := false
	for i, err := range errs {
		if err != nil {
			incomplete = true
			meta[i].Err = err
			fmt.Fprintf(e.stderr, "logscan: warning: %s was read only up to the damage (%d bytes of the file): %s\n",
				displayName(inputs[i].in.Name), inputs[i].in.Consumed(), oneLine(err.Error()))
		}
		inputs[i].in.Close()
	}
	return analyze.Summarize(p, meta, sum), incomplete
}
