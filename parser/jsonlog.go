package parser

import (
	"bytes"
	"unicode/utf8"
)

// jsonFieldNames maps the names a mapping may use for the standard fields
// (lowercase, '_' removed) to their slots.
var jsonFieldNames = map[string]slot{
	"client": slotClient, "ident": slotIdent, "user": slotUser, "time": slotTime,
	"method": slotMethod, "path": slotPath, "protocol": slotProtocol, "request": slotRequest,
	"status": slotStatus, "bytes": slotBytes, "referer": slotReferer, "useragent": slotUA,
	"vhost": slotVHost, "port": slotPort, "requesttime": slotReqTime, "upstreamtime": slotUpTime,
	"connection": slotConn, "requestid": slotReqID,
}

// jsonAutoKeys maps common JSON key names (lowercased) to standard fields.
var jsonAutoKeys = map[string]slot{
	"status": slotStatus, "resp_code": slotStatus, "status_code": slotStatus, "response_code": slotStatus,
	"response_status": slotStatus,
	"request":         slotRequest, "request_line": slotRequest,
	"remote_addr": slotClient, "client_ip": slotClient, "ip": slotClient, "remote_ip": slotClient,
	"client": slotClient, "clientip": slotClient, "client_addr": slotClient,
	"time": slotTime, "timestamp": slotTime, "@timestamp": slotTime, "time_local": slotTime,
	"time_iso8601": slotTime, "ts": slotTime, "msec": slotTime, "datetime": slotTime,
	"method": slotMethod, "request_method": slotMethod, "verb": slotMethod,
	"uri": slotPath, "path": slotPath, "request_uri": slotPath, "url": slotPath,
	"protocol": slotProtocol, "server_protocol": slotProtocol, "proto": slotProtocol,
	"body_bytes": slotBytes, "body_bytes_sent": slotBytes, "bytes": slotBytes, "size": slotBytes,
	"bytes_sent": slotBytes, "response_size": slotBytes,
	"referer": slotReferer, "http_referer": slotReferer, "referrer": slotReferer,
	"ua": slotUA, "user_agent": slotUA, "http_user_agent": slotUA, "useragent": slotUA, "user-agent": slotUA,
	"host": slotVHost, "vhost": slotVHost, "server_name": slotVHost, "http_host": slotVHost,
	"port": slotPort, "server_port": slotPort,
	"request_time": slotReqTime, "duration": slotReqTime,
	"upstream_response_time": slotUpTime, "response_time": slotUpTime, "upstream_time": slotUpTime,
	"request_id": slotReqID, "req_id": slotReqID, "requestid": slotReqID,
	"connection":  slotConn,
	"remote_user": slotUser, "user": slotUser,
}

// maxJSONNames bounds the dotted key paths a JSON format remembers, so that
// hostile input cannot grow it without end; keys past it are not kept in
// Extra unless renamed.
const maxJSONNames = 4096

// maxJSONDepth bounds the nesting of objects and arrays.
const maxJSONDepth = 32

// Ranks of who set a slot: explicit mappings beat automatic key names.
const (
	rankAuto     = 1
	rankExplicit = 2
)

// jsonFormat parses JSON Lines access logs.
type jsonFormat struct {
	explicit map[string]slot   // key or dotted path → slot (read-only, shared by clones)
	rename   map[string]string // key or dotted path → Extra name (read-only)
	disabled [numSlots]bool    // slots the mapping turned off
	mapped   [numSlots]bool    // slots with an explicit mapping (no automatic one)

	keys    map[string]keyInfo // decisions per dotted key path, made once
	cur     *keyInfo           // decision for the key being read
	tmp     keyInfo            // a decision not kept in order
	order   []keyInfo          // decisions by position in the previous lines
	seq     int                // position of the key being read
	path    []byte             // dotted path of the current key
	lower   [48]byte           // lowercased leaf key
	scratch []byte             // unescaped strings; never grows during a Parse
	rank    [numSlots]uint8
	clf     CLFTimeCache
	iso     isoCache
}

