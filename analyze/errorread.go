package analyze

import (
	"io"
	"math"
	"time"

	"github.com/logscan/logscan/parser"
)

// ErrorLog is one error log to read.
type ErrorLog struct {
	Name   string
	Reader io.Reader
	Format parser.ErrorFormat
	// Location is the zone its timestamps are read in; nil means the one
	// ReadErrorLogs is given.
	Location *time.Location
	// Access, when set with Into, reads the lines of another log that the
	// file holds (access lines in a file that mixes both): they are counted
	// into Into as entries of input Slot, and in the input's Foreign.
	Access parser.Format
	Into   *Partial
	Slot   int
	// FirstLine is the number of the first line read (1 when 0): for a
	// stream that starts where an earlier run stopped.
	FirstLine int
}

// ErrorLogs is what reading the error logs of a run gives.
type ErrorLogs struct {
	// Inputs describe the logs, in the order read.
	Inputs []Input
	// Evidence indexes the entries that match a cause rule (see
	// [EvidenceBuilder]); nil when the logs held no entry.
	Evidence *Evidence
	// Stats summarizes levels, modules and message templates.
	Stats *ErrorStats
	// Errs holds, per log, the error that stopped reading it early, or nil.
	Errs []error
	// Periods holds, when the logs were read with a period (see
	// [ReadErrorLogsBy]), the summary of the entries of each period by its
	// start (Unix nanoseconds); entries without a time count in the period
	// of the entry before them in the same log, or else of the first after
	// them, or else in period math.MinInt64.
	Periods map[int64]*ErrorStats
	period  int64
}

// ReadErrorLogs reads error logs one after the other, matching each entry
// against [Rules] as it goes: only the entries that match are kept, so
// memory does not grow with the log. Their timestamps carry no zone: they
// are read in loc.
func ReadErrorLogs(logs []ErrorLog, loc *time.Location, maxLine int) *ErrorLogs {
	return ReadErrorLogsBy(logs, loc, maxLine, 0)
}

// ReadErrorLogsBy is [ReadErrorLogs] that also summarizes the entries by
// period of that many nanoseconds of UTC time, in [ErrorLogs.Periods]
// (none when period is 0).
func ReadErrorLogsBy(logs []ErrorLog, loc *time.Location, maxLine int, period int64) *ErrorLogs {
	out := &ErrorLogs{Stats: NewErrorStats(), Errs: make([]error, len(logs)), period: period}
	if period > 0 {
		out.Periods = map[int64]*ErrorStats{}
	}
	b := NewEvidenceBuilder(Rules)
	for i, l := range logs {
		var cur *ErrorStats   // the period of the entry before
		var early *ErrorStats // entries before the first with a time
		logLoc := loc
		if l.Location != nil {
			logLoc = l.Location
		}
		sc := parser.NewErrorScanner(l.Reader, l.Format, maxLine)
		sc.File = l.Name
		// Stray lines (not entries, not continuations) are kept as
		// warnings; those that look like a command's output are web-shell
		// evidence, timed by the entry they follow (the one Next returns).
		var warnings []Sample
		var pending []shellHit
		sc.Stray = func(line []byte, n int) {
			if len(warnings) < DefaultOptions().Samples {
				warnings = append(warnings, Sample{Input: l.Name, Line: int64(n), Reason: "not an error-log entry: kept apart, not folded into the entry above", Excerpt: excerpt(line, excerptLen)})
			}
			if commandOutput(line) && len(pending) < maxShellHits {
				pending = append(pending, shellHit{ex: Sample{Input: l.Name, Line: int64(n), Reason: "command output", Excerpt: excerpt(line, excerptLen)}})
			}
		}
		if l.FirstLine > 1 {
			sc.SetFirstLine(l.FirstLine)
		}
		if l.Access != nil && l.Into != nil {
			var acc parser.Entry
			f, into, slot := l.Access, l.Into, l.Slot
			sc.Foreign = func(line []byte, lineNo int) bool {
				if f.Parse(line, &acc) != nil {
					return false
				}
				into.Add(slot, int64(lineNo), line, &acc)
				return true
			}
		}
		server := "apache"
		if l.Format.Name() == parser.NameNginxError {
			server = "nginx"
		}
		for sc.Next() {
			ent := sc.Entry()
			var t int64
			if ent.HasTime {
				t = ent.Timestamp(logLoc).UnixNano()
			}
			out.Stats.Add(ent, t)
			for _, h := range pending {
				h.time = t
				out.Stats.shell = addShellHit(out.Stats.shell, h)
			}
			if period > 0 {
				if ent.HasTime {
					k := PeriodStart(t, period)
					cur = out.Periods[k]
					if cur == nil {
						cur = NewErrorStats()
						out.Periods[k] = cur
					}
					if early != nil {
						cur.Merge(early)
						early = nil
					}
				} else if cur == nil {
					if early == nil {
						early = NewErrorStats()
					}
					early.Add(ent, t)
				}
				if cur != nil {
					cur.Add(ent, t)
				}
				st := cur
				if st == nil {
					st = early
				}
				for _, h := range pending {
					h.time = t
					st.shell = addShellHit(st.shell, h)
				}
			}
			pending = pending[:0]
			e := ErrorEvent{Time: t, Connection: ent.Connection, Errno: ent.ErrnoNum, Server: server,
				Code: ent.Code, Message: ent.Message, Request: ent.Request, Client: ent.Client}
			if r := b.Match(&e); r >= 0 {
				e.Example = Sample{Input: l.Name, Line: int64(sc.Line()), Excerpt: errorExcerpt(ent)}
				b.Keep(&e, r)
			}
		}
		if early != nil {
			untimed := out.Periods[math.MinInt64]
			if untimed == nil {
				untimed = NewErrorStats()
				out.Periods[math.MinInt64] = untimed
			}
			untimed.Merge(early)
		}
		c := sc.Counts()
		in := Input{Path: l.Name, Kind: "error", Format: l.Format.Name(), MalformedSamples: []Sample{},
			InputStats: InputStats{Lines: int64(c.Lines), Entries: int64(c.Entries), Malformed: int64(c.Malformed),
				Blank: int64(c.Blank), TooLong: int64(c.TooLong), Continuation: int64(c.Continuation), Foreign: int64(c.Foreign), Warnings: warnings}}
		for _, pe := range sc.Malformed() {
			if len(in.MalformedSamples) < DefaultOptions().Samples {
				in.MalformedSamples = append(in.MalformedSamples, Sample{Input: l.Name, Line: int64(pe.Line), Reason: pe.Err.Error()})
			}
		}
		if err := sc.Err(); err != nil {
			out.Errs[i] = err
			in.Error = err.Error()
		}
		out.Inputs = append(out.Inputs, in)
	}
	if ev := b.Evidence(); ev.Total > 0 {
		out.Evidence = ev
	}
	return out
}

// errorExcerpt renders an error entry compactly for an example line:
// "[level] errno: code: message", the message cut to 200 bytes.
func errorExcerpt(ent *parser.ErrorEntry) string {
	s := ""
	if len(ent.Level) > 0 {
		s = "[" + string(ent.Level) + "] "
	}
	if len(ent.Errno) > 0 && ent.Connection < 0 {
		s += string(ent.Errno) + ": "
	}
	if len(ent.Code) > 0 {
		s += string(ent.Code) + ": "
	}
	msg := ent.Message
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return s + string(msg)
}
