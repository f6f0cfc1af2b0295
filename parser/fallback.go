package parser

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

// Parse implements [Format]. On failure it returns the primary format's
// error.
func (f *Fallback) Parse(line []byte, e *Entry) error {
	err := f.formats[0].Parse(line, e)
	if err == nil {
		f.which = 0
		return nil
	}
	for i, x := range f.formats[1:] {
		if x.Parse(line, e) == nil {
			f.which = i + 1
			return nil
		}
	}
	return err
}

// Clone implements [Format].
func (f *Fallback) Clone() Format {
	c := &Fallback{formats: make([]Format, len(f.formats))}
	for i, x := range f.formats {
		c.formats[i] = x.Clone()
	}
	return c
}
