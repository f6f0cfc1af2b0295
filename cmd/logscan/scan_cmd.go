package main

import (
	"bufio"
	"embed"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
	"github.com/logscan/logscan/report"
)

//go:embed testdata/sample/*.log
var sampleFS embed.FS

// ReadFlags are the flags that say what to read and how to summarize it;
// shared by the commands that report on logs.
type ReadFlags struct {
	InputFlags
	GroupPaths     []string `name:"group-paths" placeholder:"RULE" sep:"none" help:"Fold ids in paths (/users/42 → /users/:id), with an optional user RULE REGEXP=REPLACEMENT applied first (matched at the start of the path); repeatable."`
	Group          bool     `name:"group" help:"Fold numeric, UUID and hex ids in paths into placeholders."`
	AllCauses      bool     `name:"all-causes" help:"List every textbook cause of a code (default: the confirmed ones and the first two textbook ones)."`
	VHost          []string `name:"vhost" placeholder:"NAME" help:"Count only the requests of virtual host NAME (compared without case; repeatable); the others are counted as out of the window."`
	Include        []string `name:"include" placeholder:"KEY=VALUE" sep:"none" help:"Count only the entries that match: client=ADDRESS or CIDR, path=GLOB (as path.Match, without the query), agent=SUBSTRING, vhost=NAME; repeatable (alternatives of one key, all keys must match)."`
	Exclude        []string `name:"exclude" placeholder:"KEY=VALUE" sep:"none" help:"Leave out the entries that match (same keys as --include); repeatable."`
	IgnoreCrawlers bool     `name:"ignore-crawlers" help:"Leave out the requests of crawlers (user agents the published bot lists name)."`
	HistoryFlags
	Source string `name:"source" placeholder:"NAME" help:"Name of the machine the logs come from, kept in state files (default: this host's name): pieces of the same log from the same source are joined in time order, those of different sources never."`
}

// InputFlags are the flags that say what to read and how: the inputs, their
// formats, the time window and zone, the limits and the workers; shared by
// every command that reads logs (scan, check, parse).
type InputFlags struct {
	Files          []string      `arg:"" optional:"" name:"file" help:"Log files (plain or gzip, access or error logs); '-' or none reads standard input."`
	LogFormat      string        `name:"log-format" placeholder:"FORMAT" help:"Access-log format: a name (see 'logscan formats'), an Apache LogFormat string or an nginx log_format string; detected when not given."`
	ServerConfig   string        `name:"server-config" placeholder:"FILE" help:"Read the access-log format from an Apache or nginx configuration file (LogFormat / log_format)."`
	LogFormatName  string        `name:"log-format-name" placeholder:"NAME" help:"With --server-config: the format to use (default: the one access_log/CustomLog uses, else combined)."`
	JSONField      []string      `name:"json-field" placeholder:"FIELD=KEY" sep:"none" help:"For JSON logs: read FIELD (status, client, time, request, ...) from KEY; repeatable."`
	ErrorLogFormat string        `name:"error-log-format" placeholder:"FORMAT" help:"Apache ErrorLogFormat string for error logs written in a custom layout."`
	Since          string        `placeholder:"WHEN" help:"Count only entries at or after WHEN: RFC 3339, a date (2026-11-24), today, yesterday, or a duration back from now (24h, 90m, 7d)."`
	Until          string        `placeholder:"WHEN" help:"Count only entries before WHEN (same forms as --since)."`
	TZ             string        `name:"tz" placeholder:"ZONE" help:"Time zone for display and for timestamps logged without an offset (e.g. Europe/Berlin, UTC); default: the log's own offset."`
	MaxLine        int           `name:"max-line" default:"1048576" help:"Longest line read in bytes, 64 to 1073741824 (1 GiB); longer lines are counted and skipped (default ${default})."`
	Workers        int           `short:"j" default:"0" help:"Parsing goroutines, at most 1024; 0 means one per core."`
	Strict         bool          `help:"Exit 1 when any line is malformed or an input is incomplete."`
	Quiet          bool          `short:"q" help:"Print nothing on standard error unless something is wrong (for cron); no progress bar."`
	Progress       string        `enum:"auto,always,never" default:"auto" help:"Progress bar on standard error: ${enum} (auto: only on a terminal, for large inputs)."`
	BlockSize      int           `name:"block-size" hidden:"" default:"0" help:"Bytes per block read (for development and tests; default 4 MiB)."`
	SegmentBlocks  int           `name:"segment-blocks" hidden:"" default:"0" help:"Blocks per segment counted apart (for development and tests; default 8)."`
	ReadTimeout    time.Duration `name:"read-timeout" placeholder:"DURATION" help:"Give up on an input that can block (a FIFO, a pipe, standard input) when it gives no data for DURATION, or a FIFO no writer opens (default: wait)."`
}

