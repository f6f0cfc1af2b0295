package main

// The adversarial input table (issue 9): every input is generated here, none
// is stored in git. Each case pins the counts of the JSON report, the
// messages on stderr and the exit code, and every run checks that the input
// files are byte for byte the same afterwards.

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
)

// hostileStatuses is the cycle of status codes accessLine writes.
var hostileStatuses = []int{200, 200, 301, 404, 500}

// accessLine returns combined-format line i (0-based), without newline.
func accessLine(i int) string {
	return fmt.Sprintf(`10.0.%d.%d - - [17/May/2015:10:%02d:%02d +0000] "GET /page/%d HTTP/1.1" %d %d "http://example.com/" "agent/%d"`,
		i/250%250, i%250+1, i/60%60, i%60, i%17, hostileStatuses[i%len(hostileStatuses)], 100+i, i%3)
}

// accessLog returns n lines of accessLine, each ending in "\n".
func accessLog(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(accessLine(i))
		b.WriteByte('\n')
	}
	return b.String()
}

// classesOf counts the status classes of the first n access lines.
func classesOf(n int) map[string]int64 {
	c := map[string]int64{"1xx": 0, "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0}
	for i := range n {
		c[fmt.Sprintf("%dxx", hostileStatuses[i%len(hostileStatuses)]/100)]++
	}
	return c
}

// apacheErrorLine returns an Apache 2.4 error-log line.
func apacheErrorLine(i int) string {
	return fmt.Sprintf("[Sun May 17 10:05:%02d.123456 2015] [core:error] [pid 100:tid 200] [client 10.0.0.%d:5000] AH00126: Invalid URI in request GET /x%d HTTP/1.1", i%60, i%250+1, i)
}

// apacheErrorLog returns n entries; every third carries a two-line PHP
// stack trace, which folds into it as continuation lines.
func apacheErrorLog(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(apacheErrorLine(i) + "\n")
		if i%3 == 0 {
			b.WriteString("PHP Stack trace:\n#0 /var/www/index.php(12): main()\n")
		}
	}
	return b.String()
}

// gzipFlushed compresses before and after into one gzip member and returns
// it with the length of the prefix that decompresses to exactly before (a
// sync flush point), so a stream cut there yields before and nothing more,
// whatever the decompressor.
func gzipFlushed(t *testing.T, before, after string) (z []byte, cut int) {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := io.WriteString(w, before)
	require.NoError(t, err)
	require.NoError(t, w.Flush())
	cut = b.Len()
	_, err = io.WriteString(w, after)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes(), cut
}

// junk returns n random bytes from a fixed seed (PCG output is stable
// across Go releases).
func junk(n int) []byte {
	r := rand.New(rand.NewPCG(9, 9))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// countLines counts lines as logscan does: a last line without "\n" counts.
func countLines(b []byte) int64 {
	n := int64(bytes.Count(b, []byte{'\n'}))
	if len(b) > 0 && b[len(b)-1] != '\n' {
		n++
	}
	return n
}

// growingReader is a log written to while logscan reads it: each Read first
// appends the next piece of more, then serves at most chunk bytes. After it
// has returned io.EOF once, it appends late and serves it, as a file that
// grew after its end was reached would.
type growingReader struct {
	data  []byte
	more  []string
	late  string
	chunk int
	off   int
	eof   bool
}

func (g *growingReader) Read(p []byte) (int, error) {
	if len(g.more) > 0 {
		g.data = append(g.data, g.more[0]...)
		g.more = g.more[1:]
	}
	if g.off >= len(g.data) {
		if !g.eof || g.late == "" {
			g.eof = true
			return 0, io.EOF
		}
		g.data, g.late = append(g.data, g.late...), ""
	}
	n := copy(p[:min(len(p), g.chunk)], g.data[g.off:])
	g.off += n
	return n, nil
}

// failingReader serves data, fails once with err at byte failAt, then goes
// on serving the rest, as a flaky device might; logscan must stop at the
// error.
type failingReader struct {
	data   []byte
	failAt int
	err    error
	off    int
	failed bool
}

func (f *failingReader) Read(p []byte) (int, error) {
	if !f.failed && f.off == f.failAt {
		f.failed = true
		return 0, f.err
	}
	end := len(f.data)
	if !f.failed {
		end = f.failAt
	}
	if f.off >= end {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), 1000)], f.data[f.off:end])
	f.off += n
	return n, nil
}

// hostileReport is the part of the JSON report the table checks.
type hostileReport struct {
	Inputs    []hostileInput   `json:"inputs"`
	Requests  int64            `json:"requests"`
	Malformed int64            `json:"malformed"`
	Classes   map[string]int64 `json:"classes"`
}

