package parser

import "bytes"

// Fallback parses each line with a primary format and, when that fails,
// with the other formats in turn: a log that changed format midway, or an
// aggregated log that mixes layouts, is read whole, and only lines that fit
// no format are malformed. [Fallback.Which] says which format read the last
// line, so callers can count lines per format.
type Fallback struct {
	formats []Format
	which   int
}

// NewFallback returns a format that tries primary, then others in order.
func NewFallback(primary Format, others ...Format) *Fallback {
	fs := make([]Format, 0, 1+len(others))
	fs = append(fs, primary)
	for _, o := range others {
		if o.Name() != primary.Name() {
			fs = append(fs, o)
		}
	}
	return &Fallback{formats: fs}
}

// Name returns the primary format's name.
func (f *Fallback) Name() string { return f.formats[0].Name() }

// Names returns the names of the formats, primary first.
func (f *Fallback) Names() []string {
	out := make([]string, len(f.formats))
	for i, x := range f.formats {
		out[i] = x.Name()
	}
	return out
}

// Which returns the index in Names of the format that parsed the last line.
func (f *Fallback) Which() int { return f.which }

// Parse implements [Format]. A line the primary format does not read, or
// reads with a client that is no address (bytes of another record glued to
// it), or that holds a second access-log timestamp, is first tried as a
// torn record: a record cut short followed by a whole one the primary
// format reads (the entry then has Torn set to the length of the cut part,
// which is not given to a looser format). Then the other formats are
// tried, each only if the fields it reads are well-formed (see
// [wellFormed]). On failure it returns the primary format's error.
func (f *Fallback) Parse(line []byte, e *Entry) error {
	err := f.formats[0].Parse(line, e)
	if err == nil && (len(e.Client) <= 15 || clientOK(e.Client)) && !secondStamp(line) {
		// (An IPv4 address is at most 15 bytes: a client that long is
		// not checked, which keeps the common line at two cheap tests.)
		f.which = 0
		return nil
	}
	if s := tornStart(line, f.formats[0], e); s > 0 {
		f.which = 0
		e.Torn = s
		return nil
	}
	if err == nil {
		// Read whole after all: parse it again, tornStart left e dirty.
		f.which = 0
		return f.formats[0].Parse(line, e)
	}
	for i, x := range f.formats[1:] {
		if x.Parse(line, e) == nil && wellFormed(e) {
			f.which = i + 1
			return nil
		}
	}
	return err
}

// stampAt reports whether line[t:] starts like an access-log timestamp,
// "[dd/".
func stampAt(line []byte, t int) bool {
	return t+4 < len(line) && line[t] == '[' && isDigit(line[t+1]) && isDigit(line[t+2]) && line[t+3] == '/'
}

// secondStamp reports whether line holds two access-log timestamps.
func secondStamp(line []byte) bool {
	if bytes.Count(line, []byte{'['}) < 2 {
		return false // the common line: one vectorized count
	}
	n := 0
	for i := 0; i < len(line); {
		j := bytes.IndexByte(line[i:], '[')
		if j < 0 {
			return false
		}
		if stampAt(line, i+j) {
			if n++; n == 2 {
				return true
			}
		}
		i += j + 1
	}
	return false
}

// clientOK reports whether a client field is an address: an IPv4 address,
// something with a ':' of hex digits and dots (IPv6, with or without a
// port), a host name with a letter in it, "-" or nothing; or a ", "
// separated list of them (a forwarded-for chain).
func clientOK(c []byte) bool {
	if i := bytes.IndexByte(c, ','); i >= 0 {
		for len(c) > 0 {
			item := c
			if i = bytes.IndexByte(c, ','); i >= 0 {
				item, c = c[:i], bytes.TrimLeft(c[i+1:], " ")
			} else {
				c = nil
			}
			if len(item) == 0 || !clientOK(item) {
				return false
			}
		}
		return true
	}
	if len(c) == 0 || len(c) == 1 && c[0] == '-' {
		return true
	}
	letters, colon := false, false
	for _, b := range c {
		switch {
		case b >= '0' && b <= '9', b == '.':
		case b == ':':
			colon = true
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z':
			letters = true
		case b == '-', b == '_', b == '[', b == ']', b == '%':
			letters = true // host names, [v6], zone ids
		default:
			return false
		}
	}
	switch {
	case colon:
		return true
	case letters:
		// A host name ends in a label with a letter (a TLD): a name
		// that ends in digits is an address with bytes glued before it.
		last := c[bytes.LastIndexByte(c, '.')+1:]
		for _, b := range last {
			if b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' {
				return true
			}
		}
		return false
	}
	return ipv4(c)
}

