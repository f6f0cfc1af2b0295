package watch

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/parser"
)

// recorder is an Output that keeps what it is given.
type recorder struct {
	ticks     []*Frame
	incidents []recordedIncident
	files     []FileEvent
}

type recordedIncident struct {
	t   Transition
	inc Incident
}

func (r *recorder) File(_ time.Time, e FileEvent, _ *Input) { r.files = append(r.files, e) }
func (r *recorder) Tick(f *Frame) error                     { r.ticks = append(r.ticks, f); return nil }
func (r *recorder) Incident(_ time.Time, t Transition, inc *Incident) error {
	r.incidents = append(r.incidents, recordedIncident{t, *inc})
	return nil
}
func (r *recorder) Stop() <-chan struct{} { return nil }

// accessLine is a combined line at t.
func accessLine(t time.Time, client, path string, status int) string {
	return fmt.Sprintf("%s - - [%s] \"GET %s HTTP/1.1\" %d 100 \"-\" \"test\"\n", client, t.UTC().Format("02/Jan/2006:15:04:05 -0700"), path, status)
}

// apacheError is an Apache 2.4 error-log line at t (UTC, as the access
// log's offset says).
func apacheError(t time.Time, text string) string {
	return fmt.Sprintf("[%s] [mpm_event:error] [pid 100:tid 200] %s\n", t.UTC().Format("Mon Jan 02 15:04:05.000000 2006"), text)
}

// fakeWatch is a watch of files in a temporary directory on a fake clock.
type fakeWatch struct {
	t     *testing.T
	dir   string
	now   time.Time
	w     *Watch
	out   *recorder
	paths []string
}

func newFakeWatch(t *testing.T, start time.Time, full bool, names ...string) *fakeWatch {
	fw := &fakeWatch{t: t, dir: t.TempDir(), now: start, out: &recorder{}}
	for _, n := range names {
		p := filepath.Join(fw.dir, n)
		require.NoError(t, os.WriteFile(p, nil, 0o644))
		fw.paths = append(fw.paths, p)
	}
	clock := func() time.Time { return fw.now }
	opts := analyze.DefaultOptions()
	opts.TopCapacity = 1000
	cfg := Config{Paths: fw.paths, Now: clock, Top: 5, Location: time.UTC,
		Live: Options{Analyze: opts, Zone: time.UTC, Source: "test"}}
	fl, err := NewFollower(fw.paths, false, 1<<20, clock)
	require.NoError(t, err)
	t.Cleanup(fl.Close)
	fw.w = New(cfg, fl, fw.out, full)
	return fw
}

func (fw *fakeWatch) write(i int, text string) { appendTo(fw.t, fw.paths[i], text) }

// step advances the clock by d, polls and ticks.
func (fw *fakeWatch) step(d time.Duration) *Frame {
	fw.now = fw.now.Add(d)
	fw.w.Poll(fw.now)
	require.NoError(fw.t, fw.w.Tick(fw.now))
	return fw.out.ticks[len(fw.out.ticks)-1]
}

