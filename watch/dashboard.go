package watch

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/gdamore/tcell/v2"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/report"
)

// Dashboard shows a watch on a terminal, on the alternate screen: requests
// per second by class with sparklines, the current incident and its
// causes, the top failing paths and clients of the last five minutes, the
// error-log messages of the last minute and the files followed. q, Esc or
// Ctrl-C asks the watch to stop; a resize redraws. Log text is escaped as
// in the text report, so nothing in a log can drive the terminal.
type Dashboard struct {
	s     tcell.Screen
	loc   *time.Location
	stop  chan struct{}
	quit  chan struct{}
	done  chan struct{}
	once  sync.Once
	mu    sync.Mutex
	last  *Frame
	notes []string // the last file events
}

// NewDashboard starts the dashboard on s, or on the terminal when s is
// nil, with times in loc (nil: local time).
func NewDashboard(s tcell.Screen, loc *time.Location) (*Dashboard, error) {
	if s == nil {
		var err error
		if s, err = tcell.NewScreen(); err != nil {
			return nil, err
		}
	}
	if err := s.Init(); err != nil {
		return nil, err
	}
	if loc == nil {
		loc = time.Local
	}
	s.HideCursor()
	s.Clear()
	s.Show()
	d := &Dashboard{s: s, loc: loc, stop: make(chan struct{}), quit: make(chan struct{}), done: make(chan struct{})}
	go d.events()
	return d, nil
}

// events reads keys and resizes until the dashboard is closed.
func (d *Dashboard) events() {
	defer close(d.done)
	ch := make(chan tcell.Event, 16)
	go d.s.ChannelEvents(ch, d.quit)
	for ev := range ch {
		switch ev := ev.(type) {
		case *tcell.EventKey:
			if ev.Key() == tcell.KeyCtrlC || ev.Key() == tcell.KeyEscape || ev.Key() == tcell.KeyRune && (ev.Rune() == 'q' || ev.Rune() == 'Q') {
				d.once.Do(func() { close(d.stop) })
			}
		case *tcell.EventResize:
			d.mu.Lock()
			d.s.Sync()
			d.draw()
			d.mu.Unlock()
		}
	}
}

// Stop implements [Output].
func (d *Dashboard) Stop() <-chan struct{} { return d.stop }

// Close restores the terminal.
func (d *Dashboard) Close() {
	close(d.quit)
	d.mu.Lock()
	d.s.Fini()
	d.mu.Unlock()
	<-d.done
}

// File implements [Output].
func (d *Dashboard) File(at time.Time, e FileEvent, in *Input) {
	if e.Change == Detected {
		return // the files' lines show it
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	d.notes = append(d.notes, fmt.Sprintf("%s %s %s", at.In(d.loc).Format("15:04:05"), report.Terminal(e.Path), e.Change))
	if len(d.notes) > 3 {
		d.notes = d.notes[len(d.notes)-3:]
	}
}

// Incident implements [Output]: the frame shows the incident.
func (d *Dashboard) Incident(time.Time, Transition, *Incident) error { return nil }

// Tick implements [Output].
func (d *Dashboard) Tick(f *Frame) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.last = f
	d.draw()
	return nil
}

var (
	styleBold  = tcell.StyleDefault.Bold(true)
	styleDim   = tcell.StyleDefault.Dim(true)
	styleAlarm = tcell.StyleDefault.Foreground(tcell.ColorRed).Bold(true)
	styleOK    = tcell.StyleDefault.Foreground(tcell.ColorGreen)
	classStyle = [6]tcell.Style{tcell.StyleDefault, tcell.StyleDefault, tcell.StyleDefault.Foreground(tcell.ColorGreen),
		tcell.StyleDefault.Foreground(tcell.ColorBlue), tcell.StyleDefault.Foreground(tcell.ColorYellow), tcell.StyleDefault.Foreground(tcell.ColorRed)}
)

// screenText is a dashboard being drawn, row by row.
type screenText struct {
	s    tcell.Screen
	w, h int
	y    int
}

// line writes text at column x of the current row, clipped to the screen.
func (t *screenText) put(x int, text string, st tcell.Style) {
	if t.y < t.h && x < t.w {
		t.s.PutStrStyled(x, t.y, text, st)
	}
}

func (t *screenText) line(text string, st tcell.Style) {
	t.put(0, text, st)
	t.y++
}

// sparks are the bars of a sparkline, lowest first.
var sparks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws counts as bars scaled to their maximum.
func sparkline(counts []int64) string {
	var top int64
	for _, c := range counts {
		top = max(top, c)
	}
	var b strings.Builder
	for _, c := range counts {
		switch {
		case c == 0:
			b.WriteRune(' ')
		default:
			b.WriteRune(sparks[int((c*int64(len(sparks)-1)+top-1)/top)])
		}
	}
	return b.String()
}

