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
