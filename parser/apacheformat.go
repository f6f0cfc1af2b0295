package parser

import (
	"fmt"
	"strings"
)

// CompileApache compiles an Apache mod_log_config LogFormat string, such as
// `%h %l %u %t "%r" %>s %b`, into a [Format] that parses lines written with
// it. The returned Format is named "custom".
//
// Directives fill the standard fields of [Entry] (%h, %a client; %l ident;
// %u user; %t and %{format}t time; %r request line; %m, %U, %U%q, %H its
// parts; %>s, %s, %<s status; %b, %B, %O bytes; %D, %T, %{ms}T, %{us}T
// request time; %{Referer}i, %{User-Agent}i; %v, %V, %{Host}i virtual host;
// %p port; %L request id). When several directives could fill one field the
// most precise wins (%>s over %s, %D over %T, %b over %O, %r over %m) and
// the others go to Entry.Extra. Every other directive is kept in Entry.Extra
// under its own name: a request header %{X-Forwarded-For}i under
// "X-Forwarded-For"; %{Name}o, %{Name}e, %{Name}n, %{Name}C, %{Name}x under
// "out:Name", "env:Name", "note:Name", "cookie:Name", "x:Name"; and %A
// "local_ip", %q "query", %I "bytes_in", %S "bytes_total", %X
// "conn_status", %k "keepalives", %P "pid", %{tid}P "tid", %R "handler",
// %f "filename", %{remote}p "remote_port".
//
// A standard text field logged as "-" or empty is absent (nil), except an
// empty request line (`""`, typical of a 400), which is kept as an empty,
// non-nil Request. Extra values are kept as written, with "-" as nil.
//
// A client, ident or user value holds no space: the first space ends it. A
// line cut off inside its last field, when that field is quoted, is read to
// its end with Entry.Truncated set.
//
// Status conditions (%400,501{User-agent}i, %!200{Referer}i) and the < and >
// modifiers are accepted; a conditional field logged as "-" reads as absent.
// Consecutive %{…}t directives separated only by text, as in
// `[%{%d/%b/%Y %T}t.%{msec_frac}t %{%z}t]`, are read as one timestamp.
//
// An unknown directive is a [*FormatError] naming it and its column.
func CompileApache(format string) (Format, error) {
	steps, err := compileApacheSteps(format)
	if err != nil {
		return nil, err
	}
	return newMachine("custom", SyntaxApache, format, steps), nil
}

// compileApacheSteps lexes and builds an Apache format string.
func compileApacheSteps(format string) ([]step, error) {
	items, err := lexApache(format)
	if err != nil {
		return nil, err
	}
	items = mergeApache(items)
	return build(items, SyntaxApache)
}

// lexApache splits an Apache format string into literals and fields.
func lexApache(s string) ([]item, error) {
	var items []item
	var lit []byte
	flush := func() {
		if len(lit) > 0 {
			items = append(items, item{lit: string(lit)})
			lit = lit[:0]
		}
	}
	bad := func(col int, format string, a ...any) error {
		return &FormatError{Syntax: SyntaxApache, Column: col, Msg: fmt.Sprintf(format, a...)}
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c != '%' {
			lit = append(lit, c)
			i++
			continue
		}
		start := i
		i++
		var arg string
		var hasArg bool
		var redir byte
	mods:
		for i < len(s) {
			switch c := s[i]; {
			case c == '!' || c == ',' || (c >= '0' && c <= '9'):
				i++
			case c == '<' || c == '>':
				redir = c
				i++
			case c == '{':
				j := strings.IndexByte(s[i+1:], '}')
				if j < 0 {
					return nil, bad(i+1, "unterminated %%{ in %s", quote64(s[start:]))
				}
				arg, hasArg = s[i+1:i+1+j], true
				i += j + 2
			default:
				break mods
			}
		}
		if i >= len(s) {
			return nil, bad(start+1, "incomplete directive %s at the end", quote64(s[start:]))
		}
		letter := s[i]
		i++
		if letter == '%' && i == start+2 {
			lit = append(lit, '%')
			continue
		}
		if letter == '^' {
			if i+1 < len(s) && s[i] == 't' && (s[i+1] == 'i' || s[i+1] == 'o') {
				i += 2
			} else {
				return nil, bad(start+1, "unknown directive %s", quote64(s[start:min(i+2, len(s))]))
			}
		}
		text := s[start:i]
		f, msg := apacheField(letter, s[i-1], arg, hasArg, redir)
		if msg != "" {
			return nil, bad(start+1, "%s %s", msg, quote64(text))
		}
		f.text, f.col = text, start+1
		flush()
		items = append(items, item{field: f})
	}
	flush()
	return items, nil
}

