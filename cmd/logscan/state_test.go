package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
)

// stateLog builds a log of n minutes whose order-dependent evidence sits
// where a cut can fall: 401s answered by a success a few seconds later, a
// burst of 503s, case mismatches, moved resources, scanners and broken
// links. It returns the lines and, per minute, the index of its first line.
func stateLog(minutes int) (lines []string, minuteAt []int) {
	for m := range minutes {
		minuteAt = append(minuteAt, len(lines))
		at := func(s int) string { return fmt.Sprintf("%02d:%02d:%02d", 10+m/60, m%60, s) }
		for s := 0; s < 60; s += 2 {
			c := fmt.Sprintf("198.51.100.%d", (m*7+s)%50+1)
			code := 200
			if m >= 20 && m < 24 && s%3 != 0 {
				code = 503 // the burst
			}
			lines = append(lines, accRef(c, at(s), fmt.Sprintf("GET /page/%d.html HTTP/1.1", s%9), code, "https://www.example.com/"))
		}
		// The auth challenge: a 401, then 3 s later the same client and
		// path as an authenticated user.
		c := fmt.Sprintf("203.0.113.%d", m%40+1)
		lines = append(lines, acc(c, at(57), "GET /private/ HTTP/1.1", 401))
		lines = append(lines, accUser(c, "alice", at(59), "GET /private/ HTTP/1.1", 200))
		if m%5 == 0 {
			lines = append(lines, acc("192.0.2.66", at(30), fmt.Sprintf("GET /probe/%d.php HTTP/1.1", m), 404))
			lines = append(lines, acc("192.0.2.9", at(31), "GET /About.html HTTP/1.1", 404))
			lines = append(lines, accRef("192.0.2.10", at(33), "GET /img/old.png HTTP/1.1", 404, "https://www.example.com/page/1.html"))
		}
		if m < 30 {
			// Served to more than one client: the resources were there.
			lines = append(lines, acc(fmt.Sprintf("192.0.2.%d", 11+2*(m%2)), at(40), "GET /about.html HTTP/1.1", 200))
			lines = append(lines, acc(fmt.Sprintf("192.0.2.%d", 12+2*(m%2)), at(41), "GET /moved.html HTTP/1.1", 200))
		} else {
			lines = append(lines, acc("192.0.2.12", at(41), "GET /moved.html HTTP/1.1", 404))
		}
	}
	return lines, minuteAt
}

// comparable strips what must differ between a run and a merge of its
// pieces: the inputs and the file:line of examples.
func comparable(t *testing.T, js string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(js), &m))
	delete(m, "inputs")
	var strip func(v any) any
	strip = func(v any) any {
		switch x := v.(type) {
		case map[string]any:
			delete(x, "examples")
			delete(x, "example")
			for k, y := range x {
				x[k] = strip(y)
			}
		case []any:
			for i, y := range x {
				x[i] = strip(y)
			}
		}
		return v
	}
	return strip(m).(map[string]any)
}

func TestJSONSameForAnyWorkers(t *testing.T) {
	dir := t.TempDir()
	lines, _ := stateLog(90)
	log := writeFile(t, dir, "access.log", []byte(strings.Join(lines, "\n")+"\n"))
	var first string
	for _, j := range []string{"1", "2", "7"} {
		for run := range 2 {
			// Blocks of 2 KiB in segments of two blocks: the log is cut
			// into dozens of segments, merged across workers.
			out, stderr, code := runCLI(t, "", "--json", "-q", "-j", j, "--max-line", "1024", "--block-size", "2048", "--segment-blocks", "2", log)
			require.Equal(t, 0, code, stderr)
			if first == "" {
				first = out
				continue
			}
			require.Equal(t, first, out, "-j %s, run %d", j, run+1)
		}
	}
	// And the same as one segment read whole.
	out, _, code := runCLI(t, "", "--json", "-q", log)
	require.Equal(t, 0, code)
	assert.Equal(t, first, out)
	// The order-dependent evidence is there to be compared.
	for _, c := range []struct {
		code  int
		cause string
	}{{401, "no-credentials"}, {404, "case-mismatch"}, {404, "moved-resource"}, {404, "broken-link"}} {
		assert.Positive(t, evidenceOf(t, first, c.code, c.cause), "%d %s", c.code, c.cause)
	}
}

