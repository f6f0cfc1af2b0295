package parser

import (
	"sync"
	"time"
)

// Entry is one parsed access-log record.
//
// The byte-slice fields are sub-slices of the line given to [Format.Parse] (or
// of a scratch buffer owned by the format) and are valid only until the next
// call to Parse with the same Entry or Format; copy them to keep them. A nil
// slice means the field is absent from the format or was logged as "-".
// Numeric fields that are absent hold -1 (Bytes, Port, RequestTime,
// UpstreamTime, Connection) or 0 (Status is never absent in a parsed entry).
type Entry struct {
	Client    []byte // remote address or host name (%h, $remote_addr)
	Ident     []byte // identd name (%l)
	User      []byte // authenticated user (%u, $remote_user)
	Method    []byte // request method, from the request line or its own field
	Path      []byte // request target including the query string
	Protocol  []byte // e.g. HTTP/1.1
	Request   []byte // the request line as logged (escapes kept)
	Referer   []byte
	UserAgent []byte
	VHost     []byte // virtual host (%v, $host, $server_name)
	RequestID []byte // Apache %L or nginx $request_id

	// Time is the request time in Unix nanoseconds; valid when HasTime.
	Time int64
	// Offset is the UTC offset in seconds written in the log (0 when the
	// timestamp carried none; then HasZone is false).
	Offset  int32
	HasTime bool
	HasZone bool
	// Truncated reports that the last quoted field ran to the end of the
	// line without its closing quote: the entry was read, with a warning.
	Truncated bool
	// Torn, when positive, is the length of a record cut short at the start
	// of the line, before the whole record the entry holds (a crash or a
	// full disk mid-write, then the next record): see [Fallback].
	Torn int

	Status       int     // HTTP status, 100–599
	Bytes        int64   // response size in bytes, -1 when absent
	Port         int     // server port (%p), -1 when absent
	RequestTime  float64 // seconds to serve the request, -1 when absent
	UpstreamTime float64 // seconds spent on upstreams (sum of attempts), -1 when absent
	Connection   int64   // nginx $connection serial, -1 when absent

	// Extra holds fields captured by custom formats under their own names.
	// Its backing array is reused across calls.
	Extra []Field
}

// Field is a named value captured by a custom format that has no place among
// the standard fields of [Entry]. Value follows the lifetime rules of Entry.
type Field struct {
	Name  string
	Value []byte
}

// Reset clears e for reuse, keeping the backing array of Extra. (Clearing
// e and then setting the five absent numbers is a run of stores; a
// composite literal with them is built on the stack and copied twice.)
func (e *Entry) Reset() {
	extra := e.Extra[:0]
	*e = Entry{}
	e.Bytes, e.Port, e.RequestTime, e.UpstreamTime, e.Connection = -1, -1, -1, -1, -1
	e.Extra = extra
}

// Timestamp returns the entry's time in the zone it was logged in, or the zero
// time when the entry has none.
func (e *Entry) Timestamp() time.Time {
	if !e.HasTime {
		return time.Time{}
	}
	t := time.Unix(0, e.Time)
	if !e.HasZone {
		return t.UTC()
	}
	return t.In(FixedZone(int(e.Offset)))
}

var zones sync.Map // int offset → *time.Location

// FixedZone returns a cached location for a UTC offset in seconds, named like
// "+0200", so that converting many timestamps does not allocate a location
// each time.
func FixedZone(offset int) *time.Location {
	if l, ok := zones.Load(offset); ok {
		return l.(*time.Location)
	}
	if offset == 0 {
		zones.Store(offset, time.UTC)
		return time.UTC
	}
	sign := byte('+')
	o := offset
	if o < 0 {
		sign, o = '-', -o
	}
	h, m := o/3600, (o%3600)/60
	name := string([]byte{sign, byte('0' + h/10), byte('0' + h%10), byte('0' + m/10), byte('0' + m%10)})
	l := time.FixedZone(name, offset)
	zones.Store(offset, l)
	return l
}
