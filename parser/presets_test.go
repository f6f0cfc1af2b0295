package parser

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// presetLogs returns the log files the preset bar runs on: every file
// under testdata/, and under the corpus that LOGSCAN_CORPUS names when it
// is set.
func presetLogs(tb testing.TB) []string {
	tb.Helper()
	roots := []string{filepath.Join("..", "testdata")}
	if dir := os.Getenv("LOGSCAN_CORPUS"); dir != "" {
		roots = append(roots, dir)
	}
	var files []string
	for _, root := range roots {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			name := d.Name()
			if d.IsDir() || strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".golden") ||
				strings.HasSuffix(name, ".conf") || name == "LICENSE" {
				return nil
			}
			files = append(files, path)
			return nil
		})
		require.NoError(tb, err)
	}
	return files
}

// TestPresetsByNameMatchFormatStrings is the bar of the single access
// engine: every preset, given by name and given as its own format string
// (the one `logscan formats` prints), reads every line of every log the
// same way, with the same error or the same entry.
func TestPresetsByNameMatchFormatStrings(t *testing.T) {
	files := presetLogs(t)
	for _, info := range Formats() {
		if info.Syntax == "json" {
			continue
		}
		t.Run(info.Name, func(t *testing.T) {
			byName, ok := LookupFormat(info.Name)
			require.True(t, ok)
			bySpec, err := CompileFormat(info.Spec)
			require.NoError(t, err)
			diffs := 0
			for _, path := range files {
				data, err := os.ReadFile(path)
				require.NoError(t, err)
				var a, b Entry
				for n, line := range bytes.Split(data, []byte("\n")) {
					errA, errB := byName.Parse(line, &a), bySpec.Parse(line, &b)
					same := fmt.Sprint(errA) == fmt.Sprint(errB) && (errA != nil || reflect.DeepEqual(a, b))
					if !same {
						diffs++
						if diffs <= 10 {
							t.Errorf("%s:%d: by name %v %s\nby string %v %s\n%q", path, n+1, errA, flattenAll(&a), errB, flattenAll(&b), line)
						}
					}
				}
			}
			if diffs > 0 {
				t.Errorf("%d lines read differently", diffs)
			}
		})
	}
}

func flattenAll(e *Entry) string {
	v := reflect.ValueOf(*e)
	var sb strings.Builder
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		if b, ok := f.Interface().([]byte); ok {
			if b != nil {
				fmt.Fprintf(&sb, "%s=%q ", v.Type().Field(i).Name, b)
			}
			continue
		}
		fmt.Fprintf(&sb, "%s=%v ", v.Type().Field(i).Name, f.Interface())
	}
	return sb.String()
}
