package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/report"
)

// CheckCmd is the CI gate: read logs and fail when thresholds are crossed.
type CheckCmd struct {
	ReadFlags
	Max          []string `sep:"none" placeholder:"KEY=N" help:"At most N requests of a class or code (5xx=0, 500=10); repeatable."`
	MaxRate      []string `sep:"none" name:"max-rate" placeholder:"KEY=SHARE" help:"At most this share of all requests (5xx=0.5%, 404=0.02); repeatable."`
	MaxLatency   []string `sep:"none" name:"max-latency" placeholder:"Q=DURATION" help:"Request-time quantile limit: p50, p90, p99 or max (p99=800ms); repeatable."`
	MinRequests  *int64   `name:"min-requests" placeholder:"N" help:"Fail when the logs hold fewer than N requests."`
	MaxMalformed *int64   `name:"max-malformed" placeholder:"N" help:"Fail when more than N lines are malformed."`
	Config       string   `placeholder:"FILE" help:"Read thresholds from a JSON file (see README, 'CI gate'); flags add to them."`
	Format       string   `short:"f" enum:"text,json,junit,github" default:"text" help:"Output: ${enum} (default ${default})."`
	Out          string   `short:"o" placeholder:"FILE" help:"Write the results to FILE instead of standard output (as scan's -o does: atomically for a regular file, directly for a device, FIFO or socket; '-' is standard output)."`
	Top          int      `default:"5" help:"Offending paths shown per failed threshold (default ${default})."`
	AllowEmpty   bool     `name:"allow-empty" help:"Judge the thresholds even when no request was read (empty input, every line malformed, a window that excludes every entry); by default that exits 2."`
}

// checkConfig is the JSON threshold file.
type checkConfig struct {
	Max          map[string]json.RawMessage `json:"max"`
	MaxRate      map[string]json.RawMessage `json:"max_rate"`
	MaxLatency   map[string]json.RawMessage `json:"max_latency"`
	MinRequests  *int64                     `json:"min_requests"`
	MaxMalformed *int64                     `json:"max_malformed"`
}

// thresholds gathers the thresholds of the config file and the flags.
func (c *CheckCmd) thresholds() ([]analyze.Threshold, error) {
	var ts []analyze.Threshold
	add := func(kind, spec string) error {
		t, err := analyze.ParseThreshold(kind, spec)
		if err != nil {
			return err
		}
		ts = append(ts, t)
		return nil
	}
	if c.Config != "" {
		data, err := os.ReadFile(c.Config)
		if err != nil {
			return nil, fmt.Errorf("--config: %w", err)
		}
		var cfg checkConfig
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&cfg); err != nil {
			return nil, fmt.Errorf("--config %s: %w", c.Config, err)
		}
		for _, group := range []struct {
			kind string
			m    map[string]json.RawMessage
		}{{analyze.CheckMax, cfg.Max}, {analyze.CheckMaxRate, cfg.MaxRate}, {analyze.CheckMaxLatency, cfg.MaxLatency}} {
			keys := make([]string, 0, len(group.m))
			for k := range group.m {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				v := strings.TrimSpace(string(group.m[k]))
				if s, err := strconv.Unquote(v); err == nil {
					v = s
				}
				if err := add(group.kind, k+"="+v); err != nil {
					return nil, fmt.Errorf("--config %s: %w", c.Config, err)
				}
			}
		}
		if cfg.MinRequests != nil {
			if err := add(analyze.CheckMinRequests, strconv.FormatInt(*cfg.MinRequests, 10)); err != nil {
				return nil, err
			}
		}
		if cfg.MaxMalformed != nil {
			if err := add(analyze.CheckMaxMalformed, strconv.FormatInt(*cfg.MaxMalformed, 10)); err != nil {
				return nil, err
			}
		}
	}
	for _, group := range []struct {
		kind  string
		specs []string
	}{{analyze.CheckMax, c.Max}, {analyze.CheckMaxRate, c.MaxRate}, {analyze.CheckMaxLatency, c.MaxLatency}} {
		for _, s := range group.specs {
			if err := add(group.kind, s); err != nil {
				return nil, err
			}
		}
	}
	if c.MinRequests != nil {
		if err := add(analyze.CheckMinRequests, strconv.FormatInt(*c.MinRequests, 10)); err != nil {
			return nil, err
		}
	}
	if c.MaxMalformed != nil {
		if err := add(analyze.CheckMaxMalformed, strconv.FormatInt(*c.MaxMalformed, 10)); err != nil {
			return nil, err
		}
	}
	if len(ts) == 0 {
		return nil, fmt.Errorf("no thresholds: give --max, --max-rate, --max-latency, --min-requests, --max-malformed or --config")
	}
	return ts, nil
}