type hostileInput struct {
	Path             string `json:"path"`
	Kind             string `json:"kind"`
	Format           string `json:"format"`
	Lines            int64  `json:"lines"`
	Entries          int64  `json:"entries"`
	Malformed        int64  `json:"malformed"`
	Blank            int64  `json:"blank"`
	TooLong          int64  `json:"too_long"`
	Continuation     int64  `json:"continuation"`
	OutOfWindow      int64  `json:"out_of_window"`
	Error            string `json:"error"`
	MalformedSamples []struct {
		File    string `json:"file"`
		Line    int64  `json:"line"`
		Reason  string `json:"reason"`
		Excerpt string `json:"excerpt"`
	} `json:"malformed_samples"`
}

func exitWith(code int) *int { return &code }

// counts is what a case expects of one input; a malformed or blank count of
// -1 is not checked (the line accounting still is).
type counts struct {
	path                                                    string // base name, or "-"
	kind                                                    string
	lines, entries, malformed, blank, tooLong, continuation int64
	incomplete                                              bool // "error" is set
}

// access and errlog build the expected counts of an access or error log.
func access(path string, lines, entries, malformed, blank, tooLong int64) counts {
	return counts{path: path, kind: "access", lines: lines, entries: entries, malformed: malformed, blank: blank, tooLong: tooLong}
}

func errlog(path string, lines, entries, continuation, malformed, blank, tooLong int64) counts {
	return counts{path: path, kind: "error", lines: lines, entries: entries, continuation: continuation, malformed: malformed, blank: blank, tooLong: tooLong}
}

func (c counts) damaged() counts { c.incomplete = true; return c }

// file is an input of a case: a file, or a directory when dir is set.
type file struct {
	name string
	data []byte
	dir  bool
}

func hashFiles(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	sums := map[string][32]byte{}
	require.NoError(t, filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sums[p] = sha256.Sum256(b)
		return nil
	}))
	return sums
}

// checkLines asserts the line accounting of every input of a report.
func checkLines(t *testing.T, rep hostileReport) {
	t.Helper()
	for _, in := range rep.Inputs {
		assert.Equal(t, in.Lines, in.Entries+in.OutOfWindow+in.Malformed+in.Blank+in.TooLong+in.Continuation,
			"%s: lines = entries + out_of_window + malformed + blank + too_long + continuation", in.Path)
	}
}