// NewJSONFormat returns a [Format] for access logs written as one JSON
// object per line, such as nginx `log_format … escape=json '{…}'` or Caddy.
// It scans each line by hand (no encoding/json) and allocates nothing once
// it has seen a line of the same length and the same key names.
//
// Common key names fill the standard fields of [Entry] on their own: status,
// resp_code; request; remote_addr, client_ip, ip, remote_ip; time,
// timestamp, @timestamp, time_local, time_iso8601, ts (ISO 8601, CLF or an
// epoch number in seconds, milliseconds, microseconds or nanoseconds);
// method, request_method; uri, path, request_uri; protocol, server_protocol,
// proto; body_bytes, body_bytes_sent, bytes, size; referer, http_referer;
// ua, user_agent, http_user_agent, User-Agent; host, vhost, server_name;
// port; request_time, duration; upstream_response_time, response_time;
// request_id; connection. Numbers may be written as strings ("200").
//
// mapping overrides these: each entry maps a field name (client, ident,
// user, time, method, path, protocol, request, status, bytes, referer,
// user_agent, vhost, port, request_time, upstream_time, connection,
// request_id; case and '_' do not matter) to the key it comes from, such as
// {"status": "resp_code"}. A key may be a dotted path into nested objects
// ("request.remote_ip"). An empty key turns the field's automatic mapping
// off. An entry whose field name is not one of these renames the key in
// Extra. A field with an explicit mapping is filled from that key only;
// when several keys could fill a field automatically, the first in the line
// wins and the others go to Extra.
//
// Nested objects are walked, their keys named by dotted paths; arrays fill
// a mapped field with their first string or number and otherwise go to
// Extra as raw JSON. Other keys go to Entry.Extra under their (dotted) name
// with their value unquoted; JSON escapes are decoded into a buffer owned by
// the Format, which follows the lifetime rules of [Entry]. A line without a
// status is [ErrFieldCount], unless the mapping turned status off.
func NewJSONFormat(mapping map[string]string) Format {
	j := &jsonFormat{explicit: map[string]slot{}, rename: map[string]string{}, keys: map[string]keyInfo{}}
	for field, key := range mapping {
		norm := make([]byte, 0, len(field))
		for i := 0; i < len(field); i++ {
			c := field[i]
			if c == '_' || c == '-' {
				continue
			}
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			norm = append(norm, c)
		}
		s, ok := jsonFieldNames[string(norm)]
		switch {
		case !ok:
			if key != "" {
				j.rename[key] = field
			}
		case key == "":
			j.disabled[s] = true
		default:
			j.explicit[key] = s
			j.mapped[s] = true
		}
	}
	return j
}

// Name returns "json".
func (j *jsonFormat) Name() string { return "json" }

// Clone returns an independent copy sharing the read-only mapping.
func (j *jsonFormat) Clone() Format {
	return &jsonFormat{explicit: j.explicit, rename: j.rename, disabled: j.disabled, mapped: j.mapped,
		keys: map[string]keyInfo{}}
}

// Parse implements [Format].
func (j *jsonFormat) Parse(line []byte, e *Entry) error {
	e.Reset()
	for n := len(line); n > 0 && (line[n-1] == ' ' || line[n-1] == '\t' || line[n-1] == '\r'); n-- {
		line = line[:n-1]
	}
	if len(line) == 0 {
		return ErrEmpty
	}
	if line[0] != '{' {
		return ErrLiteral
	}
	if cap(j.scratch) < len(line) {
		j.scratch = make([]byte, 0, len(line)+len(line)/4)
	}
	j.scratch = j.scratch[:0]
	j.path = j.path[:0]
	j.rank = [numSlots]uint8{}
	j.seq = 0
	pos, err := j.object(line, 0, e, 0)
	if err != nil {
		return err
	}
	if pos != len(line) {
		return ErrTrailing
	}
	if j.rank[slotStatus] == 0 && !j.disabled[slotStatus] {
		return ErrFieldCount
	}
	return nil
}

// skipWS skips JSON white space.
func skipWS(s []byte, pos int) int {
	for pos < len(s) && s[pos] <= ' ' && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r') {
		pos++
	}
	return pos
}

