package fuzzbudget

import (
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

func TestStartStops(t *testing.T) {
	stop := Start(t, 50*time.Millisecond)
	stop()
	time.Sleep(100 * time.Millisecond) // the process is still here
}

// TestOverBudgetExits runs itself in a child process whose input sleeps
// past its budget: the child must exit with the report, not hang.
func TestOverBudgetExits(t *testing.T) {
	if os.Getenv("FUZZBUDGET_CHILD") == "1" {
		defer Start(t, 50*time.Millisecond)()
		time.Sleep(5 * time.Second)
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run", "^TestOverBudgetExits$")
	cmd.Env = append(os.Environ(), "FUZZBUDGET_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("the child passed; want it stopped by its budget")
	}
	if !strings.Contains(string(out), "one input ran over 50ms") {
		t.Fatalf("no budget report in the child's output:\n%s", out)
	}
}
