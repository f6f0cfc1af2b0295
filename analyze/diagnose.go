package analyze

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"slices"
	"strings"
	"time"
)

// This file turns the evidence gathered while reading into the ranked causes
// of each status code.

// generic causes rank below specific ones when they explain as many
// requests: an access-log pattern is a weaker claim than a named condition.
var generic = map[string]bool{"overload": true, "maintenance": true, "scanner": true, "malformed-request": true, "single-client": true}

// finishHeuristics adds the evidence that needs the whole log: case
// mismatches, moved resources, broken links, scanners, 401s followed by a
// success, and bursts of 503s.
func (p *Partial) finishHeuristics(loc *time.Location) {
	if p.finished {
		return
	}
	p.finished = true
	a := p.access
	add := func(code int, c uint8, n int64, ex Sample, detail string) {
		if n <= 0 || !explains(c, code) {
			return
		}
		k := evKey{int16(code), c}
		ev := p.evidence[k]
		if ev == nil {
			ev = &evidence{example: ex}
			p.evidence[k] = ev
		}
		ev.n += n
		if ev.detail == "" {
			ev.detail = detail
		}
	}
	if n, ex := foldAuth(a.auth); n > 0 {
		add(401, causeNoCreds, min(n, p.codes[401]), ex, "401 without credentials, then 2xx for the same client, path and a user")
	}

	// Case mismatch and moved resources, from the path table.
	served := map[string]string{}
	for i := range p.paths.entries {
		if in := p.paths.info[i]; in.served >= minServed && in.servedClients() >= minServedClients {
			k := p.paths.key(i)
			served[strings.ToLower(k)] = k
		}
	}
	// A path's missing answers are its 404s and 410s; the 410s are
	// counted apart in the table of 410 paths.
	gone := func(k string, missing int64) int64 {
		t := p.codePaths[410]
		if t == nil {
			return 0
		}
		if n, ok := t.lookup(maphash.String(sharedSeed, k)); ok {
			return min(n, missing)
		}
		return 0
	}
	// The example of each cause is the earliest missing answer among the
	// paths it counts, whatever the order of the table.
	var mismatch, moved, moved410 int64
	var mismatchAt, movedAt, movedAt410 int32 = -1, -1, -1
	pick := func(at *int32, i int32) {
		if *at < 0 || earlier(p.paths.examples[i], p.paths.examples[*at]) {
			*at = i
		}
	}
	mismatchOf := map[int32]string{}
	for i := range p.paths.entries {
		in := p.paths.info[i]
		if in.missing == 0 {
			continue
		}
		k := p.paths.key(i)
		n410 := gone(k, in.missing)
		if s, ok := served[strings.ToLower(k)]; ok && s != k {
			mismatch += in.missing - n410
			if in.missing > n410 {
				pick(&mismatchAt, int32(i))
				mismatchOf[int32(i)] = s
			}
			continue
		}
		if in.served >= minServed && in.servedClients() >= minServedClients && in.missing >= minMissing && in.lastServed != 0 && in.lastServed < in.firstMissing {
			moved += in.missing - n410
			moved410 += n410
			if in.missing > n410 {
				pick(&movedAt, int32(i))
			}
			if n410 > 0 {
				pick(&movedAt410, int32(i))
			}
		}
	}
	exOf := func(at int32) Sample {
		if at < 0 {
			return Sample{}
		}
		return p.paths.examples[at]
	}
	movedDetail := func(at int32) string {
		if at < 0 {
			return ""
		}
		return fmt.Sprintf("%s was served until %s, then missing", p.paths.key(int(at)), fmtTime(p.paths.info[at].lastServed, loc))
	}
	mismatchDetail := ""
	if mismatchAt >= 0 {
		mismatchDetail = fmt.Sprintf("%s is missing, %s was served", p.paths.key(int(mismatchAt)), mismatchOf[mismatchAt])
	}
	add(404, causeCaseMismatch, min(mismatch, p.codes[404]), exOf(mismatchAt), mismatchDetail)
	add(404, causeMoved, min(moved, p.codes[404]), exOf(movedAt), movedDetail(movedAt))
	add(410, causeMoved, min(moved410, p.codes[410]), exOf(movedAt410), movedDetail(movedAt410))

	// Broken links: 404s to a GET whose referer is a page of this site
	// (the same host with or without www., a page-like path the site
	// served), shown by the earliest of their lines.
	site := siteHosts(a, p.referers)
	if len(site) > 0 {
		var n int64
		var pages []string
		var ex Sample
		refs := a.referers
		for _, r := range refs.Top(-1) {
			if h := refererHost([]byte(r.Key)); h != nil && site[siteKey(string(h))] && p.servedPage(r.Key) {
				n += r.Count - refs.offset
				if len(pages) < 3 {
					pages = append(pages, r.Key)
				}
				if i, _ := refs.find(maphash.String(sharedSeed, r.Key)); i >= 0 {
					if e := refs.examples[i]; e.Line > 0 && (ex.Line == 0 || earlier(e, ex)) {
						ex = e
					}
				}
			}
		}
		add(404, causeBrokenLink, min(n, p.codes[404]), ex, "linked from "+strings.Join(pages, ", "))
	}

	// Scanners: clients asking for many distinct missing paths.
	var scanN int64
	var scanners []string
	var scanEx Sample
	a.pruneScan(maxScanClients)
	states := make([]*scanState, 0, a.clients404.len())
	for i := range a.clients404.list {
		states = append(states, &a.clients404.list[i])
	}
	slices.SortFunc(states, func(x, y *scanState) int { return strings.Compare(x.client, y.client) })
	for _, s := range states {
		if s.distinct >= 10 && p.mostlyMissing(s) {
			scanN += s.n404
			scanners = append(scanners, fmt.Sprintf("%s (%d)", s.client, s.n404))
			if scanEx.Line == 0 {
				scanEx = s.example
			}
		}
	}
	if scanN > 0 {
		k := evKey{404, causeScanner}
		probe := int64(0)
		if ev := p.evidence[k]; ev != nil {
			probe = ev.n
		}
		// Probe paths and scanning clients overlap; count the larger.
		if scanN > probe {
			if len(scanners) > 3 {
				scanners = append(scanners[:3], "…")
			}
			ev := p.evidence[k]
			if ev == nil {
				ev = &evidence{example: scanEx}
				p.evidence[k] = ev
			}
			ev.n = min(scanN, p.codes[404])
			ev.detail = "clients with 10 or more distinct missing paths, mostly 404s: " + strings.Join(scanners, ", ")
		}
	}
	if ev := p.evidence[evKey{499, causeClientClosed}]; ev != nil && ev.detail == "" {
		if l := p.latCode[499]; l != nil && l.n > 0 {
			q := l.quantiles()
			ev.detail = fmt.Sprintf("clients gave up after %s at the median (p90 %s, max %s)", dur(q.P50), dur(q.P90), dur(q.Max))
		}
	}
	p.finishBursts()
	p.finishSingleClients(add)
}