// object parses the object starting at s[pos] == '{' and returns the
// position after it.
func (j *jsonFormat) object(s []byte, pos int, e *Entry, depth int) (int, error) {
	if depth >= maxJSONDepth {
		return 0, ErrLiteral
	}
	pos = skipWS(s, pos+1)
	if pos < len(s) && s[pos] == '}' {
		return pos + 1, nil
	}
	for {
		if pos >= len(s) {
			return 0, ErrFieldCount
		}
		if s[pos] != '"' {
			return 0, ErrLiteral
		}
		// Lines of one log repeat their keys in the same order: when the
		// key at this place is written as on the line before, skip
		// decoding it and go to its value.
		if k := j.seq; depth == 0 && k < len(j.order) {
			if ki := &j.order[k]; ki.lit != "" && ki.hasKey(s[pos:]) {
				p := skipWS(s, pos+len(ki.lit))
				if p < len(s) && s[p] != '{' {
					j.seq++
					j.cur = ki
					var err error
					if pos, err = j.valueAs(s, p, e, depth); err != nil {
						return 0, err
					}
					if pos, err = j.afterValue(s, pos); err != nil || pos < 0 {
						return -pos - 1, err
					}
					continue
				}
			}
		}
		key, next, err := j.str(s, pos)
		if err != nil {
			return 0, err
		}
		keyEnd := next
		pos = skipWS(s, next)
		if pos >= len(s) {
			return 0, ErrFieldCount
		}
		if s[pos] != ':' {
			return 0, ErrLiteral
		}
		pos = skipWS(s, pos+1)
		plen := len(j.path)
		if plen > 0 {
			j.path = append(j.path, '.')
		}
		j.path = append(j.path, key...)
		k := j.seq
		keyStart := keyEnd - len(key) - 2
		pos, err = j.value(s, pos, key, e, depth)
		j.path = j.path[:plen]
		if err != nil {
			return 0, err
		}
		if depth == 0 && k < len(j.order) && j.order[k].lit == "" && j.order[k].path == string(key) &&
			keyEnd < len(s) && s[keyEnd] == ':' && keyStart >= 0 && s[keyStart] == '"' {
			j.order[k].setLit(s[keyStart : keyEnd+1])
		}
		if pos, err = j.afterValue(s, pos); err != nil || pos < 0 {
			return -pos - 1, err
		}
	}
}

// setLit records the key literal lit (`"name":`) of a top-level key.
func (ki *keyInfo) setLit(lit []byte) {
	ki.lit = string(lit)
	if n := len(lit); n >= 8 && n <= 16 {
		ki.litW = [2]uint64{load64(lit), load64(lit[n-8:])}
	}
}

// hasKey reports whether s starts with the key literal: two overlapping
// 8-byte compares for a literal of 8 to 16 bytes, the common length.
func (ki *keyInfo) hasKey(s []byte) bool {
	n := len(ki.lit)
	if n < 8 || n > 16 {
		return jsonHasKey(s, ki.lit)
	}
	return len(s) >= n && load64(s) == ki.litW[0] && load64(s[n-8:]) == ki.litW[1]
}

// jsonHasKey reports whether s starts with the key literal lit (`"name":`),
// comparing eight bytes at a time.
func jsonHasKey(s []byte, lit string) bool {
	if len(s) < len(lit) {
		return false
	}
	i := 0
	for ; i+8 <= len(lit); i += 8 {
		if load64(s[i:]) != strWord(lit[i:]) {
			return false
		}
	}
	return string(s[i:len(lit)]) == lit[i:]
}

// afterValue reads what follows a member's value: a comma (it returns the
// position of the next key) or the closing brace (it returns -1 minus the
// position after it).
func (j *jsonFormat) afterValue(s []byte, pos int) (int, error) {
	pos = skipWS(s, pos)
	if pos >= len(s) {
		return 0, ErrFieldCount
	}
	switch s[pos] {
	case ',':
		return skipWS(s, pos+1), nil
	case '}':
		return -(pos + 1) - 1, nil
	default:
		return 0, ErrLiteral
	}
}

// target returns the slot the current key maps to and the rank of that
// mapping, or slotExtra.
func (j *jsonFormat) target(key []byte) (slot, uint8) {
	if len(j.explicit) > 0 {
		if s, ok := j.explicit[string(j.path)]; ok {
			return s, rankExplicit
		}
		if s, ok := j.explicit[string(key)]; ok {
			return s, rankExplicit
		}
	}
	if len(key) > len(j.lower) {
		return slotExtra, 0
	}
	for i, c := range key {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		j.lower[i] = c
	}
	if s, ok := jsonAutoKeys[string(j.lower[:len(key)])]; ok && !j.disabled[s] && !j.mapped[s] {
		return s, rankAuto
	}
	return slotExtra, 0
}

