package main

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/history"
	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
	"github.com/logscan/logscan/report"
)

// HistoryFlags are the flags of runs that remember (docs/history.md).
type HistoryFlags struct {
	History     string        `name:"history" placeholder:"FILE" help:"Remember runs in the SQLite database FILE (created on first use; docs/history.md): read only what is new in each file, whatever logrotate did, store it by hour, and compare with earlier days. With no files, report --since/--until from FILE alone."`
	Keep        string        `name:"keep" placeholder:"DURATION" help:"With --history: drop stored hours older than DURATION (90d, 12w, 48h)."`
	Compare     string        `name:"compare" placeholder:"DURATION" help:"With --history: compare the report with the same hours of each earlier day within DURATION (default 7d; 0 for none)."`
	HistoryWait time.Duration `name:"history-wait" default:"30s" help:"With --history: how long to wait for another run that holds the database before giving up with exit 2 (default ${default})."`
}

// parseSpan reads a --keep or --compare value: a Go duration (48h), or a
// number of days (7d) or weeks (2w).
func parseSpan(flag, s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	if s == "0" {
		return 0, nil
	}
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, err := strconv.Atoi(strings.TrimSuffix(s, suffix)); err == nil && strings.HasSuffix(s, suffix) && n > 0 {
			return time.Duration(n) * unit, nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return d, nil
	}
	return 0, usageError("%s: want a duration such as 7d, 2w or 48h, got %q", flag, s)
}

// hourOf returns the start of the hour t (Unix nanoseconds) is in.
func hourOf(t int64) int64 { return analyze.PeriodStart(t, int64(history.Period)) }

// historyRun is what readHistory needs of read's preparation.
type historyRun struct {
	opts      input.ScanOptions
	sumOpts   analyze.SummaryOptions
	forced    parser.Format
	forcedErr parser.ErrorFormat
	since     int64 // --since, Unix nanoseconds, 0 when not given
	until     int64
}

