package main

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// verdictJSON is the part of `check --format json` that carries the verdict.
type verdictJSON struct {
	Pass     bool   `json:"pass"`
	ExitCode int    `json:"exit_code"`
	Reason   string `json:"reason"`
	Inputs   []struct {
		Path  string `json:"path"`
		Kind  string `json:"kind"`
		State string `json:"state"`
		Error string `json:"error"`
	} `json:"inputs"`
	Errors []struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

// verdictJUnit is the part of `check --format junit` that carries the
// verdict.
type verdictJUnit struct {
	Tests    int `xml:"tests,attr"`
	Failures int `xml:"failures,attr"`
	Errors   int `xml:"errors,attr"`
	Suites   []struct {
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Cases    []struct {
			Name    string    `xml:"name,attr"`
			Failure *struct{} `xml:"failure"`
			Error   *struct {
				Message string `xml:"message,attr"`
				Type    string `xml:"type,attr"`
			} `xml:"error"`
		} `xml:"testcase"`
	} `xml:"testsuite"`
}

// TestCheckVerdictAgrees pins issue 23 item 2: for every output format of
// check and every cause of failure, the exit code and the report say the
// same: JSON pass/exit_code/reason and an inputs list naming every input
// with its state, a JUnit error case per unusable input, a GitHub ::error
// per input, and the text report's last line.
func TestCheckVerdictAgrees(t *testing.T) {
	dir := t.TempDir()
	clean := checkLog(t, dir, 98, 2, 0)
	broken := checkLog(t, dir, 90, 5, 5)
	missing := filepath.Join(dir, "missing.log")
	z, cut := gzipFlushed(t, accessLog(1000)+accessLine(1000)[:30], accessLine(1000)[30:]+"\n"+accessLog(1000))
	cutGz := writeFile(t, dir, "cut.log.gz", z[:cut])
	ez, ecut := gzipFlushed(t, apacheErrorLog(300)+apacheErrorLine(300)[:20], apacheErrorLine(300)[20:]+"\n"+apacheErrorLog(300))
	cutErr := writeFile(t, dir, "error.log.gz", ez[:ecut])
	badHeader := writeFile(t, dir, "error.1.log.gz", []byte{0x1f, 0x8b, 8, 0xff, 0, 0, 0, 0, 0, 3, 1, 2})
	noPerm := writeFile(t, dir, "error.2.log", []byte(apacheErrorLog(3)))
	require.NoError(t, os.Chmod(noPerm, 0))
	if f, err := os.Open(noPerm); err == nil { // root reads anything: use a directory instead
		f.Close()
		noPerm = filepath.Join(dir, "error.3.log")
		require.NoError(t, os.Mkdir(noPerm, 0o755))
	}
	badState := writeFile(t, dir, "x.state", nil)
	{
		_, _, code := runCLI(t, "", "-o", badState, clean)
		require.Equal(t, 0, code)
		data, err := os.ReadFile(badState)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(badState, data[:len(data)/2], 0o644))
	}
	empty := writeFile(t, dir, "empty.log", nil)
	untimed := writeFile(t, dir, "stale.log", []byte(accessLog(5)))
	headerStatus := writeFile(t, dir, "header-status.log", []byte(accessLog(5)))

	type in struct{ path, state string }
	tests := []struct {
		name      string
		args      []string
		inputs    []in // every input, in order, with its state
		code      int
		errorCode string // a report error expected, if any
	}{
		{name: "every threshold holds", args: []string{clean}, inputs: []in{{clean, "read"}}, code: 0},
		{name: "threshold crossed", args: []string{broken}, inputs: []in{{broken, "read"}}, code: 1},
		{name: "missing file beside a good one", args: []string{clean, missing}, inputs: []in{{clean, "read"}, {missing, "unreadable"}}, code: 2},
		{name: "missing file alone", args: []string{missing}, inputs: []in{{missing, "unreadable"}}, code: 2},
		{name: "missing file and a threshold crossed", args: []string{broken, missing}, inputs: []in{{broken, "read"}, {missing, "unreadable"}}, code: 2},
		{name: "truncated .gz", args: []string{clean, cutGz}, inputs: []in{{clean, "read"}, {cutGz, "incomplete"}}, code: 2},
		{name: "error log cut short", args: []string{clean, cutErr}, inputs: []in{{clean, "read"}, {cutErr, "incomplete"}}, code: 2},
		{name: "error log with a damaged gzip header", args: []string{clean, badHeader}, inputs: []in{{clean, "read"}, {badHeader, "unreadable"}}, code: 2},
		{name: "error log that cannot be opened", args: []string{clean, noPerm}, inputs: []in{{clean, "read"}, {noPerm, "unreadable"}}, code: 2},
		{name: "damaged state file", args: []string{clean, badState}, inputs: []in{{clean, "read"}, {badState, "unreadable"}}, code: 2},
		{name: "no request read: empty", args: []string{empty}, inputs: []in{{empty, "read"}}, code: 2, errorCode: "no-requests"},
		{name: "no request read: window", args: []string{"--since", "2030-01-01", untimed}, inputs: []in{{untimed, "read"}}, code: 2, errorCode: "no-requests"},
		{name: "status threshold not measured", args: []string{"--log-format", headerStatusFormat, headerStatus}, inputs: []in{{headerStatus, "read"}}, code: 2, errorCode: "unmeasured"},
	}
	formats := []string{"text", "json", "junit", "github"}
	for _, tc := range tests {
		unusable := 0
		for _, i := range tc.inputs {
			if i.state != "read" {
				unusable++
			}
		}
		reportErrors := 0
		if tc.errorCode != "" {
			reportErrors = 1
		}
		for _, format := range formats {
			t.Run(tc.name+"/"+format, func(t *testing.T) {
				args := append([]string{"check", "--max", "5xx=0", "-f", format}, tc.args...)
				out, errOut, code := runCLI(t, "", args...)
				require.Equal(t, tc.code, code, "stdout:\n%s\nstderr:\n%s", out, errOut)
				require.NotEmpty(t, out, "a check always prints its verdict")
				if code == 2 {
					assert.Contains(t, errOut, "logscan: check: not passing: ")
				}
				switch format {
				case "text":
					lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
					last := lines[len(lines)-1]
					if code == 0 {
						assert.Equal(t, "PASS", last)
					} else {
						assert.True(t, strings.HasPrefix(last, "NOT PASSING (exit "+string(rune('0'+code))+"): "), last)
					}
					for _, i := range tc.inputs {
						if i.state != "read" {
							assert.Contains(t, out, "ERROR input "+i.path+": ")
						}
					}
					assert.Equal(t, unusable+reportErrors, strings.Count(out, "\nERROR "))
				case "json":
					var v verdictJSON
					require.NoError(t, json.Unmarshal([]byte(out), &v), out)
					assert.Equal(t, code == 0, v.Pass)
					assert.Equal(t, code, v.ExitCode)
					assert.Equal(t, code != 0, v.Reason != "", v.Reason)
					require.Len(t, v.Inputs, len(tc.inputs))
					for k, want := range tc.inputs {
						assert.Equal(t, want.path, v.Inputs[k].Path)
						assert.Equal(t, want.state, v.Inputs[k].State, want.path)
						assert.Equal(t, want.state != "read", v.Inputs[k].Error != "", want.path)
						if want.state != "read" {
							assert.Contains(t, v.Reason, want.path)
						}
						if want.path == cutErr {
							assert.Equal(t, "error", v.Inputs[k].Kind, "an error log cut short keeps its kind")
						}
					}
					require.Len(t, v.Errors, reportErrors)
					if reportErrors > 0 {
						assert.Equal(t, tc.errorCode, v.Errors[0].Code)
					}
				case "junit":
					var v verdictJUnit
					require.NoError(t, xml.Unmarshal([]byte(out), &v), out)
					require.Len(t, v.Suites, 1)
					assert.Equal(t, unusable+reportErrors, v.Errors)
					assert.Equal(t, v.Errors, v.Suites[0].Errors)
					assert.Equal(t, code == 2, v.Errors > 0)
					assert.Equal(t, code != 0, v.Errors+v.Failures > 0)
					assert.Equal(t, len(v.Suites[0].Cases), v.Tests)
					byName := map[string]string{}
					for _, c := range v.Suites[0].Cases {
						if c.Error != nil {
							byName[c.Name] = c.Error.Type
						}
					}
					for _, i := range tc.inputs {
						if i.state != "read" {
							assert.Equal(t, i.state, byName["input "+i.path], "error case of %s", i.path)
						}
					}
					if tc.errorCode != "" {
						assert.Equal(t, tc.errorCode, byName[tc.errorCode])
					}
				case "github":
					errs := 0
					for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
						if strings.HasPrefix(l, "::error ") {
							errs++
						}
					}
					assert.Equal(t, code != 0, errs > 0, out)
					for _, i := range tc.inputs {
						if i.state != "read" {
							assert.Contains(t, out, "::error title=logscan check%3A input "+ghProperty(i.path)+"::")
						}
					}
					if tc.errorCode != "" {
						assert.Contains(t, out, "::error title=logscan check%3A "+tc.errorCode+"::")
					}
					if code != 0 {
						assert.Contains(t, out, "logscan check: NOT PASSING (exit ")
					}
				}
				// -o writes the same report as standard output.
				dst := filepath.Join(t.TempDir(), "report")
				_, _, ocode := runCLI(t, "", append([]string{"check", "--max", "5xx=0", "-f", format, "-o", dst}, tc.args...)...)
				assert.Equal(t, code, ocode)
				got, err := os.ReadFile(dst)
				require.NoError(t, err)
				assert.Equal(t, out, string(got))
			})
		}
	}
}

// headerStatusFormat reads combined lines but takes the status from a
// request header, so that no entry has one (every one counts as no_status).
const headerStatusFormat = `%h %l %u %t "%r" %{X-Status}i %b "%{Referer}i" "%{User-Agent}i"`

// ghProperty escapes a file name as a GitHub workflow command property.
func ghProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
