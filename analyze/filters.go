package analyze

import (
	"fmt"
	"net/netip"
	"path"
	"strings"
	"sync"
	"unsafe"

	useragent "github.com/medama-io/go-useragent"

	"github.com/logscan/logscan/parser"
)

// Filters are the --include, --exclude and --ignore-crawlers of a run,
// applied to each entry before it is counted. Includes of one key are
// alternatives; includes of different keys must all hold; an entry that an
// exclude matches is left out. An entry left out is counted as out of the
// window, and against the first filter that left it out (see
// [Summary.Filters]).
type Filters struct {
	rules []filterRule
	// crawlers leaves out the requests of crawlers (see [AgentClass]).
	crawlers bool
}

// filterRule is one --include or --exclude.
type filterRule struct {
	text    string // as given, "include client=10.0.0.0/8"
	include bool
	key     string // client, path, agent, vhost
	prefix  netip.Prefix
	glob    string
	sub     string // lower case
}

// ParseFilters compiles the values of --include and --exclude (KEY=VALUE,
// KEY one of client (an address or CIDR), path (a glob as path.Match reads
// it, matched against the path without its query), agent (a substring of
// the user agent, compared without case) and vhost (a host name, compared
// without case)), and --ignore-crawlers. It returns nil when there is no
// filter.
func ParseFilters(include, exclude []string, ignoreCrawlers bool) (*Filters, error) {
	f := &Filters{crawlers: ignoreCrawlers}
	for _, group := range []struct {
		vals    []string
		include bool
	}{{include, true}, {exclude, false}} {
		for _, v := range group.vals {
			k, val, ok := strings.Cut(v, "=")
			if !ok || val == "" {
				return nil, fmt.Errorf("want KEY=VALUE (client, path, agent or vhost), got %q", v)
			}
			r := filterRule{key: k, include: group.include}
			r.text = "exclude " + v
			if group.include {
				r.text = "include " + v
			}
			switch k {
			case "client":
				if p, err := netip.ParsePrefix(val); err == nil {
					r.prefix = p.Masked()
				} else if a, err := netip.ParseAddr(val); err == nil {
					r.prefix = netip.PrefixFrom(a, a.BitLen())
				} else {
					return nil, fmt.Errorf("client=%s: not an address or CIDR prefix", val)
				}
			case "path":
				if _, err := path.Match(val, "/"); err != nil {
					return nil, fmt.Errorf("path=%s: %v", val, err)
				}
				r.glob = val
			case "agent", "vhost":
				r.sub = strings.ToLower(val)
			default:
				return nil, fmt.Errorf("unknown filter key %q (client, path, agent or vhost)", k)
			}
			f.rules = append(f.rules, r)
		}
	}
	if len(f.rules) == 0 && !f.crawlers {
		return nil, nil
	}
	return f, nil
}

// Names returns the filters as given, in the order their counts are kept:
// the rules, then "ignore crawlers".
func (f *Filters) Names() []string {
	var out []string
	for _, r := range f.rules {
		out = append(out, r.text)
	}
	if f.crawlers {
		out = append(out, "ignore crawlers")
	}
	return out
}

