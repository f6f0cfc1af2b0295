package analyze

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
)

// This file writes the report's first section: at most five ranked
// sentences that say what went wrong, built from the codes, causes,
// incidents and error-log summary the rest of the report shows.

// Finding is one sentence of the "Findings" section (JSON findings[]).
type Finding struct {
	// Kind is FindingWebshell, FindingFailure, FindingErrorLog, FindingNoise
	// or FindingOK.
	Kind string `json:"kind"`
	// Code is the status code the finding is about; null for an error-log
	// finding, the noise line and the all-clear line.
	Code *int `json:"code"`
	// Cause is the cause id: confirmed when Confirmed, else the first
	// textbook cause of the code; null when there is none.
	Cause *string `json:"cause"`
	// Requests is the number of requests the finding is about: those the
	// confirmed cause explains, or those of the code no cause explains.
	Requests  int64 `json:"requests"`
	Confirmed bool  `json:"confirmed"`
	// From and To bound the incident the code was part of (or the error-log
	// template's first and last entry), when there is one.
	From *time.Time `json:"from,omitempty"`
	To   *time.Time `json:"to,omitempty"`
	Text string     `json:"text"`
}

// Kinds of [Finding].
const (
	FindingFailure  = "failure"   // requests answered with an error code
	FindingErrorLog = "error-log" // an emerg, alert or crit message of the error log
	FindingNoise    = "noise"     // the routine noise of every public server, in one line
	FindingOK       = "ok"        // nothing is wrong: the first and only failure-free line
	FindingWebshell = "webshell"  // a request ran a shell command and the error log holds its output
)

// maxFindings bounds the section.
const maxFindings = 5

// Thresholds for client errors that no cause explains: such a code is a
// finding only when it is at least minUnexplainedShare of all requests and
// minUnexplained requests; server errors always are.
const (
	minUnexplainedShare = 0.05
	minUnexplained      = 10
)

// noiseCauses are the causes every server on the internet sees: probes
// and the normal authentication challenge. They rank below real failures
// and share one line.
var noiseCauses = map[string]bool{"scanner": true, "binary-probe": true, "no-credentials": true}

// routinePath reports whether a path is one that browsers and crawlers ask
// for whether or not the site has it, so that its 404s are routine.
func routinePath(p string) bool {
	p = strings.ToLower(p)
	switch p {
	case "/robots.txt", "/favicon.ico", "/ads.txt", "/sitemap.xml", "/humans.txt", "/security.txt", "/crossdomain.xml":
		return true
	}
	return strings.HasPrefix(p, "/apple-touch-icon") || strings.HasPrefix(p, "/.well-known/")
}

// findings ranks what went wrong: server errors before client errors,
// confirmed causes before textbook ones, then by requests, ties by code,
// cause id and text. Routine noise is one line below the failures; with no
// failure, the first line says that nothing is wrong.
func findings(s *Summary) []Finding {
	type ranked struct {
		f      Finding
		server bool
	}
	var out []ranked
	var noiseN int64
	var noiseParts []string
	addNoise := func(n int64, what string) {
		noiseN += n
		noiseParts = append(noiseParts, what)
	}
	for _, c := range s.Codes {
		if c.Code < 400 {
			continue
		}
		code := c.Code
		from, to := incidentOf(s.Incidents, code)
		unexplained := c.Unexplained
		var textbook *CauseResult
		for i := range c.Causes {
			r := &c.Causes[i]
			if r.Confidence != Confirmed {
				if textbook == nil {
					textbook = r
				}
				continue
			}
			if noiseCauses[r.ID] {
				addNoise(r.Evidence, fmt.Sprintf("%s %s", plural(r.Evidence, fmt.Sprintf("%d", code)+" response"), noiseName(r.ID)))
				continue
			}
			id := r.ID
			f := Finding{Kind: FindingFailure, Code: &code, Cause: &id, Requests: r.Evidence, Confirmed: true, From: from, To: to}
			f.Text = fmt.Sprintf("%s, confirmed: %s%s", codeText(c, r.Evidence, s.Requests, from, to), lowerFirst(r.Title), conditionNote(s.Incidents, code, id))
			out = append(out, ranked{f, code >= 500})
		}
		if unexplained <= 0 {
			continue
		}
		// 404s of paths every crawler asks for are routine.
		if code == 404 {
			var routine int64
			for _, p := range c.TopPaths {
				if routinePath(p.Key) {
					routine += p.Count
				}
			}
			if routine = min(routine, unexplained); routine > 0 {
				addNoise(routine, plural(routine, "404")+" for robots.txt, favicon.ico and the like")
				unexplained -= routine
			}
		}
		if unexplained <= 0 {
			continue
		}
		if code < 500 && (unexplained < minUnexplained || share(unexplained, s.Requests) < minUnexplainedShare) {
			continue
		}
		f := Finding{Kind: FindingFailure, Code: &code, Requests: unexplained, From: from, To: to}
		what := "not explained by the logs"
		if unexplained < c.Count {
			what = "not explained by the logs (the rest is above)"
		}
		f.Text = codeText(c, unexplained, s.Requests, from, to) + ", " + what
		if textbook != nil {
			id := textbook.ID
			f.Cause = &id
			f.Text += "; first suspect (unconfirmed): " + lowerFirst(textbook.Title)
		}
		out = append(out, ranked{f, code >= 500})
	}
	if w := s.Webshell; w != nil {
		code := w.Status
		f := Finding{Kind: FindingWebshell, Code: &code, Requests: 1, Confirmed: true, From: w.At, To: w.At}
		f.Text = fmt.Sprintf("a web shell ran commands, confirmed: %s was answered %d, and the error log holds the command's output: %s", w.Request, w.Status, w.Output)
		out = append(out, ranked{f, true})
	}
	if s.Errors != nil {
		for _, t := range s.Errors.Templates {
			switch t.Level {
			case "emerg", "alert", "crit":
			default:
				continue
			}
			f := Finding{Kind: FindingErrorLog, Requests: 0, Confirmed: true}
			if !t.First.IsZero() {
				first, last := t.First, t.Last
				f.From, f.To = &first, &last
			}
			f.Text = fmt.Sprintf("error log: %s at level %s: %s%s", plural(t.Count, "message"), t.Level, t.Template, spanNote(f.From, f.To))
			out = append(out, ranked{f, true})
		}
	}
	slices.SortStableFunc(out, func(a, b ranked) int {
		if aw, bw := a.f.Kind == FindingWebshell, b.f.Kind == FindingWebshell; aw != bw {
			if aw {
				return -1 // an intruder comes before every failure
			}
			return 1
		}
		if a.server != b.server {
			if a.server {
				return -1
			}
			return 1
		}
		if a.f.Confirmed != b.f.Confirmed {
			if a.f.Confirmed {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.f.Requests, a.f.Requests); c != 0 {
			return c
		}
		if c := cmp.Compare(deref(a.f.Code), deref(b.f.Code)); c != 0 {
			return c
		}
		if c := cmp.Compare(derefS(a.f.Cause), derefS(b.f.Cause)); c != 0 {
			return c
		}
		return cmp.Compare(a.f.Text, b.f.Text)
	})
	fs := make([]Finding, 0, maxFindings)
	if len(out) == 0 {
		text := "nothing looks wrong: no server errors"
		if s.Classes["4xx"] > 0 {
			text += ", and no client error stands out"
		}
		if s.Requests == 0 {
			text = "nothing to judge: no request was read"
		}
		fs = append(fs, Finding{Kind: FindingOK, Text: text})
	}
	for _, r := range out {
		if len(fs) == maxFindings {
			break
		}
		fs = append(fs, r.f)
	}
	if noiseN > 0 && len(fs) < maxFindings {
		fs = append(fs, Finding{Kind: FindingNoise, Requests: noiseN, Confirmed: true,
			Text: "routine noise: " + strings.Join(noiseParts, "; ")})
	}
	return fs
}

// codeText is "503 Service Unavailable on 40 requests (5.8%), 10:40–10:44":
// n requests of code c among total, with the incident's span when given.
func codeText(c Code, n, total int64, from, to *time.Time) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d %s on ", c.Code, c.Meaning)
	if n < c.Count {
		fmt.Fprintf(&b, "%s of %s", Thousands(n), plural(c.Count, "request"))
	} else {
		b.WriteString(plural(n, "request"))
	}
	fmt.Fprintf(&b, " (%s of all)", Percent(share(n, total)))
	b.WriteString(spanNote(from, to))
	return b.String()
}