// apacheField maps one directive to a fieldSpec. last is the final byte of
// the directive (it differs from letter only for %^ti and %^to). A non-empty
// msg explains why the directive is not accepted.
func apacheField(letter, last byte, arg string, hasArg bool, redir byte) (f *fieldSpec, msg string) {
	text := func(name string) *fieldSpec { return &fieldSpec{name: name, conv: convText} }
	named := func(prefix string) (*fieldSpec, string) {
		if !hasArg || arg == "" {
			return nil, "missing {name} in"
		}
		return text(prefix + arg), ""
	}
	switch letter {
	case 'h':
		if arg == "c" {
			return &fieldSpec{name: "peer_host", slot: slotClient, prio: 1, list: true}, ""
		}
		return &fieldSpec{name: "remote_host", slot: slotClient, prio: 3, list: true}, ""
	case 'a':
		if arg == "c" {
			return &fieldSpec{name: "peer_ip", slot: slotClient, prio: 1, list: true}, ""
		}
		return &fieldSpec{name: "remote_ip", slot: slotClient, prio: 2, list: true}, ""
	case 'A':
		return text("local_ip"), ""
	case 'l':
		return &fieldSpec{name: "ident", slot: slotIdent, prio: 1}, ""
	case 'u':
		return &fieldSpec{name: "user", slot: slotUser, prio: 1}, ""
	case 't':
		return apacheTime(arg)
	case 'r':
		return &fieldSpec{name: "request", slot: slotRequest, prio: 1, conv: convRequest}, ""
	case 'm':
		return &fieldSpec{name: "method", slot: slotMethod, prio: 1}, ""
	case 'U':
		return &fieldSpec{name: "path", slot: slotPath, prio: 1}, ""
	case 'q':
		return text("query"), ""
	case 'H':
		return &fieldSpec{name: "protocol", slot: slotProtocol, prio: 1}, ""
	case 's':
		switch redir {
		case '>':
			return &fieldSpec{name: "final_status", slot: slotStatus, prio: 3, conv: convStatus, numeric: true}, ""
		case '<':
			return &fieldSpec{name: "original_status", slot: slotStatus, prio: 1, conv: convStatus, numeric: true}, ""
		}
		return &fieldSpec{name: "status", slot: slotStatus, prio: 2, conv: convStatus, numeric: true}, ""
	case 'b':
		return &fieldSpec{name: "bytes", slot: slotBytes, prio: 3, conv: convInt, numeric: true}, ""
	case 'B':
		return &fieldSpec{name: "body_bytes", slot: slotBytes, prio: 3, conv: convInt, numeric: true}, ""
	case 'O':
		return &fieldSpec{name: "bytes_out", slot: slotBytes, prio: 2, conv: convInt, numeric: true}, ""
	case 'I':
		return &fieldSpec{name: "bytes_in", numeric: true}, ""
	case 'S':
		return &fieldSpec{name: "bytes_total", numeric: true}, ""
	case 'D':
		return &fieldSpec{name: "duration_us", slot: slotReqTime, prio: 3, conv: convDuration, scale: 1e-6, numeric: true}, ""
	case 'T':
		switch arg {
		case "", "s":
			return &fieldSpec{name: "duration_s", slot: slotReqTime, prio: 1, conv: convDuration, scale: 1, numeric: true}, ""
		case "ms":
			return &fieldSpec{name: "duration_ms", slot: slotReqTime, prio: 2, conv: convDuration, scale: 1e-3, numeric: true}, ""
		case "us":
			return &fieldSpec{name: "duration_us", slot: slotReqTime, prio: 3, conv: convDuration, scale: 1e-6, numeric: true}, ""
		}
		return nil, "unknown time unit in"
	case 'i':
		f, msg := named("")
		if f == nil {
			return nil, msg
		}
		switch strings.ToLower(arg) {
		case "referer", "referrer":
			f.slot, f.prio = slotReferer, 1
		case "user-agent":
			f.slot, f.prio = slotUA, 1
		case "host":
			f.slot, f.prio = slotVHost, 1
		case "x-request-id":
			f.slot, f.prio = slotReqID, 1
		case "x-forwarded-for", "x-real-ip", "forwarded":
			f.list = true
		}
		return f, ""
	case 'o':
		return named("out:")
	case 'e':
		return named("env:")
	case 'n':
		return named("note:")
	case 'C':
		return named("cookie:")
	case 'x':
		return named("x:")
	case 'c':
		return named("c:")
	case '^':
		if last == 'i' {
			return named("trailer_in:")
		}
		return named("trailer_out:")
	case 'v':
		return &fieldSpec{name: "server_name", slot: slotVHost, prio: 3}, ""
	case 'V':
		return &fieldSpec{name: "canonical_name", slot: slotVHost, prio: 2}, ""
	case 'p':
		switch arg {
		case "", "canonical":
			return &fieldSpec{name: "port", slot: slotPort, prio: 3, conv: convInt, numeric: true}, ""
		case "local":
			return &fieldSpec{name: "local_port", slot: slotPort, prio: 2, conv: convInt, numeric: true}, ""
		case "remote":
			return &fieldSpec{name: "remote_port", numeric: true}, ""
		}
		return nil, "unknown port kind in"
	case 'P':
		switch arg {
		case "", "pid":
			return &fieldSpec{name: "pid", numeric: true}, ""
		case "tid", "hextid":
			return text("tid"), ""
		}
		return nil, "unknown process id kind in"
	case 'X':
		f := text("conn_status")
		f.fixed = 1 // X, + or -
		return f, ""
	case 'k':
		return &fieldSpec{name: "keepalives", numeric: true}, ""
	case 'L':
		return &fieldSpec{name: "log_id", slot: slotReqID, prio: 2}, ""
	case 'R':
		return text("handler"), ""
	case 'f':
		return text("filename"), ""
	}
	return nil, "unknown directive"
}

