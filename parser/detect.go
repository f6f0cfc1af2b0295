package parser

import "bytes"

// FormatInfo describes a known access-log format for `logscan formats`.
type FormatInfo struct {
	Name   string // preset name, a stable contract
	Syntax string // "apache" or "nginx"
	Spec   string // the server's format string
	Doc    string // one line on where it is used
}

// builtin lists the hand-written presets in the order detection prefers them
// when two parse the same number of sample lines: the more specific first.
var builtin = []struct {
	info FormatInfo
	f    clfFormat
}{
	{FormatInfo{"vhost_combined", "apache", `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`, "Debian/Ubuntu other_vhosts_access.log"},
		clfFormat{name: "vhost_combined", vhost: true, tail: tailCombined, lenientTail: true}},
	{FormatInfo{"nginx-upstream", "nginx", `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time $upstream_response_time`, "nginx combined with request and upstream times"},
		clfFormat{name: "nginx-upstream", tail: tailUpstream}},
	{FormatInfo{"nginx-timed", "nginx", `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" $request_time`, "nginx combined with $request_time"},
		clfFormat{name: "nginx-timed", tail: tailTimed}},
	{FormatInfo{"nginx-main", "nginx", `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent" "$http_x_forwarded_for"`, "nginx main, as enabled by distribution packages"},
		clfFormat{name: "nginx-main", tail: tailXFF, lenientTail: true}},
	{FormatInfo{"combined", "apache", `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`, "Apache combined; identical to nginx combined"},
		clfFormat{name: "combined", tail: tailCombined, lenientTail: true}},
	{FormatInfo{"common", "apache", `%h %l %u %t "%r" %>s %b`, "Apache common (CLF)"},
		clfFormat{name: "common", tail: tailNone}},
}

// detectionOrder lists every known format in the order detection prefers
// them on a tie: the most specific layouts first, JSON last. Formats with a
// hand-written parser (builtin) use it; the others are compiled presets.
var detectionOrder = []string{"ingress-nginx", "combinedio", "npm-proxy", "npm-standard", "vhost_combined", "nginx-vhost",
	"nginx-upstream", "nginx-timed", "nginx-main", "combined", "common", "json"}

// Formats returns the descriptions of the known access-log formats in
// detection order, JSON last.
func Formats() []FormatInfo {
	var out []FormatInfo
	for _, name := range detectionOrder {
		if i := builtinIndex(name); i >= 0 {
			out = append(out, builtin[i].info)
		} else if p, ok := PresetByName(name); ok {
			out = append(out, FormatInfo{Name: p.Name, Syntax: p.Syntax, Spec: p.Format, Doc: p.Doc})
		} else if name == "json" {
			out = append(out, FormatInfo{Name: "json", Syntax: "json", Spec: "one JSON object per line",
				Doc: "JSON Lines (nginx escape=json, Caddy and others); common keys map to the standard fields"})
		}
	}
	return out
}

func builtinIndex(name string) int {
	for i := range builtin {
		if builtin[i].info.Name == name {
			return i
		}
	}
	return -1
}

// LookupFormat returns a new parser for a known format name: a hand-written
// preset when there is one, else a compiled one, or "json". The alias
// "nginx-combined" names "combined".
func LookupFormat(name string) (Format, bool) {
	if name == "nginx-combined" {
		name = "combined"
	}
	for i := range builtin {
		if builtin[i].info.Name == name {
			f := builtin[i].f
			return &f, true
		}
	}
	if name == "json" {
		return NewJSONFormat(nil), true
	}
	if p, ok := PresetByName(name); ok {
		f, err := p.Compile()
		return f, err == nil
	}
	return nil, false
}

// ResolveFormat returns the parser for a --log-format value: a known format
// name, an Apache LogFormat string or an nginx log_format string (told apart
// by their syntax).
func ResolveFormat(spec string) (Format, error) {
	if f, ok := LookupFormat(spec); ok {
		return f, nil
	}
	return CompileFormat(spec)
}

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