// value parses the value at s[pos] for the current key.
func (j *jsonFormat) value(s []byte, pos int, key []byte, e *Entry, depth int) (int, error) {
	if pos >= len(s) {
		return 0, ErrFieldCount
	}
	// Lines of one log repeat their keys in the same order: try the
	// decision made for this position before hashing the path.
	k := j.seq
	j.seq++
	if k < len(j.order) && j.order[k].path == string(j.path) {
		j.cur = &j.order[k]
	} else {
		j.tmp = j.info(key)
		j.cur = &j.tmp
		switch {
		case j.tmp.path == "":
		case k < len(j.order):
			j.order[k] = j.tmp
		case k == len(j.order) && k < maxJSONNames:
			j.order = append(j.order, j.tmp)
		}
	}
	return j.valueAs(s, pos, e, depth)
}

// valueAs parses the value at s[pos] for the key decided in j.cur.
func (j *jsonFormat) valueAs(s []byte, pos int, e *Entry, depth int) (int, error) {
	sl, rank := j.cur.slot, j.cur.rank
	var v []byte
	next := pos
	switch c := s[pos]; {
	case c == '{':
		return j.object(s, pos, e, depth+1)
	case c == '[':
		end, err := skipValue(s, pos, depth+1)
		if err != nil {
			return 0, err
		}
		if sl != slotExtra {
			// a mapped field takes the array's first scalar
			p := skipWS(s, pos+1)
			if p < end && s[p] == '"' {
				v, _, err = j.str(s, p)
				if err != nil {
					return 0, err
				}
				return end, j.assign(sl, rank, v, s[pos:end], e)
			}
			if p < end && (s[p] == '-' || (s[p] >= '0' && s[p] <= '9')) {
				q := p
				for q < end && isNumByte(s[q]) {
					q++
				}
				return end, j.assign(sl, rank, s[p:q], s[pos:end], e)
			}
		}
		j.extra(s[pos:end], e)
		return end, nil
	case c == '"':
		var err error
		v, next, err = j.str(s, pos)
		if err != nil {
			return 0, err
		}
	case c == 't' || c == 'f' || c == 'n':
		lit := "null"
		if c == 't' {
			lit = "true"
		} else if c == 'f' {
			lit = "false"
		}
		if !bytes.HasPrefix(s[pos:], []byte(lit)) {
			return 0, ErrLiteral
		}
		next = pos + len(lit)
		if c == 'n' {
			if sl == slotExtra {
				j.extra(nil, e)
			}
			return next, nil
		}
		v = s[pos:next]
	default:
		for next < len(s) && isNumByte(s[next]) {
			next++
		}
		if next == pos {
			return 0, ErrLiteral
		}
		v = s[pos:next]
	}
	if sl == slotExtra {
		j.extra(v, e)
		return next, nil
	}
	return next, j.assign(sl, rank, v, v, e)
}

// isNumByte reports whether c can be part of a JSON number.
func isNumByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// keyInfo is what a JSON format decided for one dotted key path.
type keyInfo struct {
	slot slot
	rank uint8
	name string // name in Extra; "" drops the value from Extra
	path string // the dotted key path; "" when not cached
	// lit is the key as it was written at the top level, quotes and colon
	// included (`"status":`), when it had no escape and no space before
	// the colon: the next line is checked against it byte for byte.
	lit string
	// litW holds lit's first and last eight bytes when it has 8 to 16.
	litW [2]uint64
}

// info returns the decision for the current key path, making and caching it
// the first time the path is seen.
func (j *jsonFormat) info(key []byte) keyInfo {
	if ki, ok := j.keys[string(j.path)]; ok {
		return ki
	}
	var ki keyInfo
	ki.slot, ki.rank = j.target(key)
	ki.name = j.rename[string(j.path)]
	if len(j.keys) >= maxJSONNames {
		return ki
	}
	p := string(j.path)
	if ki.name == "" {
		ki.name = p
	}
	ki.path = p
	j.keys[p] = ki
	return ki
}