func TestHostileInputs(t *testing.T) {
	good := []byte(accessLog(5))
	const goodReq = 5

	// A gzip stream cut at a flush point: 1000 whole lines and the start of
	// line 1001 decompress, the rest is gone.
	cutZ, cutAt := gzipFlushed(t, accessLog(1000)+accessLine(1000)[:30], accessLine(1000)[30:]+"\n"+accessLog(1000))
	// A complete member followed by garbage, and by zero padding.
	member := gzipped(t, accessLog(1000))
	trailing := append(append([]byte(nil), member...), "this is not gzip\n"...)
	zeros := append(append([]byte(nil), member...), make([]byte, 512)...)
	badHeader := append([]byte{0x1f, 0x8b, 0x09, 0x00}, member[4:]...) // compression method 9 does not exist

	long10 := accessLine(0) + "\n" + strings.Repeat("x", 10<<20) + "\n" + accessLine(1) + "\n" + strings.Repeat("y", 300) + "\n" + accessLine(2)
	errLong := apacheErrorLine(0) + "\n" + strings.Repeat("e", 10<<20) + "\n" + apacheErrorLine(1) + "\n"

	nuls := "\x00\x00\x00" + accessLine(0) + "\n" + // leading NULs are dropped: an entry
		strings.Replace(accessLine(1), `"agent/1"`, `"agent\x00/1"`, 1) + "\n" + // NUL inside a quoted field: an entry
		accessLine(2) + "\x00x\n" + // NUL after the last field: malformed
		"\x00\x00\x00\x00\n" + // only NULs: blank
		accessLine(3) + "\n"
	// logrotate copytruncate: a hole of NULs longer than a block, then lines.
	hole := strings.Repeat("\x00", 5<<20) + accessLog(3)
	errNuls := "\x00\x00" + apacheErrorLine(0) + "\n" + // leading NULs are dropped: an entry
		"\x00\x00\x00\n" + // only NULs: malformed (binary) in an error log
		apacheErrorLine(1) + "\x00tail\n" // a NUL after the leading ones: malformed

	badUTF8 := strings.Replace(accessLine(0), "/page/0", "/page/\xff\xfe\xc3", 1) + "\n" +
		strings.Replace(accessLine(1), `"agent/1"`, `"agent/\xc3\x28\xa0\xa1"`, 1) + "\n" +
		strings.Replace(accessLine(2), `"http://example.com/"`, `"http://ex\xe2\x82.com/"`, 1) + "\n"

	junkData := junk(200 << 10)
	junkLines := countLines(junkData)

	tests := []struct {
		name     string
		files    []file
		args     []string // "@name" is the path of file name in the case's directory
		stdin    func() io.Reader
		code     int
		inputs   []counts // nil: stdout must be empty
		requests int64
		classes  map[string]int64
		errHas   []string
		errEmpty bool
		outHas   string // with inputs nil: stdout holds this instead of nothing
		strict   *int   // when set, the exit code with --strict added
	}{
		{
			name:  "missing file: the others are still read",
			files: []file{{name: "a.log", data: good}},
			args:  []string{"@a.log", "@missing.log"},
			code:  2, inputs: []counts{access("a.log", 5, 5, 0, 0, 0)}, requests: goodReq, classes: classesOf(5),
			errHas: []string{"logscan: cannot read ", "missing.log: no such file\n"},
		},
		{
			name: "only a missing file", args: []string{"@missing.log"}, code: 2,
			errHas: []string{"missing.log: no such file\n", "logscan: no input could be read\n"},
		},
		{
			name:  "directory among files",
			files: []file{{name: "logs", dir: true}, {name: "a.log", data: good}},
			args:  []string{"@logs", "@a.log"},
			code:  2, inputs: []counts{access("a.log", 5, 5, 0, 0, 0)}, requests: goodReq,
			errHas: []string{"logs: is a directory\n"},
		},
		{
			name:  "truncated gzip: what came before the damage is reported",
			files: []file{{name: "cut.log.gz", data: cutZ[:cutAt]}},
			args:  []string{"@cut.log.gz"},
			// The cut-off start of line 1001 is a malformed line.
			code: 3, inputs: []counts{access("cut.log.gz", 1001, 1000, 1, 0, 0).damaged()}, requests: 1000, classes: classesOf(1000),
			errHas: []string{"logscan: warning: ", fmt.Sprintf("cut.log.gz was read only up to the damage (1001 lines, %d bytes of the file): gzip data cut short (unexpected EOF)\n", cutAt)},
			strict: exitWith(1),
		},
		{
			name:  "corrupt gzip header",
			files: []file{{name: "bad.log.gz", data: badHeader}},
			args:  []string{"@bad.log.gz"},
			code:  2, errHas: []string{"bad.log.gz: not a readable gzip file: damaged header\n", "no input could be read"},
		},
		{
			name:  "corrupt gzip header beside a good file",
			files: []file{{name: "bad.log.gz", data: badHeader}, {name: "a.log", data: good}},
			args:  []string{"@bad.log.gz", "@a.log"},
			code:  2, inputs: []counts{access("a.log", 5, 5, 0, 0, 0)}, requests: goodReq,
			errHas: []string{"bad.log.gz: not a readable gzip file: damaged header\n"},
		},
		{
			name:  "gzip cut inside its header",
			files: []file{{name: "stub.gz", data: member[:6]}},
			args:  []string{"@stub.gz"},
			code:  2, errHas: []string{"stub.gz: not a readable gzip file: the file ends inside the header\n"},
		},
		{
			name:  "gzip with trailing garbage: the member is read, the garbage reported",
			files: []file{{name: "trail.log.gz", data: trailing}},
			args:  []string{"@trail.log.gz"},
			code:  3, inputs: []counts{access("trail.log.gz", 1000, 1000, 0, 0, 0).damaged()}, requests: 1000,
			errHas: []string{fmt.Sprintf("trail.log.gz was read only up to the damage (1000 lines, %d bytes of the file): data after the end of the gzip stream is not gzip: from byte %d on, after gzip member 1 (gzip: invalid header)\n", len(trailing), len(member))},
			strict: exitWith(1),
		},
		{
			name:  "gzip padded with zeros counts as trailing garbage",
			files: []file{{name: "pad.gz", data: zeros}},
			args:  []string{"@pad.gz"},
			code:  3, inputs: []counts{access("pad.gz", 1000, 1000, 0, 0, 0).damaged()}, requests: 1000,
			errHas: []string{fmt.Sprintf("from byte %d on, after gzip member 1", len(member))},
		},
		{
			name:  "multi-member gzip is read to the end",
			files: []file{{name: "multi.gz", data: append(gzipped(t, accessLog(3)), gzipped(t, accessLog(2))...)}},
			args:  []string{"@multi.gz"},
			code:  0, inputs: []counts{access("multi.gz", 5, 5, 0, 0, 0)}, requests: 5, errEmpty: true,
		},
		{
			name:  "a 10 MB line and a 300-byte line over --max-line 200 are skipped",
			files: []file{{name: "long.log", data: []byte(long10)}},
			args:  []string{"--max-line", "200", "@long.log"},
			code:  0, inputs: []counts{access("long.log", 5, 3, 0, 0, 2)}, requests: 3, errEmpty: true,
			strict: exitWith(1),
		},
		{
			name:  "a 10 MB line in an error log over --max-line 200",
			files: []file{{name: "error.log", data: []byte(errLong)}},
			args:  []string{"--max-line", "200", "@error.log"},
			code:  0, inputs: []counts{errlog("error.log", 3, 2, 0, 0, 0, 1)}, errEmpty: true,
		},
		{
			name:  "NUL bytes inside and at the start of lines, and a line of NULs",
			files: []file{{name: "nul.log", data: []byte(nuls)}},
			args:  []string{"@nul.log"},
			code:  0, inputs: []counts{access("nul.log", 5, 3, 1, 1, 0)}, requests: 3,
			strict: exitWith(1),
		},
		{
			name:  "a hole of 5 MiB of NULs before the first line (copytruncate)",
			files: []file{{name: "hole.log", data: []byte(hole)}},
			args:  []string{"@hole.log"},
			code:  0, inputs: []counts{access("hole.log", 3, 3, 0, 0, 0)}, requests: 3,
		},
		{
			name:  "NUL bytes in an error log",
			files: []file{{name: "error.log", data: []byte(errNuls)}},
			args:  []string{"@error.log"},
			code:  0, inputs: []counts{errlog("error.log", 3, 1, 0, 2, 0, 0)},
		},
		{
			name:  "invalid UTF-8 in path, user agent and referer",
			files: []file{{name: "utf.log", data: []byte(badUTF8)}},
			args:  []string{"@utf.log"},
			code:  0, inputs: []counts{access("utf.log", 3, 3, 0, 0, 0)}, requests: 3, classes: classesOf(3), errEmpty: true,
		},
		{
			name:  "CR-only line ends (classic Mac OS) are line ends",
			files: []file{{name: "mac.log", data: []byte(strings.ReplaceAll(accessLog(4), "\n", "\r"))}},
			args:  []string{"@mac.log"},
			code:  0, inputs: []counts{access("mac.log", 4, 4, 0, 0, 0)}, requests: 4, classes: classesOf(4), errEmpty: true,
		},
		{
			name:  "CR-only line ends in an error log",
			files: []file{{name: "error.log", data: []byte(strings.ReplaceAll(apacheErrorLog(4), "\n", "\r"))}},
			args:  []string{"@error.log"},
			code:  0, inputs: []counts{errlog("error.log", 8, 4, 4, 0, 0, 0)}, errEmpty: true,
		},
		{
			name:  "a bare CR inside an LF file stays inside its line",
			files: []file{{name: "cr.log", data: []byte(accessLine(0) + "\r" + accessLine(1) + "\n" + accessLine(2) + "\n")}},
			args:  []string{"@cr.log"},
			// Current behaviour, pinned: the first line fits no format, but
			// the compiled nginx-vhost format reads it with a remote user that
			// spans the CR (user names may hold spaces), so one of its two
			// requests is lost. Apache and nginx never write a raw CR (they
			// escape it), so this takes a damaged or forged log.
			code: 0, inputs: []counts{access("cr.log", 2, 2, 0, 0, 0)}, requests: 2,
		},
		{
			name:  "CRLF line ends",
			files: []file{{name: "dos.log", data: []byte(strings.ReplaceAll(accessLog(4), "\n", "\r\n"))}},
			args:  []string{"@dos.log"},
			code:  0, inputs: []counts{access("dos.log", 4, 4, 0, 0, 0)}, requests: 4, errEmpty: true,
		},
		{
			name:  "last line without newline",
			files: []file{{name: "a.log", data: []byte(strings.TrimSuffix(accessLog(3), "\n"))}},
			args:  []string{"@a.log"},
			code:  0, inputs: []counts{access("a.log", 3, 3, 0, 0, 0)}, requests: 3, errEmpty: true,
		},
		{
			name:  "0-byte file",
			files: []file{{name: "empty.log", data: nil}},
			args:  []string{"@empty.log"},
			code:  0, inputs: []counts{access("empty.log", 0, 0, 0, 0, 0)}, requests: 0, classes: classesOf(0), errEmpty: true,
			strict: exitWith(0),
		},
		{
			name: "empty standard input", args: []string{"-"}, stdin: func() io.Reader { return strings.NewReader("") },
			code: 0, inputs: []counts{access("-", 0, 0, 0, 0, 0)}, errEmpty: true,
		},
		{
			name:  "a file of blank lines",
			files: []file{{name: "blank.log", data: []byte("\n\n   \n\t\n\r\n \t \n")}},
			args:  []string{"@blank.log"},
			code:  0, inputs: []counts{access("blank.log", 6, 0, 0, 6, 0)}, errEmpty: true,
			strict: exitWith(0),
		},
		{
			name:  "binary junk",
			files: []file{{name: "junk.bin", data: junkData}},
			args:  []string{"@junk.bin"},
			code:  2, inputs: []counts{{path: "junk.bin", kind: "unknown", lines: junkLines, malformed: -1, blank: -1}},
			strict: exitWith(1),
		},
		{
			name: "standard input that grows while it is read", args: []string{"-"},
			stdin: func() io.Reader {
				// Line 4 arrives in two pieces; what is written after the
				// end was reached is not read.
				return &growingReader{data: []byte(accessLog(2)), chunk: 100,
					more: []string{accessLine(2) + "\n", accessLine(3)[:40], accessLine(3)[40:] + "\n", accessLine(4) + "\n"},
					late: accessLine(5) + "\n"}
			},
			code: 0, inputs: []counts{access("-", 5, 5, 0, 0, 0)}, requests: 5, errEmpty: true,
		},
		{
			name: "standard input cut by a read error", args: []string{"-"},
			stdin: func() io.Reader {
				data := []byte(accessLog(10))
				// The error comes in the middle of line 4; data served
				// after it is not read.
				return &failingReader{data: data, failAt: len(accessLog(3)) + 20, err: &fs.PathError{Op: "read", Path: "/dev/stdin", Err: syscall.EIO}}
			},
			code: 3, inputs: []counts{access("-", 4, 3, 1, 0, 0).damaged()}, requests: 3,
			errHas: []string{"logscan: warning: standard input was read only up to the damage (4 lines, " + fmt.Sprint(len(accessLog(3))+20) + " bytes of the file): read /dev/stdin: input/output error\n"},
			strict: exitWith(1),
		},
		{
			name: "an error log cut by a read error", args: []string{"-"},
			stdin: func() io.Reader {
				data := []byte(apacheErrorLog(9))
				return &failingReader{data: data, failAt: len(apacheErrorLog(3)) + 20, err: &fs.PathError{Op: "read", Path: "/dev/stdin", Err: syscall.EIO}}
			},
			// 3 entries and 2 continuations before the error; the error
			// scanner drops the cut-off line.
			code: 3, inputs: []counts{errlog("-", 5, 3, 2, 0, 0, 0).damaged()},
			errHas: []string{"logscan: warning: standard input was read only up to the damage (5 lines, "},
		},
		{
			name: "error log named access.log, access log named error.log",
			files: []file{
				{name: "access.log", data: []byte(apacheErrorLog(6))},
				{name: "error.log", data: []byte(accessLog(5))},
			},
			args: []string{"@access.log", "@error.log"},
			code: 0, inputs: []counts{errlog("access.log", 10, 6, 4, 0, 0, 0), access("error.log", 5, 5, 0, 0, 0)}, requests: 5, errEmpty: true,
		},
		{
			name: "the same, in the other order",
			files: []file{
				{name: "access.log", data: []byte(apacheErrorLog(6))},
				{name: "error.log", data: []byte(accessLog(5))},
			},
			args: []string{"@error.log", "@access.log"},
			code: 0, inputs: []counts{access("error.log", 5, 5, 0, 0, 0), errlog("access.log", 10, 6, 4, 0, 0, 0)}, requests: 5, errEmpty: true,
		},
		{
			name:  "check does not pass on a truncated gzip",
			files: []file{{name: "cut.log.gz", data: cutZ[:cutAt]}},
			args:  []string{"check", "--max", "5xx=1000", "@cut.log.gz"},
			code:  2, outHas: "PASS  max 5xx=1000",
			errHas: []string{"cut.log.gz was read only up to the damage", "check: not passing: an input is unusable: ", "cut.log.gz (read only up to the damage: gzip data cut short (unexpected EOF))"},
		},
		{
			name:  "-o naming an input is refused and nothing is written",
			files: []file{{name: "a.log", data: good}},
			args:  []string{"-o", "@a.log", "@a.log"},
			code:  2, errHas: []string{"refusing to write the report over the input "},
		},
		{
			name:  "check -o naming an input is refused",
			files: []file{{name: "a.log", data: good}},
			args:  []string{"check", "--max", "5xx=100", "-o", "@a.log", "@a.log"},
			code:  2, errHas: []string{"refusing to write the report over the input "},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, f := range tc.files {
				if f.dir {
					require.NoError(t, os.Mkdir(filepath.Join(dir, f.name), 0o755))
					continue
				}
				writeFile(t, dir, f.name, f.data)
			}
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				if name, ok := strings.CutPrefix(a, "@"); ok {
					a = filepath.Join(dir, name)
				}
				args[i] = a
			}
			if tc.inputs != nil {
				args = append([]string{"--json"}, args...)
			}
			before := hashFiles(t, dir)
			runOnce := func(args []string) (string, string, int) {
				var o, e bytes.Buffer
				stdin := io.Reader(strings.NewReader(""))
				if tc.stdin != nil {
					stdin = tc.stdin()
				}
				code := run(args, stdin, &o, &e)
				return o.String(), e.String(), code
			}
			out, errOut, code := runOnce(args)
			require.Equal(t, tc.code, code, "stderr:\n%s", errOut)
			for _, s := range tc.errHas {
				assert.Contains(t, errOut, s)
			}
			if tc.errEmpty {
				assert.Empty(t, errOut)
			}
			switch {
			case tc.inputs == nil && tc.outHas != "":
				assert.Contains(t, out, tc.outHas)
			case tc.inputs == nil:
				assert.Empty(t, out)
			default:
				var rep hostileReport
				require.NoError(t, json.Unmarshal([]byte(out), &rep), out)
				checkLines(t, rep)
				require.Len(t, rep.Inputs, len(tc.inputs))
				for i, want := range tc.inputs {
					got := rep.Inputs[i]
					path := got.Path
					if path != "-" {
						path = filepath.Base(path)
					}
					assert.Equal(t, want.path, path)
					assert.Equal(t, want.kind, got.Kind, "kind of %s", want.path)
					assert.Equal(t, want.lines, got.Lines, "lines of %s", want.path)
					assert.Equal(t, want.entries, got.Entries, "entries of %s", want.path)
					if want.malformed >= 0 {
						assert.Equal(t, want.malformed, got.Malformed, "malformed in %s", want.path)
					}
					if want.blank >= 0 {
						assert.Equal(t, want.blank, got.Blank, "blank in %s", want.path)
					}
					assert.Equal(t, want.tooLong, got.TooLong, "too_long in %s", want.path)
					assert.Equal(t, want.continuation, got.Continuation, "continuation in %s", want.path)
					assert.Equal(t, want.incomplete, got.Error != "", "error of %s: %q", want.path, got.Error)
				}
				assert.Equal(t, tc.requests, rep.Requests)
				if tc.classes != nil {
					assert.Equal(t, tc.classes, rep.Classes)
				}
			}
			if tc.strict != nil {
				_, errOut, code := runOnce(append([]string{"--strict"}, args...))
				assert.Equal(t, *tc.strict, code, "with --strict; stderr:\n%s", errOut)
			}
			assert.Equal(t, before, hashFiles(t, dir), "an input was changed")
			entries, err := os.ReadDir(dir)
			require.NoError(t, err)
			assert.Len(t, entries, len(tc.files), "a file was left behind")
		})
	}
}

