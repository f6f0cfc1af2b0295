package watch

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/gdamore/tcell/v2"

	"github.com/logscan/logscan/analyze"
)

// benchLines renders n varied combined lines of one second; stamps holds
// the offset of each line's timestamp, rewritten for every second.
func benchLines(n int, seed uint64) (block []byte, stamps []int) {
	r := rand.New(rand.NewPCG(seed, 1))
	statuses := []int{200, 200, 200, 200, 200, 200, 304, 301, 404, 404, 403, 500, 503}
	agents := []string{"Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
		"curl/8.5.0", "Googlebot/2.1 (+http://www.google.com/bot.html)"}
	for range n {
		client := fmt.Sprintf("%d.%d.%d.%d", 10+r.IntN(200), r.IntN(256), r.IntN(256), r.IntN(256))
		if r.IntN(2) == 0 {
			client = fmt.Sprintf("192.0.2.%d", r.IntN(200)) // a few heavy clients
		}
		path := fmt.Sprintf("/products/%d?ref=%d", int(r.ExpFloat64()*300), r.IntN(10))
		block = append(block, client...)
		block = append(block, " - - ["...)
		stamps = append(stamps, len(block))
		block = append(block, "02/Jan/2006:15:04:05 +0000"...)
		block = fmt.Appendf(block, "] \"GET %s HTTP/1.1\" %d %d \"https://www.example.com/\" \"%s\"\n",
			path, statuses[r.IntN(len(statuses))], 200+r.IntN(50000), agents[r.IntN(len(agents))])
	}
	return block, stamps
}

// stampSecond writes t into every line's timestamp.
func stampSecond(block []byte, stamps []int, t time.Time) {
	ts := t.UTC().Format("02/Jan/2006:15:04:05 -0700")
	for _, at := range stamps {
		copy(block[at:], ts)
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkWatch10k follows a real file that gets 10,000 lines per
// simulated second (one b.N each), polling four times and ticking once per
// second of a fake clock, and reports the CPU time (user and system, all
// goroutines) per simulated second as a share of one core: JSON output
// (the five-minute window only during incidents) and the dashboard (every
// window every second, drawn on a simulated screen).
//
//	go test ./watch -run '^$' -bench Watch10k -benchtime 120x
func BenchmarkWatch10k(b *testing.B) {
	for _, mode := range []string{"json", "dashboard"} {
		b.Run(mode, func(b *testing.B) {
			dir := b.TempDir()
			path := filepath.Join(dir, "access.log")
			must(b, os.WriteFile(path, nil, 0o644))
			start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
			now := start
			clock := func() time.Time { return now }
			opts := analyze.DefaultOptions()
			opts.TopCapacity = 1000
			cfg := Config{Paths: []string{path}, Now: clock, Top: 5, Location: time.UTC,
				Live: Options{Analyze: opts, Zone: time.UTC, Source: "bench"}}
			fl, err := NewFollower(cfg.Paths, false, 1<<20, clock)
			must(b, err)
			defer fl.Close()
			var out Output = NewJSONLines(discard{}, time.UTC)
			full := mode == "dashboard"
			if full {
				s := tcell.NewSimulationScreen("UTF-8")
				s.SetSize(120, 40)
				d, err := NewDashboard(s, time.UTC)
				must(b, err)
				defer d.Close()
				out = d
			}
			w := New(cfg, fl, out, full)
			block, stamps := benchLines(10000, 1)
			f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
			must(b, err)
			defer f.Close()
			var cpu time.Duration
			b.ResetTimer()
			for i := range b.N {
				if i > 0 && i%300 == 0 {
					// Keep the file small: rotate it as logrotate would.
					must(b, os.Rename(path, path+".1"))
					f.Close()
					f, err = os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
					must(b, err)
				}
				stampSecond(block, stamps, now)
				_, err := f.Write(block)
				must(b, err)
				c0 := cpuTime()
				for range 4 {
					now = now.Add(250 * time.Millisecond)
					w.Poll(now)
				}
				must(b, w.Tick(now))
				cpu += cpuTime() - c0
			}
			b.ReportMetric(100*cpu.Seconds()/float64(b.N), "%core")
			if w.Live().Requests != int64(10000*b.N) {
				b.Fatalf("counted %d requests of %d", w.Live().Requests, 10000*b.N)
			}
		})
	}
}

// BenchmarkWatchMemory feeds 10,000 lines per simulated second (one b.N
// each) straight into the live state, ticking every second, and reports the
// heap in use after the last tick: an hour is -benchtime 3600x.
//
//	go test ./watch -run '^$' -bench WatchMemory -benchtime 3600x
func BenchmarkWatchMemory(b *testing.B) {
	start := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC)
	now := start
	opts := analyze.DefaultOptions()
	opts.TopCapacity = 1000
	l := NewLive([]string{"access.log"}, Options{Analyze: opts, Zone: time.UTC, Source: "bench", MaxLine: 1 << 20}, nil)
	var tr tracker
	block, stamps := benchLines(10000, 2)
	var peak uint64
	var ms runtime.MemStats
	b.ResetTimer()
	for i := range b.N {
		stampSecond(block, stamps, now)
		now = now.Add(time.Second)
		l.Advance(now)
		l.Lines(0, block)
		l.Freeze()
		var incs []analyze.Incident
		if st := l.Window15(); st != nil {
			incs = st.Summary(analyze.SummaryOptions{TopN: -1}).Incidents
		}
		var sum5 *analyze.Summary
		if i%10 == 0 {
			sum5 = l.Window5().Summary(analyze.SummaryOptions{TopN: 5})
		}
		tr.update(now, incs, sum5)
		if i%60 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "MiB-heap-end")
	b.ReportMetric(float64(peak)/(1<<20), "MiB-heap-peak")
	b.ReportMetric(float64(l.Requests), "requests")
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

func must(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
