package main

import (
	"fmt"

	"github.com/logscan/logscan/parser"
)

// FormatsCmd lists the known formats.
type FormatsCmd struct{}

// Run implements the command.
func (c *FormatsCmd) Run(e *env) error {
	for _, f := range parser.Formats() {
		fmt.Fprintf(e.stdout, "%-16s %-6s %s\n%16s %6s %s\n", f.Name, f.Syntax, f.Doc, "", "", f.Spec)
	}
	return nil
}
