package parser

import (
	"fmt"
	"sync"
)

// The access-log presets: named format strings in one table, compiled by
// the same engine as any other format string, and what `logscan formats`
// says about them.

// Preset is a named, well-known access-log layout given as the format
// string of its server. Names are stable: they are part of logscan's
// command-line and JSON contract.
type Preset struct {
	Name   string // e.g. "combined", "nginx-timed"
	Syntax string // SyntaxApache or SyntaxNginx
	Format string // the LogFormat or log_format string
	Doc    string // one line on where the layout comes from
}

// Compile compiles the preset's format string; the Format is named after
// the preset.
func (p Preset) Compile() (Format, error) {
	var steps []step
	var err error
	if p.Syntax == SyntaxNginx {
		steps, err = compileNginxSteps(p.Format)
	} else {
		steps, err = compileApacheSteps(p.Format)
	}
	if err != nil {
		return nil, fmt.Errorf("preset %s: %w", p.Name, err)
	}
	return newMachine(p.Name, p.Syntax, p.Format, steps), nil
}

// nginxCombined is nginx's predefined combined format.
const nginxCombined = `$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent "$http_referer" "$http_user_agent"`

// Presets lists the known layouts, Apache first, in a stable order.
var Presets = []Preset{
	{Name: "common", Syntax: SyntaxApache, Format: `%h %l %u %t "%r" %>s %b`,
		Doc: "Common Log Format, Apache httpd.conf"},
	{Name: "combined", Syntax: SyntaxApache, Format: `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i"`,
		Doc: "NCSA combined, Apache httpd.conf"},
	{Name: "combinedio", Syntax: SyntaxApache, Format: `%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %I %O`,
		Doc: "combined with mod_logio bytes in and out, Apache httpd.conf"},
	{Name: "vhost_combined", Syntax: SyntaxApache, Format: `%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"`,
		Doc: "Debian apache2.conf, other_vhosts_access.log"},
	{Name: "nginx-combined", Syntax: SyntaxNginx, Format: nginxCombined,
		Doc: "nginx predefined combined"},
	{Name: "nginx-main", Syntax: SyntaxNginx, Format: nginxCombined + ` "$http_x_forwarded_for"`,
		Doc: "nginx.conf main, as distribution packages ship it"},
	{Name: "nginx-timed", Syntax: SyntaxNginx, Format: nginxCombined + ` $request_time`,
		Doc: "nginx combined with $request_time appended"},
	{Name: "nginx-upstream", Syntax: SyntaxNginx, Format: nginxCombined + ` $request_time $upstream_response_time`,
		Doc: "nginx combined with $request_time and $upstream_response_time appended"},
	{Name: "nginx-vhost", Syntax: SyntaxNginx, Format: `$host ` + nginxCombined,
		Doc: "nginx combined with the virtual host in front"},
	{Name: "ingress-nginx", Syntax: SyntaxNginx, Format: `$remote_addr - $remote_user [$time_local] "$request" ` +
		`$status $body_bytes_sent "$http_referer" "$http_user_agent" $request_length $request_time ` +
		`[$proxy_upstream_name] [$proxy_alternative_upstream_name] $upstream_addr ` +
		`$upstream_response_length $upstream_response_time $upstream_status $req_id`,
		Doc: "Kubernetes ingress-nginx default (upstreaminfo)"},
	{Name: "npm-proxy", Syntax: SyntaxNginx, Format: `[$time_local] $upstream_cache_status $upstream_status $status - ` +
		`$request_method $scheme $host "$request_uri" [Client $remote_addr] [Length $body_bytes_sent] ` +
		`[Gzip $gzip_ratio] [Sent-to $server] "$http_user_agent" "$http_referer"`,
		Doc: "Nginx Proxy Manager proxy hosts (log_format proxy)"},
	{Name: "npm-standard", Syntax: SyntaxNginx, Format: `[$time_local] $status - $request_method $scheme $host ` +
		`"$request_uri" [Client $remote_addr] [Length $body_bytes_sent] [Gzip $gzip_ratio] ` +
		`"$http_user_agent" "$http_referer"`,
		Doc: "Nginx Proxy Manager redirection and default hosts (log_format standard)"},
}

// PresetByName returns the preset with the given name.
func PresetByName(name string) (Preset, bool) {
	for _, p := range Presets {
		if p.Name == name {
			return p, true
		}
	}
	return Preset{}, false
}

// CompileFormat compiles s, which is either the name of one of the
// [Presets] or a format string; Apache `%` directives and nginx `$variables`
// are told apart by counting both (the larger count wins, Apache on ties).
func CompileFormat(s string) (Format, error) {
	if p, ok := PresetByName(s); ok {
		return p.Compile()
	}
	if detectSyntax(s) == SyntaxNginx {
		return CompileNginx(s)
	}
	return CompileApache(s)
}

// detectSyntax guesses whether s is an nginx or an Apache format string.
func detectSyntax(s string) string {
	nv, av := 0, 0
	for i := 0; i+1 < len(s); i++ {
		c, d := s[i], s[i+1]
		switch c {
		case '$':
			if d == '{' || d == '_' || (d|0x20 >= 'a' && d|0x20 <= 'z') {
				nv++
			}
		case '%':
			if d == '%' {
				i++
				continue
			}
			if d == '{' || d == '>' || d == '<' || d == '!' || d == '^' || (d >= '0' && d <= '9') ||
				(d|0x20 >= 'a' && d|0x20 <= 'z') {
				av++
			}
		}
	}
	if nv > av {
		return SyntaxNginx
	}
	return SyntaxApache
}

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