// inputSetup is what [InputFlags.setup] reads from the flags.
type inputSetup struct {
	forced    parser.Format      // the access format forced, or nil
	forcedErr parser.ErrorFormat // the error format forced, or nil
	tz        *time.Location     // --tz, or nil
	// since and until are the window (nil: unbounded).
	since, until *time.Time
}

// setup checks the input flags and reads what they give, as usage errors;
// it sets e.readTimeout.
func (f *InputFlags) setup(e *env) (inputSetup, error) {
	var s inputSetup
	forced, err := f.accessFormat()
	if err != nil {
		return s, err
	}
	s.forced = forced
	if err := checkMaxLine(f.MaxLine); err != nil {
		return s, err
	}
	if f.Workers < 0 || f.BlockSize < 0 || f.SegmentBlocks < 0 {
		return s, usageError("-j, --block-size and --segment-blocks take numbers of at least 0")
	}
	if f.Workers > maxWorkers {
		return s, usageError("-j: at most %d parsing goroutines, got %d", maxWorkers, f.Workers)
	}
	if f.BlockSize > maxBlockSize || f.SegmentBlocks > maxSegmentBlocks {
		return s, usageError("--block-size takes at most %d bytes and --segment-blocks at most %d", maxBlockSize, maxSegmentBlocks)
	}
	if f.TZ != "" {
		loc, err := parseZone(f.TZ)
		if err != nil {
			return s, usageError("--tz: %v", err)
		}
		s.tz = loc
	}
	zone := s.tz
	if zone == nil {
		zone = time.Local
	}
	if f.Since != "" {
		t, err := parseWhen(f.Since, e.now(), zone)
		if err != nil {
			return s, usageError("--since: %v", err)
		}
		s.since = &t
	}
	if f.Until != "" {
		t, err := parseWhen(f.Until, e.now(), zone)
		if err != nil {
			return s, usageError("--until: %v", err)
		}
		s.until = &t
	}
	if s.since != nil && s.until != nil && !s.until.After(*s.since) {
		return s, usageError("--until must be after --since")
	}
	if f.ErrorLogFormat != "" {
		ef, err := parser.CompileErrorLogFormat(f.ErrorLogFormat)
		if err != nil {
			return s, usageError("--error-log-format: %v", err)
		}
		s.forcedErr = ef
	}
	if f.ReadTimeout < 0 {
		return s, usageError("--read-timeout takes a duration of at least 0")
	}
	e.readTimeout = f.ReadTimeout
	return s, nil
}

// ScanCmd is the default command: read logs and print the report.
type ScanCmd struct {
	ReadFlags
	Format string `short:"f" enum:"auto,state,${formats}" default:"auto" help:"Output format: ${enum} (auto: text, or inferred from --out's extension: .txt .json .md .html .csv .state); state writes the mergeable state (docs/state.md) instead of a report."`
	JSON   bool   `help:"Short for --format json."`
	Out    string `short:"o" placeholder:"FILE" help:"Write the report to FILE instead of standard output: a regular file atomically (temporary file, then rename, keeping its mode), through a symbolic link to its target, a device, FIFO or socket directly; '-' is standard output."`
	Top    int    `default:"10" help:"Rows in each top list (default ${default}; 0 for none)."`
	Bucket string `placeholder:"DURATION" help:"Timeline bucket size (1m, 5m, 1h, 24h); chosen from the time span when not given."`
	Color  string `enum:"auto,always,never" default:"auto" help:"Colour in text output: ${enum} (default ${default}; NO_COLOR is respected)."`
	Demo   bool   `help:"Analyze the bundled sample logs instead of files."`

	CPUProfile string `name:"cpuprofile" hidden:"" placeholder:"FILE" help:"Write a CPU profile (for development)."`
}