// TestWatchIncident writes ten minutes of normal traffic, then a burst of
// 503s with AH00484 in the error log: the tick after it starts an
// incident naming mpm-limits; once the traffic is normal again for longer
// than scan's gap, the incident ends.
func TestWatchIncident(t *testing.T) {
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	fw := newFakeWatch(t, start, false, "access.log", "error.log")
	fw.step(time.Second)
	requests := int64(0)
	for s := range 600 {
		at := start.Add(time.Duration(s) * time.Second)
		fw.write(0, accessLine(at, "192.0.2.1", "/", 200))
		requests++
		if s%10 == 9 {
			fw.step(10 * time.Second)
			require.Empty(t, fw.out.incidents, "an incident in normal traffic at %v", fw.now)
		}
	}
	fw.step(time.Second)
	// The burst: a second of 503s.
	at := fw.now
	fw.write(1, apacheError(at, "AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting"))
	for k := range 30 {
		fw.write(0, accessLine(at, fmt.Sprintf("198.51.100.%d", k), "/checkout", 503))
		requests++
	}
	f := fw.step(time.Second)
	require.Equal(t, requests, f.Requests)
	require.Len(t, fw.out.incidents, 1, "no incident after the burst")
	got := fw.out.incidents[0]
	require.Equal(t, Started, got.t)
	require.Equal(t, []analyze.CodeCount{{Code: 503, Count: 30}}, got.inc.Codes)
	require.NotEmpty(t, got.inc.Causes)
	t.Logf("%+v", got.inc.Causes)
	require.Equal(t, "mpm-limits", got.inc.Causes[0].ID)
	require.Equal(t, int64(30), got.inc.Causes[0].Requests, "the AH00484 line explains the 503s")
	require.Equal(t, []analyze.Counted{{Key: "/checkout", Count: 30}}, got.inc.TopPaths)
	require.NotNil(t, f.Incident)

	// Normal traffic again: the incident ends after scan's gap.
	for range 5 * 60 {
		fw.write(0, accessLine(fw.now, "192.0.2.1", "/", 200))
		fw.step(time.Second)
		if len(fw.out.incidents) > 1 {
			break
		}
	}
	require.Len(t, fw.out.incidents, 2)
	require.Equal(t, Ended, fw.out.incidents[1].t)
	require.Equal(t, 1, fw.out.incidents[1].inc.ID)
	require.True(t, fw.now.Sub(at) >= incidentGap && fw.now.Sub(at) <= incidentGap+2*time.Minute, "ended %v after the burst", fw.now.Sub(at))
	require.Nil(t, fw.out.ticks[len(fw.out.ticks)-1].Incident)
}

// TestWindowMatchesScan checks that the five-minute window says what scan
// says of the same lines: codes, causes with their evidence, top paths.
func TestWindowMatchesScan(t *testing.T) {
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	fw := newFakeWatch(t, start, true, "access.log", "error.log")
	fw.step(time.Second)
	var access, errs strings.Builder
	for s := range 200 {
		at := start.Add(time.Second + time.Duration(s)*time.Second)
		status := []int{200, 200, 404, 503, 200, 500}[s%6]
		path := fmt.Sprintf("/p%d", s%7)
		if status == 503 && s%4 == 3 {
			e := apacheError(at, "AH00484: server reached MaxRequestWorkers setting, consider raising the MaxRequestWorkers setting")
			fw.write(1, e)
			errs.WriteString(e)
		}
		l := accessLine(at, fmt.Sprintf("192.0.2.%d", s%5), path, status)
		fw.write(0, l)
		access.WriteString(l)
		if s%10 == 9 {
			fw.step(10 * time.Second)
		}
	}
	f := fw.step(time.Second)
	require.NotNil(t, f.Window5)
	require.Equal(t, int64(200), f.Window5.Requests)

	// scan's state of the same lines.
	opts := analyze.DefaultOptions()
	opts.TopCapacity = 1000
	ef, _ := parser.DetectErrorFormat(parser.SampleLines([]byte(errs.String()), 10, true))
	el := analyze.ReadErrorLogs([]analyze.ErrorLog{{Name: fw.paths[1], Reader: strings.NewReader(errs.String()), Format: ef}}, time.UTC, 0)
	opts.Evidence = el.Evidence
	p := analyze.NewPartial(2, opts)
	af, _ := parser.LookupFormat("combined")
	var e parser.Entry
	for i, l := range strings.Split(strings.TrimSuffix(access.String(), "\n"), "\n") {
		require.NoError(t, af.Parse([]byte(l), &e))
		p.Add(0, int64(i+1), []byte(l), &e)
	}
	meta := []analyze.InputMeta{{Path: fw.paths[0], Kind: "access", Format: "combined"}, {Path: fw.paths[1], Kind: "error", Format: ef.Name()}}
	scan := analyze.NewState(meta, p, el, "").Summary(analyze.SummaryOptions{TopN: 5, Location: time.UTC})
	type codeView struct {
		Code     int
		Count    int64
		Causes   map[string]int64
		TopPaths []analyze.Counted
	}
	view := func(s *analyze.Summary) []codeView {
		var out []codeView
		for _, c := range s.Codes {
			v := codeView{Code: c.Code, Count: c.Count, Causes: map[string]int64{}, TopPaths: c.TopPaths}
			for _, cr := range c.Causes {
				v.Causes[cr.ID+" "+cr.Confidence] = cr.Evidence
			}
			out = append(out, v)
		}
		return out
	}
	require.Equal(t, view(scan), view(f.Window5))
	require.Equal(t, scan.Classes, f.Window5.Classes)
	require.Equal(t, scan.Top.Paths, f.Window5.Top.Paths)
	require.Equal(t, scan.Incidents, f.Window5.Incidents)
	var last5 int64
	for _, n := range f.Last5 {
		last5 += n
	}
	require.Equal(t, int64(200), last5)
}

