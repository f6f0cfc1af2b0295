package parser

import (
	"bytes"
	"sync"
)

// FormatInfo describes a known access-log format for `logscan formats`.
type FormatInfo struct {
	Name   string // preset name, a stable contract
	Syntax string // "apache" or "nginx"
	Spec   string // the server's format string
	Doc    string // one line on where it is used
}

// formatDocs holds the lines `logscan formats` prints for the presets it
// describes in words of its own rather than with [Preset.Doc].
var formatDocs = map[string]string{
	"vhost_combined": "Debian/Ubuntu other_vhosts_access.log",
	"nginx-upstream": "nginx combined with request and upstream times",
	"nginx-timed":    "nginx combined with $request_time",
	"nginx-main":     "nginx main, as enabled by distribution packages",
	"combined":       "Apache combined; identical to nginx combined",
	"common":         "Apache common (CLF)",
}

// detectionOrder lists every known format in the order detection prefers
// them on a tie: the most specific layouts first, JSON last.
var detectionOrder = []string{"ingress-nginx", "combinedio", "npm-proxy", "npm-standard", "vhost_combined", "nginx-vhost",
	"nginx-upstream", "nginx-timed", "nginx-main", "combined", "common", "json"}

// Formats returns the descriptions of the known access-log formats in
// detection order, JSON last.
func Formats() []FormatInfo {
	var out []FormatInfo
	for _, name := range detectionOrder {
		if p, ok := PresetByName(name); ok {
			doc, ok := formatDocs[name]
			if !ok {
				doc = p.Doc
			}
			out = append(out, FormatInfo{Name: p.Name, Syntax: p.Syntax, Spec: p.Format, Doc: doc})
		} else if name == "json" {
			out = append(out, FormatInfo{Name: "json", Syntax: "json", Spec: "one JSON object per line",
				Doc: "JSON Lines (nginx escape=json, Caddy and others); common keys map to the standard fields"})
		}
	}
	return out
}

// presetMachines holds every preset compiled once; LookupFormat hands out
// clones, which share the read-only steps.
var presetMachines = sync.OnceValue(func() map[string]*machine {
	out := make(map[string]*machine, len(Presets))
	for _, p := range Presets {
		f, err := p.Compile()
		if err != nil {
			panic(err) // TestPresets compiles every preset
		}
		out[p.Name] = f.(*machine)
	}
	return out
})

// LookupFormat returns a new parser for a known format name: a preset of
// [Presets], compiled from its format string, or "json". The alias
// "nginx-combined" names "combined", which reads the same lines.
func LookupFormat(name string) (Format, bool) {
	if name == "nginx-combined" {
		name = "combined"
	}
	if name == "json" {
		return NewJSONFormat(nil), true
	}
	if m, ok := presetMachines()[name]; ok {
		return m.Clone(), true
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