// Run implements the command.
func (c *ScanCmd) Run(e *env) error {
	if c.JSON {
		c.Format = "json"
	}
	if c.Out == "-" {
		c.Out = "" // standard output
	}
	if c.Format == "auto" {
		c.Format = "text"
		if c.Out != "" {
			if f, ok := report.FormatForPath(c.Out); ok {
				c.Format = f
			} else if strings.HasSuffix(strings.ToLower(c.Out), ".state") {
				c.Format = "state"
			}
		}
	}
	if c.Demo {
		if len(c.Files) > 0 {
			return usageError("--demo takes no files")
		}
		entries, err := sampleFS.ReadDir("testdata/sample")
		if err != nil {
			return err
		}
		e2 := *e
		e2.virtual = map[string][]byte{}
		for _, de := range entries {
			b, err := sampleFS.ReadFile("testdata/sample/" + de.Name())
			if err != nil {
				return err
			}
			name := "sample/" + de.Name()
			e2.virtual[name] = b
			c.Files = append(c.Files, name)
		}
		e = &e2
	}
	if c.History == "" || len(c.Files) > 0 {
		files, err := defaultFiles(e, c.Files)
		if err != nil {
			return err
		}
		c.Files = files
	}
	// Refuse to write over an input before reading anything.
	for _, out := range []string{c.Out, c.CPUProfile} {
		if out != "" {
			if err := notAnInput(out, c.Files); err != nil {
				return err
			}
		}
	}
	if c.CPUProfile != "" {
		stop, err := startCPUProfile(c.CPUProfile)
		if err != nil {
			return err
		}
		defer stop()
	}
	res, err := c.read(e)
	if err != nil {
		return err
	}
	render := func(w io.Writer) error { return c.render(w, e, res.summary) }
	if c.Format == "state" {
		if c.Out == "" && e.stdoutTTY {
			return usageError("--format state writes binary data: give -o FILE or redirect standard output")
		}
		render = res.state.Encode
	}
	if c.Out != "" {
		if err := writeOutput(c.Out, e.stdout, c.Files, render); err != nil {
			return err
		}
	} else {
		out := bufio.NewWriterSize(e.stdout, 64<<10)
		if err := render(out); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return fmt.Errorf("write output: %w", err)
		}
	}
	return res.exit(c.Strict)
}

// Bounds of the flags that size memory: a larger value is a usage error
// rather than a giant allocation or a crash.
const (
	maxWorkers       = 1024    // -j
	maxLineLimit     = 1 << 30 // --max-line, 1 GiB
	maxBlockSize     = 1 << 30 // --block-size
	maxSegmentBlocks = 1 << 10 // --segment-blocks
)

// checkMaxLine checks a --max-line value: at least 64 bytes, at most 1 GiB.
func checkMaxLine(n int) error {
	switch {
	case n < 64:
		return usageError("--max-line must be at least 64 bytes")
	case n > maxLineLimit:
		return usageError("--max-line: at most %d bytes (1 GiB), got %d", maxLineLimit, n)
	}
	return nil
}

// readResult is a summary with what went wrong while reading.
type readResult struct {
	state      *analyze.State
	summary    *analyze.Summary
	failed     bool // an input could not be opened
	incomplete bool // an input was read only in part
	// noInput is set when no input could be read at all (state and
	// summary are nil).
	noInput bool
	// inputs says what became of each input named, in the order given.
	inputs []report.CheckInput
	// nothingRead is set when the inputs had lines but not one of them
	// could be read (see nothingRead).
	nothingRead bool
}

// nothingRead reports whether the inputs held lines that are not blank (nor
// over --max-line), yet no line of any input was read as an entry (or a continuation): no
// known format fits them.
func nothingRead(s *analyze.Summary) bool {
	var lines, read int64
	for _, in := range s.Inputs {
		lines += in.Lines - in.Blank - in.TooLong // lines over --max-line are skipped by request
		read += in.Entries + in.OutOfWindow + in.Continuation + in.Foreign
	}
	return lines > 0 && read == 0
}

// exit returns the error carrying the exit code the result calls for.
func (r readResult) exit(strict bool) error {
	switch {
	case r.failed:
		return &exitError{code: exitUsage}
	case strict && (r.incomplete || r.summary.Malformed > 0):
		return &exitError{code: exitFailed, err: fmt.Errorf("--strict: not passing: %s", report.TerminalMessage(r.strictReason()))}
	case r.incomplete:
		return &exitError{code: exitIncomplete}
	case r.nothingRead:
		return &exitError{code: exitUsage, err: fmt.Errorf("no line of any input could be read (no known format fits them: give --log-format or --server-config)")}
	}
	return nil
}

