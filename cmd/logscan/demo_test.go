package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestDemoReport keeps docs/sample-report.txt, the full text report of the
// bundled sample that the README links to, equal to what `logscan --demo`
// prints (go test ./cmd/logscan -run DemoReport -update rewrites it).
func TestDemoReport(t *testing.T) {
	out, errOut, code := runCLI(t, "", "--demo")
	require.Equal(t, 0, code, errOut)
	path := filepath.Join("..", "..", "docs", "sample-report.txt")
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(out), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), out)
}

// TestREADMEExcerpt checks that the report excerpt in the README is taken
// from the real report: its lines appear in docs/sample-report.txt in order.
func TestREADMEExcerpt(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	sample, err := os.ReadFile(filepath.Join("..", "..", "docs", "sample-report.txt"))
	require.NoError(t, err)
	text := string(readme)
	start := strings.Index(text, "```\nlogscan report:")
	require.GreaterOrEqual(t, start, 0, "no report excerpt in the README")
	block := text[start+4:]
	block = block[:strings.Index(block, "```")]
	report := strings.Split(string(sample), "\n")
	at := 0
	for _, l := range strings.Split(strings.TrimSuffix(block, "\n"), "\n") {
		if l == "..." {
			continue
		}
		for at < len(report) && report[at] != l {
			at++
		}
		require.Less(t, at, len(report), "README line not in the report (in order): %q", l)
	}
}
