package watch

import (
	"bufio"
	"encoding/json"
	"io"
	"time"

	"github.com/logscan/logscan/report"
)

// JSONLines writes the events of a watch, one JSON object per line, for
// machines (docs/json.md, "logscan watch"): "file" when a file is
// detected, waited for, rotated, truncated, appears or vanishes; "tick" at
// every interval; "incident-start", "incident-update" and "incident-end".
// Each line is flushed when written, so a pipe sees it at once. Log text is
// escaped as in every JSON output of logscan.
type JSONLines struct {
	w   *bufio.Writer
	loc *time.Location
	err error
}

// NewJSONLines returns an output writing to w, with times in loc (nil:
// local time).
func NewJSONLines(w io.Writer, loc *time.Location) *JSONLines {
	if loc == nil {
		loc = time.Local
	}
	return &JSONLines{w: bufio.NewWriter(w), loc: loc}
}

// Err returns the first error writing failed with.
func (j *JSONLines) Err() error { return j.err }

// Stop implements [Output]: JSON Lines never ask to stop.
func (j *JSONLines) Stop() <-chan struct{} { return nil }

func (j *JSONLines) at(t time.Time) time.Time { return t.Truncate(time.Millisecond).In(j.loc) }

func (j *JSONLines) write(v any) error {
	if j.err != nil {
		return j.err
	}
	b, err := json.Marshal(v)
	if err == nil {
		b = append(report.TerminalJSON(b), '\n')
		_, err = j.w.Write(b)
	}
	if err == nil {
		err = j.w.Flush()
	}
	j.err = err
	return err
}

// fileEvent is the "file" event.
type fileEvent struct {
	Event  string    `json:"event"`
	At     time.Time `json:"at"`
	Path   string    `json:"path"`
	Change Change    `json:"change"`
	Kind   string    `json:"kind,omitempty"`
	Format string    `json:"format,omitempty"`
}

// File implements [Output].
func (j *JSONLines) File(at time.Time, e FileEvent, in *Input) {
	ev := fileEvent{Event: "file", At: j.at(at), Path: e.Path, Change: e.Change}
	if in != nil {
		ev.Kind = in.Kind
		switch {
		case in.Error != nil:
			ev.Format = in.Error.Name()
		case in.Access != nil:
			ev.Format = in.Access.Name()
		}
	}
	_ = j.write(ev)
}

// classCounts are requests per class, as in the scan report's classes.
type classCounts struct {
	C1xx     int64 `json:"1xx"`
	C2xx     int64 `json:"2xx"`
	C3xx     int64 `json:"3xx"`
	C4xx     int64 `json:"4xx"`
	C5xx     int64 `json:"5xx"`
	NoStatus int64 `json:"no_status,omitempty"`
}

func classesOf(c [6]int64) classCounts {
	return classCounts{C1xx: c[1], C2xx: c[2], C3xx: c[3], C4xx: c[4], C5xx: c[5], NoStatus: c[0]}
}

// windowCounts are the requests of one window.
type windowCounts struct {
	Requests int64       `json:"requests"`
	Classes  classCounts `json:"classes"`
}

func windowOf(c [6]int64) windowCounts {
	var n int64
	for _, v := range c {
		n += v
	}
	return windowCounts{Requests: n, Classes: classesOf(c)}
}

// tickEvent is the "tick" event.
type tickEvent struct {
	Event     string      `json:"event"`
	At        time.Time   `json:"at"`
	Requests  int64       `json:"requests"`
	Classes   classCounts `json:"classes"`
	Malformed int64       `json:"malformed"`
	Late      int64       `json:"late"`
	Windows   struct {
		M1  windowCounts `json:"1m"`
		M5  windowCounts `json:"5m"`
		M15 windowCounts `json:"15m"`
	} `json:"windows"`
	Incident *int `json:"incident"`
}

// Tick implements [Output].
func (j *JSONLines) Tick(f *Frame) error {
	ev := tickEvent{Event: "tick", At: j.at(f.At), Requests: f.Requests, Classes: classesOf(f.Classes), Late: f.Late}
	for _, fs := range f.Files {
		ev.Malformed += fs.Stats.Malformed + fs.Stats.TooLong
	}
	ev.Windows.M1, ev.Windows.M5, ev.Windows.M15 = windowOf(f.Last1), windowOf(f.Last5), windowOf(f.Last15)
	if f.Incident != nil {
		id := f.Incident.ID
		ev.Incident = &id
	}
	return j.write(ev)
}

// incidentEvent is the "incident-start", "incident-update" and
// "incident-end" event.
type incidentEvent struct {
	Event string    `json:"event"`
	At    time.Time `json:"at"`
	Incident
}

// Incident implements [Output].
func (j *JSONLines) Incident(at time.Time, t Transition, inc *Incident) error {
	name := map[Transition]string{Started: "incident-start", Updated: "incident-update", Ended: "incident-end"}[t]
	ev := incidentEvent{Event: name, At: j.at(at), Incident: *inc}
	ev.Start, ev.End = ev.Start.In(j.loc), ev.End.In(j.loc)
	return j.write(ev)
}
