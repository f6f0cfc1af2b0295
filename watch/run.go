// Package watch follows access and error logs while they are written
// (logscan watch): it reads new lines like tail -F, counts them into
// sliding windows of the same state logscan scan builds, finds incidents
// with scan's rule as lines arrive, and shows them on a terminal
// dashboard or as JSON Lines events.
package watch

import (
	"context"
	"errors"
	"time"

	"github.com/logscan/logscan/analyze"
)

// Config configures [Run].
type Config struct {
	Paths     []string
	FromStart bool
	// Interval is the time between two ticks (a redraw, a tick event);
	// Poll the time between two looks at the files.
	Interval, Poll time.Duration
	Live           Options
	// Location is the zone times are shown in; nil is the access log's.
	Location *time.Location
	// Top is the number of rows of each list.
	Top int
	// Now is the clock; nil is time.Now.
	Now func() time.Time
}

// Output receives what a watch has to say: a JSON Lines writer or the
// dashboard.
type Output interface {
	// File reports a change of a followed file, or its detection (with
	// in set and Change "detected").
	File(at time.Time, e FileEvent, in *Input)
	// Tick shows the state at a tick.
	Tick(f *Frame) error
	// Incident reports a transition of the current incident.
	Incident(at time.Time, t Transition, inc *Incident) error
	// Stop is closed when the output wants the watch to end (q on the
	// dashboard); nil when it never does.
	Stop() <-chan struct{}
}

// Detected is the change of a [FileEvent] that reports a file's kind and
// format, once its first lines are there.
const Detected Change = "detected"

// Frame is what one tick shows.
type Frame struct {
	At time.Time
	// Totals since the start.
	Requests int64
	Classes  [6]int64 // index 0: no status; 1-5: the classes
	Late     int64
	Files    []FileStatus
	// Windows: requests per class in the last 1, 5 and 15 minutes of the
	// clock.
	Last1, Last5, Last15 [6]int64
	// Rates are the requests per class of the last seconds, oldest first.
	Rates [][6]int64
	// Incident is the current incident, nil when none.
	Incident *Incident
	// Window5 is the summary of the last five minutes, nil when it was not
	// computed (JSON output outside incidents).
	Window5 *analyze.Summary
	// FailingClients are the clients with most 4xx and 5xx answers in the
	// last five minutes (dashboard only).
	FailingClients []analyze.Counted
	// Errors1 are the error-log messages of the last minute (dashboard
	// only).
	Errors1 *analyze.ErrorSummary
}

// FileStatus is one followed file at a tick.
type FileStatus struct {
	Path    string
	Kind    string
	Format  string
	Missing bool
	Stats   analyze.InputStats
}

// Run follows cfg.Paths until ctx is done or the output asks to stop,
// then returns nil. A file that exists but cannot be read is an error
// wrapping [ErrUnreadable], before anything is shown.
func Run(ctx context.Context, cfg Config, out Output, full bool) error {
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	if cfg.Interval <= 0 {
		cfg.Interval = time.Second
	}
	if cfg.Poll <= 0 {
		cfg.Poll = min(250*time.Millisecond, cfg.Interval)
	}
	fl, err := NewFollower(cfg.Paths, cfg.FromStart, cfg.Live.MaxLine, now)
	if err != nil {
		return err
	}
	defer fl.Close()
	w := New(cfg, fl, out, full)
	for i, p := range cfg.Paths {
		if fl.Missing(i) {
			out.File(now(), FileEvent{File: i, Path: p, Change: Waiting}, nil)
		}
	}
	poll := time.NewTicker(cfg.Poll)
	defer poll.Stop()
	tick := time.NewTicker(cfg.Interval)
	defer tick.Stop()
	w.Poll(now())
	stop := out.Stop()
	for {
		select {
		case <-ctx.Done():
			w.Poll(now())
			return w.Tick(now())
		case <-stop:
			return nil
		case <-poll.C:
			w.Poll(now())
		case <-tick.C:
			w.Poll(now())
			if err := w.Tick(now()); err != nil {
				return err
			}
		}
	}
}

// Watch is one watch: a follower, the live state, the incident tracker
// and an output. [Run] drives it with the clock; tests drive it by hand.
type Watch struct {
	cfg  Config
	fl   *Follower
	live *Live
	out  Output
	tr   tracker
	full bool // compute everything the dashboard shows at every tick
	now  time.Time
}

// New makes a watch of the files fl follows. full asks for what the
// dashboard shows at every tick; without it, the five-minute window is
// computed only while an incident goes on.
func New(cfg Config, fl *Follower, out Output, full bool) *Watch {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	w := &Watch{cfg: cfg, fl: fl, out: out, full: full, now: cfg.Now()}
	w.live = NewLive(cfg.Paths, cfg.Live, func(i int) []byte { return fl.Head(i, headBytes) })
	w.live.OnDetect = func(i int, in *Input) {
		out.File(w.now, FileEvent{File: i, Path: in.Path, Change: Detected}, in)
	}
	w.live.OnEvent = func(e FileEvent) { out.File(w.now, e, nil) }
	w.live.DetectAll()
	if w.cfg.Live.Zone == nil {
		w.cfg.Live.Zone = w.live.Zone()
	}
	return w
}

// Live returns the watch's live state.
func (w *Watch) Live() *Live { return w.live }

// Poll reads what the files got, at the time now.
func (w *Watch) Poll(now time.Time) {
	w.now = now
	w.live.Advance(now)
	w.fl.Poll(w.live.Order(), w.live)
	w.live.EndPoll()
}

// Tick freezes the panes whose time is over, follows the incident and
// hands the output a frame.
func (w *Watch) Tick(now time.Time) error {
	w.now = now
	l := w.live
	l.Advance(now)
	l.Freeze()
	sumOpts := analyze.SummaryOptions{TopN: max(w.cfg.Top, 1), Location: w.cfg.Location}
	var incs []analyze.Incident
	if st := l.Window15(); st != nil {
		lo := sumOpts
		lo.TopN = -1
		incs = st.Summary(lo).Incidents
	}
	f := &Frame{At: now, Requests: l.Requests, Classes: l.Classes, Late: l.Late,
		Last1: l.Counts(window1), Last5: l.Counts(window5), Last15: l.Counts(window15)}
	if w.full || w.tr.cur != nil || ongoing(incs, now) != nil {
		if st := l.Window5(); st != nil {
			f.Window5 = st.Summary(sumOpts)
		}
	}
	t, ended := w.tr.update(now, incs, f.Window5)
	var errs []error
	if ended != nil {
		errs = append(errs, w.out.Incident(now, Ended, ended))
	}
	if t == Started || t == Updated {
		errs = append(errs, w.out.Incident(now, t, w.tr.cur))
	}
	f.Incident = w.tr.cur
	for i, in := range l.Inputs() {
		fs := FileStatus{Path: in.Path, Kind: in.Kind, Missing: w.fl.Missing(i), Stats: l.Files[i]}
		switch {
		case in.Error != nil:
			fs.Format = in.Error.Name()
		case in.Access != nil:
			fs.Format = in.Access.Name()
		}
		f.Files = append(f.Files, fs)
	}
	if w.full {
		f.Rates = l.Rates(60)
		f.FailingClients = l.FailingClients(max(w.cfg.Top, 1))
		loc := w.cfg.Location
		if loc == nil {
			loc = w.cfg.Live.Zone
		}
		f.Errors1 = l.Errors1(max(w.cfg.Top, 1), loc)
	}
	errs = append(errs, w.out.Tick(f))
	return errors.Join(errs...)
}