// Run implements the command. Exit 0: every threshold holds; 1: at least one
// fails; 2: usage error, an input missing, unreadable or incomplete, or no
// request read (a gate never passes on logs it could not read, nor on
// nothing). The exit code is the one [report.CheckReport.Decide] sets, so
// every output format says the same.
func (c *CheckCmd) Run(e *env) error {
	ts, err := c.thresholds()
	if err != nil {
		return usageError("%v", err)
	}
	if c.History == "" || len(c.Files) > 0 {
		files, err := defaultFiles(e, c.Files)
		if err != nil {
			return err
		}
		c.Files = files
	}
	if c.Out == "-" {
		c.Out = "" // standard output
	}
	if c.Out != "" {
		if err := notAnInput(c.Out, c.Files); err != nil {
			return err
		}
	}
	res, err := c.ReadFlags.read(e, max(c.Top, 1), "")
	if err != nil && !res.noInput {
		return err
	}
	rep := &report.CheckReport{Schema: "logscan/check/v1", Inputs: res.inputs, Summary: res.summary}
	if res.noInput {
		for _, t := range ts {
			rep.Results = append(rep.Results, analyze.CheckResult{Threshold: t, Name: t.String(), Message: "not measured: no input could be read"})
		}
	} else {
		rep.Results = analyze.Check(res.summary, ts, c.Top)
		if res.summary.Requests == 0 && !c.AllowEmpty {
			rep.Errors = append(rep.Errors, report.CheckError{Code: report.GateNoRequests, Message: c.whyNoRequests(e, res.summary)})
		}
		if msg := unmeasuredStatus(res.summary, rep.Results); msg != "" {
			rep.Errors = append(rep.Errors, report.CheckError{Code: report.GateUnmeasured, Message: msg})
		}
	}
	rep.Decide()
	render := func(w io.Writer) error {
		switch c.Format {
		case "json":
			return report.CheckJSON(w, rep)
		case "junit":
			return report.JUnit(w, rep)
		case "github":
			return report.GitHub(w, rep)
		}
		return report.CheckText(w, rep)
	}
	if c.Out != "" {
		err = writeOutput(c.Out, e.stdout, c.Files, render)
	} else {
		out := bufio.NewWriter(e.stdout)
		if err = render(out); err == nil {
			err = out.Flush()
		}
	}
	if err != nil {
		return err
	}
	switch rep.ExitCode {
	case exitOK:
		return nil
	case exitFailed:
		return &exitError{code: exitFailed}
	}
	return &exitError{code: rep.ExitCode, err: fmt.Errorf("check: not passing: %s", report.TerminalMessage(rep.Reason))}
}

// unmeasuredStatus marks the status thresholds (max, max-rate) of results
// as failed and not measured when requests were read but none had a status
// (every entry counted as no_status: a format whose status comes from a
// header, or that logs none), and returns the message that says why; ""
// when every status threshold could be measured.
func unmeasuredStatus(sum *analyze.Summary, results []analyze.CheckResult) string {
	if sum.Requests == 0 || sum.NoStatus < sum.Requests {
		return ""
	}
	why := fmt.Sprintf("no entry had a status code (all %d requests counted as no_status: the log format records none, or takes it from a header)", sum.Requests)
	var names []string
	for i := range results {
		r := &results[i]
		if r.Kind != analyze.CheckMax && r.Kind != analyze.CheckMaxRate {
			continue
		}
		r.Pass, r.Measured, r.Value, r.TopPaths, r.Causes = false, false, 0, nil, nil
		r.Message = "cannot be measured: " + why
		names = append(names, r.Name)
	}
	if len(names) == 0 {
		return ""
	}
	return fmt.Sprintf("%d status threshold(s) cannot be measured (%s): %s", len(names), strings.Join(names, ", "), why)
}

// whyNoRequests says why a run read no request: a window that excludes
// every entry (naming the span the inputs cover), malformed lines only,
// error logs only, or empty input.
func (c *CheckCmd) whyNoRequests(e *env, sum *analyze.Summary) string {
	var outside, malformed, blank, errEntries int64
	for _, in := range sum.Inputs {
		outside += in.OutOfWindow
		blank += in.Blank
		if in.Kind == "error" {
			errEntries += in.Entries
			continue
		}
		malformed += in.Malformed + in.TooLong
	}
	const hint = " (give --allow-empty to let a check pass on no requests)"
	switch {
	case outside > 0:
		return "no request was read: " + c.windowText(sum) + fmt.Sprintf(" excludes all %d entries", outside) + c.spanText(sum) + hint
	case malformed > 0:
		return fmt.Sprintf("no request was read: every line is malformed (%d malformed line(s), %d blank)", malformed, blank) + hint
	case errEntries > 0:
		return fmt.Sprintf("no request was read: the inputs hold no access log, only %d error-log entries", errEntries) + hint
	case blank > 0:
		return fmt.Sprintf("no request was read: the input is empty (%d blank line(s))", blank) + hint
	}
	return "no request was read: the input is empty" + hint
}

// windowText names the --since/--until window.
func (c *CheckCmd) windowText(sum *analyze.Summary) string {
	var parts []string
	if w := sum.Window; w != nil && w.Since != nil {
		parts = append(parts, "--since "+w.Since.Format(time.RFC3339))
	}
	if w := sum.Window; w != nil && w.Until != nil {
		parts = append(parts, "--until "+w.Until.Format(time.RFC3339))
	}
	return "the window " + strings.Join(parts, " ")
}

// spanText names the span the entries left out by the window cover.
func (c *CheckCmd) spanText(sum *analyze.Summary) string {
	if sum.Excluded == nil {
		return ""
	}
	return fmt.Sprintf("; the inputs cover %s to %s", sum.Excluded.First.Format(time.RFC3339), sum.Excluded.Last.Format(time.RFC3339))
}