// apacheTime maps %t and %{format}t.
func apacheTime(arg string) (*fieldSpec, string) {
	f := &fieldSpec{name: "time", slot: slotTime, prio: 1, conv: convTime}
	for _, p := range [...]string{"begin:", "end:"} {
		if strings.HasPrefix(arg, p) {
			f.tprefix, arg = p, arg[len(p):]
		}
	}
	switch arg {
	case "":
		f.tk = tCLFBrack
	case "sec":
		f.tk, f.layout = tStrftime, &timeLayout{toks: []stoken{{conv: 's'}}}
	case "msec":
		f.tk, f.unit = tEpoch, EpochMillis
	case "usec":
		f.tk, f.unit = tEpoch, EpochMicros
	case "msec_frac":
		f.tk, f.layout = tFrac, &timeLayout{toks: []stoken{{conv: 'f', n: 3}}}
	case "usec_frac":
		f.tk, f.layout = tFrac, &timeLayout{toks: []stoken{{conv: 'f', n: 6}}}
	default:
		l := &timeLayout{}
		if err := compileStrftime(arg, l); err != nil {
			return nil, err.Error() + " in"
		}
		f.tk, f.layout = tStrftime, l
		if l.isCLFLayout() {
			f.tk = tCLF
		}
	}
	return f, ""
}

// mergeApache joins %U%q into one path field and runs of %{…}t directives
// separated only by text into one timestamp.
func mergeApache(items []item) []item {
	out := make([]item, 0, len(items))
	for i := 0; i < len(items); i++ {
		it := items[i]
		if f := it.field; f != nil && f.slot == slotPath && f.name == "path" && i+1 < len(items) {
			if g := items[i+1].field; g != nil && g.name == "query" {
				m := *f
				m.prio, m.text = 2, f.text+g.text
				out = append(out, item{field: &m})
				i++
				continue
			}
		}
		if !timeMergeable(it) {
			out = append(out, it)
			continue
		}
		j := i
		same := func(k int) bool { return timeMergeable(items[k]) && items[k].field.tprefix == it.field.tprefix }
		for {
			switch {
			case j+1 < len(items) && same(j+1):
				j++
				continue
			case j+2 < len(items) && items[j+1].field == nil && same(j+2):
				j += 2
				continue
			}
			break
		}
		strf := false
		for k := i; k <= j; k++ {
			if f := items[k].field; f != nil && f.tk == tStrftime {
				strf = true
			}
		}
		if j == i || !strf {
			out = append(out, it)
			continue
		}
		m := *it.field
		m.layout = &timeLayout{}
		m.tk = tStrftime
		var text strings.Builder
		for k := i; k <= j; k++ {
			if f := items[k].field; f != nil {
				m.layout.toks = append(m.layout.toks, f.layout.toks...)
				text.WriteString(f.text)
			} else {
				m.layout.toks = append(m.layout.toks, stoken{lit: items[k].lit})
				text.WriteString(items[k].lit)
			}
		}
		m.text = text.String()
		if m.layout.isCLFLayout() {
			m.tk = tCLF
		}
		out = append(out, item{field: &m})
		i = j
	}
	return out
}

// timeMergeable reports whether an item is a %{…}t piece that can join a
// neighbour into one timestamp.
func timeMergeable(it item) bool {
	return it.field != nil && it.field.conv == convTime && (it.field.tk == tStrftime || it.field.tk == tFrac)
}