// finishSingleClients adds the single-client cause where one client is
// behind most of a code's responses that no other cause explains.
func (p *Partial) finishSingleClients(add func(code int, c uint8, n int64, ex Sample, detail string)) {
	// One client behind most of a code's responses: say so, before the
	// operator goes looking in the application.
	for code, t := range p.codeClients {
		if t == nil || p.codes[code] < minSingleClient {
			continue
		}
		top := t.Top(1)
		if len(top) == 0 {
			continue
		}
		c := top[0]
		n := c.Count - c.Error // a lower bound beyond the table's capacity
		if 2*n <= p.codes[code] {
			continue
		}
		var ex Sample
		if i, _ := t.find(maphash.String(sharedSeed, c.Key)); i >= 0 {
			ex = t.examples[i]
		}
		detail := fmt.Sprintf("%s sent %d of the %d (%d%%)", c.Key, n, p.codes[code], 100*n/p.codes[code])
		all, ok := p.clients.lookup(maphash.String(sharedSeed, c.Key))
		switch {
		case ok && p.clients.offset == 0 && 10*all >= 9*p.requests:
			detail += ", and nearly all the traffic: likely a test or a developer"
		case code == 401 && n >= 20:
			detail += ": a brute-force attempt, or a client with a wrong password"
		}
		// It explains only what no other cause does: a scanner or a
		// broken link already says who and why.
		if rest := p.codes[code] - p.explained(code); rest > 0 {
			add(code, causeSingleClient, min(n, rest), ex, detail)
		}
	}
}

// siteHosts returns the host names of this site: the virtual hosts logged,
// and the most frequent host among the top referers when it accounts for at
// least a fifth of all referred requests (pages of a site link mostly to
// the site itself).
func siteHosts(a *accessState, referers *TopK) map[string]bool {
	site := map[string]bool{}
	for _, v := range a.vhosts.Top(-1) {
		site[siteKey(v.Key)] = true
	}
	hosts := map[string]int64{}
	for _, r := range referers.Top(-1) {
		if h := refererHost([]byte(r.Key)); h != nil {
			hosts[siteKey(string(h))] += r.Count
		}
	}
	best, bestN := "", int64(0)
	for h, n := range hosts {
		if n > bestN || n == bestN && h < best {
			best, bestN = h, n
		}
	}
	if bestN > 0 && bestN*5 >= referers.Total() {
		site[best] = true
	}
	return site
}

