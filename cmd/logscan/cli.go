package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"runtime/debug"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/alecthomas/kong"
	"golang.org/x/term"

	"github.com/logscan/logscan/report"
)

// Exit codes, a documented contract (README, "Exit codes").
const (
	exitOK         = 0 // success
	exitFailed     = 1 // a check failed, or a problem under --strict
	exitUsage      = 2 // usage error, or an input could not be read at all
	exitIncomplete = 3 // an input was read only in part (truncated or corrupt)
)

// version is set at build time with -ldflags "-X main.version=..."; when
// it is not, versionText reads the module version and VCS revision the Go
// toolchain recorded in the binary.
var version = "dev"

// versionText is what --version prints: "logscan VERSION", with the VCS
// revision and whether the tree was modified when the build recorded them.
func versionText() string {
	v := version
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "logscan " + v
	}
	if v == "dev" && info.Main.Version != "" {
		v = info.Main.Version // "(devel)" for a build from a checkout
	}
	var rev, modified string
	for _, kv := range info.Settings {
		switch kv.Key {
		case "vcs.revision":
			rev = kv.Value
		case "vcs.modified":
			if kv.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if rev != "" {
		v += " (" + rev[:min(12, len(rev))] + modified + ")"
	}
	return "logscan " + v
}

// CLI is the root of the command grammar.
type CLI struct {
	Version kong.VersionFlag `short:"V" help:"Print the version and exit."`

	Scan    ScanCmd    `cmd:"" default:"withargs" help:"Analyze access and error logs (the default command)."`
	Check   CheckCmd   `cmd:"" help:"Fail (exit 1) when thresholds are crossed: the CI gate."`
	Parse   ParseCmd   `cmd:"" help:"Print every entry as JSON Lines, or write them as Parquet for DuckDB, ClickHouse or Spark (-o FILE.parquet)."`
	Explain ExplainCmd `cmd:"" help:"Explain a status code or cause id, without reading logs."`
	Formats FormatsCmd `cmd:"" help:"List the known log formats."`
	Watch   WatchCmd   `cmd:"" help:"Follow logs while they are written: live counts, incidents and their causes (a dashboard, or JSON Lines)."`
}

// env is what commands receive from run: the standard streams and whether
// stdout is a terminal. Only this package touches the process environment.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdoutTTY      bool
	stderrTTY      bool
	stdinTTY       bool
	noColor        bool
	// now is the clock, for --since/--until; tests fix it.
	now func() time.Time
	// stdinName names standard input in reports ("-" when empty).
	stdinName string
	// virtual holds in-memory inputs by name (the bundled sample).
	virtual map[string][]byte
	// host names the machine, the default --source; tests fix it.
	host string
	// readTimeout is --read-timeout: how long an input that can block (a
	// FIFO, a pipe) may give no data; 0 waits forever.
	readTimeout time.Duration
}

// hostname returns the name of this machine, "localhost" when unknown.
func (e *env) hostname() string {
	if e.host != "" {
		return e.host
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
}

// exitError carries an exit code out of a command's Run.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}
func (e *exitError) Unwrap() error { return e.err }

// exitPanic is how kong's Exit callback unwinds out of Parse (for --help and
// --version) without calling os.Exit.
type exitPanic int

// protectArgs replaces every argument that is not valid UTF-8 (a file
// name such as caf\xe9.log) by a placeholder, because the parser of the
// command line turns invalid bytes into U+FFFD; restoreArgs puts the bytes
// back into the parsed flags, so names go as bytes from the command line
// to open.
func protectArgs(args []string) ([]string, map[string]string) {
	var raw map[string]string
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = a
		if utf8.ValidString(a) {
			continue
		}
		if raw == nil {
			raw = map[string]string{}
		}
		ph := fmt.Sprintf("\uE000logscan-arg-%d\uE001", i)
		// Keep a flag's name readable: --out=caf\xe9 becomes --out=<ph>.
		if strings.HasPrefix(a, "-") {
			if k, v, ok := strings.Cut(a, "="); ok && utf8.ValidString(k) {
				raw[ph] = v
				out[i] = k + "=" + ph
				continue
			}
		}
		raw[ph] = a
		out[i] = ph
	}
	return out, raw
}