// spanNote is ", 10:40–10:44" (with the date when the ends are on
// different days, and the first time alone when they are equal).
func spanNote(from, to *time.Time) string {
	if from == nil || to == nil {
		return ""
	}
	if from.Equal(*to) {
		return ", at " + from.Format("2006-01-02 15:04")
	}
	if from.Format("2006-01-02") == to.Format("2006-01-02") {
		return ", " + from.Format("2006-01-02 15:04") + "–" + to.Format("15:04")
	}
	return ", " + from.Format("2006-01-02 15:04") + "–" + to.Format("2006-01-02 15:04")
}

// incidentOf returns the span of the incident with the most responses of
// code (the earliest on a tie), or nils.
func incidentOf(incs []Incident, code int) (from, to *time.Time) {
	var best int64
	for i := range incs {
		for _, cc := range incs[i].Codes {
			if cc.Code == code && cc.Count > best {
				best = cc.Count
				f, t := incs[i].Start, incs[i].End
				from, to = &f, &t
			}
		}
	}
	return from, to
}

// conditionNote is " (3 error-log lines)" when an incident of code holds
// server-wide error-log messages of the cause.
func conditionNote(incs []Incident, code int, cause string) string {
	var n int64
	for _, in := range incs {
		if !slices.ContainsFunc(in.Codes, func(cc CodeCount) bool { return cc.Code == code }) {
			continue
		}
		for _, c := range in.Conditions {
			if c.Cause == cause {
				n += c.Messages
			}
		}
	}
	if n == 0 {
		return ""
	}
	return " (" + plural(n, "error-log line") + ")"
}

// noiseName names a noise cause in the noise line.
func noiseName(id string) string {
	switch id {
	case "scanner":
		return "from scanners probing for known paths"
	case "binary-probe":
		return "of non-HTTP bytes (TLS or proxy probes on a plain port)"
	case "no-credentials":
		return "of the normal authentication challenge"
	}
	return id
}

func plural(n int64, what string) string {
	if n == 1 {
		return "1 " + what
	}
	if strings.HasSuffix(what, "s") {
		return Thousands(n) + " " + what + "es"
	}
	return Thousands(n) + " " + what + "s"
}

// Thousands formats n with comma separators: 1234567 → "1,234,567".
func Thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	if n < 0 {
		return "-" + Thousands(-n)
	}
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// Percent formats a share as "12.3%" ("<0.1%" for a tiny one).
func Percent(f float64) string {
	if f > 0 && f < 0.0005 {
		return "<0.1%"
	}
	return strconv.FormatFloat(f*100, 'f', 1, 64) + "%"
}

func lowerFirst(s string) string {
	if s == "" || len(s) > 1 && s[1] >= 'A' && s[1] <= 'Z' { // keep acronyms: "PHP-FPM ..."
		return s
	}
	if s[0] >= 'A' && s[0] <= 'Z' {
		return string(s[0]+'a'-'A') + s[1:]
	}
	return s
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

func derefS(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
