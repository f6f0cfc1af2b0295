package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
	"github.com/logscan/logscan/report"
)

// ParseCmd prints entries as JSON Lines.
type ParseCmd struct {
	Files     []string `arg:"" optional:"" name:"file" help:"Log files (plain or gzip); '-' or none reads standard input."`
	LogFormat string   `name:"log-format" placeholder:"NAME" help:"Access-log format name; detected when not given."`
	MaxLine   int      `name:"max-line" default:"1048576" help:"Longest line read in bytes, 64 to 1073741824 (1 GiB) (default ${default})."`
}

// Run implements the command: entries go to stdout, malformed lines to
// stderr as "file:line: reason". Lines are read and counted as `logscan
// scan` reads them (the same block reader, line numbers and line limit).
// Log text reaches stdout only inside JSON strings, with C0 and C1 controls
// and bidirectional-formatting characters escaped, and stderr only through
// [report.Terminal].
func (c *ParseCmd) Run(e *env) error {
	forced, err := (&ReadFlags{LogFormat: c.LogFormat}).accessFormat()
	if err != nil {
		return err
	}
	if err := checkMaxLine(c.MaxLine); err != nil {
		return err
	}
	files, err := defaultFiles(e, c.Files)
	if err != nil {
		return err
	}
	inputs, failed := openAll(e, files, forced, nil)
	zone, _ := errorZone(inputs, nil)
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	errw := bufio.NewWriter(e.stderr)
	incomplete := false
	var buf []byte
	write := func(b []byte) error {
		if _, werr := out.Write(report.TerminalJSON(b)); werr != nil {
			return fmt.Errorf("write output: %w", werr)
		}
		return nil
	}
	warn := func(o opened, lines int64, err error) {
		incomplete = true
		fmt.Fprintf(errw, "logscan: warning: %s was read only up to the damage (%d lines, %d bytes of the file): %s\n",
			report.Terminal(displayName(o.in.Name)), lines, o.in.Consumed(), report.Terminal(oneLine(err.Error())))
	}
	var ent parser.Entry
	pool := input.NewPool(1)
	blockSize := max(4<<20, 2*c.MaxLine)
	for _, o := range inputs {
		name := report.Terminal(o.in.Name)
		if o.kind == "state" {
			// A state holds counts, not entries.
			fmt.Fprintf(errw, "logscan: cannot read %s: a state file holds counts, not entries; parse reads logs\n", name)
			failed = true
			o.in.Close()
			continue
		}
		if o.kind == "error" {
			sc := parser.NewErrorScanner(o.in, o.errfmt, c.MaxLine)
			sc.File = o.in.Name
			for sc.Next() {
				buf = report.AppendErrorEntryJSON(buf[:0], sc.Entry(), zone)
				if err := write(buf); err != nil {
					return err
				}
			}
			for _, pe := range sc.Malformed() {
				pe.File = name // escaped; the error quotes log text with %q
				fmt.Fprintf(errw, "%s\n", report.TerminalMessage(pe.Error()))
			}
			if err := sc.Err(); err != nil {
				warn(o, int64(sc.Counts().Lines), err)
			}
			o.in.Close()
			continue
		}
		br := input.NewBlockReader(o.in, 0, blockSize, pool)
		var lines int64
		for {
			b, err := br.Next()
			if err != nil {
				if !errors.Is(err, io.EOF) {
					warn(o, lines, err)
				}
				break
			}
			for k := range b.Skipped {
				fmt.Fprintf(errw, "%s:%d: %v\n", name, b.SkippedLine+k, parser.ErrLineTooLong)
			}
			lines += b.Skipped
			data, lineNo := b.Data, b.FirstLine
			for ; len(data) > 0; lineNo++ {
				var line []byte
				if i := bytes.IndexByte(data, '\n'); i >= 0 {
					line, data = data[:i], data[i+1:]
				} else {
					line, data = data, nil
				}
				line = input.TrimLeadingNULs(bytes.TrimSuffix(line, []byte{'\r'}))
				lines++
				if len(line) > c.MaxLine {
					fmt.Fprintf(errw, "%s:%d: %v\n", name, lineNo, parser.ErrLineTooLong)
					continue
				}
				if perr := o.format.Parse(line, &ent); perr != nil {
					if !blankLine(line) {
						fmt.Fprintf(errw, "%s:%d: %s\n", name, lineNo, report.TerminalMessage(perr.Error()))
					}
					continue
				}
				buf = report.AppendEntryJSON(buf[:0], &ent)
				if err := write(buf); err != nil {
					pool.Release(b)
					return err
				}
			}
			pool.Release(b)
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

// blankLine reports whether a line holds only spaces, tabs and NUL bytes,
// which `logscan scan` counts as blank.
func blankLine(l []byte) bool {
	for _, c := range l {
		if c != ' ' && c != '\t' && c != 0 {
			return false
		}
	}
	return true
}
