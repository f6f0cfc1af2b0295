package parser

// ErrorFormats returns new instances of all error-log presets, in the order
// [DetectErrorFormat] breaks ties in: "apache-2.2-error" (the strictest),
// "apache-2.4-error" (which also reads 2.2 lines and startup lines), then
// "nginx-error".
func ErrorFormats() []ErrorFormat {
	return []ErrorFormat{
		&apacheErrorFormat{v24: false},
		&apacheErrorFormat{v24: true},
		&nginxErrorFormat{},
	}
}

// lookupErrorFormat returns a new instance of the error-log preset with the
// given name, and whether there is one.
func lookupErrorFormat(name string) (ErrorFormat, bool) {
	for _, f := range ErrorFormats() {
		if f.Name() == name {
			return f, true
		}
	}
	return nil, false
}

// DetectErrorFormat scores every preset of [ErrorFormats] on sample lines
// and returns the one that parses the most of them, with that number. Blank
// lines and lines starting with '#' are skipped; leading NUL bytes and a
// trailing "\r" are ignored. Ties go to the preset listed first, so a file
// of Apache 2.2 lines detects as "apache-2.2-error" although the 2.4 parser
// reads them too, while one 2.4 line tips it to "apache-2.4-error". When no
// preset parses any line, it returns nil and 0.
//
// Detection does not keep the lines or the returned slices. The caller
// compares matched with the scores of the access-log formats to tell error
// logs from access logs.
func DetectErrorFormat(lines [][]byte) (f ErrorFormat, matched int) {
	var e ErrorEntry
	for _, cand := range ErrorFormats() {
		n := 0
		for _, line := range lines {
			for len(line) > 0 && line[0] == 0 {
				line = line[1:]
			}
			line = trimCR(line)
			if elBlank(line) || line[0] == '#' {
				continue
			}
			if cand.Parse(line, &e) == nil {
				n++
			}
		}
		if n > matched {
			f, matched = cand, n
		}
	}
	return f, matched
}
