package analyze

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
)

// A web shell (a script an attacker uploaded that runs what the query
// says) leaves two traces: requests whose query string carries a shell
// command, and, in Apache's error log, the stray lines the command printed
// on its standard error (wget's progress, "sh: 1: ...: not found", a
// directory listing). Either alone is weak (scanners send such queries by
// the thousand; shells print for other reasons); the two together, the
// output written within minutes of such a request answered 2xx, are a
// confirmed finding.

// shellHit is a request whose query carries a shell command, or a stray
// error-log line that looks like a command's output.
type shellHit struct {
	time   int64 // the request's time, or the time of the error-log entry before the line (0: unknown)
	status int   // the request's status; 0 for an output line
	ex     Sample
}

// maxShellHits bounds the hits a partial or an error-log summary keeps: the
// earliest by time.
const maxShellHits = 8

// addShellHit keeps h among the earliest maxShellHits of hits.
func addShellHit(hits []shellHit, h shellHit) []shellHit {
	hits = append(hits, h)
	slices.SortStableFunc(hits, func(a, b shellHit) int {
		if c := cmp.Compare(a.time, b.time); c != 0 {
			return c
		}
		if a.ex.Input != b.ex.Input {
			return cmp.Compare(a.ex.Input, b.ex.Input)
		}
		if c := cmp.Compare(a.ex.input, b.ex.input); c != 0 {
			return c
		}
		return cmp.Compare(a.ex.Line, b.ex.Line)
	})
	if len(hits) > maxShellHits {
		hits = hits[:maxShellHits]
	}
	return hits
}

// shellWords are the pieces of a shell command that a query string of a
// real application does not carry (looked for after %-decoding and with
// '+' read as a space).
var shellWords = [][]byte{
	[]byte("wget "), []byte("curl "), []byte("chmod "), []byte("/bin/sh"), []byte("/bin/bash"),
	[]byte("uname -"), []byte("whoami"), []byte("cat /etc/"), []byte("ls -"), []byte("cd /tmp"),
	[]byte("nc -e"), []byte("busybox "), []byte("`"), []byte("$("), []byte(";sh"), []byte("|sh"), []byte("| sh"),
}

// shellQuery reports whether a request target's query string carries a
// shell command; buf is scratch space, returned for reuse.
func shellQuery(target, buf []byte) (bool, []byte) {
	q := bytes.IndexByte(target, '?')
	if q < 0 {
		return false, buf
	}
	s := target[q+1:]
	// Every shell word holds one of these bytes (a space is %20 or +),
	// but whoami: most queries are rejected without being decoded.
	if !bytes.ContainsAny(s, "%+`$;|/ ") && !containsFold(s, "whoami") {
		return false, buf
	}
	buf = buf[:0]
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '+':
			c = ' '
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			c = unhex(s[i+1])<<4 | unhex(s[i+2])
			i += 2
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf = append(buf, c)
	}
	for _, w := range shellWords {
		if bytes.Contains(buf, w) {
			return true, buf
		}
	}
	return false, buf
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// commandOutput reports whether a stray error-log line looks like what a
// shell command prints: wget's progress, a shell's complaint, a directory
// listing, /etc/passwd, id or uname.
func commandOutput(line []byte) bool {
	for _, p := range outputPrefixes {
		if bytes.HasPrefix(line, p) {
			return true
		}
	}
	for _, p := range outputFragments {
		if bytes.Contains(line, p) {
			return true
		}
	}
	// ls -l: "drwxr-xr-x 2 www-data ..." or "-rw-r--r-- 1 ..."
	if len(line) > 11 && strings.IndexByte("-dlcbps", line[0]) >= 0 && line[10] == ' ' {
		for _, c := range line[1:10] {
			if strings.IndexByte("rwxsStT-", c) < 0 {
				return false
			}
		}
		return true
	}
	return false
}

var outputPrefixes = [][]byte{
	[]byte("sh: "), []byte("/bin/sh: "), []byte("bash: "), []byte("Resolving "), []byte("Connecting to "),
	[]byte("HTTP request sent, awaiting response"), []byte("Length: "), []byte("Saving to: "), []byte("root:x:0:0:"),
	[]byte("uid="), []byte("Linux "), []byte("total "), []byte("  % Total    % Received"),
}

var outputFragments = [][]byte{
	[]byte(": command not found"), []byte("' saved ["), []byte("\u2019 saved ["), []byte(": Permission denied"),
	[]byte("--  http://"), []byte("--  https://"),
}

// shellFinding returns the confirmed web-shell evidence of a state: the
// earliest request with a shell command in its query that was answered
// 2xx and the earliest command output written from a minute before it to
// ten minutes after it (an output line of unknown time matches any such
// request), and whether there is a pair.
func shellFinding(reqs, outs []shellHit) (req, out shellHit, ok bool) {
	for _, r := range reqs {
		if r.status < 200 || r.status > 299 {
			continue
		}
		for _, o := range outs {
			if o.time == 0 || r.time == 0 || o.time >= r.time-60e9 && o.time <= r.time+600e9 {
				return r, o, true
			}
		}
	}
	return shellHit{}, shellHit{}, false
}
