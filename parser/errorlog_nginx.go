package parser

import (
	"bytes"
)

// NameNginxError names the nginx error-log layout:
//
//	yyyy/mm/dd hh:mm:ss [level] pid#tid: [*N ]message[ (errno: text)][ while action][, client: X][, server: Y][, request: "..."][, subrequest: "..."][, upstream: "..."][, host: "..."][, referrer: "..."]
//
// The tail is read from the right, so a raw request line or referrer that
// holds the separators does not shift the other fields; a parenthesis at
// the end of the message is an errno only as "(N: text)", so " (SSL: ...)"
// stays in the message. The tails of the stream and mail modules
// (", bytes from/to client:...", ", login: ...") are not parsed and stay
// in the message.
const NameNginxError = "nginx-error"

// nginxErrorFormat is the hand-written parser of the nginx error log:
//
//	YYYY/MM/DD HH:MM:SS [level] pid#tid: [*N ]message[ (errno: text)][ while action][, client: X][, server: Y][, request: "..."][, subrequest: "..."][, upstream: "..."][, host: "..."][, referrer: "..."]
//
// The tail is parsed from the right, because the request line and the
// referrer are logged raw and may hold any text, including the separators.
// A message that ends in " (SSL: ...)" or any other parenthesis without a
// leading number keeps it: only "(N: text)" is an errno. A syslog or journal
// prefix ("host nginx[983478]: ") before the entry is skipped.
type nginxErrorFormat struct {
	iso dateTimeCache
}

// Name implements [ErrorFormat].
func (f *nginxErrorFormat) Name() string { return NameNginxError }

// Clone implements [ErrorFormat].
func (f *nginxErrorFormat) Clone() ErrorFormat { return &nginxErrorFormat{} }

// Parse implements [ErrorFormat].
func (f *nginxErrorFormat) Parse(line []byte, e *ErrorEntry) error {
	line, err := startErrorLine(line, e)
	if err == nil {
		if err = f.parse(line, 0, e); err == ErrNotErrorLine {
			err = retrySyslog(line, e, err, func(p int) error { return f.parse(line, p, e) })
		}
	}
	return err
}

// refold implements elRefolder: nginx writes its tail after the last line of
// a multi-line message.
func (f *nginxErrorFormat) refold(e *ErrorEntry, body []byte) {
	e.body = body
	elNginxClearBody(e)
	elNginxBody(body, e)
}

// elNginxClearBody clears the fields elNginxBody sets.
func elNginxClearBody(e *ErrorEntry) {
	e.Message, e.Errno, e.ErrnoNum, e.Action = nil, nil, -1, nil
	e.Client, e.Server, e.Request, e.Subrequest, e.Upstream, e.Host, e.Referer = nil, nil, nil, nil, nil, nil, nil
}

// parse parses the nginx entry at line[p:].
func (f *nginxErrorFormat) parse(line []byte, p int, e *ErrorEntry) error {
	b := line[p:]
	if len(b) < 11 || leadingDigits(b[:4]) != 4 || b[4] != '/' {
		return ErrNotErrorLine
	}
	t, n, ok := f.iso.parse(b, '/', false)
	if !ok || n >= len(b) || b[n] != ' ' {
		return elFail(e, p, ErrBadTime)
	}
	e.Time, e.HasTime = t, true
	p += n + 1
	if p >= len(line) || line[p] != '[' {
		return elFail(e, p, ErrFieldCount)
	}
	end := bytes.IndexByte(line[p:], ']')
	if end < 0 || !elLevel(line[p+1:p+end], false) {
		return elFail(e, p+1, ErrLiteral)
	}
	e.Level = line[p+1 : p+end]
	p += end + 1
	if p >= len(line) || line[p] != ' ' {
		return elFail(e, p, ErrFieldCount)
	}
	p++
	pid, d := leadingNumber(line[p:])
	if d == 0 || d > 18 || p+d >= len(line) || line[p+d] != '#' {
		return elFail(e, p, ErrBadNumber)
	}
	e.PID = pid
	p += d + 1
	tid, d := leadingNumber(line[p:])
	if d == 0 || d > 18 || p+d >= len(line) || line[p+d] != ':' {
		return elFail(e, p, ErrBadNumber)
	}
	e.TID = tid
	p += d + 1
	if p < len(line) {
		if line[p] != ' ' {
			return elFail(e, p, ErrLiteral)
		}
		p++
	}
	if p < len(line) && line[p] == '*' {
		// nginx always writes "*N " before a message: "*N" alone at the end
		// of a line is message text.
		if c, d := leadingNumber(line[p+1:]); d > 0 && d <= 18 && p+1+d < len(line) && line[p+1+d] == ' ' {
			e.Connection = c
			p += 2 + d
		}
	}
	e.body = line[p:]
	elNginxBody(line[p:], e)
	return nil
}

