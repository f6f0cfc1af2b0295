package analyze

import (
	"errors"
	"fmt"
	"strconv"
)

// Class is the class of an HTTP status code: the hundreds digit, 1 to 5.
// The zero value, [ClassUnknown], stands for a code outside 100–599.
//
// Class implements [encoding.TextMarshaler] and [encoding.TextUnmarshaler]
// with the names of [Class.String] ("1xx" … "5xx", "unknown"), so it can be a
// JSON value or a command-line flag.
type Class uint8

// The status classes.
const (
	ClassUnknown       Class = iota // not a status code in 100–599
	ClassInformational              // 1xx
	ClassSuccess                    // 2xx
	ClassRedirection                // 3xx
	ClassClientError                // 4xx
	ClassServerError                // 5xx
)

// ErrBadClass is returned, wrapped, by [Class.UnmarshalText] and
// [Class.MarshalText] for a name or value that is not a status class.
var ErrBadClass = errors.New("not a status class")

// ClassOf returns the class of a status code, or [ClassUnknown] when code is
// outside 100–599.
func ClassOf(code int) Class {
	if code < 100 || code > 599 {
		return ClassUnknown
	}
	return Class(code / 100)
}

// String returns "1xx" to "5xx", "unknown" for [ClassUnknown], and
// "Class(N)" for a value that is not a class.
func (c Class) String() string {
	if c <= ClassServerError {
		return classNames[c]
	}
	return "Class(" + strconv.Itoa(int(c)) + ")"
}

var classNames = [...]string{"unknown", "1xx", "2xx", "3xx", "4xx", "5xx"}

// MarshalText implements [encoding.TextMarshaler] by returning the name
// [Class.String] gives. It fails for a value that is not a class.
func (c Class) MarshalText() ([]byte, error) {
	if c > ClassServerError {
		return nil, fmt.Errorf("class %d: %w", uint8(c), ErrBadClass)
	}
	return []byte(c.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler]. It accepts the names
// [Class.MarshalText] produces, ignoring case: "1xx" to "5xx" and "unknown".
func (c *Class) UnmarshalText(data []byte) error {
	if len(data) == 3 && data[0] >= '1' && data[0] <= '5' &&
		(data[1] == 'x' || data[1] == 'X') && (data[2] == 'x' || data[2] == 'X') {
		*c = Class(data[0] - '0')
		return nil
	}
	if len(data) == len("unknown") && equalFoldASCII(data, "unknown") {
		*c = ClassUnknown
		return nil
	}
	return fmt.Errorf("class %q: %w", truncate(data, 64), ErrBadClass)
}

// equalFoldASCII reports whether b equals the lowercase ASCII string s,
// ignoring the case of b.
func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		c := b[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != s[i] {
			return false
		}
	}
	return true
}

// truncate cuts b to at most n bytes for quoting in an error message.
func truncate(b []byte, n int) []byte {
	if len(b) > n {
		return b[:n]
	}
	return b
}

// Meaning returns the reason phrase of a status code: the name in the IANA
// HTTP Status Code Registry (RFC 9110 wording, so 413 is "Content Too Large"),
// "I'm a teapot" for 418, nginx's own names for its special codes 444 and
// 494–499, and "Unknown" for anything else.
func Meaning(code int) string {
	if s, ok := meanings[code]; ok {
		return s
	}
	return "Unknown"
}

// meanings holds the permanent IANA registrations (as of 2025) and nginx's
// special codes from src/http/ngx_http_request.h.
var meanings = map[int]string{
	100: "Continue",
	101: "Switching Protocols",
	102: "Processing",
	103: "Early Hints",

	200: "OK",
	201: "Created",
	202: "Accepted",
	203: "Non-Authoritative Information",
	204: "No Content",
	205: "Reset Content",
	206: "Partial Content",
	207: "Multi-Status",
	208: "Already Reported",
	226: "IM Used",

	300: "Multiple Choices",
	301: "Moved Permanently",
	302: "Found",
	303: "See Other",
	304: "Not Modified",
	305: "Use Proxy",
	306: "(Unused)",
	307: "Temporary Redirect",
	308: "Permanent Redirect",

	400: "Bad Request",
	401: "Unauthorized",
	402: "Payment Required",
	403: "Forbidden",
	404: "Not Found",
	405: "Method Not Allowed",
	406: "Not Acceptable",
	407: "Proxy Authentication Required",
	408: "Request Timeout",
	409: "Conflict",
	410: "Gone",
	411: "Length Required",
	412: "Precondition Failed",
	413: "Content Too Large",
	414: "URI Too Long",
	415: "Unsupported Media Type",
	416: "Range Not Satisfiable",
	417: "Expectation Failed",
	418: "I'm a teapot",
	421: "Misdirected Request",
	422: "Unprocessable Content",
	423: "Locked",
	424: "Failed Dependency",
	425: "Too Early",
	426: "Upgrade Required",
	428: "Precondition Required",
	429: "Too Many Requests",
	431: "Request Header Fields Too Large",
	444: "Connection Closed Without Response",
	451: "Unavailable For Legal Reasons",
	494: "Request Header Too Large",
	495: "SSL Certificate Error",
	496: "SSL Certificate Required",
	497: "HTTP Request Sent to HTTPS Port",
	499: "Client Closed Request",

	500: "Internal Server Error",
	501: "Not Implemented",
	502: "Bad Gateway",
	503: "Service Unavailable",
	504: "Gateway Timeout",
	505: "HTTP Version Not Supported",
	506: "Variant Also Negotiates",
	507: "Insufficient Storage",
	508: "Loop Detected",
	510: "Not Extended",
	511: "Network Authentication Required",
}