func TestOutRefusesHardLink(t *testing.T) {
	dir := t.TempDir()
	in := writeFile(t, dir, "a.log", []byte(accessLog(3)))
	link := filepath.Join(dir, "report.txt")
	require.NoError(t, os.Link(in, link))
	before := hashFiles(t, dir)
	_, errOut, code := runCLI(t, "", "-o", link, in)
	assert.Equal(t, 2, code)
	assert.Contains(t, errOut, "refusing to write the report over the input")
	assert.Equal(t, before, hashFiles(t, dir))
}

// TestLongLineTime reads a 50 MB line at the default limit: it is counted
// and skipped without being held in memory, in well under the timeout.
func TestLongLineTime(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 50 MB")
	}
	dir := t.TempDir()
	var b bytes.Buffer
	b.Grow(50<<20 + 1000)
	b.WriteString(accessLine(0) + "\n")
	b.Write(bytes.Repeat([]byte("z"), 50<<20))
	b.WriteString("\n" + accessLine(1) + "\n")
	path := writeFile(t, dir, "huge.log", b.Bytes())
	b = bytes.Buffer{}
	start := time.Now()
	out, errOut, code := runCLI(t, "", "--json", path)
	took := time.Since(start)
	require.Equal(t, 0, code, errOut)
	var rep hostileReport
	require.NoError(t, json.Unmarshal([]byte(out), &rep))
	require.Len(t, rep.Inputs, 1)
	assert.Equal(t, int64(3), rep.Inputs[0].Lines)
	assert.Equal(t, int64(2), rep.Inputs[0].Entries)
	assert.Equal(t, int64(1), rep.Inputs[0].TooLong)
	assert.Less(t, took, 30*time.Second)
	t.Logf("50 MB line read in %v", took)
}

