package parser_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/logscan/logscan/parser"
)

// inside reports whether s is empty or lies within in.
func inside(in, s []byte) bool {
	if len(s) == 0 {
		return true
	}
	for i := range in {
		if &in[i] == &s[0] {
			return i+len(s) <= len(in)
		}
	}
	return false
}

// entrySlices lists the byte-slice fields of e by name.
func entrySlices(e *parser.ErrorEntry) map[string][]byte {
	return map[string][]byte{
		"Level": e.Level, "Module": e.Module, "Client": e.Client, "Errno": e.Errno, "Code": e.Code,
		"Source": e.Source, "LogID": e.LogID, "Message": e.Message, "Referer": e.Referer,
		"Action": e.Action, "Server": e.Server, "Request": e.Request, "Subrequest": e.Subrequest,
		"Upstream": e.Upstream, "Host": e.Host,
	}
}

// checkEntry checks the invariants of a successfully parsed entry. A
// custom format need not log a level, so only presets must have one with
// a time.
func checkEntry(t *testing.T, name string, in []byte, e *parser.ErrorEntry) {
	t.Helper()
	for field, s := range entrySlices(e) {
		if !inside(in, s) {
			t.Fatalf("%s: %s = %q lies outside the input %q", name, field, s, in)
		}
	}
	if e.HasTime && len(e.Level) == 0 && !strings.HasPrefix(name, "custom") {
		t.Fatalf("%s: entry with time but no level: %q", name, in)
	}
	if e.ClientPort < -1 || e.ClientPort > 65535 {
		t.Fatalf("%s: port %d out of range: %q", name, e.ClientPort, in)
	}
	if e.ClientPort >= 0 && len(e.Client) == 0 {
		t.Fatalf("%s: port without client: %q", name, in)
	}
	if e.Errno == nil && e.ErrnoNum != -1 {
		t.Fatalf("%s: errno number %d without errno: %q", name, e.ErrnoNum, in)
	}
	if e.Continuation != 0 {
		t.Fatalf("%s: Parse set Continuation: %q", name, in)
	}
	if e.HasTime {
		_ = e.Timestamp(nil)
	}
}

// checkScan scans data as a whole file and checks the line accounting.
func checkScan(t *testing.T, f parser.ErrorFormat, data []byte) {
	t.Helper()
	sc := parser.NewErrorScanner(bytes.NewReader(data), f, 256)
	entries, cont := 0, 0
	for sc.Next() {
		entries++
		cont += sc.Entry().Continuation
		if sc.Entry().HasTime && len(sc.Entry().Level) == 0 && f.Name() != parser.NameCustomError {
			t.Fatalf("scanned entry with time but no level: %q", data)
		}
	}
	c := sc.Counts()
	if c.Lines != c.Entries+c.Continuation+c.Malformed+c.Blank+c.TooLong+c.Foreign {
		t.Fatalf("counts do not add up: %+v for %q", c, data)
	}
	if entries != c.Entries || cont != c.Continuation {
		t.Fatalf("returned %d entries with %d continuations, counted %+v: %q", entries, cont, c, data)
	}
	if len(sc.Malformed()) != min(c.Malformed, parser.MaxErrorSamples) {
		t.Fatalf("%d samples for %d malformed lines", len(sc.Malformed()), c.Malformed)
	}
}

// addSeeds adds every line of the named excerpts to the corpus.
func addSeeds(f *testing.F, match func(name string) bool) {
	entries, err := os.ReadDir(filepath.Join("..", "testdata", "errorlog"))
	if err != nil {
		f.Fatal(err)
	}
	for _, de := range entries {
		if !strings.Contains(de.Name(), "_") || !match(de.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join("..", "testdata", "errorlog", de.Name()))
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range splitLines(data) {
			f.Add(string(line))
		}
	}
}

// oracleHeader compares the header fields of e with those the oracle regex
// finds, when it matches.
func oracleHeader(t *testing.T, name, line string, e *parser.ErrorEntry) {
	t.Helper()
	var want ev
	var ok bool
	switch name {
	case parser.NameApache24Error:
		want, ok = oracleView(oracle24, name, line)
	case parser.NameApache22Error:
		want, ok = oracleView(oracle22, name, line)
	case parser.NameNginxError:
		want, ok = oracleView(oracleNginx, name, line)
	}
	if !ok {
		return
	}
	got := view(e)
	if got.Time != want.Time || got.Level != want.Level || got.Module != want.Module ||
		got.PID != want.PID || got.TID != want.TID || got.Conn != want.Conn {
		t.Fatalf("%s disagrees with the oracle on %q:\n got %+v\nwant %+v", name, line, got, want)
	}
}