// draw draws the last frame; d.mu is held.
func (d *Dashboard) draw() {
	f := d.last
	d.s.Clear()
	w, h := d.s.Size()
	t := &screenText{s: d.s, w: w, h: h}
	if f == nil {
		t.line("logscan watch: reading…", styleBold)
		d.s.Show()
		return
	}
	t.put(0, "logscan watch", styleBold)
	t.put(14, f.At.In(d.loc).Format("2006-01-02 15:04:05 -0700"), tcell.StyleDefault)
	t.put(max(w-10, 41), "q: quit", styleDim)
	t.y += 2

	// Requests per second by class, the last minute.
	spark := min(60, max(w-34, 10))
	t.line(fmt.Sprintf("%-5s %-*s %8s %8s %9s", "class", spark, fmt.Sprintf("requests/s, last %d s", spark), "now", "1m avg", "total"), styleDim)
	rates := f.Rates
	if len(rates) > spark {
		rates = rates[len(rates)-spark:]
	}
	for c := 1; c <= 5; c++ {
		counts := make([]int64, len(rates))
		for i, r := range rates {
			counts[i] = r[c]
		}
		var now int64
		if n := len(counts); n >= 2 {
			now = counts[n-2] // the last whole second
		}
		t.put(0, fmt.Sprintf("%dxx", c), classStyle[c])
		t.put(6, fmt.Sprintf("%-*s", spark, sparkline(counts)), classStyle[c])
		t.put(7+spark, fmt.Sprintf("%8s %8.1f %9s", analyze.Thousands(now), float64(f.Last1[c])/60, analyze.Thousands(f.Classes[c])), tcell.StyleDefault)
		t.y++
	}
	var total1 int64
	for _, n := range f.Last1 {
		total1 += n
	}
	t.line(fmt.Sprintf("%s requests since the start, %s in the last minute, %s lines too old for the windows",
		analyze.Thousands(f.Requests), analyze.Thousands(total1), analyze.Thousands(f.Late)), styleDim)
	t.y++

	// The incident.
	if inc := f.Incident; inc != nil {
		var codes []string
		for _, c := range inc.Codes {
			codes = append(codes, fmt.Sprintf("%d ×%s", c.Code, analyze.Thousands(c.Count)))
		}
		t.line(fmt.Sprintf("INCIDENT #%d since %s (%s): %s of %s requests failed: %s", inc.ID, inc.Start.In(d.loc).Format("15:04"),
			f.At.Sub(inc.Start).Truncate(time.Second), analyze.Thousands(inc.Errors), analyze.Thousands(inc.Requests), strings.Join(codes, ", ")), styleAlarm)
		if len(inc.Causes) == 0 {
			t.line("  no confirmed cause yet", styleDim)
		}
		for _, c := range inc.Causes {
			var what []string
			if c.Requests > 0 {
				what = append(what, analyze.Thousands(c.Requests)+" requests")
			}
			if c.Messages > 0 {
				what = append(what, analyze.Thousands(c.Messages)+" error-log messages")
			}
			t.line(fmt.Sprintf("  confirmed: %s: %s (%s)", c.ID, c.Title, strings.Join(what, ", ")), styleBold)
			if c.Example != "" {
				t.line("    e.g. "+report.Terminal(c.Example), styleDim)
			}
		}
	} else {
		t.line("no incident: the share of server errors is at its usual level", styleOK)
	}
	t.y++

	// Failing paths and clients, the last five minutes.
	half := w / 2
	t.put(0, "failing paths, last 5 min", styleDim)
	t.put(half, "failing clients, last 5 min", styleDim)
	t.y++
	paths := failingPaths(f.Window5)
	rows := max(min(len(paths), 5), min(len(f.FailingClients), 5))
	for k := range rows {
		if k < len(paths) {
			p := paths[k]
			t.put(0, fmt.Sprintf("%7s %d %s", analyze.Thousands(p.count), p.code, report.Cut(report.Terminal(p.path), max(half-14, 8))), classStyle[p.code/100])
		}
		if k < len(f.FailingClients) {
			c := f.FailingClients[k]
			t.put(half, fmt.Sprintf("%7s %s", analyze.Thousands(c.Count), report.Cut(report.Terminal(c.Key), max(w-half-9, 8))), tcell.StyleDefault)
		}
		t.y++
	}
	if rows == 0 {
		t.line("  none", styleDim)
	}
	t.y++

	// Error-log messages, the last minute.
	t.line("error log, last minute", styleDim)
	n := 0
	if f.Errors1 != nil {
		for _, tp := range f.Errors1.Templates {
			if n == 5 {
				break
			}
			text := tp.Template
			if tp.Code != "" && !strings.Contains(text, tp.Code) {
				text = tp.Code + ": " + text
			}
			t.line(fmt.Sprintf("%7s [%s] %s", analyze.Thousands(tp.Count), report.Terminal(tp.Level), report.Cut(report.Terminal(text), max(w-20, 10))), tcell.StyleDefault)
			n++
		}
	}
	if n == 0 {
		t.line("  none", styleDim)
	}
	t.y++

	// The files.
	for _, fs := range f.Files {
		state := fmt.Sprintf("%s %s, %s lines", fs.Kind, fs.Format, analyze.Thousands(fs.Stats.Lines))
		if bad := fs.Stats.Malformed + fs.Stats.TooLong; bad > 0 {
			state += fmt.Sprintf(", %s malformed", analyze.Thousands(bad))
		}
		switch {
		case fs.Missing:
			state = "missing: waiting for it"
		case fs.Kind == "":
			state = "no lines yet"
		}
		t.line(report.Terminal(fs.Path)+": "+state, styleDim)
	}
	for _, n := range d.notes {
		t.line(n, styleDim)
	}
	d.s.Show()
}

// failingPath is a path answered with an error code.
type failingPath struct {
	code  int
	path  string
	count int64
}

// failingPaths lists the top paths of the 4xx and 5xx codes of a summary,
// server errors first, then by count.
func failingPaths(s *analyze.Summary) []failingPath {
	if s == nil {
		return nil
	}
	var out []failingPath
	for _, c := range s.Codes {
		if c.Code < 400 {
			continue
		}
		for _, p := range c.TopPaths {
			out = append(out, failingPath{c.Code, p.Key, p.Count})
		}
	}
	slices.SortStableFunc(out, func(a, b failingPath) int {
		if a.code/100 != b.code/100 {
			return cmp.Compare(b.code/100, a.code/100)
		}
		if c := cmp.Compare(b.count, a.count); c != 0 {
			return c
		}
		if c := cmp.Compare(a.code, b.code); c != 0 {
			return c
		}
		return cmp.Compare(a.path, b.path)
	})
	return out
}
