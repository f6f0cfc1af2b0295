package main

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/logscan/logscan/input"
)

// progress draws a progress bar on a terminal's stderr while inputs are
// read: bytes of the files read so far (compressed bytes for gzip) out of
// their total size.
type progress struct {
	w      io.Writer
	inputs []*input.Input
	total  int64
	stop   chan struct{}
	done   sync.WaitGroup
}

// startProgress starts drawing when the total size is known and large
// enough to be worth it; it returns nil otherwise.
func startProgress(w io.Writer, inputs []*input.Input) *progress {
	var total int64
	for _, in := range inputs {
		if in.Size < 0 {
			return nil
		}
		total += in.Size
	}
	if total < 64<<20 {
		return nil
	}
	p := &progress{w: w, inputs: inputs, total: total, stop: make(chan struct{})}
	p.done.Add(1)
	go p.loop()
	return p
}

func (p *progress) loop() {
	defer p.done.Done()
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	start := time.Now()
	for {
		select {
		case <-p.stop:
			fmt.Fprint(p.w, "\r\x1b[K")
			return
		case <-t.C:
			var n int64
			for _, in := range p.inputs {
				n += in.Consumed()
			}
			frac := float64(n) / float64(p.total)
			frac = min(frac, 1)
			const width = 30
			filled := int(frac * width)
			rate := float64(n) / time.Since(start).Seconds() / 1e6
			fmt.Fprintf(p.w, "\r[%s%s] %3.0f%%  %s / %s  %.0f MB/s", strings.Repeat("=", filled), strings.Repeat(" ", width-filled),
				frac*100, size(n), size(p.total), rate)
		}
	}
}

// Stop erases the bar. It is safe to call on a nil progress.
func (p *progress) Stop() {
	if p == nil {
		return
	}
	close(p.stop)
	p.done.Wait()
}

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MiB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KiB", n>>10)
}