// strictReason says why --strict fails, in the words of check's reasons:
// the malformed lines, and the inputs read only in part by name.
func (r readResult) strictReason() string {
	var reasons []string
	if r.summary.Malformed > 0 {
		reasons = append(reasons, fmt.Sprintf("%d malformed line(s)", r.summary.Malformed))
	}
	cr := report.CheckReport{Inputs: r.inputs}
	cr.Decide()
	if cr.Reason != "" {
		reasons = append(reasons, cr.Reason)
	}
	return strings.Join(reasons, "; ")
}

// read opens, detects and scans the inputs named by the flags.
func (f *ReadFlags) read(e *env, top int, bucket string) (readResult, error) {
	set, err := f.setup(e)
	if err != nil {
		return readResult{}, err
	}
	forced, forcedErr := set.forced, set.forcedErr
	opts := input.ScanOptions{Options: analyze.DefaultOptions(), Workers: f.Workers, MaxLine: f.MaxLine,
		BlockSize: f.BlockSize, SegmentBlocks: f.SegmentBlocks}
	sumOpts := analyze.SummaryOptions{TopN: top, AllCauses: f.AllCauses}
	if set.tz != nil {
		opts.Zone, sumOpts.Location = set.tz, set.tz
	}
	var window analyze.Window
	if set.since != nil {
		opts.Since, window.Since = set.since.UnixNano(), set.since
	}
	if set.until != nil {
		opts.Until, window.Until = set.until.UnixNano(), set.until
	}
	if window.Since != nil || window.Until != nil {
		sumOpts.Window = &window
	}
	if bucket != "" {
		d, err := time.ParseDuration(bucket)
		if err != nil || d < time.Minute {
			return readResult{}, usageError("--bucket: want a duration of at least 1m, such as 5m or 1h")
		}
		sumOpts.Bucket = d
	}
	if f.Group || len(f.GroupPaths) > 0 {
		g, err := analyze.NewPathGrouper(f.GroupPaths)
		if err != nil {
			return readResult{}, usageError("--group-paths: %v", err)
		}
		opts.Group = g
	}
	for _, v := range f.VHost {
		opts.VHosts = append(opts.VHosts, []byte(v))
	}
	filters, err := analyze.ParseFilters(f.Include, f.Exclude, f.IgnoreCrawlers)
	if err != nil {
		return readResult{}, usageError("--include/--exclude: %v", err)
	}
	opts.Filters = filters
	if f.History != "" {
		if len(f.VHost) > 0 || filters != nil {
			return readResult{}, usageError("--vhost, --include, --exclude and --ignore-crawlers narrow what a run reads, and a history stores every entry: give them on a run over the logs")
		}
		return f.readHistory(e, historyRun{opts: opts, sumOpts: sumOpts, forced: forced, forcedErr: forcedErr, since: opts.Since, until: opts.Until})
	}
	if f.Keep != "" || f.Compare != "" {
		return readResult{}, usageError("--keep and --compare go with --history")
	}
	inputs, statuses := openInputs(e, f.Files, forced, forcedErr)
	failed := false
	for _, s := range statuses {
		failed = failed || s.State == stateUnreadable
	}
	states, badState := readStates(e, inputs, opts.Options, statuses)
	failed = failed || badState
	if len(inputs) == 0 || len(states) == 0 && allStates(inputs) {
		return readResult{inputs: statuses, failed: true, noInput: true}, &exitError{code: exitUsage, err: fmt.Errorf("no input could be read")}
	}
	zones, zoneNote := errorZones(inputs, opts.Zone)
	zone := zones[len(zones)-1]
	source := f.Source
	if source == "" {
		source = e.hostname()
	}
	opts.Streams = runStreams(inputs, source)
	errLogs, mixed, incompleteErr := readErrorLogs(e, inputs, zones, f.MaxLine, statuses, opts.Options, 0)
	var evidence *analyze.Evidence
	if errLogs.Evidence != nil {
		evidence = errLogs.Evidence
		opts.Evidence = evidence
	}
	var bar *progress
	if !f.Quiet && (f.Progress == "always" || (f.Progress == "auto" && e.stderrTTY)) {
		var ins []*input.Input
		for _, o := range inputs {
			if o.kind != "error" && o.kind != "state" {
				ins = append(ins, o.in)
			}
		}
		bar = startProgress(e.stderr, ins)
	}
	st, incompleteAcc := scanAccess(e, inputs, opts, errLogs, mixed, zoneNote, statuses, nil)
	bar.Stop()
	if len(states) > 0 {
		st = analyze.MergeStates(append([]*analyze.State{st}, states...))
	}
	loc := sumOpts.Location
	if loc == nil {
		sumOpts.ErrorLocation = zone
	}
	sum := st.Summary(sumOpts)
	res := readResult{state: st, summary: sum, inputs: statuses, failed: failed, incomplete: incompleteErr || incompleteAcc}
	res.nothingRead = nothingRead(sum)
	return res, nil
}