func TestStatesMergeLikeOneRun(t *testing.T) {
	dir := t.TempDir()
	lines, minuteAt := stateLog(90)
	// Cut inside the 503 burst (minute 21, a few lines in) and between a
	// 401 and its success (minute 60).
	burst := minuteAt[21] + 5
	auth := minuteAt[60]
	for !strings.Contains(lines[auth], `" 401 `) {
		auth++
	}
	auth++ // the success of minute 60's challenge
	require.Contains(t, lines[auth-1], `" 401 `)
	require.Contains(t, lines[auth], `" 200 `)
	pieces := [][]string{lines[:burst], lines[burst:auth], lines[auth:]}
	var states []string
	for i, p := range pieces {
		log := writeFile(t, dir, fmt.Sprintf("access.log.%d", 3-i), []byte(strings.Join(p, "\n")+"\n"))
		st := filepath.Join(dir, fmt.Sprintf("piece%d.state", i))
		_, stderr, code := runCLI(t, "", "-q", "-o", st, log)
		require.Equal(t, 0, code, stderr)
		data, err := os.ReadFile(st)
		require.NoError(t, err)
		require.True(t, analyze.IsState(data))
		states = append(states, st)
	}
	whole := writeFile(t, dir, "access.log", []byte(strings.Join(lines, "\n")+"\n"))
	one, _, code := runCLI(t, "", "--json", "-q", whole)
	require.Equal(t, 0, code)

	inOrder, stderr, code := runCLI(t, "", append([]string{"--json", "-q"}, states...)...)
	require.Equal(t, 0, code, stderr)
	reversed, _, code := runCLI(t, "", "--json", "-q", states[2], states[1], states[0])
	require.Equal(t, 0, code)
	assert.Equal(t, inOrder, reversed, "the order of the states changes nothing")
	assert.Equal(t, comparable(t, one), comparable(t, inOrder))
	assert.Contains(t, inOrder, `"no-credentials"`)

	// A state and a log together: as if both logs were read.
	mixed, _, code := runCLI(t, "", "--json", "-q", states[0], states[1], filepath.Join(dir, "access.log.1"))
	require.Equal(t, 0, code)
	assert.Equal(t, comparable(t, one), comparable(t, mixed))

	// Different sources never join their sequences: the 401 before the
	// cut and the success after it come from different machines.
	a := writeFile(t, dir, "a.log", []byte(strings.Join(lines[:auth], "\n")+"\n"))
	b := writeFile(t, dir, "b.log", []byte(strings.Join(lines[auth:], "\n")+"\n"))
	for _, x := range []struct{ log, src string }{{a, "web1"}, {b, "web2"}} {
		_, _, code := runCLI(t, "", "-q", "--source", x.src, "-o", x.log+".state", x.log)
		require.Equal(t, 0, code)
	}
	hosts, _, code := runCLI(t, "", "--json", "-q", a+".state", b+".state")
	require.Equal(t, 0, code)
	assert.Equal(t, evidenceOf(t, one, 401, "no-credentials")-1, evidenceOf(t, hosts, 401, "no-credentials"))
}

// evidenceOf returns the evidence count of a cause of a code in a JSON
// report, 0 when the cause is not confirmed.
func evidenceOf(t *testing.T, js string, code int, cause string) int64 {
	t.Helper()
	var s analyze.Summary
	require.NoError(t, json.Unmarshal([]byte(js), &s))
	for _, c := range s.Codes {
		if c.Code != code {
			continue
		}
		for _, r := range c.Causes {
			if r.ID == cause && r.Confidence == analyze.Confirmed {
				return r.Evidence
			}
		}
	}
	return 0
}

func TestStateRoundTrip(t *testing.T) {
	dir := t.TempDir()
	st := filepath.Join(dir, "demo.state")
	_, stderr, code := runCLI(t, "", "--demo", "-o", st)
	require.Equal(t, 0, code, stderr)
	direct, _, _ := runCLI(t, "", "--demo", "--json")
	fromState, stderr, code := runCLI(t, "", "--json", st)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, direct, fromState, "a state reports exactly what its logs report")
	// --format state to standard output, and check reads states too.
	out, _, code := runCLI(t, "", "--demo", "--format", "state")
	require.Equal(t, 0, code)
	require.True(t, analyze.IsState([]byte(out)))
	_, _, code = runCLI(t, "", "check", "--max", "5xx=0", st)
	assert.Equal(t, 1, code, "the demo has 5xx")
	// parse wants entries, which a state does not hold.
	_, stderr, code = runCLI(t, "", "parse", st)
	assert.Equal(t, 2, code)
	assert.Contains(t, stderr, "a state file holds counts, not entries")
}