// str views b as a string without copying, for calls that do not keep it.
func str(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// matches reports whether rule r matches entry e (whose path is p).
func (r *filterRule) matches(e *parser.Entry, p []byte) bool {
	switch r.key {
	case "client":
		a, err := netip.ParseAddr(str(e.Client))
		return err == nil && r.prefix.Contains(a.Unmap())
	case "path":
		ok, _ := path.Match(r.glob, str(p))
		return ok
	case "agent":
		return containsFold(e.UserAgent, r.sub)
	case "vhost":
		return len(e.VHost) == len(r.sub) && containsFold(e.VHost, r.sub)
	}
	return false
}

// containsFold reports whether s holds sub (lower case), ignoring ASCII
// case, without allocating.
func containsFold(s []byte, sub string) bool {
	n := len(sub)
	for i := 0; i+n <= len(s); i++ {
		j := 0
		for ; j < n; j++ {
			c := s[i+j]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			if c != sub[j] {
				break
			}
		}
		if j == n {
			return true
		}
	}
	return false
}

// reject returns the index (in [Filters.Names]) of the first filter that
// leaves e out, or -1 to count it. class is e's agent class.
func (f *Filters) reject(e *parser.Entry, p []byte, class AgentClass) int {
	// Includes: for each key with includes, one of them must match.
	for i, r := range f.rules {
		if !r.include {
			continue
		}
		first := true
		for _, o := range f.rules[:i] {
			if o.include && o.key == r.key {
				first = false
				break
			}
		}
		if !first {
			continue // the key's group was judged at its first rule
		}
		hit := false
		for _, o := range f.rules[i:] {
			if o.include && o.key == r.key && o.matches(e, p) {
				hit = true
				break
			}
		}
		if !hit {
			return i
		}
	}
	for i, r := range f.rules {
		if !r.include && r.matches(e, p) {
			return i
		}
	}
	if f.crawlers && class == AgentCrawler {
		return len(f.rules)
	}
	return -1
}

// AgentClass is what kind of client a user agent names.
type AgentClass uint8

// The agent classes, in the order of [AgentClasses].
const (
	AgentBrowser AgentClass = iota
	AgentCrawler
	AgentScanner
	AgentTool
	AgentUnknown
)

// AgentClasses names the classes, as JSON's agents object keys them.
var AgentClasses = [...]string{"browser", "crawler", "scanner", "tool", "unknown"}

// uaParser is the user-agent parser (github.com/medama-io/go-useragent, a
// trie of the published agent lists), made on first use: building it
// takes about 40 ms, which a run without entries does not pay.
var uaParser = sync.OnceValue(useragent.NewParser)

// scannerAgents and toolAgents are the agents the parser's lists do not
// tell apart from crawlers (written here: no list covers them), matched
// without case.
var (
	scannerAgents = []string{"sqlmap", "nikto", "nmap", "masscan", "zgrab", "nuclei", "wpscan", "dirbuster", "gobuster",
		"acunetix", "nessus", "openvas", "zmeu", "morfeus", "jorgee", "l9explore", "censysinspect", "expanse", "internet-measurement"}
	toolAgents = []string{"curl/", "wget/", "python-requests", "python-urllib", "aiohttp", "go-http-client", "libwww-perl", "java/",
		"okhttp", "axios", "node-fetch", "postmanruntime", "httpie", "apache-httpclient", "guzzlehttp", "ruby", "powershell"}
)

// classifyAgent returns the class of a user agent: a known scanner, a
// crawler (the parser's bot lists), a command-line or library client, a
// browser, or unknown (empty, "-", anything else).
func classifyAgent(ua []byte) AgentClass {
	if len(ua) == 0 || len(ua) == 1 && ua[0] == '-' {
		return AgentUnknown
	}
	for _, s := range scannerAgents {
		if containsFold(ua, s) {
			return AgentScanner
		}
	}
	for _, s := range toolAgents {
		if containsFold(ua, s) {
			return AgentTool
		}
	}
	r := uaParser().Parse(string(ua))
	switch {
	case r.IsBot():
		return AgentCrawler
	case r.Browser() != "":
		return AgentBrowser
	}
	return AgentUnknown
}

// maxAgentCache bounds the user agents whose class a partial remembers.
const maxAgentCache = 8192

// agentClass returns the class of e's user agent, from the partial's cache.
func (p *Partial) agentClass(ua []byte) AgentClass {
	if c, ok := p.agentCache[string(ua)]; ok {
		return c
	}
	c := classifyAgent(ua)
	if p.agentCache == nil || len(p.agentCache) >= maxAgentCache {
		p.agentCache = make(map[string]AgentClass, 256)
	}
	p.agentCache[string(ua)] = c
	return c
}

// filterOut reports whether the filters leave e out, and counts it against
// the filter that does.
func (p *Partial) filterOut(e *parser.Entry) bool {
	f := p.opts.Filters
	class := AgentUnknown
	if f.crawlers {
		class = p.agentClass(e.UserAgent)
	}
	k := f.reject(e, pathOf(e), class)
	if k < 0 {
		return false
	}
	for len(p.filtered) <= k {
		p.filtered = append(p.filtered, 0)
	}
	p.filtered[k]++
	return true
}

// Removed is how many entries one filter left out.
type Removed struct {
	Filter  string `json:"filter"`
	Removed int64  `json:"removed"`
}

// Agents counts the requests by the kind of client their user agent
// names, over the user agents of the top-agents table: exact while the
// table holds every agent; Unclassified are the requests of agents beyond
// it.
type Agents struct {
	Browser      int64 `json:"browser"`
	Crawler      int64 `json:"crawler"`
	Scanner      int64 `json:"scanner"`
	Tool         int64 `json:"tool"`
	Unknown      int64 `json:"unknown"`
	Unclassified int64 `json:"unclassified,omitempty"`
}

// agentSummary classifies the agents of the top-agents table.
func (p *Partial) agentSummary() *Agents {
	var a Agents
	var with int64
	for _, c := range p.agents.Top(-1) {
		n := c.Count
		with += n
		switch classifyAgent([]byte(c.Key)) {
		case AgentBrowser:
			a.Browser += n
		case AgentCrawler:
			a.Crawler += n
		case AgentScanner:
			a.Scanner += n
		case AgentTool:
			a.Tool += n
		default:
			a.Unknown += n
		}
	}
	if with == 0 {
		return nil
	}
	a.Unclassified = max(0, p.agents.total-with)
	return &a
}