// parseZone reads a --tz value: a zone name (Europe/Berlin, UTC, Local) or
// a numeric UTC offset (+02:00, -0500, +7, UTC+01:00).
func parseZone(s string) (*time.Location, error) {
	off := strings.TrimPrefix(strings.TrimPrefix(s, "UTC"), "GMT")
	if off != "" && (off[0] == '+' || off[0] == '-') {
		sign := 1
		if off[0] == '-' {
			sign = -1
		}
		hm := strings.ReplaceAll(off[1:], ":", "")
		var h, m int
		switch len(hm) {
		case 1, 2:
			h, _ = strconv.Atoi(hm)
		case 4:
			h, _ = strconv.Atoi(hm[:2])
			m, _ = strconv.Atoi(hm[2:])
		default:
			h = -1
		}
		if _, err := strconv.Atoi(hm); err != nil || h < 0 || h > 14 || m > 59 {
			return nil, fmt.Errorf("bad UTC offset %q (want +HH:MM, +HHMM or +H)", s)
		}
		secs := sign * (h*3600 + m*60)
		return time.FixedZone(zoneLabel(secs), secs), nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil {
		return nil, fmt.Errorf("unknown time zone %q (a zone name such as Europe/Berlin, or an offset such as +02:00)", s)
	}
	return loc, nil
}

// zoneLabel names a fixed offset the way parser.FixedZone does ("+0200").
func zoneLabel(secs int) string {
	return parser.FixedZone(secs).String()
}

// accessFormat returns the access-log format the flags force, or nil to
// detect one per input.
func (f *InputFlags) accessFormat() (parser.Format, error) {
	switch {
	case f.ServerConfig != "":
		if f.LogFormat != "" {
			return nil, usageError("give --log-format or --server-config, not both")
		}
		file, err := os.Open(f.ServerConfig)
		if err != nil {
			return nil, usageError("--server-config: %v", err)
		}
		defer file.Close()
		cfg, err := parser.ReadServerConfig(file)
		if err != nil {
			return nil, usageError("--server-config: %v", err)
		}
		lf, err := cfg.Format(f.LogFormatName)
		if err != nil {
			return nil, usageError("--server-config %s: %v", f.ServerConfig, err)
		}
		return lf, nil
	case len(f.JSONField) > 0:
		mapping := map[string]string{}
		for _, kv := range f.JSONField {
			k, v, ok := strings.Cut(kv, "=")
			if !ok || k == "" {
				return nil, usageError("--json-field: want FIELD=KEY, got %q", kv)
			}
			mapping[k] = v
		}
		return parser.NewJSONFormat(mapping), nil
	case f.LogFormat != "":
		if !strings.ContainsAny(f.LogFormat, "%$") {
			if lf, ok := parser.LookupFormat(f.LogFormat); ok {
				return lf, nil
			}
			return nil, usageError("unknown log format %q (see 'logscan formats'; or give an Apache %%-directive or nginx $variable format string)", f.LogFormat)
		}
		lf, err := parser.ResolveFormat(f.LogFormat)
		if err != nil {
			return nil, usageError("--log-format: %v (see 'logscan formats')", err)
		}
		return lf, nil
	}
	return nil, nil
}

func (c *ScanCmd) read(e *env) (readResult, error) {
	top := c.Top
	switch {
	case top < 0:
		return readResult{}, usageError("--top takes a number of rows of at least 0")
	case top == 0:
		top = -1 // no rows (the summary's 0 means its default)
	}
	return c.ReadFlags.read(e, top, c.Bucket)
}

func (c *ScanCmd) render(w io.Writer, e *env, sum *analyze.Summary) error {
	color := c.Color == "always" || (c.Color == "auto" && c.Out == "" && e.stdoutTTY && !e.noColor)
	return report.Render(w, c.Format, sum, report.Options{Color: color, Title: "logscan report"})
}
