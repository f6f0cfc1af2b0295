package main

import (
	"bufio"
	"bytes"
	"embed"
	"fmt"
	"io"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/parser"
	"github.com/logscan/logscan/report"
)

//go:embed testdata/sample/*.log
var sampleFS embed.FS

// ScanCmd is the default command: read logs and print the report.
type ScanCmd struct {
	Files     []string `arg:"" optional:"" name:"file" help:"Log files (plain or gzip); '-' reads standard input."`
	Format    string   `short:"f" enum:"text,json" default:"text" help:"Output format: ${enum} (default ${default})."`
	JSON      bool     `help:"Short for --format json."`
	LogFormat string   `name:"log-format" placeholder:"NAME" help:"Access-log format name (see 'logscan formats'); detected when not given."`
	Top       int      `default:"10" help:"Rows in each top list (default ${default})."`
	Strict    bool     `help:"Exit 1 when any line is malformed or an input is incomplete."`
	MaxLine   int      `name:"max-line" default:"1048576" help:"Longest line read in bytes; longer lines are counted and skipped (default ${default})."`
	Workers   int      `short:"j" default:"0" help:"Parsing goroutines; 0 means one per core."`
	Color     string   `enum:"auto,always,never" default:"auto" help:"Colour in text output: ${enum} (default ${default}; NO_COLOR is respected)."`
	Demo      bool     `help:"Analyze the bundled sample logs instead of files."`
}

// Run implements the command.
func (c *ScanCmd) Run(e *env) error {
	if c.JSON {
		c.Format = "json"
	}
	files := c.Files
	if c.Demo {
		if len(files) > 0 {
			return usageError("--demo takes no files")
		}
		return c.runDemo(e)
	}
	if len(files) == 0 {
		files = []string{"-"}
	}
	return c.scan(e, files)
}

func (c *ScanCmd) runDemo(e *env) error {
	entries, err := sampleFS.ReadDir("testdata/sample")
	if err != nil {
		return err
	}
	var all bytes.Buffer
	for _, de := range entries {
		b, err := sampleFS.ReadFile("testdata/sample/" + de.Name())
		if err != nil {
			return err
		}
		all.Write(b)
	}
	e2 := *e
	e2.stdin = &all
	e2.stdinName = "sample"
	return c.scan(&e2, []string{"-"})
}

func (c *ScanCmd) scan(e *env, files []string) error {
	var forced parser.Format
	if c.LogFormat != "" {
		f, ok := parser.LookupFormat(c.LogFormat)
		if !ok {
			return usageError("unknown log format %q (see 'logscan formats')", c.LogFormat)
		}
		forced = f
	}
	if c.MaxLine < 64 {
		return usageError("--max-line must be at least 64 bytes")
	}
	inputs, failed := openAll(e, files, forced)
	if len(inputs) == 0 {
		return &exitError{code: exitUsage, err: fmt.Errorf("no input could be read")}
	}
	opts := analyze.ScanOptions{Options: analyze.DefaultOptions(), Workers: c.Workers, MaxLine: c.MaxLine}
	sum, incomplete := scanAll(e, inputs, opts, analyze.SummaryOptions{TopN: c.Top})
	out := bufio.NewWriterSize(e.stdout, 64<<10)
	if err := c.render(out, e, sum); err != nil {
		return err
	}
	if err := out.Flush(); err != nil {
		return fmt.Errorf("write output: %w", err)
	}
	switch {
	case failed:
		return &exitError{code: exitUsage}
	case c.Strict && (incomplete || sum.Malformed > 0):
		return &exitError{code: exitFailed, err: fmt.Errorf("--strict: %d malformed line(s), incomplete input: %v", sum.Malformed, incomplete)}
	case incomplete:
		return &exitError{code: exitIncomplete}
	}
	return nil
}

func (c *ScanCmd) render(w io.Writer, e *env, sum *analyze.Summary) error {
	switch c.Format {
	case "json":
		return report.JSON(w, sum)
	default:
		color := c.Color == "always" || (c.Color == "auto" && e.stdoutTTY && !e.noColor)
		return report.Text(w, sum, report.TextOptions{Color: color})
	}
}