// mostlyMissing reports whether at least half of a client's requests were
// answered 404: a scanner's traffic, not a developer's browser that also
// hit a few missing images. A client the table no longer holds is judged
// by the bound of its count.
func (p *Partial) mostlyMissing(s *scanState) bool {
	total := p.clients.offset
	if n, ok := p.clients.lookup(maphash.String(sharedSeed, s.client)); ok {
		total += n
	}
	return 2*s.n404 >= total
}

// minSingleClient is how many responses a code needs before one client
// behind most of them is worth saying.
const minSingleClient = 10

// Minimums of the path facts that prove a moved resource or a case
// mismatch: one 200 then one 404 proves nothing.
const (
	minServed  = 2 // 2xx or 304 answers of the path (or its other spelling)
	minMissing = 2 // 404 or 410 answers of a moved path
	// minServedClients is how many distinct clients the path must have
	// been served to: one client's 2xx (a scanner that found the path, a
	// developer) does not show the resource was there for everyone.
	minServedClients = 2
)

// siteKey is the key of a host name in the site's set: lower case, without
// a "www." in front and without a port, so that example.com,
// www.example.com and WWW.example.com:443 are one site.
func siteKey(h string) string {
	h = strings.ToLower(h)
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		h = h[:i]
	}
	return strings.TrimPrefix(h, "www.")
}

// servedPage reports whether a referer URL names a page this log shows
// served (2xx or 304): a path that looks like a page (a directory, no
// extension, or a markup or script extension; not a .txt or .log file),
// kept in the path table with answers.
func (p *Partial) servedPage(ref string) bool {
	i := strings.Index(ref, "://")
	if i < 0 {
		return false
	}
	path := ref[i+3:]
	if j := strings.IndexByte(path, '/'); j >= 0 {
		path = path[j:]
	} else {
		path = "/"
	}
	if j := strings.IndexAny(path, "?#"); j >= 0 {
		path = path[:j]
	}
	if !pageLike(path) {
		return false
	}
	if p.group != nil {
		path = string(p.group.Group([]byte(path)))
	}
	j, _ := p.paths.find(maphash.String(sharedSeed, path))
	return j >= 0 && p.paths.info[j].served > 0
}

// pageLike reports whether a URL path can be a page that links: a
// directory, a name without extension, or markup and server scripts.
func pageLike(path string) bool {
	base := path[strings.LastIndexByte(path, '/')+1:]
	dot := strings.LastIndexByte(base, '.')
	if dot < 0 {
		return true
	}
	switch strings.ToLower(base[dot+1:]) {
	case "html", "htm", "xhtml", "shtml", "php", "asp", "aspx", "jsp", "cgi", "pl", "cfm", "do", "action":
		return true
	}
	return false
}

// finishBursts explains 503s clustered in minutes far above their usual
// rate: overload when the request rate was unusually high then,
// maintenance when nearly everything answered 503.
func (p *Partial) finishBursts() {
	if p.codes[503] == 0 || len(p.timeline) == 0 {
		return
	}
	minutes := make([]int64, 0, len(p.timeline))
	rates := make([]int64, 0, len(p.timeline))
	for m, b := range p.timeline {
		minutes = append(minutes, m)
		rates = append(rates, b.total())
	}
	slices.Sort(minutes)
	slices.Sort(rates)
	medianRate := max(rates[len(rates)/2], 1)
	var overload, maint int64
	for _, m := range minutes {
		b := p.timeline[m]
		n := b.code(503)
		if n < 5 {
			continue
		}
		switch {
		case n*10 >= b.total()*9:
			maint += n
		case b.total()*2 >= medianRate*3:
			overload += n
		}
	}
	remaining := p.codes[503] - p.explained(503)
	if o := min(overload, remaining); o > 0 {
		k := evKey{503, causeOverload}
		detail := fmt.Sprintf("503s in minutes with over 1.5× the median rate of %d requests/min", medianRate)
		if p.res > 1 {
			detail = fmt.Sprintf("503s in %d-minute periods with over 1.5× the median rate of %d requests per period", p.res, medianRate)
		}
		p.evidence[k] = &evidence{n: o, detail: detail}
		remaining -= o
	}
	if m := min(maint, remaining); m > 0 {
		k := evKey{503, causeMaintenance}
		p.evidence[k] = &evidence{n: m, detail: "minutes in which 90% or more of all requests answered 503, with no error-log cause"}
	}
}