// TestWatchMemoryBounded runs 40 minutes of the fake clock: the panes not
// frozen and the windows' panes stay within their spans.
func TestWatchMemoryBounded(t *testing.T) {
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	fw := newFakeWatch(t, start, true, "access.log")
	for s := range 40 * 60 {
		at := start.Add(time.Duration(s) * time.Second)
		fw.write(0, accessLine(at, fmt.Sprintf("192.0.2.%d", s%200), fmt.Sprintf("/p%d", s), 200+s%4*100))
		if s%10 != 9 {
			continue
		}
		fw.step(10 * time.Second)
		l := fw.w.Live()
		require.LessOrEqual(t, len(l.panes), 2)
		require.LessOrEqual(t, len(l.win5.front)+len(l.win5.back), int(window5/paneLen)+1)
		require.LessOrEqual(t, len(l.win15.front)+len(l.win15.back), int(window15/paneLen)+1)
		require.LessOrEqual(t, len(l.errs), int(window5/paneLen)+1)
	}
	f := fw.step(time.Second)
	require.Equal(t, int64(40*60), f.Requests)
	// The seconds (now-15m, now]: the entries of the last 15 minutes.
	var want [6]int64
	for s := range 40 * 60 {
		if at := start.Add(time.Duration(s) * time.Second); at.After(fw.now.Add(-window15)) {
			want[2+s%4]++
		}
	}
	require.Equal(t, want, f.Last15)
	// Whole panes: five minutes and up to one pane more.
	require.GreaterOrEqual(t, f.Window5.Requests, int64(5*60-1))
	require.LessOrEqual(t, f.Window5.Requests, int64(5*60+10))
}

// TestWatchBackendDown checks the per-request join: nginx's connect()
// failed (111) lines explain the 502s of the same client, path and second,
// and the incident names backend-down.
func TestWatchBackendDown(t *testing.T) {
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	fw := newFakeWatch(t, start, false, "error.log", "access.log")
	fw.step(time.Second)
	for s := range 300 {
		fw.write(1, accessLine(start.Add(time.Duration(s)*time.Second), "192.0.2.1", "/", 200))
		if s%10 == 9 {
			fw.step(10 * time.Second)
		}
	}
	at := fw.now
	var errs, access strings.Builder
	for k := range 20 {
		client := fmt.Sprintf("198.51.100.%d", k)
		fmt.Fprintf(&errs, "%s [error] 1234#1234: *%d connect() failed (111: Connection refused) while connecting to upstream, client: %s, server: example.com, request: \"GET /api/cart HTTP/1.1\", upstream: \"http://127.0.0.1:8080/api/cart\", host: \"example.com\"\n",
			at.Format("2006/01/02 15:04:05"), 100+k, client)
		access.WriteString(accessLine(at, client, "/api/cart", 502))
	}
	fw.write(0, errs.String())
	fw.write(1, access.String())
	f := fw.step(time.Second)
	require.NotNil(t, f.Incident)
	require.Equal(t, []analyze.CodeCount{{Code: 502, Count: 20}}, f.Incident.Codes)
	require.NotEmpty(t, f.Incident.Causes)
	require.Equal(t, "backend-down", f.Incident.Causes[0].ID)
	require.Equal(t, int64(20), f.Incident.Causes[0].Requests)
	require.Contains(t, f.Incident.Causes[0].Example, "error.log:1: [error] connect() failed")
}
