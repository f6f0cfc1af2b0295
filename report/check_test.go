package report

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
)

// TestDecide pins the verdict of a check report: exit 2 when an input is
// unusable or the report holds an error, else 1 when a threshold failed,
// else 0; and every renderer prints it even when Decide was not called.
func TestDecide(t *testing.T) {
	ok := analyze.CheckResult{Name: "max 5xx=0", Pass: true, Measured: true}
	bad := analyze.CheckResult{Name: "max 4xx=0", Measured: true}
	unmeasured := analyze.CheckResult{Name: "max-latency p99=1s"}
	read := CheckInput{Path: "a.log", Kind: "access", State: InputRead}
	missing := CheckInput{Path: "b.log", State: InputUnreadable, Error: "no such file"}
	cut := CheckInput{Path: "-", Kind: "access", State: InputIncomplete, Error: "gzip data cut short"}
	empty := CheckError{Code: GateNoRequests, Message: "no request was read: the input is empty"}
	tests := []struct {
		name   string
		r      CheckReport
		code   int
		reason string
	}{
		{"pass", CheckReport{Inputs: []CheckInput{read}, Results: []analyze.CheckResult{ok}}, 0, ""},
		{"threshold failed", CheckReport{Inputs: []CheckInput{read}, Results: []analyze.CheckResult{ok, bad}}, 1, "1 threshold(s) failed: max 4xx=0"},
		{"unmeasured fails", CheckReport{Inputs: []CheckInput{read}, Results: []analyze.CheckResult{unmeasured}}, 1, "1 threshold(s) failed: max-latency p99=1s"},
		{"missing input", CheckReport{Inputs: []CheckInput{read, missing}, Results: []analyze.CheckResult{ok}}, 2, "an input is unusable: b.log (cannot read: no such file)"},
		{"two unusable inputs and a failure", CheckReport{Inputs: []CheckInput{missing, cut}, Results: []analyze.CheckResult{bad, unmeasured}}, 2,
			"2 inputs are unusable: b.log (cannot read: no such file), standard input (read only up to the damage: gzip data cut short); 1 threshold(s) failed: max 4xx=0"},
		{"no requests", CheckReport{Inputs: []CheckInput{read}, Errors: []CheckError{empty}, Results: []analyze.CheckResult{ok}}, 2, "no request was read: the input is empty"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.Schema = "logscan/check/v1"
			for name, render := range map[string]func(io.Writer, *CheckReport) error{"text": CheckText, "json": CheckJSON, "junit": JUnit, "github": GitHub} {
				var b bytes.Buffer
				require.NoError(t, render(&b, &r), name)
				out := b.String()
				switch name {
				case "json":
					var v struct {
						Pass     bool
						ExitCode int `json:"exit_code"`
						Reason   string
					}
					require.NoError(t, json.Unmarshal(b.Bytes(), &v))
					assert.Equal(t, tc.code == 0, v.Pass)
					assert.Equal(t, tc.code, v.ExitCode)
					assert.Equal(t, tc.reason, v.Reason)
				case "text":
					if tc.code == 0 {
						assert.True(t, strings.HasSuffix(out, "\nPASS\n"), out)
					} else {
						assert.Contains(t, out, "NOT PASSING (exit "+string(rune('0'+tc.code))+"): "+tc.reason+"\n")
					}
				case "github":
					assert.Equal(t, tc.code != 0, strings.Contains(out, "::error "), out)
				case "junit":
					assert.Equal(t, tc.code == 2, strings.Contains(out, "<error "), out)
				}
			}
			assert.Zero(t, r.ExitCode, "rendering does not change the report")
			r.Decide()
			assert.Equal(t, tc.code, r.ExitCode)
			assert.Equal(t, tc.code == 0, r.Pass)
			assert.Equal(t, tc.reason, r.Reason)
		})
	}
}