// readHistory is read with --history: the new part of the files given is
// read and stored by hour in the database, and the report covers the
// window asked for from the database (or, with files and no window, what
// this run read), with the comparison with earlier days.
func (f *ReadFlags) readHistory(e *env, h historyRun) (readResult, error) {
	keep, err := parseSpan("--keep", f.Keep)
	if err != nil {
		return readResult{}, err
	}
	compare := 7 * 24 * time.Hour
	if f.Compare != "" {
		if compare, err = parseSpan("--compare", f.Compare); err != nil {
			return readResult{}, err
		}
	}
	if slices.Contains(f.Files, "-") {
		return readResult{}, usageError("--history reads files: what standard input gave cannot be told apart from what it gives next time")
	}
	now := e.now()
	write := len(f.Files) > 0 || keep > 0
	db, err := history.Open(f.History, f.HistoryWait, write)
	if err != nil {
		msg := err.Error()
		if errors.Is(err, history.ErrLocked) {
			msg += fmt.Sprintf(" (waited %s; see --history-wait)", f.HistoryWait)
		}
		return readResult{failed: true, noInput: true}, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(msg))}
	}
	defer db.Close()
	source := f.Source
	if source == "" {
		source = e.hostname()
	}
	h.opts.Since, h.opts.Until = 0, 0 // everything new is stored; the window is the report's
	h.opts.Options.Since, h.opts.Options.Until = 0, 0
	res := readResult{}
	var run *analyze.State
	if len(f.Files) > 0 {
		run, res, err = f.ingest(e, db, source, h, now)
		if err != nil {
			return res, err
		}
	}
	if keep > 0 {
		if _, err := db.Prune(now.Add(-keep)); err != nil {
			return res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(err.Error()))}
		}
	}
	// The report's window: the one asked for, or what this run read.
	st := run
	var lo, hi int64
	switch {
	case h.since != 0 || h.until != 0 || len(f.Files) == 0:
		lo, hi = h.since, h.until
		if hi == 0 {
			hi = now.UnixNano()
		}
		if lo == 0 {
			if first, _, ok, err := db.Span(); err == nil && ok {
				lo = first
			} else {
				lo = hi
			}
		}
		lo, hi = hourOf(lo), hourOf(hi-1)+int64(history.Period)
		if hi <= lo {
			hi = lo + int64(history.Period)
		}
		var n int
		st, n, err = db.Window(lo, hi, h.opts.Options)
		if err != nil {
			return res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(err.Error()))}
		}
		if n == 0 && !f.Quiet && len(f.Files) == 0 {
			fmt.Fprintf(e.stderr, "logscan: warning: %s holds no hour between %s and %s\n", report.Terminal(f.History),
				time.Unix(0, lo).UTC().Format(time.RFC3339), time.Unix(0, hi).UTC().Format(time.RFC3339))
		}
		if h.since != 0 && h.since != lo || h.until != 0 && h.until != hi {
			if !f.Quiet {
				fmt.Fprintf(e.stderr, "logscan: note: the history stores whole hours: the report covers %s to %s\n",
					time.Unix(0, lo).UTC().Format(time.RFC3339), time.Unix(0, hi).UTC().Format(time.RFC3339))
			}
		}
		since, until := time.Unix(0, lo), time.Unix(0, hi)
		h.sumOpts.Window = &analyze.Window{Since: &since, Until: &until}
	case run != nil:
		if first, last, ok := run.Span(); ok {
			lo, hi = hourOf(first), hourOf(last)+int64(history.Period)
		}
	}
	if st == nil {
		st = analyze.NewState(nil, analyze.NewPartial(0, h.opts.Options), nil, "")
	}
	var base []*analyze.State
	var baseDays int
	if compare > 0 && hi > lo {
		step := int64(24 * time.Hour)
		if span := hi - lo; span > step {
			step = (span + step - 1) / step * step
		}
		baseDays = int(compare / (24 * time.Hour))
		for k := int64(1); k*step <= int64(compare); k++ {
			bs, n, err := db.Window(lo-k*step, hi-k*step, h.opts.Options)
			if err != nil {
				return res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(err.Error()))}
			}
			if n > 0 {
				base = append(base, bs)
			}
		}
	}
	if d, err := time.ParseDuration(os.Getenv("LOGSCAN_TEST_STALL_BEFORE_COMMIT")); err == nil && write {
		// Tests stop a run here, its writes done and not committed, to
		// kill it or to run another beside it.
		fmt.Fprintln(e.stderr, "logscan: stalling before commit")
		time.Sleep(d)
	}
	if err := db.Commit(); err != nil {
		return res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(err.Error()))}
	}
	wide := h.sumOpts
	wide.TopN = 200 // the paths and templates compared
	var baseSums []*analyze.Summary
	for _, b := range base {
		baseSums = append(baseSums, b.Summary(wide))
	}
	sum := st.Summary(h.sumOpts)
	if compare > 0 {
		now := sum
		if len(baseSums) > 0 {
			now = st.Summary(wide)
		}
		sum.Baseline = analyze.Compare(now, baseSums, baseDays)
	}
	res.state, res.summary = st, sum
	return res, nil
}