var (
	elNgxReferrer   = []byte(`, referrer: "`)
	elNgxHost       = []byte(`, host: "`)
	elNgxUpstream   = []byte(`, upstream: "`)
	elNgxSubrequest = []byte(`, subrequest: "`)
	elNgxRequest    = []byte(`, request: "`)
	// elNgxAfterRequest are the keys that may follow the request, in the
	// order elNginxBody takes them off the end: host, upstream, subrequest.
	elNgxAfterRequest = [3][]byte{elNgxHost, elNgxUpstream, elNgxSubrequest}
	elNgxServer       = []byte(`, server: `)
	elNgxClient       = []byte(`, client: `)
	elNgxWhile        = []byte(` while `)
)

// elLastIndex is bytes.LastIndex for the short keys of the nginx tail: it
// walks back over the occurrences of one byte of sep (sep[anchor], chosen
// rare: the comma of ", key: ", the "w" of " while ") and compares the rest
// there. bytes.LastIndex hashes every byte it passes, which made it most of
// the time of parsing an entry.
func elLastIndex(s, sep []byte, anchor int) int {
	c := sep[anchor]
	for k := len(s) - len(sep) + anchor + 1; k > anchor; {
		j := lastIndexByte(s[:k], c)
		if j < anchor {
			return -1
		}
		if i := j - anchor; equalAt(s, i, sep) {
			return i
		}
		k = j
	}
	return -1
}

// elNginxBody parses the message, errno, action and tail of an nginx entry
// from the right, setting the body fields of e, which must be clear (as
// Reset or elNginxClearBody leave them).
func elNginxBody(b []byte, e *ErrorEntry) {
	rem := b
	var v []byte
	var ok bool
	// q is the opening quote of the quoted value that ends rem (see
	// elOpenQuote); the strict keys need no other search.
	q := elOpenQuote(rem)
	switch {
	case q >= 0 && equalAt(rem, q+1-len(elNgxReferrer), elNgxReferrer):
		e.Referer, rem = rem[q+1:len(rem)-1], rem[:q+1-len(elNgxReferrer)]
		q = elOpenQuote(rem)
	case q == -1 || q >= 0 && !elStrictKeyAt(rem, q):
		// A raw referrer may hold quotes; it is the only such value last.
		if v, rem, ok = elTailQuoted(rem, elNgxReferrer); ok {
			e.Referer = v
			q = elOpenQuote(rem)
		}
	}
	// The strict keys that may follow the request, last first.
	for k, key := range elNgxAfterRequest {
		if q < 0 || !equalAt(rem, q+1-len(key), key) {
			continue
		}
		v := rem[q+1 : len(rem)-1]
		switch k {
		case 0:
			e.Host = v
		case 1:
			e.Upstream = v
		default:
			e.Subrequest = v
		}
		rem = rem[:q+1-len(key)]
		q = elOpenQuote(rem)
	}
	// The request is raw, but no key ends after q, the last quote before
	// the closing one: when one ends at q it is the last.
	if q >= 0 && equalAt(rem, q+1-len(elNgxRequest), elNgxRequest) {
		e.Request, rem = rem[q+1:len(rem)-1], rem[:q+1-len(elNgxRequest)]
	} else if v, rem, ok = elTailQuoted(rem, elNgxRequest); ok {
		e.Request = v
	}
	if v, rem, ok = elTailPlain(rem, elNgxServer); ok {
		e.Server = v
	}
	if v, rem, ok = elTailPlain(rem, elNgxClient); ok {
		e.Client = v
	}
	// An action runs to the end and holds only elActionByte bytes, so a
	// " while " that ends before the last other byte cannot start one: the
	// last " while " is looked for only after that byte.
	lo := max(0, elActionStart(rem)-len(elNgxWhile))
	if i := elLastIndex(rem[lo:], elNgxWhile, 1); i >= 0 && elAction(rem[lo+i+len(elNgxWhile):]) {
		e.Action = rem[lo+i+len(elNgxWhile):]
		rem = rem[:lo+i]
	}
	rem = elNginxErrno(rem, e)
	e.Message = rem
}

