package parser

import "bytes"

// clfTail says what follows the status and size fields of a CLF-family line.
type clfTail uint8

const (
	tailNone     clfTail = iota // common: the line ends after the size
	tailCombined                // "referer" "user-agent"
	tailXFF                     // combined + "x-forwarded-for" (nginx main)
	tailTimed                   // combined + request time in seconds
	tailUpstream                // combined + request time + upstream time
)

// clfFormat is a hand-written parser for the Common Log Format family:
// an optional "vhost:port " prefix, then
// client ident user [time] "request" status size, then the tail.
type clfFormat struct {
	name  string
	vhost bool
	tail  clfTail
	// lenientTail accepts a final quoted field without its closing quote
	// (a line cut off by the writer) and marks the entry Truncated.
	lenientTail bool
	// stamp remembers the last timestamp, which the lines of one second
	// share; what it cannot read whole goes to parseCLFTime.
	stamp CLFTimeCache
}

// parseTime reads the content of a CLF timestamp's brackets as
// parseCLFTime does (fractional seconds, no offset): through the shared
// cache when it reads the whole of b, which FuzzCLFCacheMatchesParseCLFTime
// checks gives the same result.
func (f *clfFormat) parseTime(b []byte) (int64, int32, bool, bool) {
	if ns, off, zone, n, ok := f.stamp.Parse(b); ok && n == len(b) {
		return ns, off, zone, true
	}
	return parseCLFTime(b)
}

func (f *clfFormat) Name() string  { return f.name }
func (f *clfFormat) Clone() Format { c := *f; return &c }

// field returns line[p:i] where i is the next space at or after p, and i+1.
func field(line []byte, p int) ([]byte, int, bool) {
	if p >= len(line) {
		return nil, p, false
	}
	i := indexByte(line[p:], ' ')
	if i < 0 {
		return line[p:], len(line), true
	}
	return line[p : p+i], p + i + 1, true
}

// dash maps "-" to nil (an absent value).
func dash(b []byte) []byte {
	if len(b) == 1 && b[0] == '-' {
		return nil
	}
	return b
}

// closingQuote returns the index of the quote that ends a quoted field whose
// content starts at p, skipping backslash escapes, or -1.
func closingQuote(line []byte, p int) int {
	start := p
	for {
		i := bytes.IndexByte(line[p:], '"')
		if i < 0 {
			return -1
		}
		j := p + i
		k := j
		for k > start && line[k-1] == '\\' {
			k--
		}
		if (j-k)%2 == 0 {
			return j
		}
		p = j + 1
	}
}

// quoted parses `"..."` at p and returns its content and the index after the
// closing quote. With lenient, a missing closing quote takes the rest of the
// line and reports truncated.
func quoted(line []byte, p int, lenient bool) (val []byte, next int, truncated bool, err error) {
	if p >= len(line) || line[p] != '"' {
		return nil, p, false, ErrFieldCount
	}
	j := closingQuote(line, p+1)
	if j < 0 {
		if lenient {
			return line[p+1:], len(line), true, nil
		}
		return nil, p, false, ErrBadQuote
	}
	return line[p+1 : j], j + 1, false, nil
}

// parseStatus parses exactly three digits in 100–599.
func parseStatus(b []byte) (int, bool) {
	if len(b) != 3 {
		return 0, false
	}
	c0, c1, c2 := b[0]-'0', b[1]-'0', b[2]-'0'
	if c0 < 1 || c0 > 5 || c1 > 9 || c2 > 9 {
		return 0, false
	}
	return int(c0)*100 + int(c1)*10 + int(c2), true
}