// explained sums the requests of a code that evidence explains.
func (p *Partial) explained(code int) int64 {
	var n int64
	for k, ev := range p.evidence {
		if int(k.code) == code {
			n += ev.n
		}
	}
	return n
}

// maxTextbook is how many unconfirmed textbook causes a code lists after
// its confirmed ones, unless all are asked for.
const maxTextbook = 2

// causesFor returns the ranked causes of a code and the number of its
// requests no evidence explains.
func (p *Partial) causesFor(code int, count int64, inputs []string, allCauses bool) ([]CauseResult, int64) {
	var confirmed []CauseResult
	seen := map[string]bool{}
	type ranked struct {
		r        CauseResult
		errorLog bool
	}
	var rs []ranked
	for k, ev := range p.evidence {
		if int(k.code) != code || ev.n == 0 {
			continue
		}
		c := catalog[k.cause]
		r := CauseResult{ID: c.ID, Title: c.Title, Confidence: Confirmed, Evidence: ev.n, Advice: c.Advice, Detail: ev.detail}
		if ex := ev.example; ex.Line > 0 {
			r.Examples = append(r.Examples, exampleLine(ex, inputs))
		}
		if ex := ev.errLine; ex.Line > 0 {
			r.Examples = append(r.Examples, exampleLine(ex, inputs))
		}
		rs = append(rs, ranked{r, ev.errorLog})
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		if c := cmp.Compare(b.r.Evidence, a.r.Evidence); c != 0 {
			return c
		}
		if a.errorLog != b.errorLog {
			if a.errorLog {
				return -1
			}
			return 1
		}
		if ga, gb := generic[a.r.ID], generic[b.r.ID]; ga != gb {
			if gb {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.r.ID, b.r.ID)
	})
	var explained int64
	for _, r := range rs {
		confirmed = append(confirmed, r.r)
		seen[r.r.ID] = true
		explained += r.r.Evidence
	}
	for _, r := range p.demoted[code] {
		confirmed = append(confirmed, r)
		seen[r.ID] = true
	}
	textbook := 0
	for _, c := range TextbookCauses(code) {
		if !seen[c.ID] && (allCauses || textbook < maxTextbook) {
			confirmed = append(confirmed, CauseResult{ID: c.ID, Title: c.Title, Confidence: Textbook, Advice: c.Advice})
			textbook++
		}
	}
	if confirmed == nil {
		confirmed = []CauseResult{}
	}
	return confirmed, max(0, count-explained)
}

// exampleLine formats a sample as "file:line: text".
func exampleLine(s Sample, inputs []string) string {
	name := s.Input
	if name == "" && s.input >= 0 && s.input < len(inputs) {
		name = inputs[s.input]
	}
	return fmt.Sprintf("%s:%d: %s", name, s.Line, s.Excerpt)
}

// fmtTime formats Unix nanoseconds as RFC 3339 in the report's zone.
func fmtTime(ns int64, loc *time.Location) string {
	return time.Unix(0, ns).In(loc).Format(time.RFC3339)
}

// causeDocroot is the cause of the UntilRestart windows.
var causeDocroot = causeNum("docroot-missing")

// checkUntilRestart keeps the 404s a start-up warning explains (a
// DocumentRoot that does not exist) confirmed only when client errors are
// most of what the server answered while the warning held: the warning
// names one site's root, and a server whose other sites went on answering
// 2xx (several virtual hosts) has not lost its site. Else the cause is
// listed unconfirmed, saying why.
func (p *Partial) checkUntilRestart(windows []window) {
	k := evKey{404, causeDocroot}
	ev := p.evidence[k]
	if ev == nil || ev.n == 0 {
		return
	}
	var total, client, messages int64
	for _, w := range windows {
		if w.cause == causeDocroot {
			messages += w.messages
		}
	}
	for key, m := range p.timeline {
		from, to := key*60e9, (key+p.res)*60e9
		for _, w := range windows {
			if w.cause == causeDocroot && to > w.start && from <= w.end {
				total += m.total()
				client += m[4]
				break
			}
		}
	}
	if total == 0 || 2*client >= total {
		return
	}
	delete(p.evidence, k)
	c := catalog[causeDocroot]
	if p.demoted == nil {
		p.demoted = map[int][]CauseResult{}
	}
	p.demoted[404] = append(p.demoted[404], CauseResult{ID: c.ID, Title: c.Title, Confidence: Textbook, Advice: c.Advice,
		Detail: fmt.Sprintf("Apache warned that a DocumentRoot does not exist (%s), but only %s of the %s requests while the warning held were client errors: other sites went on answering, so the 404s are not all this site's; check which site the warning names",
			plural(messages, "message"), Percent(share(client, total)), Thousands(total))})
}
