package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/logscan/logscan/parser"
	"github.com/logscan/logscan/report"
)

// ParseCmd prints entries as JSON Lines.
type ParseCmd struct {
	Files     []string `arg:"" optional:"" name:"file" help:"Log files (plain or gzip); '-' or none reads standard input."`
	LogFormat string   `name:"log-format" placeholder:"NAME" help:"Access-log format name; detected when not given."`
	MaxLine   int      `name:"max-line" default:"1048576" help:"Longest line read in bytes (default ${default})."`
}

// Run implements the command: entries go to stdout, malformed lines to
// stderr as "file:line: reason".
func (c *ParseCmd) Run(e *env) error {
	forced, err := (&ReadFlags{LogFormat: c.LogFormat}).accessFormat()
	if err != nil {
		return err
	}
	files := c.Files
	if len(files) == 0 {
		files = []string{"-"}
	}
	inputs, failed := openAll(e, files, forced, nil)
	zone, _ := errorZone(inputs, nil)
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	errw := bufio.NewWriter(e.stderr)
	incomplete := false
	var buf []byte
	var ent parser.Entry
	for _, o := range inputs {
		if o.kind == "error" {
			sc := parser.NewErrorScanner(o.in, o.errfmt, c.MaxLine)
			sc.File = o.in.Name
			for sc.Next() {
				buf = report.AppendErrorEntryJSON(buf[:0], sc.Entry(), zone)
				if _, werr := out.Write(buf); werr != nil {
					return fmt.Errorf("write output: %w", werr)
				}
			}
			for _, pe := range sc.Malformed() {
				fmt.Fprintf(errw, "%s\n", report.Terminal(pe.Error()))
			}
			if err := sc.Err(); err != nil {
				incomplete = true
				fmt.Fprintf(errw, "logscan: warning: %s was read only up to the damage: %s\n", displayName(o.in.Name), oneLine(err.Error()))
			}
			o.in.Close()
			continue
		}
		r := bufio.NewReaderSize(o.in, 64<<10)
		var lineNo int64
		for {
			line, err := readLine(r, c.MaxLine)
			if len(line) > 0 || err == nil || err == errTooLong {
				lineNo++
			}
			if err == errTooLong {
				fmt.Fprintf(errw, "%s:%d: %v\n", report.Terminal(o.in.Name), lineNo, parser.ErrLineTooLong)
				continue
			}
			if len(line) > 0 || err == nil {
				line = bytes.TrimSuffix(line, []byte{'\r'})
				if perr := o.format.Parse(line, &ent); perr != nil {
					if len(bytes.TrimSpace(line)) > 0 {
						fmt.Fprintf(errw, "%s:%d: %v\n", report.Terminal(o.in.Name), lineNo, perr)
					}
				} else {
					buf = report.AppendEntryJSON(buf[:0], &ent)
					if _, werr := out.Write(buf); werr != nil {
						return fmt.Errorf("write output: %w", werr)
					}
				}
			}
			if err != nil {
				if err != io.EOF {
					incomplete = true
					fmt.Fprintf(errw, "logscan: warning: %s was read only up to the damage: %s\n", displayName(o.in.Name), oneLine(err.Error()))
				}
				break
			}
		}
		o.in.Close()
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	errw.Flush()
	switch {
	case failed:
		return &exitError{code: exitUsage}
	case incomplete:
		return &exitError{code: exitIncomplete}
	}
	return nil
}

var errTooLong = fmt.Errorf("line too long")

// readLine returns the next line without its newline. A line longer than max
// is consumed and reported as errTooLong without being held whole.
func readLine(r *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if len(line)+len(chunk) > max+1 {
			line = nil
			for err == bufio.ErrBufferFull {
				_, err = r.ReadSlice('\n')
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
			return nil, errTooLong
		}
		line = append(line, chunk...)
		if err == bufio.ErrBufferFull {
			continue
		}
		if err == nil {
			return line[:len(line)-1], nil
		}
		return line, err
	}
}