// TestHostileParse pins what `logscan parse` makes of the same kinds of
// input: the same line numbers as scan, NULs, CR-only and CRLF line ends.
func TestHostileParse(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		data    string
		args    []string
		code    int
		entries int
		errOut  string // exact; "{}" stands for the file's path
		check   func(t *testing.T, first map[string]any)
	}{
		{name: "leading NULs are not part of the client", data: "\x00\x00" + accessLine(0) + "\n\x00\x00\x00\n",
			entries: 1, check: func(t *testing.T, e map[string]any) { assert.Equal(t, "10.0.0.1", e["client"]) }},
		{name: "CR-only line ends", data: strings.ReplaceAll(accessLog(3), "\n", "\r"), entries: 3,
			check: func(t *testing.T, e map[string]any) { assert.Equal(t, "agent/0", e["user_agent"]) }},
		{name: "CRLF line ends", data: strings.ReplaceAll(accessLog(3), "\n", "\r\n"), entries: 3,
			check: func(t *testing.T, e map[string]any) { assert.Equal(t, "agent/0", e["user_agent"]) }},
		{name: "invalid UTF-8 becomes U+FFFD", data: strings.Replace(accessLine(0), "/page/0", "/p\xff", 1) + "\n", entries: 1,
			check: func(t *testing.T, e map[string]any) { assert.Equal(t, "/p\ufffd", e["path"]) }},
		{name: "too long and malformed lines go to stderr with scan's line numbers",
			data:    accessLine(0) + "\n" + strings.Repeat("x", 5<<20) + "\n" + strings.Repeat("y", 100) + "\nnot a log line\n" + accessLine(1),
			args:    []string{"--max-line", "64"},
			entries: 0, // both entries are longer than 64 bytes
			errOut:  "{}:1: line too long\n{}:2: line too long\n{}:3: line too long\n{}:4: missing fields\n{}:5: line too long\n"},
		{name: "binary junk", data: string(junk(4096)), entries: 0},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := writeFile(t, dir, fmt.Sprintf("p%d.log", i), []byte(tc.data))
			out, errOut, code := runCLI(t, "", append(append([]string{"parse"}, tc.args...), path)...)
			require.Equal(t, tc.code, code, errOut)
			var lines []string
			if out != "" {
				lines = strings.Split(strings.TrimSuffix(out, "\n"), "\n")
			}
			require.Len(t, lines, tc.entries, out)
			for _, l := range lines {
				require.True(t, json.Valid([]byte(l)), l)
			}
			if tc.check != nil {
				var first map[string]any
				require.NoError(t, json.Unmarshal([]byte(lines[0]), &first))
				tc.check(t, first)
			}
			if tc.errOut != "" {
				assert.Equal(t, strings.ReplaceAll(tc.errOut, "{}", path), errOut)
			}
			assertTerminalSafe(t, "stderr", errOut)
		})
	}
}

