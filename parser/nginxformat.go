package parser

import (
	"fmt"
	"strings"
)

// CompileNginx compiles an nginx log_format string, such as
// `$remote_addr - $remote_user [$time_local] "$request" $status`, into a
// [Format] that parses lines written with it. The string is the format as
// nginx joins it, with the configuration file's quotes already removed (see
// [ReadServerConfig]). The returned Format is named "custom".
//
// Variables fill the standard fields of [Entry]: $remote_addr client;
// $remote_user user; $time_local, $time_iso8601, $msec time; $request (or
// $request_method, $request_uri, $uri, $uri$is_args$args, $server_protocol);
// $status; $body_bytes_sent (or $bytes_sent) bytes; $http_referer;
// $http_user_agent; $host, $server_name, $http_host virtual host;
// $server_port port; $request_time; $upstream_response_time (a list such as
// "0.002, 0.500 : 0.010", summed); $connection; $request_id (or ingress-nginx
// $req_id). Every other variable goes to Entry.Extra under its name without
// the '$', e.g. "upstream_addr" or "http_x_forwarded_for". Both $name and
// ${name} are accepted; a variable name is letters, digits and '_'.
//
// Quoted fields honour backslash escapes and keep nginx's \xHH escapes as
// they are in the line. Upstream lists ($upstream_*) and X-Forwarded-For
// chains may contain ", " and " : " even when not quoted.
func CompileNginx(format string) (Format, error) {
	steps, err := compileNginxSteps(format)
	if err != nil {
		return nil, err
	}
	return newMachine("custom", SyntaxNginx, format, steps), nil
}

// compileNginxSteps lexes and builds an nginx format string.
func compileNginxSteps(format string) ([]step, error) {
	items, err := lexNginx(format)
	if err != nil {
		return nil, err
	}
	return build(mergeNginx(items), SyntaxNginx)
}

// isVarByte reports whether c may appear in an nginx variable name.
func isVarByte(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

// lexNginx splits an nginx format string into literals and variables.
func lexNginx(s string) ([]item, error) {
	var items []item
	var lit []byte
	for i := 0; i < len(s); {
		c := s[i]
		if c != '$' {
			lit = append(lit, c)
			i++
			continue
		}
		start := i
		i++
		var name string
		if i < len(s) && s[i] == '{' {
			j := strings.IndexByte(s[i+1:], '}')
			if j < 0 {
				return nil, &FormatError{Syntax: SyntaxNginx, Column: start + 1,
					Msg: fmt.Sprintf("unterminated ${ in %s", quote64(s[start:]))}
			}
			name = s[i+1 : i+1+j]
			i += j + 2
			for k := 0; k < len(name); k++ {
				if !isVarByte(name[k]) {
					name = ""
					break
				}
			}
		} else {
			j := i
			for j < len(s) && isVarByte(s[j]) {
				j++
			}
			name, i = s[i:j], j
		}
		if name == "" {
			return nil, &FormatError{Syntax: SyntaxNginx, Column: start + 1,
				Msg: fmt.Sprintf("invalid variable name in %s", quote64(s[start:min(i+1, len(s))]))}
		}
		if len(lit) > 0 {
			items = append(items, item{lit: string(lit)})
			lit = lit[:0]
		}
		f := nginxField(name)
		f.text, f.col = s[start:i], start+1
		items = append(items, item{field: f})
	}
	if len(lit) > 0 {
		items = append(items, item{lit: string(lit)})
	}
	return items, nil
}

// nginxField maps one variable to a fieldSpec.
func nginxField(name string) *fieldSpec {
	f := &fieldSpec{name: name, prio: 1}
	switch name {
	case "remote_addr":
		f.slot, f.prio, f.list = slotClient, 3, true
	case "proxy_add_x_forwarded_for":
		f.slot, f.list = slotClient, true
	case "http_x_forwarded_for", "http_x_real_ip", "http_forwarded", "realip_remote_addr":
		f.list = true
	case "remote_user":
		f.slot = slotUser
	case "time_local":
		f.slot, f.conv, f.tk = slotTime, convTime, tCLF
	case "time_iso8601":
		f.slot, f.conv, f.tk = slotTime, convTime, tISO
	case "msec":
		f.slot, f.conv, f.tk, f.unit = slotTime, convTime, tEpoch, EpochSeconds
	case "request":
		f.slot, f.conv = slotRequest, convRequest
	case "request_method":
		f.slot = slotMethod
	case "request_uri":
		f.slot, f.prio = slotPath, 3
	case "uri", "document_uri":
		f.slot = slotPath
	case "server_protocol":
		f.slot = slotProtocol
	case "status":
		f.slot, f.conv, f.numeric = slotStatus, convStatus, true
	case "body_bytes_sent":
		f.slot, f.prio, f.conv, f.numeric = slotBytes, 3, convInt, true
	case "bytes_sent":
		f.slot, f.prio, f.conv, f.numeric = slotBytes, 2, convInt, true
	case "request_time":
		f.slot, f.conv, f.scale, f.numeric = slotReqTime, convDuration, 1, true
	case "upstream_response_time":
		f.slot, f.conv, f.scale, f.list = slotUpTime, convDurList, 1, true
	case "host":
		f.slot, f.prio = slotVHost, 3
	case "server_name":
		f.slot, f.prio = slotVHost, 2
	case "http_host":
		f.slot = slotVHost
	case "http_referer":
		f.slot = slotReferer
	case "http_user_agent":
		f.slot = slotUA
	case "server_port":
		f.slot, f.conv, f.numeric = slotPort, convInt, true
	case "remote_port", "connection_requests", "request_length", "content_length", "pid":
		f.numeric = true
	case "connection":
		f.slot, f.conv, f.numeric = slotConn, convInt, true
	case "request_id":
		f.slot, f.prio = slotReqID, 2
	case "req_id":
		f.slot = slotReqID
	default:
		if strings.HasPrefix(name, "upstream_") {
			f.list = true
		}
	}
	return f
}

// mergeNginx joins $uri$is_args$args into one path field and $is_args$args
// into one "args" field.
func mergeNginx(items []item) []item {
	is := func(i int, name string) bool {
		return i < len(items) && items[i].field != nil && items[i].field.name == name
	}
	out := make([]item, 0, len(items))
	for i := 0; i < len(items); i++ {
		switch {
		case is(i, "uri") && is(i+1, "is_args") && is(i+2, "args"):
			m := *items[i].field
			m.prio, m.text = 2, m.text+items[i+1].field.text+items[i+2].field.text
			out = append(out, item{field: &m})
			i += 2
		case is(i, "is_args") && is(i+1, "args"):
			m := *items[i+1].field
			m.text, m.col = items[i].field.text+m.text, items[i].field.col
			out = append(out, item{field: &m})
			i++
		default:
			out = append(out, items[i])
		}
	}
	return out
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
