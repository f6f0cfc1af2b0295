package parser

import (
	"bytes"
	"testing"

	"github.com/logscan/logscan/internal/fuzzbudget"
	"github.com/stretchr/testify/assert"
)

func TestElLastIndex(t *testing.T) {
	tests := []struct {
		s, sep string
		anchor int
	}{
		{"", ", x: ", 0},
		{", x: ", ", x: ", 0},
		{"a, x: b, x: c", ", x: ", 0},
		{"a, x: b, y: c", ", x: ", 0},
		{", x", ", x: ", 0},
		{"abc while def while ghi", " while ", 1},
		{"while x", " while ", 1},
		{" whil", " while ", 1},
		{"read (13: Permission denied) (2: x)", " (", 1},
		{"((((", " (", 1},
		{" (", " (", 1},
		{"x (", " (", 1},
		{"ww while", " while ", 1},
	}
	for _, tc := range tests {
		want := bytes.LastIndex([]byte(tc.s), []byte(tc.sep))
		assert.Equal(t, want, elLastIndex([]byte(tc.s), []byte(tc.sep), tc.anchor), "%q in %q", tc.sep, tc.s)
	}
}

func FuzzElLastIndex(f *testing.F) {
	f.Add("a, x: b, x: c", ", x: ", 0)
	f.Add("abc while def", " while ", 1)
	f.Fuzz(func(t *testing.T, s, sep string, anchor int) {
		defer fuzzbudget.Start(t, fuzzbudget.Default)()
		if len(sep) == 0 {
			return
		}
		anchor = int(uint(anchor) % uint(len(sep)))
		want := bytes.LastIndex([]byte(s), []byte(sep))
		if got := elLastIndex([]byte(s), []byte(sep), anchor); got != want {
			t.Fatalf("elLastIndex(%q, %q, %d) = %d, want %d", s, sep, anchor, got, want)
		}
	})
}

// elNginxBodyRef is elNginxBody as it was before it shared the search for
// the last quote between the keys and bounded the search for " while ":
// each key searched from the right with the standard library. It is the
// reference the faster version is checked against.
func elNginxBodyRef(b []byte, e *ErrorEntry) {
	e.Message, e.Errno, e.ErrnoNum, e.Action = nil, nil, -1, nil
	e.Client, e.Server, e.Request, e.Subrequest, e.Upstream, e.Host, e.Referer = nil, nil, nil, nil, nil, nil, nil
	quoted := func(b []byte, key string, strict bool) (val, rest []byte, ok bool) {
		n := len(b)
		if n < len(key)+1 || b[n-1] != '"' {
			return nil, b, false
		}
		if strict {
			q := bytes.LastIndexByte(b[:n-1], '"')
			if q < 0 || !bytes.HasSuffix(b[:q+1], []byte(key)) {
				return nil, b, false
			}
			return b[q+1 : n-1], b[:q+1-len(key)], true
		}
		i := bytes.LastIndex(b[:n-1], []byte(key))
		if i < 0 {
			return nil, b, false
		}
		return b[i+len(key) : n-1], b[:i], true
	}
	quotedKey := func(b []byte) bool {
		n := len(b)
		if n == 0 || b[n-1] != '"' {
			return true
		}
		q := bytes.LastIndexByte(b[:n-1], '"')
		if q < 0 {
			return false
		}
		for _, k := range []string{`, host: "`, `, upstream: "`, `, subrequest: "`, `, request: "`} {
			if bytes.HasSuffix(b[:q+1], []byte(k)) {
				return true
			}
		}
		return false
	}
	plain := func(b []byte, key string) (val, rest []byte, ok bool) {
		i := bytes.LastIndex(b, []byte(key))
		if i < 0 || bytes.ContainsAny(b[i+len(key):], ` ,"`) {
			return nil, b, false
		}
		return b[i+len(key):], b[:i], true
	}
	rem := b
	var v []byte
	var ok bool
	if v, rem, ok = quoted(rem, `, referrer: "`, true); ok {
		e.Referer = v
	} else if !quotedKey(rem) {
		if v, rem, ok = quoted(rem, `, referrer: "`, false); ok {
			e.Referer = v
		}
	}
	if v, rem, ok = quoted(rem, `, host: "`, true); ok {
		e.Host = v
	}
	if v, rem, ok = quoted(rem, `, upstream: "`, true); ok {
		e.Upstream = v
	}
	if v, rem, ok = quoted(rem, `, subrequest: "`, true); ok {
		e.Subrequest = v
	}
	if v, rem, ok = quoted(rem, `, request: "`, false); ok {
		e.Request = v
	}
	if v, rem, ok = plain(rem, `, server: `); ok {
		e.Server = v
	}
	if v, rem, ok = plain(rem, `, client: `); ok {
		e.Client = v
	}
	if i := bytes.LastIndex(rem, []byte(" while ")); i >= 0 && elAction(rem[i+len(" while "):]) {
		e.Action = rem[i+len(" while "):]
		rem = rem[:i]
	}
	e.Message = elNginxErrnoRef(rem, e)
}

