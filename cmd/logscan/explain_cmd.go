package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/report"
)

// ExplainCmd prints what a status code means and its likely causes, without
// reading any log.
type ExplainCmd struct {
	Code string `arg:"" optional:"" help:"A status code (503) or a cause id (mpm-limits)."`
	List bool   `help:"List every cause id with the codes it explains."`
}

// Run implements the command.
func (c *ExplainCmd) Run(e *env) error {
	w := e.stdout
	if c.List {
		for _, cause := range analyze.Catalog() {
			codes := make([]string, len(cause.Codes))
			for i, n := range cause.Codes {
				codes[i] = strconv.Itoa(n)
			}
			fmt.Fprintf(w, "%-24s %-16s %s\n", cause.ID, strings.Join(codes, ","), cause.Title)
		}
		return nil
	}
	if c.Code == "" {
		return usageError("explain: give a status code (e.g. 503) or a cause id, or --list")
	}
	if cause, ok := analyze.CauseByID(c.Code); ok {
		fmt.Fprintf(w, "%s: %s\n", cause.ID, cause.Title)
		for _, n := range cause.Codes {
			fmt.Fprintf(w, "  explains %d %s\n", n, analyze.Meaning(n))
		}
		fmt.Fprintf(w, "  check: %s\n", cause.Advice)
		return nil
	}
	code, err := strconv.Atoi(c.Code)
	if err != nil || code < 100 || code > 599 {
		return usageError("explain: %q is neither a status code (100-599) nor a cause id (see 'logscan explain --list')", c.Code)
	}
	fmt.Fprintf(w, "%d %s (%s)\n", code, analyze.Meaning(code), analyze.ClassOf(code))
	causes := analyze.TextbookCauses(code)
	if len(causes) == 0 {
		if adv := analyze.GenericAdvice(code); adv != "" {
			fmt.Fprintf(w, "  %s\n", adv)
		}
		return nil
	}
	fmt.Fprintf(w, "Likely causes, most likely first:\n")
	for i, cause := range causes {
		fmt.Fprintf(w, "  %d. %s: %s\n", i+1, cause.ID, cause.Title)
		for _, l := range report.Wrap("check: "+cause.Advice, 90) {
			fmt.Fprintf(w, "       %s\n", l)
		}
	}
	return nil
}