// elTailQuoted cuts `, key: "value"` from the end of b, the key searched
// from the right: the value (a raw request line or referrer) may hold
// quotes. The keys whose values cannot are cut by elNginxBody from the
// last quoted value directly.
func elTailQuoted(b, key []byte) (val, rest []byte, ok bool) {
	n := len(b)
	if n < len(key)+1 || b[n-1] != '"' {
		return nil, b, false
	}
	i := elLastIndex(b[:n-1], key, 0)
	if i < 0 {
		return nil, b, false
	}
	return b[i+len(key) : n-1], b[:i], true
}

// elOpenQuote returns the index of the last quote in b before its last
// byte when that byte is a quote, -1 when it is a quote but no other
// precedes it, and -2 when b does not end with a quote.
func elOpenQuote(b []byte) int {
	n := len(b)
	if n == 0 || b[n-1] != '"' {
		return -2
	}
	return lastIndexByte(b[:n-1], '"')
}

// elStrictKeyAt reports whether the key of a tail value other than
// referrer ends at b[q], the opening quote of the value that ends b.
func elStrictKeyAt(b []byte, q int) bool {
	head := b[:q+1]
	return equalAt(head, len(head)-len(elNgxHost), elNgxHost) || equalAt(head, len(head)-len(elNgxUpstream), elNgxUpstream) ||
		equalAt(head, len(head)-len(elNgxSubrequest), elNgxSubrequest) || equalAt(head, len(head)-len(elNgxRequest), elNgxRequest)
}

// elTailPlain cuts `, key: value` from the end of b; the value (possibly
// empty) may not hold a space, comma or quote.
func elTailPlain(b, key []byte) (val, rest []byte, ok bool) {
	i := elLastIndex(b, key, 0)
	if i < 0 {
		return nil, b, false
	}
	val = b[i+len(key):]
	for _, c := range val {
		if elPlainStop[c] {
			return nil, b, false
		}
	}
	return val, b[:i], true
}

// elPlainStop marks the bytes a plain tail value may not hold.
var elPlainStop = [256]bool{' ': true, ',': true, '"': true}

// elActionByte marks the bytes an action may hold (see elAction).
var elActionByte = func() (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
			c == '_' || c == '-' || c == '/' || c == '.' || c == ' '
	}
	return t
}()

// elActionStart returns the index after the last byte of b that an action
// may not hold, or 0.
func elActionStart(b []byte) int {
	for i := len(b) - 1; i >= 0; i-- {
		if !elActionByte[b[i]] {
			return i + 1
		}
	}
	return 0
}

// elAction reports whether a is a plausible nginx action ("reading response
// header from upstream", "SSL handshaking"): words of letters, digits and
// "_-/." separated by single spaces.
func elAction(a []byte) bool {
	if len(a) == 0 || a[0] == ' ' || a[len(a)-1] == ' ' {
		return false
	}
	for i, c := range a {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', isDigit(c), c == '_', c == '-', c == '/', c == '.':
		case c == ' ' && a[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}

// elNginxErrno cuts " (N: text)" from the end of m into Errno and ErrnoNum.
func elNginxErrno(m []byte, e *ErrorEntry) []byte {
	if len(m) < 5 || m[len(m)-1] != ')' {
		return m
	}
	end := len(m) - 1
	// The text holds no parenthesis, so only the last '(' can open the
	// errno: an earlier " (" would hold it in its text.
	j := lastIndexByte(m[:end], '(')
	if j < 1 || m[j-1] != ' ' {
		return m
	}
	i, q := j-1, j+1
	neg := q < end && m[q] == '-'
	if neg {
		q++
	}
	d := leadingDigits(m[q:end])
	if d > 0 && d <= 9 && q+d+1 < end && m[q+d] == ':' && m[q+d+1] == ' ' &&
		bytes.IndexByte(m[q+d+2:end], ')') < 0 {
		elSetErrno(e, m, i, q, d, end, neg)
		return m[:i]
	}
	return m
}

// elSetErrno sets the errno of e from the " (n: text)" at m[i:end+1],
// whose number has d digits at q and is negative when neg.
func elSetErrno(e *ErrorEntry, m []byte, i, q, d, end int, neg bool) {
	n, _ := atoi(m[q : q+d])
	e.ErrnoNum = int(n)
	if neg {
		e.ErrnoNum = -int(n)
	}
	e.Errno = m[i+2 : end]
}