// parseSize parses a non-negative decimal, "-" meaning absent (-1).
func parseSize(b []byte) (int64, bool) {
	if len(b) == 1 && b[0] == '-' {
		return -1, true
	}
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

// parseSeconds parses a decimal number of seconds such as "0.123" or "12".
func parseSeconds(b []byte) (float64, bool) {
	if len(b) == 0 || len(b) > 24 {
		return 0, false
	}
	var ip, fp int64
	scale := 1.0
	i := 0
	for ; i < len(b) && b[i] >= '0' && b[i] <= '9'; i++ {
		ip = ip*10 + int64(b[i]-'0')
	}
	if i == 0 {
		return 0, false
	}
	if i < len(b) {
		if b[i] != '.' {
			return 0, false
		}
		i++
		for ; i < len(b); i++ {
			c := b[i] - '0'
			if c > 9 {
				return 0, false
			}
			if scale > 1e-12 {
				fp = fp*10 + int64(c)
				scale /= 10
			}
		}
	}
	return float64(ip) + float64(fp)*scale, true
}

// ParseTimeList parses an nginx upstream timing list such as
// "0.002, 0.500 : 0.010" and returns the sum of the times, or -1 when every
// element is "-" (no time). ok is false when an element is not a number.
func ParseTimeList(b []byte) (sum float64, ok bool) {
	sum = -1
	for len(b) > 0 {
		i := 0
		for i < len(b) && (b[i] == ' ' || b[i] == ',' || b[i] == ':') {
			i++
		}
		b = b[i:]
		j := 0
		for j < len(b) && b[j] != ' ' && b[j] != ',' && b[j] != ':' {
			j++
		}
		tok := b[:j]
		b = b[j:]
		if len(tok) == 0 || (len(tok) == 1 && tok[0] == '-') {
			continue
		}
		v, good := parseSeconds(tok)
		if !good {
			return 0, false
		}
		if sum < 0 {
			sum = 0
		}
		sum += v
	}
	return sum, true
}

// Parse implements [Format].
func (f *clfFormat) Parse(line []byte, e *Entry) error {
	e.Reset()
	p := 0
	var v []byte
	var ok bool
	if f.vhost {
		if v, p, ok = field(line, p); !ok || len(v) == 0 {
			return ErrFieldCount
		}
		if c := bytes.LastIndexByte(v, ':'); c > 0 && c < len(v)-1 && v[len(v)-1] != ']' {
			port, good := parseSize(v[c+1:])
			if !good || port > 65535 {
				return ErrBadNumber
			}
			e.Port = int(port)
			v = v[:c]
		}
		e.VHost = v
	}
	if v, p, ok = field(line, p); !ok || len(v) == 0 {
		return ErrFieldCount
	}
	if v[0] == '[' || v[0] == '"' {
		return ErrBadClient
	}
	e.Client = v
	if v, p, ok = field(line, p); !ok {
		return ErrFieldCount
	}
	e.Ident = dash(v)
	if v, p, ok = field(line, p); !ok {
		return ErrFieldCount
	}
	e.User = dash(v)
	if p >= len(line) || line[p] != '[' {
		return ErrFieldCount
	}
	end := bytes.IndexByte(line[p:], ']')
	if end < 0 {
		return ErrBadTime
	}
	ts, off, zone, good := f.parseTime(line[p+1 : p+end])
	if !good {
		return ErrBadTime
	}
	e.Time, e.Offset, e.HasZone, e.HasTime = ts, off, zone, true
	p += end + 1
	if p >= len(line) || line[p] != ' ' {
		return ErrFieldCount
	}
	p++
	var err error
	if v, p, _, err = quoted(line, p, false); err != nil {
		return err
	}
	setRequest(v, e)
	if p >= len(line) || line[p] != ' ' {
		return ErrFieldCount
	}
	if v, p, ok = field(line, p+1); !ok {
		return ErrFieldCount
	}
	if e.Status, ok = parseStatus(v); !ok {
		return ErrBadStatus
	}
	if v, p, ok = field(line, p); !ok {
		return ErrFieldCount
	}
	if e.Bytes, ok = parseSize(v); !ok {
		return ErrBadNumber
	}
	if f.tail == tailNone {
		if p < len(line) || line[len(line)-1] == ' ' {
			return ErrTrailing
		}
		return nil
	}
	if p >= len(line) || line[p-1] != ' ' {
		return ErrFieldCount
	}
	if v, p, _, err = quoted(line, p, false); err != nil {
		return err
	}
	e.Referer = dash(v)
	if p >= len(line) || line[p] != ' ' {
		return ErrFieldCount
	}
	var trunc bool
	last := f.tail == tailCombined
	if v, p, trunc, err = quoted(line, p+1, last && f.lenientTail); err != nil {
		return err
	}
	e.UserAgent = dash(v)
	e.Truncated = trunc
	switch f.tail {
	case tailXFF:
		if p >= len(line) || line[p] != ' ' {
			return ErrFieldCount
		}
		if v, p, e.Truncated, err = quoted(line, p+1, f.lenientTail); err != nil {
			return err
		}
		if v = dash(v); v != nil {
			e.Extra = append(e.Extra, Field{Name: "http_x_forwarded_for", Value: v})
		}
	case tailTimed, tailUpstream:
		if p >= len(line) || line[p] != ' ' {
			return ErrFieldCount
		}
		if v, p, ok = field(line, p+1); !ok {
			return ErrFieldCount
		}
		if len(v) != 1 || v[0] != '-' {
			if e.RequestTime, ok = parseSeconds(v); !ok {
				return ErrBadNumber
			}
		}
		if f.tail == tailUpstream {
			if p >= len(line) || line[p-1] != ' ' {
				return ErrFieldCount
			}
			v = line[p:]
			p = len(line)
			if e.UpstreamTime, ok = ParseTimeList(v); !ok {
				return ErrBadNumber
			}
		}
	}
	if p < len(line) {
		return ErrTrailing
	}
	return nil
}