// extra appends the current key to Extra, named by its dotted path.
func (j *jsonFormat) extra(v []byte, e *Entry) {
	if j.cur.name != "" {
		e.Extra = append(e.Extra, Field{Name: j.cur.name, Value: v})
	}
}

// assign stores v in slot sl unless a stronger or earlier key already did.
// A value an automatic mapping cannot read goes to Extra (raw is what Extra
// gets); an explicit one is an error.
func (j *jsonFormat) assign(sl slot, rank uint8, v []byte, raw []byte, e *Entry) error {
	if j.rank[sl] >= rank {
		j.extra(raw, e)
		return nil
	}
	err := j.set(sl, v, e)
	if err != nil {
		if rank == rankExplicit || sl == slotStatus {
			return err
		}
		j.extra(raw, e)
		return nil
	}
	j.rank[sl] = rank
	return nil
}

// set converts v for slot sl and writes it to e.
func (j *jsonFormat) set(sl slot, v []byte, e *Entry) error {
	switch sl {
	case slotStatus, slotBytes, slotPort, slotConn:
		return setNumber(sl, v, e)
	case slotReqTime:
		d, ok := parseJSONFloat(v)
		if !ok {
			return ErrBadNumber
		}
		e.RequestTime = d
	case slotUpTime:
		d, ok := sumDurations(v)
		if !ok {
			return ErrBadNumber
		}
		e.UpstreamTime = d
	case slotTime:
		return j.setTime(v, e)
	case slotRequest:
		setRequest(v, e) // an empty request line stays empty, not absent
	default:
		setText(sl, v, e)
	}
	return nil
}

// setTime reads an ISO 8601 or CLF timestamp or an epoch number.
func (j *jsonFormat) setTime(v []byte, e *Entry) error {
	if len(v) >= 2 && v[0] == '[' && v[len(v)-1] == ']' {
		v = v[1 : len(v)-1]
	}
	if ns, off, hz, n, ok := j.iso.parse(v); ok && n == len(v) {
		e.Time, e.Offset, e.HasTime, e.HasZone = ns, off, true, hz
		return nil
	}
	if ns, off, hz, n, ok := j.clf.Parse(v); ok && n == len(v) {
		e.Time, e.Offset, e.HasTime, e.HasZone = ns, off, true, hz
		return nil
	}
	digits := 0
	for digits < len(v) && v[digits] >= '0' && v[digits] <= '9' {
		digits++
	}
	unit := int64(EpochSeconds)
	switch {
	case digits > 17:
		unit = EpochNanos
	case digits > 14:
		unit = EpochMicros
	case digits > 11:
		unit = EpochMillis
	}
	ns, ok := ParseEpochTime(v, unit)
	if !ok {
		return ErrBadTime
	}
	e.Time, e.Offset, e.HasTime, e.HasZone = ns, 0, true, true
	return nil
}

// str reads the JSON string at s[pos] == '"'. Without escapes the result is
// a sub-slice of s; with escapes it is decoded into j.scratch, whose
// capacity Parse made at least len(s) so that it never moves.
func (j *jsonFormat) str(s []byte, pos int) (v []byte, next int, err error) {
	start := pos + 1
	// Keys and most values are short: look for the closing quote (or an
	// escape) eight bytes at a time over the first 32, which costs less
	// than two vectorised searches' setup; longer strings go on with
	// bytes.IndexByte.
	end := min(len(s), start+32)
	i := start
	for ; i+8 <= end; i += 8 {
		w := load64(s[i:])
		// The lowest flagged byte of either test is a true match: a false
		// flag can only follow a true one.
		if m := zeroBytes(w^repeat8('"')) | zeroBytes(w^repeat8('\\')); m != 0 {
			k := i + firstFlagged(m)
			if s[k] == '"' {
				return s[start:k], k + 1, nil
			}
			return j.unescape(s, start)
		}
	}
	for ; i < end; i++ {
		switch s[i] {
		case '"':
			return s[start:i], i + 1, nil
		case '\\':
			return j.unescape(s, start)
		}
	}
	q := bytes.IndexByte(s[end:], '"')
	if q < 0 {
		return nil, 0, ErrBadQuote
	}
	q += end - start
	if bytes.IndexByte(s[end:start+q], '\\') < 0 {
		return s[start : start+q], start + q + 1, nil
	}
	return j.unescape(s, start)
}

