package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/logscan/logscan/report"
)

// writeOutput writes what render produces to path atomically: into a
// temporary file in the same directory, then renamed over path, so a reader
// (or a cron job stopped half-way) never sees half a report. It refuses a
// path that is one of the inputs.
func writeOutput(path string, inputs []string, render func(io.Writer) error) error {
	if err := notAnInput(path, inputs); err != nil {
		return err
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name()) // a no-op after the rename
	w := bufio.NewWriterSize(tmp, 64<<10)
	if err := render(w); err != nil {
		tmp.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// notAnInput returns an error when path names one of the input files, by
// name or by identity (a hard or symbolic link to it).
func notAnInput(path string, inputs []string) error {
	abs, _ := filepath.Abs(path)
	out, statErr := os.Stat(path)
	for _, in := range inputs {
		if in == "-" {
			continue
		}
		inAbs, _ := filepath.Abs(in)
		same := inAbs == abs
		if !same && statErr == nil {
			if st, err := os.Stat(in); err == nil && os.SameFile(st, out) {
				same = true
			}
		}
		if same {
			return usageError("refusing to write the report over the input %s", report.Terminal(in))
		}
	}
	return nil
}
