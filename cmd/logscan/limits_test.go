package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestFlagCaps pins issue 23 item 4 (the caps): absurd values of the flags
// that size memory are usage errors (exit 2, a clear message, nothing on
// stdout), never a crash or a giant allocation, in every command that takes
// them; values at the bounds that cost little are accepted.
func TestFlagCaps(t *testing.T) {
	dir := t.TempDir()
	log := writeFile(t, dir, "access.log", []byte(accessLog(50)))
	tests := []struct {
		name   string
		args   []string
		code   int
		errHas string
	}{
		{"-j above 1024", []string{"-j", "1025", log}, 2, "logscan: -j: at most 1024 parsing goroutines, got 1025"},
		{"-j 100000", []string{"-j", "100000", log}, 2, "logscan: -j: at most 1024 parsing goroutines, got 100000"},
		{"check -j 100000", []string{"check", "--max", "5xx=100", "-j", "100000", log}, 2, "-j: at most 1024"},
		{"-j 1024 is fine", []string{"-j", "1024", log}, 0, ""},
		{"negative -j", []string{"--workers=-1", log}, 2, "take numbers of at least 0"},
		{"--max-line above 1 GiB", []string{"--max-line", "1073741825", log}, 2, "logscan: --max-line: at most 1073741824 bytes (1 GiB), got 1073741825"},
		{"--max-line 100000000000", []string{"--max-line", "100000000000", log}, 2, "--max-line: at most 1073741824 bytes (1 GiB), got 100000000000"},
		{"check --max-line 100000000000", []string{"check", "--max", "5xx=100", "--max-line", "100000000000", log}, 2, "--max-line: at most 1073741824 bytes"},
		{"parse --max-line 100000000000", []string{"parse", "--max-line", "100000000000", log}, 2, "--max-line: at most 1073741824 bytes"},
		{"--max-line beyond int64", []string{"--max-line", "100000000000000000000", log}, 2, "--max-line"},
		{"--max-line below 64", []string{"--max-line", "63", log}, 2, "--max-line must be at least 64 bytes"},
		{"--max-line 1024 is fine", []string{"--max-line", "1024", log}, 0, ""},
		{"hidden --block-size above 1 GiB", []string{"--block-size", "1099511627776", log}, 2, "--block-size takes at most 1073741824 bytes"},
		{"hidden --segment-blocks above 1024", []string{"--segment-blocks", "1000000", log}, 2, "--segment-blocks at most 1024"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", tc.args...)
			require.Equal(t, tc.code, code, "stderr:\n%s", errOut)
			if tc.code != 0 {
				assert.Contains(t, errOut, tc.errHas)
				assert.Empty(t, out)
			} else {
				assert.Contains(t, out, "50 requests")
			}
		})
	}
}