// restoreArgs replaces the placeholders of protectArgs in every string the
// parser filled in v.
func restoreArgs(v reflect.Value, raw map[string]string) {
	if len(raw) == 0 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		if v.CanSet() {
			v.SetString(restoreText(v.String(), raw))
		}
	case reflect.Slice:
		for i := range v.Len() {
			restoreArgs(v.Index(i), raw)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				restoreArgs(v.Field(i), raw)
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			restoreArgs(v.Elem(), raw)
		}
	}
}

// restoreText puts the original bytes back into s.
func restoreText(s string, raw map[string]string) string {
	for ph, a := range raw {
		s = strings.ReplaceAll(s, ph, a)
	}
	return s
}

// run is main without os.Exit: it parses args, runs the command and returns
// the exit code, so tests can call it.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	return runEnv(args, e)
}

// runEnv is run with a prepared environment.
func runEnv(args []string, e *env) (code int) {
	var cli CLI
	stdout, stderr := e.stdout, e.stderr
	if e.now == nil {
		e.now = time.Now
	}
	if f, ok := stdout.(*os.File); ok {
		e.stdoutTTY = term.IsTerminal(int(f.Fd()))
	}
	if f, ok := stderr.(*os.File); ok {
		e.stderrTTY = term.IsTerminal(int(f.Fd()))
	}
	if f, ok := e.stdin.(*os.File); ok {
		e.stdinTTY = term.IsTerminal(int(f.Fd()))
	}
	_, e.noColor = os.LookupEnv("NO_COLOR")
	parser, err := kong.New(&cli,
		kong.Name("logscan"),
		kong.Description("Analyze Apache and nginx access and error logs: status classes and codes, and the likely causes of every error, backed by evidence from the logs."),
		kong.Vars{"version": versionText(), "formats": strings.Join(report.Formats(), ",")},
		kong.Writers(stdout, stderr),
		kong.Exit(func(c int) { panic(exitPanic(c)) }),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true, WrapUpperBound: 100}),
		kong.Bind(e),
	)
	if err != nil {
		fmt.Fprintf(stderr, "logscan: internal error: %v\n", err)
		return exitUsage
	}
	defer func() {
		if r := recover(); r != nil {
			c, ok := r.(exitPanic)
			if !ok {
				panic(r)
			}
			code = int(c)
			if code != 0 {
				code = exitUsage
			}
		}
	}()
	args, raw := protectArgs(args)
	kctx, err := parser.Parse(bareGroupPaths(args))
	restoreArgs(reflect.ValueOf(&cli).Elem(), raw)
	if err != nil {
		fmt.Fprintf(stderr, "logscan: error: %v\n", report.TerminalMessage(restoreText(err.Error(), raw)))
		var pe *kong.ParseError
		if errors.As(err, &pe) && pe.Context != nil {
			fmt.Fprintln(stderr, "Run 'logscan --help' for usage.")
		}
		return exitUsage
	}
	if err := kctx.Run(); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil {
				fmt.Fprintf(stderr, "logscan: %v\n", ee.err)
			}
			return ee.code
		}
		fmt.Fprintf(stderr, "logscan: %v\n", err)
		return exitUsage
	}
	return exitOK
}

// usageError reports a usage problem found after parsing (exit 2).
func usageError(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

// oneLine makes an error message printable on one terminal line.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", " ") }

// bareGroupPaths turns a --group-paths given without a rule into --group:
// a rule always holds '=' (REGEXP=REPLACEMENT), so a following argument
// without one is a file, not a rule.
func bareGroupPaths(args []string) []string {
	out := make([]string, 0, len(args))
	for i, a := range args {
		if a == "--" {
			return append(out, args[i:]...)
		}
		if a == "--group-paths" && (i+1 == len(args) || strings.HasPrefix(args[i+1], "-") || !strings.Contains(args[i+1], "=")) {
			out = append(out, "--group")
			continue
		}
		out = append(out, a)
	}
	return out
}

// defaultFiles returns files, or standard input when none are given. With
// no files and a terminal on standard input, waiting for typed log lines
// would only look like a hang: that is a usage error.
func defaultFiles(e *env, files []string) ([]string, error) {
	if len(files) > 0 {
		return files, nil
	}
	if e.stdinTTY {
		return nil, usageError("no input: give log files, '-' to read standard input, or --demo")
	}
	return []string{"-"}, nil
}
