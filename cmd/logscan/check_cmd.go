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
	Out          string   `short:"o" placeholder:"FILE" help:"Write the results to FILE atomically instead of standard output."`
	Top          int      `default:"5" help:"Offending paths shown per failed threshold (default ${default})."`
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
// fails; 2: usage error, or an input missing, unreadable or incomplete (a
// gate never passes on logs it could not read).
func (c *CheckCmd) Run(e *env) error {
	ts, err := c.thresholds()
	if err != nil {
		return usageError("%v", err)
	}
	files, err := defaultFiles(e, c.Files)
	if err != nil {
		return err
	}
	c.Files = files
	if c.Out != "" {
		if err := notAnInput(c.Out, c.Files); err != nil {
			return err
		}
	}
	res, err := c.ReadFlags.read(e, max(c.Top, 1), "")
	if err != nil {
		return err
	}
	results := analyze.Check(res.summary, ts, c.Top)
	rep := &report.CheckReport{Schema: "logscan/check/v1", Pass: !analyze.Failed(results), Results: results, Summary: res.summary}
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
		err = writeOutput(c.Out, c.Files, render)
	} else {
		out := bufio.NewWriter(e.stdout)
		if err = render(out); err == nil {
			err = out.Flush()
		}
	}
	if err != nil {
		return err
	}
	switch {
	case res.failed:
		return &exitError{code: exitUsage, err: fmt.Errorf("check: an input could not be read; not passing")}
	case res.incomplete:
		return &exitError{code: exitUsage, err: fmt.Errorf("check: an input was read only in part; not passing")}
	case !rep.Pass:
		return &exitError{code: exitFailed}
	}
	return nil
}
