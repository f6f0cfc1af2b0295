package analyze

import (
	"fmt"
	"regexp"
	"strings"
)

// PathGrouper folds the variable parts of request paths into placeholders,
// so that one endpoint shows as one row: numeric segments become ":id",
// UUIDs ":uuid" and long hexadecimal ids ":hex" (/users/42/posts →
// /users/:id/posts). User rules, regular expressions with a replacement, run
// first; their results are cached per distinct path in a bounded map, so a
// rule's regexp runs once per distinct path, not once per line.
//
// A PathGrouper is not safe for concurrent use; [PathGrouper.Clone] gives each
// worker its own.
type PathGrouper struct {
	rules []groupRule
	cache map[string][]byte
	buf   []byte
}

type groupRule struct {
	re   *regexp.Regexp
	repl string
}

// maxGroupCache bounds the cache of rule results per worker.
const maxGroupCache = 50000

// ParseGroupRule reads a user rule "REGEXP=REPLACEMENT", split at the last
// '=' (the replacement may use $1 for sub-matches).
func ParseGroupRule(s string) (re *regexp.Regexp, repl string, err error) {
	i := strings.LastIndexByte(s, '=')
	if i <= 0 {
		return nil, "", fmt.Errorf("path rule %q: want REGEXP=REPLACEMENT", s)
	}
	re, err = regexp.Compile("^(?:" + s[:i] + ")")
	if err != nil {
		return nil, "", fmt.Errorf("path rule %q: %w", s, err)
	}
	return re, s[i+1:], nil
}

// NewPathGrouper returns a grouper with the built-in folding and the given
// user rules ("REGEXP=REPLACEMENT", matched at the start of the path).
func NewPathGrouper(rules []string) (*PathGrouper, error) {
	g := &PathGrouper{cache: make(map[string][]byte)}
	for _, r := range rules {
		re, repl, err := ParseGroupRule(r)
		if err != nil {
			return nil, err
		}
		g.rules = append(g.rules, groupRule{re, repl})
	}
	return g, nil
}

// Clone returns a grouper with the same rules and an empty cache.
func (g *PathGrouper) Clone() *PathGrouper {
	if g == nil {
		return nil
	}
	return &PathGrouper{rules: g.rules, cache: make(map[string][]byte)}
}

// Group returns the grouped form of path. The result is valid until the next
// call.
func (g *PathGrouper) Group(path []byte) []byte {
	if len(g.rules) > 0 {
		if s, ok := g.cache[string(path)]; ok {
			return s
		}
		out := string(path)
		for _, r := range g.rules {
			if loc := r.re.FindStringIndex(out); loc != nil {
				out = r.re.ReplaceAllString(out[:loc[1]], r.repl) + out[loc[1]:]
				break
			}
		}
		folded := append([]byte(nil), g.fold([]byte(out))...)
		if len(g.cache) >= maxGroupCache {
			clear(g.cache)
		}
		g.cache[string(path)] = folded
		return folded
	}
	return g.fold(path)
}

// fold replaces id-like segments with placeholders, into g.buf.
func (g *PathGrouper) fold(path []byte) []byte {
	b := g.buf[:0]
	for len(path) > 0 {
		i := 0
		for i < len(path) && path[i] == '/' {
			i++
		}
		b = append(b, path[:i]...)
		path = path[i:]
		j := 0
		for j < len(path) && path[j] != '/' {
			j++
		}
		seg := path[:j]
		path = path[j:]
		switch segmentKind(seg) {
		case 'n':
			b = append(b, ":id"...)
		case 'u':
			b = append(b, ":uuid"...)
		case 'h':
			b = append(b, ":hex"...)
		default:
			b = append(b, seg...)
		}
	}
	g.buf = b
	return b
}

// segmentKind classifies a path segment: 'n' all digits, 'u' UUID, 'h' hex
// of 16 or more characters with at least one digit, 0 otherwise.
func segmentKind(s []byte) byte {
	if len(s) == 0 {
		return 0
	}
	digits, hex := true, true
	nd := 0
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9':
			nd++
		case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
			digits = false
		default:
			digits, hex = false, false
		}
	}
	if digits {
		return 'n'
	}
	if len(s) == 36 && s[8] == '-' && s[13] == '-' && s[18] == '-' && s[23] == '-' {
		for i, c := range s {
			if i == 8 || i == 13 || i == 18 || i == 23 {
				continue
			}
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return 0
			}
		}
		return 'u'
	}
	if hex && len(s) >= 16 && nd > 0 {
		return 'h'
	}
	return 0
}