// elNginxErrnoRef is elNginxErrno as it was: it tried the last four " ("
// from the right.
func elNginxErrnoRef(m []byte, e *ErrorEntry) []byte {
	if len(m) < 5 || m[len(m)-1] != ')' {
		return m
	}
	end := len(m) - 1
	for tries, k := 0, end; tries < 4; tries++ {
		i := bytes.LastIndex(m[:k], []byte(" ("))
		if i < 0 {
			return m
		}
		q := i + 2
		neg := q < end && m[q] == '-'
		if neg {
			q++
		}
		d := leadingDigits(m[q:end])
		if d > 0 && d <= 9 && q+d+1 < end && m[q+d] == ':' && m[q+d+1] == ' ' &&
			bytes.IndexByte(m[q+d+2:end], ')') < 0 && bytes.IndexByte(m[q+d+2:end], '(') < 0 {
			elSetErrno(e, m, i, q, d, end, neg)
			return m[:i]
		}
		k = i
	}
	return m
}

var nginxBodySeeds = []string{
	`connect() failed (111: Connection refused) while connecting to upstream, client: 221.241.47.74, server: , request: "GET / HTTP/1.1", upstream: "http://127.0.0.1:5000/", host: "13.78.125.182", referrer: "http://13.78.125.182/"`,
	`open() "/usr/share/nginx/html/keyword/oge" failed (2: No such file or directory), client: 221.241.47.74, server: , request: "GET /keyword/oge HTTP/1.1", host: "13.78.125.182"`,
	`signal process started`,
	`x (-1: y) while z, client: a, server: b, request: "c", subrequest: "d", upstream: "e", host: "f", referrer: "g"`,
	`a while b while c`,
	`a while b) while c d`,
	`a while b, c while d  e`,
	`x while reading, client: 1.2.3.4, request: "GET /a", while b" HTTP/1.1", referrer: "x"y"`,
	`x, request: "GET /, request: "a" HTTP/1.1"`,
	`x, referrer: "a"b", host: "h"`,
	`, request: ""`,
	`"`,
	``,
	` while `,
	`m while  x`,
	`m while x/y.z_w-1`,
	`a (1: b) (2: c(d)`,
	`a (1: b) x(2: c)`,
	`a (1: b) ((2: c)`,
	`a (-12: b)`,
	`a (1: b)) (c)`,
	`(1: b)`,
	` (1: b)`,
	`x (1234567890: b)`,
	`x (1:b)`,
	`x (1: )`,
	`x (: b)`,
}

func checkNginxBody(t *testing.T, body string) {
	defer fuzzbudget.Start(t, fuzzbudget.Default)()
	t.Helper()
	var got, want ErrorEntry
	got.Reset()
	want.Reset()
	elNginxBody([]byte(body), &got)
	elNginxBodyRef([]byte(body), &want)
	if !assert.Equal(t, want, got, "%q", body) {
		t.FailNow()
	}
}

func TestElNginxBody(t *testing.T) {
	for _, in := range nginxBodySeeds {
		checkNginxBody(t, in)
	}
}

func FuzzElNginxBody(f *testing.F) {
	for _, in := range nginxBodySeeds {
		f.Add(in)
	}
	f.Fuzz(checkNginxBody)
}