// ingest reads what is new in the files named by the flags into db.
func (f *ReadFlags) ingest(e *env, db *history.DB, source string, h historyRun, now time.Time) (*analyze.State, readResult, error) {
	inputs, statuses := openInputs(e, f.Files, h.forced, h.forcedErr)
	res := readResult{inputs: statuses}
	for _, s := range statuses {
		res.failed = res.failed || s.State == stateUnreadable
	}
	known, err := db.Files(source)
	if err != nil {
		return nil, res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(err.Error()))}
	}
	var probes []history.Probe
	var probed []opened
	for _, o := range inputs {
		if o.kind == "state" {
			return nil, res, usageError("--history reads logs, not state files (%s)", report.Terminal(displayName(o.in.Name)))
		}
		p, err := probe(o)
		if err != nil {
			fmt.Fprintf(e.stderr, "logscan: cannot read %s: %s\n", report.Terminal(displayName(o.in.Name)), report.Terminal(describeOpenError(err)))
			markInput(statuses, o.arg, stateUnreadable, describeOpenError(err))
			res.failed = true
			continue
		}
		probes = append(probes, p)
		probed = append(probed, o)
	}
	plans := history.Match(known, probes)
	var runIn []opened
	var runProbes []history.Probe
	var runPlans []history.Plan
	for i, pl := range plans {
		o := probed[i]
		if pl.Action == history.Skip {
			if err := db.Touch(probes[i], pl, now); err != nil {
				return nil, res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(err.Error()))}
			}
			o.in.Close()
			continue
		}
		if pl.Action == history.Resume {
			o.in.SkipTo(pl.Offset)
		}
		o.firstLine, o.hold = pl.NextLine, !probes[i].Compressed
		runIn, runProbes, runPlans = append(runIn, o), append(runProbes, probes[i]), append(runPlans, pl)
	}
	if len(runIn) == 0 {
		return nil, res, db.LogRun(source, now, 0, 0, 0)
	}
	opts := h.opts
	opts.Period = int64(history.Period)
	opts.MaxOpen = 16
	zones, zoneNote := errorZones(runIn, opts.Zone)
	opts.Streams = runStreams(runIn, source)
	el, mixed, incompleteErr := readErrorLogs(e, runIn, zones, f.MaxLine, statuses, opts.Options, opts.Period)
	if el.Evidence != nil {
		opts.Evidence = el.Evidence
	}
	// Error-log entries of a log without any time count in this hour; the
	// error logs' line counts, and the access lines they held, go in the
	// hour of their first entry (else this hour).
	thisHour := hourOf(now.UnixNano())
	if u := el.Periods[math.MinInt64]; u != nil {
		delete(el.Periods, math.MinInt64)
		if el.Periods[thisHour] == nil {
			el.Periods[thisHour] = analyze.NewErrorStats()
		}
		el.Periods[thisHour].Merge(u)
	}
	firstKey := thisHour
	if keys := slices.Sorted(maps.Keys(el.Periods)); len(keys) > 0 {
		firstKey = keys[0]
	}
	var run *analyze.State
	var storeErr error
	firstDone := false
	stored := map[int64]bool{}
	store := func(meta []analyze.InputMeta, start int64, p *analyze.Partial) {
		if start == input.Untimed {
			start = thisHour
		}
		if storeErr != nil {
			return
		}
		first := !firstDone && start == firstKey
		if first {
			firstDone = true
			if mixed != nil {
				if p == nil {
					p = analyze.NewPartial(len(meta), opts.Options)
				}
				p.Merge(mixed)
				mixed = nil
			}
		}
		part := el // an hour's error-log part is stored with its first piece
		if stored[start] {
			part = nil
		}
		ps := analyze.PeriodState(meta, p, part, start, zoneNote, first, opts.Options)
		stored[start] = true
		var buf bytes.Buffer
		requests, errs := ps.Counts()
		if storeErr = ps.Encode(&buf); storeErr != nil {
			return
		}
		if storeErr = db.AddPeriod(source, start, buf.Bytes(), requests, errs, opts.Options, now); storeErr != nil {
			return
		}
		// The run's own report is the merge of what it stored.
		b, err := analyze.DecodeState(buf.Bytes(), opts.Options)
		if err != nil {
			storeErr = err
			return
		}
		if run == nil {
			run = b
		} else {
			run = analyze.MergeStatesInputs([]*analyze.State{run, b})
		}
	}
	whole, incompleteAcc := scanAccess(e, runIn, opts, el, mixed, zoneNote, statuses, store)
	meta := whole.Meta()
	for _, k := range slices.Sorted(maps.Keys(el.Periods)) {
		if !stored[k] {
			store(meta, k, nil)
		}
	}
	if !firstDone {
		store(meta, firstKey, nil)
	}
	if storeErr != nil {
		return nil, res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(storeErr.Error()))}
	}
	var bytesRead int64
	for i, o := range runIn {
		r := history.Reached{Offset: runPlans[i].Offset + o.reached.Offset, NextLine: o.reached.NextLine, AtEnd: o.atEnd}
		if runPlans[i].Action == history.Read {
			r.Offset = o.reached.Offset
		}
		bytesRead += o.reached.Offset
		if err := db.SaveFile(source, o.kind, runProbes[i], runPlans[i], r, now); err != nil {
			return nil, res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(err.Error()))}
		}
	}
	var requests int64
	if run != nil {
		requests, _ = run.Counts()
	}
	if err := db.LogRun(source, now, len(runIn), bytesRead, requests); err != nil {
		return nil, res, &exitError{code: exitUsage, err: fmt.Errorf("--history: %s", report.TerminalMessage(err.Error()))}
	}
	res.incomplete = incompleteErr || incompleteAcc
	return run, res, nil
}

// probe returns what history needs to recognise an opened file: what stat
// says, and the start of its content that detection read.
func probe(o opened) (history.Probe, error) {
	fi, err := os.Stat(o.in.Name)
	if err != nil {
		return history.Probe{}, err
	}
	return history.Probe{Path: o.in.Name, Info: fi, Compressed: o.compressed, Head: o.head}, nil
}