// TestTruncatedWhileRead opens a real file, reads its head as format
// detection does, then truncates it (as logrotate's copytruncate does) and
// scans the rest: what was already buffered is counted, the rest is gone
// without an error, and the line accounting holds.
func TestTruncatedWhileRead(t *testing.T) {
	data := []byte(accessLog(20000)) // about 2.5 MB, more than is buffered
	path := writeFile(t, t.TempDir(), "access.log", data)
	in, err := input.Open(path, nil)
	require.NoError(t, err)
	defer in.Close()
	_, whole, err := in.Peek()
	require.NoError(t, err)
	require.False(t, whole)
	require.NoError(t, os.Truncate(path, 0))
	f, _ := parser.LookupFormat("combined")
	p, errs := input.Scan([]input.AccessInput{{Name: path, Reader: in, Format: f}}, input.ScanOptions{Options: analyze.DefaultOptions(), Workers: 1})
	require.NoError(t, errs[0])
	st := p.Inputs[0]
	assert.Positive(t, st.Entries)
	assert.Less(t, st.Entries, int64(20000))
	assert.LessOrEqual(t, st.Malformed, int64(1), "at most the line cut by the truncation")
	assert.Equal(t, st.Lines, st.Entries+st.Malformed)
}

func TestDescribeOpenError(t *testing.T) {
	// The tests run as root, for whom chmod 000 does not stop a read, so
	// the permission path is tested here rather than on a real file.
	tests := []struct {
		err  error
		want string
	}{
		{&fs.PathError{Op: "open", Path: "a.log", Err: fs.ErrPermission}, "permission denied"},
		{fmt.Errorf("open: %w", &fs.PathError{Op: "open", Path: "a.log", Err: syscall.EACCES}), "permission denied"},
		{&fs.PathError{Op: "open", Path: "a.log", Err: syscall.ENOENT}, "no such file"},
		{&fs.PathError{Op: "open", Path: "d", Err: input.ErrIsDirectory}, "is a directory"},
		{&fs.PathError{Op: "open", Path: "a.gz", Err: fmt.Errorf("%w: damaged header", input.ErrBadGzip)}, "not a readable gzip file: damaged header"},
		{&fs.PathError{Op: "read", Path: "a.log", Err: syscall.EIO}, "input/output error"},
		{errors.New("two\nlines"), "two lines"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, describeOpenError(tc.err))
	}
}

