// Package fuzzbudget gives each input of a fuzz target a time budget, so
// that an input that hangs or runs for very long fails loudly, with the
// input kept by the fuzzer, instead of stalling the run.
package fuzzbudget

import (
	"fmt"
	"os"
	"runtime"
	"testing"
	"time"
)

// Default is the budget fuzz targets give one input: far above what any
// input takes on a loaded CI machine, far below a hang.
const Default = 20 * time.Second

// Start starts the budget of one input; call the function it returns when
// the input is done: defer fuzzbudget.Start(t, fuzzbudget.Default)(). If
// the input runs over d, the process prints every goroutine's stack and
// exits, which the fuzzer reports as a failure of that input and keeps.
func Start(t testing.TB, d time.Duration) (stop func()) {
	name := t.Name()
	timer := time.AfterFunc(d, func() {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		fmt.Fprintf(os.Stderr, "fuzzbudget: %s: one input ran over %s\n%s\n", name, d, buf[:n])
		os.Exit(2)
	})
	return func() { timer.Stop() }
}
