package parser

import (
	"bytes"
	"os"
	"regexp"
	"strconv"
	"testing"
	"unsafe"

	"github.com/logscan/logscan/internal/fuzzbudget"
)

// combinedOracle is the slow reference parser for the combined format: a
// regexp used only in tests (differential fuzzing).
var combinedOracle = regexp.MustCompile(`^(\S+) (\S+) (\S+) \[([^\]]+)\] "((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$`)

func FuzzParseCLF(f *testing.F) {
	data, err := readTestdataFile("combined-2k.log")
	if err != nil {
		f.Fatal(err)
	}
	for i, l := range bytes.Split(data, []byte{'\n'}) {
		if i%50 == 0 {
			f.Add(l)
		}
	}
	f.Add([]byte(`127.0.0.1:80 66.249.73.75 - - [26/Nov/2020:06:29:07 +0000] "\x16\x03\x01\x02" 400 0 "-" "-"`))
	f.Add([]byte(`1.2.3.4 - - [17/May/2015:10:05:03 +0000] "GET /\"a\\" HTTP/1.1" 200 1 "-" "-" 0.5 0.1, - : 0.2`))
	formats := AccessFormats()
	f.Fuzz(func(t *testing.T, line []byte) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		for _, fm := range formats {
			var e Entry
			if fm.Parse(line, &e) != nil {
				continue
			}
			if e.Status < 100 || e.Status > 599 {
				t.Fatalf("%s: status %d out of range", fm.Name(), e.Status)
			}
			for _, s := range [][]byte{e.Client, e.Ident, e.User, e.Method, e.Path, e.Protocol, e.Request, e.Referer, e.UserAgent, e.VHost} {
				if s != nil && !within(line, s) {
					t.Fatalf("%s: field %q not inside the line", fm.Name(), s)
				}
			}
		}
		// Differential check of combined against the regexp oracle.
		var e Entry
		comb, _ := LookupFormat("combined")
		err := comb.Parse(line, &e)
		m := combinedOracle.FindSubmatch(line)
		if m == nil || bytes.ContainsAny(line, "\n") {
			return
		}
		if _, _, _, ok := parseCLFTime(m[4]); !ok {
			return
		}
		st, _ := strconv.Atoi(string(m[6]))
		if st < 100 || st > 599 || bytes.Contains(m[1], []byte{'['}) || bytes.Contains(m[1], []byte{'"'}) {
			return
		}
		if err != nil {
			t.Fatalf("oracle matched but parser failed: %v", err)
		}
		if !bytes.Equal(e.Client, m[1]) || string(e.Request) != string(m[5]) || e.Status != st || str(e.UserAgent) != strOrNil(m[9]) {
			t.Fatalf("mismatch with oracle: client %q/%q request %q/%q", e.Client, m[1], e.Request, m[5])
		}
	})
}

// strOrNil is str of the oracle's match: "-" and "" are absent.
func strOrNil(b []byte) string {
	if string(b) == "-" || len(b) == 0 {
		return "<nil>"
	}
	return string(b)
}

func readTestdataFile(name string) ([]byte, error) {
	return os.ReadFile("../testdata/parser/" + name)
}

// within reports whether s is a sub-slice of line's backing array.
func within(line, s []byte) bool {
	if len(s) == 0 {
		return true
	}
	if len(line) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(&line[0]))
	p := uintptr(unsafe.Pointer(&s[0]))
	return p >= start && p+uintptr(len(s)) <= start+uintptr(len(line))
}