func TestBadStates(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.state")
	_, _, code := runCLI(t, "", "--demo", "-o", good)
	require.Equal(t, 0, code)
	data, err := os.ReadFile(good)
	require.NoError(t, err)
	damaged := bytes.Clone(data)
	damaged[len(damaged)-3] ^= 0x40
	future := bytes.Clone(data)
	binary.BigEndian.PutUint16(future[len(analyze.StateMagic):], analyze.StateVersion+1)
	foreign := binary.BigEndian.AppendUint16([]byte(analyze.StateMagic), analyze.StateVersion)
	foreign = append(foreign, "\x00\x00this is no state at all"...)
	older := bytes.Clone(data)
	binary.BigEndian.PutUint16(older[len(analyze.StateMagic):], analyze.StateVersion-1)
	log := writeFile(t, dir, "access.log", []byte(goodLine+"\n"))
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", data[:len(data)/2], "state file cut short"},
		{"header only", data[:10], "state file cut short"},
		{"corrupted", damaged, "checksum mismatch"},
		{"future version", future, "written by a newer logscan"},
		{"foreign", foreign, "state file"},
		{"older version", older, fmt.Sprintf("this logscan reads version %d", analyze.StateVersion)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bad := writeFile(t, dir, strings.ReplaceAll(c.name, " ", "-")+".state", c.data)
			out, stderr, code := runCLI(t, "", "--json", bad, log)
			assert.Equal(t, 2, code)
			assert.Contains(t, stderr, "cannot read "+bad)
			assert.Contains(t, stderr, c.want)
			assert.Contains(t, out, `"requests": 1`, "the good input is still reported")
			_, stderr, code = runCLI(t, "", "check", "--max", "5xx=0", bad)
			assert.Equal(t, 2, code, stderr)
		})
	}
}

func TestAllCauses(t *testing.T) {
	textbook := func(js string, code int) int {
		var s analyze.Summary
		require.NoError(t, json.Unmarshal([]byte(js), &s))
		n := 0
		for _, c := range s.Codes {
			if c.Code == code {
				for _, r := range c.Causes {
					if r.Confidence == analyze.Textbook {
						n++
					}
				}
			}
		}
		return n
	}
	short, _, code := runCLI(t, "", "--demo", "--json")
	require.Equal(t, 0, code)
	all, _, code := runCLI(t, "", "--demo", "--json", "--all-causes")
	require.Equal(t, 0, code)
	assert.Equal(t, 2, textbook(short, 500), "two textbook causes by default")
	assert.Greater(t, textbook(all, 500), 2, "--all-causes lists them all")
}

// TestMergedExamplesNameTheirFile merges two states whose evidence sits in
// the second: every example must name the file and line it comes from.
func TestMergedExamplesNameTheirFile(t *testing.T) {
	dir := t.TempDir()
	quiet := lines(20, func(i int) string { return acc("198.51.100.1", hms(9, 0, i), "GET / HTTP/1.1", 200) })
	var scan []string
	for i := range 12 {
		scan = append(scan, acc("192.0.2.66", hms(10, 0, i), fmt.Sprintf("GET /p%d.html HTTP/1.1", i), 404))
	}
	scan = append(scan, acc("198.51.100.2", "10:01:00", "GET /About.html HTTP/1.1", 404),
		acc("198.51.100.3", "10:01:01", "GET /about.html HTTP/1.1", 200), acc("198.51.100.3", "10:01:02", "GET /about.html HTTP/1.1", 200))
	a := writeFile(t, dir, "a.log", []byte(strings.Join(quiet, "\n")+"\n"))
	b := writeFile(t, dir, "b.log", []byte(strings.Join(scan, "\n")+"\n"))
	for _, f := range []string{a, b} {
		_, _, code := runCLI(t, "", "-q", "-o", f+".state", f)
		require.Equal(t, 0, code)
	}
	out, _, code := runCLI(t, "", "--json", "-q", b+".state", a+".state")
	require.Equal(t, 0, code)
	var s analyze.Summary
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	found := 0
	for _, c := range s.Codes {
		for _, r := range c.Causes {
			for _, ex := range r.Examples {
				found++
				assert.True(t, strings.HasPrefix(ex, b+":"), "%s %d: %s", r.ID, c.Code, ex)
			}
		}
	}
	assert.GreaterOrEqual(t, found, 2)
}

// TestMixedErrorAndAccessLines reads a file that mixes error-log and
// access-log lines and starts with error lines (what docker logs gives): it
// is read as an error log, and its access lines count as the requests they
// are, so a gate on 5xx does not pass on them.
func TestMixedErrorAndAccessLines(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 60 {
		b.WriteString(ngx(hms(10, 0, i), "error", 0, `open() "/srv/x" failed (2: No such file or directory)`, "203.0.113.1", "GET /x HTTP/1.1") + "\n")
	}
	for i := range 200 {
		b.WriteString(acc("203.0.113.2", hms(10, 1, i%60), "GET /api HTTP/1.1", 500) + "\n")
	}
	mixed := writeFile(t, dir, "docker.log", []byte(b.String()))
	out, stderr, code := runCLI(t, "", "--json", "-q", mixed)
	require.Equal(t, 0, code, stderr)
	var s analyze.Summary
	require.NoError(t, json.Unmarshal([]byte(out), &s))
	assert.Equal(t, int64(200), s.Requests)
	assert.Equal(t, "error", s.Inputs[0].Kind)
	assert.Equal(t, int64(200), s.Inputs[0].Foreign)
	assert.Equal(t, int64(60), s.Inputs[0].Entries)
	assert.Zero(t, s.Inputs[0].Malformed)
	_, _, code = runCLI(t, "", "check", "--max", "5xx=0", mixed)
	assert.Equal(t, 1, code, "the 500s fail the gate")
}
