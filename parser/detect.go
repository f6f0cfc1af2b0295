package parser

import (
	"bytes"
)

// detectionOrder lists every known format in the order detection prefers
// them on a tie: the most specific layouts first, JSON last.
var detectionOrder = []string{"ingress-nginx", "combinedio", "npm-proxy", "npm-standard", "vhost_combined", "nginx-vhost",
	"nginx-upstream", "nginx-timed", "nginx-main", "combined", "common", "json"}

// AccessFormats returns a new parser for every known access-log format, in
// detection order.
func AccessFormats() []Format {
	out := make([]Format, 0, len(detectionOrder))
	for _, name := range detectionOrder {
		if f, ok := LookupFormat(name); ok {
			out = append(out, f)
		}
	}
	return out
}

// SampleLines returns up to max non-blank lines of data that are not comments
// ("#" first), without line terminators. A last line without a newline is
// included only when final is true (the sample holds the whole input).
func SampleLines(data []byte, max int, final bool) [][]byte {
	var lines [][]byte
	for len(data) > 0 && len(lines) < max {
		i := bytes.IndexByte(data, '\n')
		var line []byte
		if i < 0 {
			if !final {
				break
			}
			line, data = data, nil
		} else {
			line, data = data[:i], data[i+1:]
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) == 0 || line[0] == '#' {
			continue
		}
		lines = append(lines, line)
	}
	return lines
}

// DetectFormat scores every candidate on the sample lines and returns the one
// that parses the most of them, preferring the earlier candidate on a tie,
// with the number of lines it parsed. It returns nil when no candidate parses
// any line.
func DetectFormat(lines [][]byte, candidates []Format) (best Format, matched int) {
	var e Entry
	for _, f := range candidates {
		n := 0
		for _, l := range lines {
			if f.Parse(l, &e) == nil {
				n++
			}
		}
		if n > matched {
			best, matched = f, n
		}
	}
	return best, matched
}