func FuzzParseApacheError(f *testing.F) {
	addSeeds(f, func(name string) bool { return !strings.Contains(name, "nginx") })
	f.Add("(98)Address already in use: AH00072: make_sock: could not bind to address [::]:80")
	f.Add("[Wed Oct 20 19:20:59.121211 2021] [rewrite:trace3] [pid 1:tid 2] mod_rewrite.c(470): [client [::1]:80] (OS 5)x: AH00001: m, referer: r")
	formats := []parser.ErrorFormat{mustFormat(f, parser.NameApache22Error), mustFormat(f, parser.NameApache24Error)}
	f.Fuzz(func(t *testing.T, line string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		in := []byte(line)
		for _, ef := range formats {
			var e parser.ErrorEntry
			err := ef.Parse(in, &e)
			if err != nil {
				if errors.Is(err, parser.ErrNotErrorLine) || errors.Is(err, parser.ErrEmpty) ||
					errors.Is(err, parser.ErrBadTime) || errors.Is(err, parser.ErrLiteral) ||
					errors.Is(err, parser.ErrFieldCount) || errors.Is(err, parser.ErrBadNumber) {
					continue
				}
				t.Fatalf("%s: unexpected error %v for %q", ef.Name(), err, line)
			}
			checkEntry(t, ef.Name(), in, &e)
			if !strings.ContainsAny(line, "\r\n") {
				oracleHeader(t, ef.Name(), line, &e)
			}
		}
		checkScan(t, formats[1], in)
	})
}

func FuzzParseNginxError(f *testing.F) {
	addSeeds(f, func(name string) bool { return strings.Contains(name, "nginx") || strings.Contains(name, "isucon") })
	f.Add(`2016/09/18 10:35:24 [error] 1#1: *1 x (-1: y) while z, client: a, server: b, request: "c", subrequest: "d", upstream: "e", host: "f", referrer: "g"`)
	ng := mustFormat(f, parser.NameNginxError)
	f.Fuzz(func(t *testing.T, line string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		in := []byte(line)
		var e parser.ErrorEntry
		err := ng.Parse(in, &e)
		if err == nil {
			checkEntry(t, ng.Name(), in, &e)
			if !strings.ContainsAny(line, "\r\n") {
				oracleHeader(t, ng.Name(), line, &e)
			}
		} else if !errors.Is(err, parser.ErrNotErrorLine) && !errors.Is(err, parser.ErrEmpty) &&
			!errors.Is(err, parser.ErrBadTime) && !errors.Is(err, parser.ErrLiteral) &&
			!errors.Is(err, parser.ErrFieldCount) && !errors.Is(err, parser.ErrBadNumber) {
			t.Fatalf("unexpected error %v for %q", err, line)
		}
		checkScan(t, ng, in)
	})
}

func FuzzErrorLogFormat(f *testing.F) {
	f.Add(threadedDefault, `[Fri Jan 28 14:18:33.838658 2022] [proxy_http:error] [pid 119:tid 140] (70007)The timeout specified has expired: [client 10.6.0.2:52924] AH01102: error reading status line, referer https://x/`)
	f.Add(likeApache22, `[Wed Oct 11 14:32:52 2000] [error] [client 127.0.0.1:5555] client denied by server configuration: /x`)
	f.Add(`%{cu}t %l %L %v %{Host}i %%%M`, `2011-05-12 08:28:57.652118 warn abcDEF12 www.example.com example.com %hello`)
	f.Add(`[%{c}t] %{c}a %{g}T %A %k %{X}e %{n}n: %M`, `[2011-05-12 08:28:57] [::1]:8080 4242 10.0.0.1:80 3 - x: hi`)
	f.Add(`%+{Referer}i %-a %5l\t%M`, "- 1.2.3.4 error\tm")
	f.Add(`% %M% % `, `x`)
	f.Fuzz(func(t *testing.T, format, line string) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		ef, err := parser.CompileErrorLogFormat(format)
		if err != nil {
			if !errors.Is(err, parser.ErrBadErrorLogFormat) {
				t.Fatalf("compile error %v does not wrap ErrBadErrorLogFormat", err)
			}
			if !strings.Contains(err.Error(), "at byte ") && !strings.HasSuffix(err.Error(), "empty format") {
				t.Fatalf("compile error %q has no position", err)
			}
			return
		}
		in := []byte(line)
		var e parser.ErrorEntry
		if err := ef.Parse(in, &e); err == nil {
			checkEntry(t, "custom "+strconv.Quote(format), in, &e)
		} else if !errors.Is(err, parser.ErrNotErrorLine) && !errors.Is(err, parser.ErrLiteral) && !errors.Is(err, parser.ErrEmpty) {
			t.Fatalf("unexpected error %v", err)
		}
		checkScan(t, ef.Clone(), in)
	})
}
