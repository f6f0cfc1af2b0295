package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/export"
	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
	"github.com/logscan/logscan/report"
)

// ParseCmd prints entries as JSON Lines or writes them as Parquet.
type ParseCmd struct {
	InputFlags
	Format   string `short:"f" enum:"auto,jsonl,parquet" default:"auto" help:"Output format: ${enum} (auto: parquet when --out ends in .parquet, else JSON Lines)."`
	Out      string `short:"o" placeholder:"FILE" help:"Write the entries to FILE instead of standard output: a regular file atomically (temporary file, then rename), through a symbolic link to its target, a device, FIFO or socket directly; '-' is standard output; never over an input."`
	ErrorOut string `name:"error-out" placeholder:"FILE" help:"With --format parquet: also write the entries of the error logs to FILE (their own schema); the error logs of the run always serve as evidence for the access entries' cause column."`

	CPUProfile string `name:"cpuprofile" hidden:"" placeholder:"FILE" help:"Write a CPU profile (for development)."`
}

// Run implements the command. Lines are read and counted as `logscan scan`
// reads them (the same block reader, line numbers, line limit, formats,
// zone and window). Malformed and over-long lines go to stderr as
// "file:line: reason", and are not written. Log text reaches stdout only
// inside JSON strings, with C0 and C1 controls and bidirectional-formatting
// characters escaped (Parquet holds it as logged, invalid UTF-8 replaced),
// and stderr only through [report.Terminal].
func (c *ParseCmd) Run(e *env) error {
	if c.Out == "-" {
		c.Out = ""
	}
	if c.Format == "auto" {
		c.Format = "jsonl"
		if strings.EqualFold(filepath.Ext(c.Out), ".parquet") {
			c.Format = "parquet"
		}
	}
	if c.ErrorOut != "" && c.Format != "parquet" {
		return usageError("--error-out writes Parquet: give --format parquet (or -o FILE.parquet)")
	}
	if c.Format == "parquet" && c.Out == "" && e.stdoutTTY {
		return usageError("--format parquet writes binary data: give -o FILE or redirect standard output")
	}
	set, err := c.setup(e)
	if err != nil {
		return err
	}
	files, err := defaultFiles(e, c.Files)
	if err != nil {
		return err
	}
	c.Files = files
	for _, out := range []string{c.Out, c.ErrorOut, c.CPUProfile} {
		if out != "" {
			if err := notAnInput(out, files); err != nil {
				return err
			}
		}
	}
	if c.Out != "" && c.ErrorOut != "" {
		if a, b := absPath(c.Out), absPath(c.ErrorOut); a == b {
			return usageError("-o and --error-out name the same file")
		}
	}
	if c.CPUProfile != "" {
		stop, err := startCPUProfile(c.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	inputs, failed := openAll(e, files, set.forced, set.forcedErr)
	p := &parseRun{c: c, e: e, set: set, failed: failed}
	p.errw = bufio.NewWriter(clearBar{w: e.stderr, on: &p.barOn})
	defer p.errw.Flush()
	var keep []opened
	for _, o := range inputs {
		if o.kind == "state" {
			// A state holds counts, not entries.
			fmt.Fprintf(p.errw, "logscan: cannot read %s: a state file holds counts, not entries; parse reads logs\n", report.Terminal(o.in.Name))
			p.failed = true
			o.in.Close()
			continue
		}
		keep = append(keep, o)
	}
	p.inputs = keep
	if len(keep) == 0 {
		// Nothing to write: no file appears, as no report does in scan.
		return &exitError{code: exitUsage, err: fmt.Errorf("no input could be read")}
	}
	p.zones, _ = errorZones(keep, set.tz)
	if c.Format == "parquet" {
		err = p.parquet()
	} else {
		err = p.jsonl()
	}
	if err != nil {
		return err
	}
	if err := p.errw.Flush(); err != nil {
		return nil // stderr is gone; nothing to tell
	}
	switch {
	case p.failed:
		return &exitError{code: exitUsage}
	case c.Strict && (p.incomplete || p.malformed > 0):
		why := fmt.Sprintf("%d malformed line(s)", p.malformed)
		if p.incomplete {
			why = "an input was read only in part"
			if p.malformed > 0 {
				why = fmt.Sprintf("%d malformed line(s); an input was read only in part", p.malformed)
			}
		}
		return &exitError{code: exitFailed, err: fmt.Errorf("--strict: not passing: %s", why)}
	case p.incomplete:
		return &exitError{code: exitIncomplete}
	}
	return nil
}

// absPath is path made absolute, or path when that fails.
func absPath(path string) string {
	if a, err := filepath.Abs(path); err == nil {
		return a
	}
	return path
}

// parseRun is one run of parse: the inputs opened, and what went wrong.
type parseRun struct {
	c      *ParseCmd
	e      *env
	set    inputSetup
	inputs []opened
	zones  []*time.Location // per input, as errorZones chose them
	errw   *bufio.Writer
	// failed: an input could not be read at all; incomplete: one was read
	// only in part; malformed counts the lines not written (malformed or
	// too long).
	failed     bool
	incomplete bool
	malformed  int64
	// barOn is set while the progress bar is drawn.
	barOn atomic.Bool
}

// clearBar writes to stderr, first erasing the progress bar's line when
// one is drawn, so that a line reported while reading starts on a line of
// its own (the bar redraws itself below).
type clearBar struct {
	w  io.Writer
	on *atomic.Bool
}

func (c clearBar) Write(p []byte) (int, error) {
	if c.on.Load() {
		if _, err := io.WriteString(c.w, "\r\x1b[K"); err != nil {
			return 0, err
		}
	}
	return c.w.Write(p)
}

// window returns the window in Unix nanoseconds (0: unbounded).
func (p *parseRun) window() (since, until int64) {
	if p.set.since != nil {
		since = p.set.since.UnixNano()
	}
	if p.set.until != nil {
		until = p.set.until.UnixNano()
	}
	return since, until
}

// warn reports an input read only up to damage.
func (p *parseRun) warn(o opened, lines int64, err error) {
	p.incomplete = true
	fmt.Fprintf(p.errw, "logscan: warning: %s was read only up to the damage (%d lines, %d bytes of the file): %s\n",
		report.Terminal(displayName(o.in.Name)), lines, o.in.Consumed(), report.Terminal(oneLine(err.Error())))
}

// problem reports a line not written.
func (p *parseRun) problem(name string, line int64, err error) {
	p.malformed++
	fmt.Fprintf(p.errw, "%s:%d: %s\n", report.Terminal(name), line, report.TerminalMessage(err.Error()))
}

// progress starts the progress bar over the access logs, when asked for.
func (p *parseRun) progress() *progress {
	c := p.c
	if c.Quiet || !(c.Progress == "always" || (c.Progress == "auto" && p.e.stderrTTY)) {
		return nil
	}
	var ins []*input.Input
	for _, o := range p.inputs {
		if o.kind != "error" {
			ins = append(ins, o.in)
		}
	}
	bar := startProgress(p.e.stderr, ins)
	p.barOn.Store(bar != nil)
	return bar
}

// stopProgress erases the progress bar.
func (p *parseRun) stopProgress(bar *progress) {
	p.barOn.Store(false)
	bar.Stop()
}

// inWindow reports whether an error-log entry read in loc is inside the
// window (an entry without a time always is, as in scan).
func (p *parseRun) inWindow(ent *parser.ErrorEntry, loc *time.Location, since, until int64) bool {
	if !ent.HasTime || since == 0 && until == 0 {
		return true
	}
	t := ent.Timestamp(loc).UnixNano()
	return (since == 0 || t >= since) && (until == 0 || t < until)
}

// errorWrite takes an error-log entry read in loc, with the id of the
// cause its message names ("" when none), and the file and line it came
// from.
type errorWrite func(ent *parser.ErrorEntry, loc *time.Location, cause, file string, line int64) error

// readErrorLogs reads every error log of the run, in order, building the
// evidence its access entries are matched against (nil when the run has no
// error log) and handing each entry in the window to write, when not nil.
func (p *parseRun) readErrorLogs(write errorWrite) (*analyze.Evidence, error) {
	var b *analyze.EvidenceBuilder
	for i, o := range p.inputs {
		if o.kind != "error" {
			continue
		}
		if b == nil {
			b = analyze.NewEvidenceBuilder(analyze.Rules)
		}
		if err := p.readErrorLog(o, p.zones[i], b, write); err != nil {
			return nil, err
		}
	}
	if b == nil {
		return nil, nil
	}
	return b.Evidence(), nil
}

// errorMatcher finds the cause an error-log message names.
var errorMatcher = analyze.NewMatcher(analyze.Rules)

// readErrorLog reads one error log in loc, its entries matched into b
// (when not nil) and handed to write (when not nil) if inside the window;
// its malformed lines are reported, and it is closed.
func (p *parseRun) readErrorLog(o opened, loc *time.Location, b *analyze.EvidenceBuilder, write errorWrite) error {
	defer o.in.Close()
	since, until := p.window()
	server := "apache"
	if o.errfmt.Name() == parser.NameNginxError {
		server = "nginx"
	}
	sc := parser.NewErrorScanner(o.in, o.errfmt, p.c.MaxLine)
	sc.File = o.in.Name
	for sc.Next() {
		ent := sc.Entry()
		if b != nil {
			var t int64
			if ent.HasTime {
				t = ent.Timestamp(loc).UnixNano()
			}
			ev := analyze.ErrorEvent{Time: t, Connection: ent.Connection, Errno: ent.ErrnoNum, Server: server,
				Code: ent.Code, Message: ent.Message, Request: ent.Request, Client: ent.Client}
			if r := b.Match(&ev); r >= 0 {
				ev.Example = analyze.Sample{Input: o.in.Name, Line: int64(sc.Line())}
				b.Keep(&ev, r)
			}
		}
		if write == nil || !p.inWindow(ent, loc, since, until) {
			continue
		}
		cause := ""
		if r := errorMatcher.Match(ent.Code, ent.ErrnoNum, ent.Message); r >= 0 {
			cause = analyze.Rules[r].Cause
		}
		if err := write(ent, loc, cause, o.in.Name, int64(sc.Line())); err != nil {
			return err
		}
	}
	for _, pe := range sc.Malformed() {
		pe.File = report.Terminal(o.in.Name) // escaped; the error quotes log text with %q
		fmt.Fprintf(p.errw, "%s\n", report.TerminalMessage(pe.Error()))
	}
	p.malformed += int64(sc.Counts().Malformed + sc.Counts().TooLong)
	if err := sc.Err(); err != nil {
		p.warn(o, int64(sc.Counts().Lines), err)
	}
	return nil
}

// parquet writes the entries as Parquet: the access logs to -o (their
// entries carrying the cause the error logs or the request itself give),
// the error logs to --error-out, or to -o when the run has no access log.
func (p *parseRun) parquet() error {
	c := p.c
	var access []export.Input
	var accessOpened []opened
	for _, o := range p.inputs {
		if o.kind != "error" {
			access = append(access, export.Input{Name: o.in.Name, Reader: closeAtEnd{o.in}, Format: o.format})
			accessOpened = append(accessOpened, o)
		}
	}
	createdBy := versionText()
	writeErrors := func(path string) (*analyze.Evidence, error) {
		var ev *analyze.Evidence
		var n int64
		render := func(w io.Writer) error {
			ew := export.NewErrorWriter(w, createdBy)
			var err error
			ev, err = p.readErrorLogs(func(ent *parser.ErrorEntry, loc *time.Location, cause, file string, line int64) error {
				n++
				return ew.Write(ent, loc, cause, file, line)
			})
			if err != nil {
				return err
			}
			return ew.Close()
		}
		if err := p.output(path, render); err != nil {
			return nil, err
		}
		p.note(n, "error-log entries", path)
		return ev, nil
	}
	var ev *analyze.Evidence
	var err error
	switch {
	case len(access) == 0:
		_, err = writeErrors(c.Out)
		return err
	case c.ErrorOut != "":
		ev, err = writeErrors(c.ErrorOut)
	default:
		ev, err = p.readErrorLogs(nil)
	}
	if err != nil {
		return err
	}
	since, until := p.window()
	opts := export.Options{Workers: c.Workers, BlockSize: c.BlockSize, SegmentBlocks: c.SegmentBlocks, MaxLine: c.MaxLine,
		Zone: p.set.tz, Since: since, Until: until, CreatedBy: createdBy,
		Cause: func(e *parser.Entry) string { return analyze.EntryCause(ev, e) },
		Problem: func(in int, line int64, err error) {
			p.problem(access[in].Name, line, err)
		}}
	var counts []export.Counts
	var errs []error
	render := func(w io.Writer) error {
		bar := p.progress()
		var werr error
		counts, errs, werr = export.WriteAccess(w, access, opts)
		p.stopProgress(bar)
		return werr
	}
	if err := p.output(c.Out, render); err != nil {
		return err
	}
	var entries int64
	for i, err := range errs {
		entries += counts[i].Entries
		if err != nil {
			p.warn(accessOpened[i], counts[i].Lines, err)
		}
		accessOpened[i].in.Close()
	}
	p.note(entries, "access-log entries", c.Out)
	return nil
}

// output writes what render produces to path (standard output when "").
func (p *parseRun) output(path string, render func(io.Writer) error) error {
	if path == "" {
		return writeTo(p.e.stdout, "standard output", render)
	}
	return writeOutput(path, p.e.stdout, p.c.Files, render)
}

// note says on stderr how many entries went where, and how many lines
// were left out, unless --quiet (the lines left out are said all the
// same).
func (p *parseRun) note(n int64, what, path string) {
	if path == "" {
		path = "standard output"
	}
	if !p.c.Quiet || p.malformed > 0 {
		fmt.Fprintf(p.errw, "logscan: wrote %d %s to %s; %d malformed or too long line(s) left out\n", n, what, report.Terminal(path), p.malformed)
	}
}

// jsonl prints the entries as JSON Lines, inputs in the order given.
func (p *parseRun) jsonl() error {
	c := p.c
	since, until := p.window()
	var buf []byte
	render := func(w io.Writer) error {
		write := func(b []byte) error {
			if _, err := w.Write(report.TerminalJSON(b)); err != nil {
				return fmt.Errorf("write output: %w", err)
			}
			return nil
		}
		var ent parser.Entry
		pool := input.NewPool(1)
		blockSize := max(4<<20, 2*c.MaxLine)
		bar := p.progress()
		defer p.stopProgress(bar)
		for i, o := range p.inputs {
			name := o.in.Name
			if o.kind == "error" {
				err := p.readErrorLog(o, p.zones[i], nil, func(ent *parser.ErrorEntry, loc *time.Location, _, _ string, _ int64) error {
					buf = report.AppendErrorEntryJSON(buf[:0], ent, loc)
					return write(buf)
				})
				if err != nil {
					return err
				}
				continue
			}
			br := input.NewBlockReader(o.in, 0, blockSize, pool)
			var lines int64
			for {
				b, err := br.Next()
				if err != nil {
					if !errors.Is(err, io.EOF) {
						p.warn(o, lines, err)
					}
					break
				}
				for k := range b.Skipped {
					p.problem(name, b.SkippedLine+k, parser.ErrLineTooLong)
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
						p.problem(name, lineNo, parser.ErrLineTooLong)
						continue
					}
					if perr := o.format.Parse(line, &ent); perr != nil {
						if !blankLine(line) {
							p.problem(name, lineNo, perr)
						}
						continue
					}
					if ent.HasTime && !ent.HasZone && p.set.tz != nil {
						_, off := time.Unix(0, ent.Time).In(p.set.tz).Zone()
						ent.Time -= int64(off) * 1e9
						ent.Offset, ent.HasZone = int32(off), true
					}
					if ent.HasTime && (since != 0 && ent.Time < since || until != 0 && ent.Time >= until) {
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
		return nil
	}
	return p.output(c.Out, render)
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
