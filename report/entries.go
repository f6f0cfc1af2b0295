package report

import (
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/logscan/logscan/parser"
)

// AppendEntryJSON appends e as one JSON object and a newline (JSON Lines), in
// the field names of docs/json.md: client, ident, user, time, method, path,
// protocol, request, status, bytes, referer, user_agent are always present
// (null when absent or "-" in the log); vhost, port, request_id, connection,
// request_time, upstream_time and extra fields appear when the entry has them.
func AppendEntryJSON(b []byte, e *parser.Entry) []byte {
	b = append(b, '{')
	b = appendField(b, "client", e.Client, true)
	b = appendField(b, "ident", e.Ident, false)
	b = appendField(b, "user", e.User, false)
	b = append(b, `,"time":`...)
	if e.HasTime {
		b = append(b, '"')
		b = e.Timestamp().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = appendField(b, "method", e.Method, false)
	b = appendField(b, "path", e.Path, false)
	b = appendField(b, "protocol", e.Protocol, false)
	b = appendField(b, "request", e.Request, false)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(e.Status), 10)
	b = append(b, `,"bytes":`...)
	if e.Bytes >= 0 {
		b = strconv.AppendInt(b, e.Bytes, 10)
	} else {
		b = append(b, "null"...)
	}
	b = appendField(b, "referer", e.Referer, false)
	b = appendField(b, "user_agent", e.UserAgent, false)
	if e.VHost != nil {
		b = appendField(b, "vhost", e.VHost, false)
	}
	if e.Port >= 0 {
		b = append(b, `,"port":`...)
		b = strconv.AppendInt(b, int64(e.Port), 10)
	}
	if e.RequestID != nil {
		b = appendField(b, "request_id", e.RequestID, false)
	}
	if e.Connection >= 0 {
		b = append(b, `,"connection":`...)
		b = strconv.AppendInt(b, e.Connection, 10)
	}
	if e.RequestTime >= 0 {
		b = append(b, `,"request_time":`...)
		b = strconv.AppendFloat(b, e.RequestTime, 'f', -1, 64)
	}
	if e.UpstreamTime >= 0 {
		b = append(b, `,"upstream_time":`...)
		b = strconv.AppendFloat(b, e.UpstreamTime, 'f', -1, 64)
	}
	for _, f := range e.Extra {
		b = appendField(b, f.Name, f.Value, false)
	}
	if e.Truncated {
		b = append(b, `,"truncated":true`...)
	}
	return append(b, '}', '\n')
}

func appendField(b []byte, name string, v []byte, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = AppendJSONString(b, name)
	b = append(b, ':')
	if v == nil {
		return append(b, "null"...)
	}
	return AppendJSONString(b, string(v))
}

// AppendJSONString appends s as a JSON string. Control characters (C0,
// DEL, C1), format characters (Unicode category Cf: zero-width, bidi, BOM,
// ...) and U+2028 and U+2029 are written as \u escapes (a surrogate pair
// above U+FFFF), " and \ as \" and \\, and <, > and & as \u escapes too
// (as encoding/json does), so the string is safe to print on a terminal and
// decodes back to s; each byte of invalid UTF-8 becomes U+FFFD.
func AppendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x7f:
				b = append(b, '\\', 'u', '0', '0', hexdigits[c>>4], hexdigits[c&0xf])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b = append(b, `\ufffd`...)
		case unsafeRune(r):
			b = appendJSONRune(b, r)
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return append(b, '"')
}

// AppendErrorEntryJSON appends an error-log entry as one JSON object and a
// newline, with the field names of docs/json.md: time (RFC 3339 in loc, the
// zone the caller chose for these zone-less timestamps), level, module, pid,
// tid, client, client_port, errno (text and number), code, message,
// referer; for nginx also connection, action, server, request, upstream,
// host. Absent values are null.
func AppendErrorEntryJSON(b []byte, e *parser.ErrorEntry, loc *time.Location) []byte {
	b = append(b, `{"time":`...)
	if e.HasTime {
		b = append(b, '"')
		b = e.Timestamp(loc).AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	} else {
		b = append(b, "null"...)
	}
	b = appendField(b, "level", nonEmpty(e.Level), false)
	b = appendField(b, "module", nonEmpty(e.Module), false)
	b = appendInt(b, "pid", e.PID)
	b = appendInt(b, "tid", e.TID)
	b = appendField(b, "client", e.Client, false)
	b = appendInt(b, "client_port", int64(e.ClientPort))
	b = append(b, `,"errno":`...)
	if e.Errno != nil {
		b = append(b, `{"text":`...)
		b = AppendJSONString(b, string(e.Errno))
		b = append(b, `,"number":`...)
		if e.ErrnoNum >= 0 {
			b = strconv.AppendInt(b, int64(e.ErrnoNum), 10)
		} else {
			b = append(b, "null"...)
		}
		b = append(b, '}')
	} else {
		b = append(b, "null"...)
	}
	b = appendField(b, "code", e.Code, false)
	b = appendField(b, "message", e.Message, false)
	b = appendField(b, "referer", e.Referer, false)
	if e.Connection >= 0 || e.Request != nil || e.Server != nil || e.Upstream != nil || e.Host != nil || e.Action != nil {
		b = appendInt(b, "connection", e.Connection)
		b = appendField(b, "action", e.Action, false)
		b = appendField(b, "server", nonEmpty(e.Server), false)
		b = appendField(b, "request", e.Request, false)
		b = appendField(b, "upstream", e.Upstream, false)
		b = appendField(b, "host", e.Host, false)
	}
	return append(b, '}', '\n')
}

func nonEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// appendInt appends a numeric field, null when negative (absent).
func appendInt(b []byte, name string, v int64) []byte {
	b = append(b, ',')
	b = AppendJSONString(b, name)
	b = append(b, ':')
	if v < 0 {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, v, 10)
}