// hostileBits are the byte sequences the terminal-safety test plants in
// paths, user agents, referers, messages and file names.
var hostileBits = []string{
	"\x1b[31m",         // ANSI colour
	"\x1b[2J",          // clear screen
	"\x1b]0;title\x07", // OSC: set the window title
	"\u009b6n",         // C1 CSI: report the cursor
	"\u202e",           // bidi override
	"\b\b\b",           // backspaces
	"\r",               // carriage return
	"\xff\xfe",         // invalid UTF-8
}

// assertTerminalSafe fails when s holds anything a terminal would act on: C0
// controls other than newline and tab, DEL, C1 controls, bidi formatting
// characters, or invalid UTF-8.
func assertTerminalSafe(t *testing.T, what, s string) {
	t.Helper()
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		bad := r == utf8.RuneError && n == 1 ||
			r < 0x20 && r != '\n' && r != '\t' || r == 0x7f ||
			r >= 0x80 && r < 0xa0 ||
			r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069 || r == 0x200e || r == 0x200f || r == 0x061c
		if bad {
			lo, hi := max(0, i-40), min(len(s), i+40)
			t.Errorf("%s: raw %U at byte %d: %q", what, r, i, s[lo:hi])
			return
		}
		i += n
	}
}

func TestTerminalSafety(t *testing.T) {
	dir := t.TempDir()
	var acc, errl strings.Builder
	for i, h := range hostileBits {
		l := accessLine(i)
		l = strings.Replace(l, fmt.Sprintf("/page/%d", i%17), "/p"+h+"x", 1)
		l = strings.Replace(l, `"http://example.com/"`, `"http://r/`+h+`"`, 1)
		l = strings.Replace(l, fmt.Sprintf(`"agent/%d"`, i%3), `"ua`+h+`"`, 1)
		l = strings.Replace(l, fmt.Sprintf(`" %d `, hostileStatuses[i%len(hostileStatuses)]), `" 500 `, 1)
		acc.WriteString(l + "\n")
		acc.WriteString("junk " + h + " line\n") // a malformed line, shown with an excerpt
		errl.WriteString(strings.Replace(apacheErrorLine(i), "Invalid URI", "Invalid "+h+" URI", 1) + "\n")
		errl.WriteString("[Sun May 17 10:05:99 2015] [core:error] broken " + h + "\n") // malformed
	}
	evil := "evil\x1b]0;pwned\x07\u202e.log"
	accPath := writeFile(t, dir, evil, []byte(acc.String()))
	errPath := writeFile(t, dir, "error\x1b[2J.log", []byte(errl.String()))
	missing := filepath.Join(dir, "gone\x1b[31m\u009b.log")
	cut := writeFile(t, dir, "cut\x1b[5m.gz", gzipped(t, acc.String())[:100])
	files := []string{accPath, errPath, missing, cut}

	tests := []struct {
		name string
		args []string
		code int
		// outHas proves the hostile text reached the output, escaped.
		outHas string
		valid  func(t *testing.T, out string)
	}{
		{name: "scan text report", args: []string{"scan", "--color", "never"}, code: 2, outHas: `/p\x1b[31mx`},
		{name: "scan text report, sanitized file name in the inputs table", args: []string{"scan"}, code: 2, outHas: `\x07\u{202e}.log`},
		{name: "parse", args: []string{"parse"}, code: 2, outHas: `/p\u001b[31mx`, valid: func(t *testing.T, out string) {
			for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
				assert.True(t, json.Valid([]byte(l)), l)
			}
			assert.Contains(t, out, `\u009b6n`)
			assert.Contains(t, out, `\u202e`)
		}},
		{name: "check text", args: []string{"check", "--max", "5xx=0"}, code: 2, outHas: `/p\x1b[31mx`},
		{name: "check github", args: []string{"check", "--max", "5xx=0", "-f", "github"}, code: 2, outHas: `/p\x1b[31mx`},
		{name: "check junit", args: []string{"check", "--max", "5xx=0", "-f", "junit"}, code: 2, outHas: `/p\x1b[31mx`, valid: func(t *testing.T, out string) {
			var v any
			assert.NoError(t, xml.Unmarshal([]byte(out), &v))
			assert.Contains(t, out, `name="input `+filepath.Join(dir, `gone\x1b[31m\u{009b}.log`)+`"`)
		}},
		{name: "check json: inputs and reason name the files escaped", args: []string{"check", "--max", "5xx=0", "-f", "json"}, code: 2, outHas: `gone\u001b[31m\u009b.log`, valid: func(t *testing.T, out string) {
			var v struct {
				Reason string
				Inputs []struct{ Path, State string }
			}
			require.NoError(t, json.Unmarshal([]byte(out), &v))
			require.Len(t, v.Inputs, 4)
			assert.Equal(t, missing, v.Inputs[2].Path, "decodes back to the name")
			assert.Equal(t, "unreadable", v.Inputs[2].State)
			assert.Equal(t, "incomplete", v.Inputs[3].State)
			assert.Contains(t, v.Reason, missing)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", append(tc.args, files...)...)
			assert.Equal(t, tc.code, code, errOut)
			assert.Contains(t, out, tc.outHas)
			assertTerminalSafe(t, "stdout", out)
			assertTerminalSafe(t, "stderr", errOut)
			assert.Contains(t, errOut, `gone\x1b[31m\u{009b}.log: no such file`)
			assert.Contains(t, errOut, `cut\x1b[5m.gz was read only up to the damage`)
			if tc.valid != nil {
				tc.valid(t, out)
			}
		})
	}
	t.Run("malformed-line excerpts in the text report", func(t *testing.T) {
		out, _, _ := runCLI(t, "", accPath)
		assert.Contains(t, out, `:2: missing fields: junk \x1b[31m line`)
		assert.Contains(t, out, `junk \x1b]0;title\x07 line`)
	})
	t.Run("malformed error-log lines on stderr", func(t *testing.T) {
		_, errOut, code := runCLI(t, "", "parse", errPath)
		assert.Equal(t, 0, code)
		assert.Contains(t, errOut, `broken \x1b[31m`)
		assertTerminalSafe(t, "stderr", errOut)
	})
	t.Run("refusal names the input escaped", func(t *testing.T) {
		_, errOut, code := runCLI(t, "", "-o", accPath, accPath)
		assert.Equal(t, 2, code)
		assertTerminalSafe(t, "stderr", errOut)
		assert.Contains(t, errOut, "refusing to write the report over the input")
	})
}