// unescape decodes the string whose content starts at s[start] and holds
// an escape, into j.scratch.
func (j *jsonFormat) unescape(s []byte, start int) (v []byte, next int, err error) {
	out := len(j.scratch)
	for i := start; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			return j.scratch[out:len(j.scratch):len(j.scratch)], i + 1, nil
		case '\\':
			i++
			if i >= len(s) {
				return nil, 0, ErrBadQuote
			}
			switch s[i] {
			case '"', '\\', '/':
				j.scratch = append(j.scratch, s[i])
			case 'b':
				j.scratch = append(j.scratch, '\b')
			case 'f':
				j.scratch = append(j.scratch, '\f')
			case 'n':
				j.scratch = append(j.scratch, '\n')
			case 'r':
				j.scratch = append(j.scratch, '\r')
			case 't':
				j.scratch = append(j.scratch, '\t')
			case 'u':
				r, n, ok := unicodeEscape(s[i+1:])
				if !ok {
					return nil, 0, ErrLiteral
				}
				j.scratch = utf8.AppendRune(j.scratch, r)
				i += n
			default:
				return nil, 0, ErrLiteral
			}
		default:
			j.scratch = append(j.scratch, c)
		}
	}
	return nil, 0, ErrBadQuote
}

// unicodeEscape reads the XXXX of \uXXXX (and a following low surrogate
// \uXXXX when the first is a high one) and returns the rune and the bytes
// used after the 'u'.
func unicodeEscape(b []byte) (rune, int, bool) {
	r, ok := hex4(b)
	if !ok {
		return 0, 0, false
	}
	if r >= 0xD800 && r < 0xDC00 && len(b) >= 10 && b[4] == '\\' && b[5] == 'u' {
		if r2, ok := hex4(b[6:]); ok && r2 >= 0xDC00 && r2 < 0xE000 {
			return (r-0xD800)<<10 | (r2 - 0xDC00) + 0x10000, 10, true
		}
	}
	if r >= 0xD800 && r < 0xE000 {
		r = utf8.RuneError
	}
	return r, 4, true
}

// hex4 reads four hex digits.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			c = c | 0x20 - 'a' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// skipValue returns the position after the JSON value at s[pos].
func skipValue(s []byte, pos, depth int) (int, error) {
	if depth >= maxJSONDepth {
		return 0, ErrLiteral
	}
	if pos >= len(s) {
		return 0, ErrFieldCount
	}
	switch s[pos] {
	case '"':
		for i := pos + 1; i < len(s); i++ {
			switch s[i] {
			case '\\':
				i++
			case '"':
				return i + 1, nil
			}
		}
		return 0, ErrBadQuote
	case '{', '[':
		closer := byte('}')
		if s[pos] == '[' {
			closer = ']'
		}
		pos = skipWS(s, pos+1)
		if pos < len(s) && s[pos] == closer {
			return pos + 1, nil
		}
		for {
			if closer == '}' {
				if pos >= len(s) || s[pos] != '"' {
					return 0, ErrLiteral
				}
				end, err := skipValue(s, pos, depth+1)
				if err != nil {
					return 0, err
				}
				pos = skipWS(s, end)
				if pos >= len(s) || s[pos] != ':' {
					return 0, ErrLiteral
				}
				pos = skipWS(s, pos+1)
			}
			end, err := skipValue(s, pos, depth+1)
			if err != nil {
				return 0, err
			}
			pos = skipWS(s, end)
			if pos >= len(s) {
				return 0, ErrFieldCount
			}
			switch s[pos] {
			case ',':
				pos = skipWS(s, pos+1)
			case closer:
				return pos + 1, nil
			default:
				return 0, ErrLiteral
			}
		}
	case 't', 'f', 'n':
		for _, lit := range [...]string{"true", "false", "null"} {
			if bytes.HasPrefix(s[pos:], []byte(lit)) {
				return pos + len(lit), nil
			}
		}
		return 0, ErrLiteral
	}
	end := pos
	for end < len(s) && isNumByte(s[end]) {
		end++
	}
	if end == pos {
		return 0, ErrLiteral
	}
	return end, nil
}
