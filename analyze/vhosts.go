package analyze

import (
	"bytes"
	"cmp"
	"slices"
	"strings"
)

// VHost is one virtual host of the report: its requests, their classes
// and the path of its errors (4xx and 5xx) seen most.
type VHost struct {
	VHost    string           `json:"vhost"`
	Requests int64            `json:"requests"`
	Classes  map[string]int64 `json:"classes"`
	// TopErrorPath is the path with most error responses (nil when none).
	TopErrorPath *Counted `json:"top_error_path"`
}

// vhostStat counts the requests of one virtual host.
type vhostStat struct {
	requests int64
	classes  [6]int64 // by status / 100
	errPaths *TopK    // paths of 4xx and 5xx answers
}

// maxVHosts bounds the virtual hosts counted apart; the others are counted
// under otherVHost.
const maxVHosts = 1000

// otherVHost names the virtual hosts beyond maxVHosts.
const otherVHost = "(other hosts)"

// vhostErrPaths is the capacity of a virtual host's table of error paths.
const vhostErrPaths = 16

// addVHost counts a request of virtual host vh (as logged; counted in
// lower case) with its status and path.
func (p *Partial) addVHost(vh []byte, status int, path []byte) {
	if p.vhosts == nil {
		p.vhosts = map[string]*vhostStat{}
	}
	st := p.vhosts[string(vh)] // no allocation for a lookup; hosts are keyed in lower case
	if st == nil {
		name := strings.ToLower(string(clipUTF8(vh, maxKeyBytes)))
		if st = p.vhosts[name]; st == nil {
			if len(p.vhosts) >= maxVHosts {
				name = otherVHost
				st = p.vhosts[name]
			}
			if st == nil {
				st = &vhostStat{}
				p.vhosts[name] = st
			}
		}
	}
	st.requests++
	if c := status / 100; c >= 1 && c <= 5 {
		st.classes[c]++
	}
	if status >= 400 {
		if st.errPaths == nil {
			st.errPaths = NewTopK(vhostErrPaths)
		}
		st.errPaths.Add(path, 1)
	}
}

// mergeVHosts adds o's virtual hosts into p's.
func (p *Partial) mergeVHosts(o *Partial) {
	if len(o.vhosts) == 0 {
		return
	}
	if p.vhosts == nil {
		p.vhosts = map[string]*vhostStat{}
	}
	names := make([]string, 0, len(o.vhosts))
	for k := range o.vhosts {
		names = append(names, k)
	}
	slices.Sort(names)
	for _, k := range names {
		s := o.vhosts[k]
		mine := p.vhosts[k]
		if mine == nil {
			if len(p.vhosts) >= maxVHosts && k != otherVHost {
				k = otherVHost
				mine = p.vhosts[k]
			}
			if mine == nil {
				mine = &vhostStat{}
				p.vhosts[k] = mine
			}
		}
		mine.requests += s.requests
		for i := range s.classes {
			mine.classes[i] += s.classes[i]
		}
		if s.errPaths != nil {
			if mine.errPaths == nil {
				mine.errPaths = NewTopK(vhostErrPaths)
			}
			mine.errPaths.Merge(s.errPaths)
		}
	}
}

// vhostSummary returns the virtual hosts by requests (then name).
func (p *Partial) vhostSummary() []VHost {
	var out []VHost
	for k, s := range p.vhosts {
		v := VHost{VHost: k, Requests: s.requests, Classes: map[string]int64{"1xx": s.classes[1], "2xx": s.classes[2],
			"3xx": s.classes[3], "4xx": s.classes[4], "5xx": s.classes[5]}}
		if s.errPaths != nil {
			if top := s.errPaths.Top(1); len(top) > 0 {
				c := top[0]
				v.TopErrorPath = &c
			}
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b VHost) int {
		if c := cmp.Compare(b.Requests, a.Requests); c != 0 {
			return c
		}
		return strings.Compare(a.VHost, b.VHost)
	})
	return out
}

// vhostWanted reports whether an entry of virtual host vh passes the
// --vhost filter (none: every entry does). Hosts compare without case.
func vhostWanted(want [][]byte, vh []byte) bool {
	for _, w := range want {
		if bytes.EqualFold(w, vh) {
			return true
		}
	}
	return false
}