// ipv4 reports whether c is a dotted quad of numbers up to 255.
func ipv4(c []byte) bool {
	parts, n, digits := 0, 0, 0
	for i := 0; i <= len(c); i++ {
		if i == len(c) || c[i] == '.' {
			if digits == 0 || n > 255 {
				return false
			}
			parts++
			n, digits = 0, 0
			continue
		}
		n = n*10 + int(c[i]-'0')
		digits++
	}
	return parts == 4
}

// recordStart reports whether the cut part of a torn record begins as a
// record does: with an address (the client, or a virtual host), followed
// by a space or cut short inside it. A quoted list or a field of another
// layout before a whole record is no cut record.
func recordStart(prefix []byte) bool {
	tok := prefix
	if i := bytes.IndexByte(prefix, ' '); i >= 0 {
		tok = prefix[:i]
	}
	if len(tok) == 0 {
		return false
	}
	for _, b := range tok {
		switch {
		case b >= '0' && b <= '9', b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b == '.', b == ':', b == '-', b == '_':
		default:
			return false
		}
	}
	return true
}

// tornStart returns where a whole record that f reads begins inside line,
// after a record cut short, or 0. A record of the access formats starts a
// few space-separated fields (at most four: the virtual host, the client,
// the identity, the user) before its "[dd/Mon/yyyy:" timestamp, or inside
// the first of them when the cut record ran into it without a newline; the
// earliest start that f reads with a client that is an address wins. e
// holds that record when the result is positive.
func tornStart(line []byte, f Format, e *Entry) int {
	for t := 0; t < len(line); t++ {
		if !stampAt(line, t) {
			continue
		}
		s := t
		for k := 0; k < 5 && s >= 0; k++ {
			if f.Parse(line[s:], e) == nil {
				if clientOK(e.Client) {
					if s > 0 && recordStart(line[:s]) {
						return s
					}
					break // the whole line from its start, or a prefix no record starts with
				}
				// The cut record ran into this field: find where the
				// client starts inside it.
				end := s + bytes.IndexByte(line[s:], ' ')
				for i := s + 1; i < end; i++ {
					if f.Parse(line[i:], e) == nil && clientOK(e.Client) {
						return i
					}
				}
			}
			if s == 0 || line[s-1] != ' ' {
				break
			}
			j := s - 1
			for j > 0 && line[j-1] != ' ' {
				j--
			}
			s = j
		}
	}
	return 0
}

// wellFormed reports whether the fields a fallback format read look like
// what they claim to be: a user without quotes, brackets or spaces, a
// virtual host that is a host name (letters, digits, '.', '-', '_', ':'
// for a port, brackets of an IPv6 address). A looser format that reads a
// torn or foreign line otherwise makes up a vhost or a user of 150 bytes.
func wellFormed(e *Entry) bool {
	for _, c := range e.User {
		if c == '"' || c == '[' || c == ']' || c == ' ' {
			return false
		}
	}
	for _, c := range e.VHost {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-', c == '_', c == ':', c == '[', c == ']':
		default:
			return false
		}
	}
	return true
}

// Clone implements [Format].
func (f *Fallback) Clone() Format {
	c := &Fallback{formats: make([]Format, len(f.formats))}
	for i, x := range f.formats {
		c.formats[i] = x.Clone()
	}
	return c
}
