package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/parser"
	"github.com/logscan/logscan/report"
	"github.com/logscan/logscan/watch"
)

// WatchCmd follows logs while they are written: a dashboard on a terminal,
// JSON Lines events otherwise.
type WatchCmd struct {
	Files          []string      `arg:"" name:"file" help:"Log files to follow (access and error logs, told apart by content); a file that does not exist yet is waited for."`
	FromStart      bool          `name:"from-start" help:"Read each file from its start before following it (default: from its end)."`
	Format         string        `short:"f" enum:"auto,dashboard,json" default:"auto" help:"Output: ${enum} (auto: the dashboard on a terminal, JSON Lines events otherwise)."`
	JSON           bool          `help:"Short for --format json."`
	Interval       time.Duration `default:"1s" help:"Time between two redraws or tick events (default ${default})."`
	Poll           time.Duration `hidden:"" default:"250ms" help:"Time between two looks at the files (for tests)."`
	Top            int           `default:"5" help:"Rows in each list (default ${default})."`
	LogFormat      string        `name:"log-format" placeholder:"FORMAT" help:"Access-log format: a name, an Apache LogFormat string or an nginx log_format string; detected when not given."`
	ServerConfig   string        `name:"server-config" placeholder:"FILE" help:"Read the access-log format from an Apache or nginx configuration file."`
	LogFormatName  string        `name:"log-format-name" placeholder:"NAME" help:"With --server-config: the format to use."`
	JSONField      []string      `name:"json-field" placeholder:"FIELD=KEY" sep:"none" help:"For JSON logs: read FIELD from KEY; repeatable."`
	ErrorLogFormat string        `name:"error-log-format" placeholder:"FORMAT" help:"Apache ErrorLogFormat string for error logs written in a custom layout."`
	TZ             string        `name:"tz" placeholder:"ZONE" help:"Time zone for display and for timestamps logged without an offset; default: the access log's offset."`
	MaxLine        int           `name:"max-line" default:"1048576" help:"Longest line read in bytes (default ${default}); longer lines are counted and skipped."`
	Source         string        `name:"source" placeholder:"NAME" help:"Name of the machine the logs come from (default: this host's name)."`
}

// Run implements the command.
func (c *WatchCmd) Run(e *env) error {
	if c.JSON {
		c.Format = "json"
	}
	if c.Interval < 10*time.Millisecond || c.Poll < time.Millisecond {
		return usageError("--interval takes a duration of at least 10ms")
	}
	if c.Top < 1 || c.Top > 100 {
		return usageError("--top takes 1 to 100 rows")
	}
	if err := checkMaxLine(c.MaxLine); err != nil {
		return err
	}
	for _, f := range c.Files {
		if f == "-" {
			return usageError("watch follows files by name: standard input cannot be followed")
		}
	}
	rf := InputFlags{LogFormat: c.LogFormat, ServerConfig: c.ServerConfig, LogFormatName: c.LogFormatName, JSONField: c.JSONField}
	forced, err := rf.accessFormat()
	if err != nil {
		return err
	}
	var forcedErr parser.ErrorFormat
	if c.ErrorLogFormat != "" {
		if forcedErr, err = parser.CompileErrorLogFormat(c.ErrorLogFormat); err != nil {
			return usageError("--error-log-format: %v", err)
		}
	}
	opts := analyze.DefaultOptions()
	opts.TopCapacity = watchTopCapacity
	cfg := watch.Config{Paths: c.Files, FromStart: c.FromStart, Interval: c.Interval, Poll: c.Poll, Top: c.Top, Now: e.now,
		Live: watch.Options{Analyze: opts, MaxLine: c.MaxLine, Forced: watch.Formats{Access: forced, Error: forcedErr}}}
	if c.TZ != "" {
		loc, err := parseZone(c.TZ)
		if err != nil {
			return usageError("--tz: %v", err)
		}
		cfg.Location, cfg.Live.Zone, cfg.Live.Analyze.Zone = loc, loc, loc
		cfg.Live.ZoneNote = "the zone given by --tz (" + loc.String() + ")"
	}
	cfg.Live.Source = c.Source
	if cfg.Live.Source == "" {
		cfg.Live.Source = e.hostname()
	}
	dashboard := c.Format == "dashboard" || c.Format == "auto" && e.stdoutTTY
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var out watch.Output
	var jl *watch.JSONLines
	if dashboard {
		d, err := watch.NewDashboard(nil, cfg.Location)
		if err != nil {
			return usageError("cannot start the dashboard: %v (use --format json)", report.TerminalMessage(oneLine(err.Error())))
		}
		defer d.Close()
		out = d
	} else {
		jl = watch.NewJSONLines(e.stdout, cfg.Location)
		out = jl
	}
	err = watch.Run(ctx, cfg, out, dashboard)
	if errors.Is(err, watch.ErrUnreadable) {
		return &exitError{code: exitUsage, err: fmt.Errorf("%s", report.TerminalMessage(oneLine(err.Error())))}
	}
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	return nil
}

// watchTopCapacity is the size of the top lists of watch's windows: enough
// for the rows shown, small enough for states merged every second.
const watchTopCapacity = 1000
