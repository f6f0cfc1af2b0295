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

	"github.com/stretchr/testify/assert"
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

// TestTruncatedLastField checks the lenient reading of a line cut off in
// its last field, quoted: the entry is read, with the rest of the line as
// the field and Truncated set, by name and by format string alike. A
// quoted field cut off before the last is still an error.
func TestTruncatedLastField(t *testing.T) {
	cut := `46.118.127.106 - - [20/May/2015:12:05:17 +0000] "GET /scripts/grok-py-test/configlib.py HTTP/1.1" 200 235 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html`
	tests := []struct {
		name, format, line string
		agent, xff         string // want; "<nil>" when absent
		err                error
	}{
		{name: "combined, elastic-examples line 8899", format: "combined", line: cut,
			agent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html", xff: "<nil>"},
		{name: "combined, cut after the opening quote", format: "combined", line: `1.2.3.4 - - [20/May/2015:12:05:17 +0000] "GET / HTTP/1.1" 200 235 "-" "`,
			agent: "<nil>", xff: "<nil>"},
		{name: "vhost_combined", format: "vhost_combined", line: "www.example.org:443 " + cut,
			agent: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html", xff: "<nil>"},
		{name: "nginx-main, cut in the forwarded-for", format: "nginx-main", line: `1.2.3.4 - - [20/May/2015:12:05:17 +0000] "GET / HTTP/1.1" 200 235 "-" "curl/8.5.0" "203.0.113.9, 10.0`,
			agent: "curl/8.5.0", xff: "203.0.113.9, 10.0"},
		{name: "nginx-main, cut in the user agent", format: "nginx-main", line: cut, err: ErrBadQuote},
		{name: "combined, cut in the referer", format: "combined", line: `1.2.3.4 - - [20/May/2015:12:05:17 +0000] "GET / HTTP/1.1" 200 235 "http://exa`, err: ErrBadQuote},
		{name: "combined, escaped quote at the cut", format: "combined", line: cut + `\"`,
			agent: `Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html\"`, xff: "<nil>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := PresetByName(tc.format)
			require.True(t, ok)
			byName, ok := LookupFormat(tc.format)
			require.True(t, ok)
			bySpec, err := CompileFormat(p.Format)
			require.NoError(t, err)
			for _, f := range []Format{byName, bySpec} {
				var e Entry
				err := f.Parse([]byte(tc.line), &e)
				if tc.err != nil {
					require.ErrorIs(t, err, tc.err)
					continue
				}
				require.NoError(t, err)
				assert.True(t, e.Truncated)
				assert.Equal(t, tc.agent, str(e.UserAgent))
				xff := "<nil>"
				for _, x := range e.Extra {
					if x.Name == "http_x_forwarded_for" {
						xff = str(x.Value)
					}
				}
				assert.Equal(t, tc.xff, xff)
				assert.Equal(t, 200, e.Status)
			}
		})
	}
}
