package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/logscan/logscan/analyze"
)

// CheckReport is what `logscan check` prints: the verdict, what became of
// every input, the threshold results and the summary they were measured on.
// Every format prints the verdict [CheckReport.Decide] draws from the
// inputs, errors and results, and the command exits with the ExitCode it
// sets, so the report and the exit code cannot disagree.
type CheckReport struct {
	Schema string `json:"schema"` // "logscan/check/v1"
	// Pass is true only when ExitCode is 0.
	Pass bool `json:"pass"`
	// ExitCode is the exit code of the run: 0 every threshold holds, 1 a
	// threshold failed, 2 the gate could not judge (an input unreadable or
	// read only in part, or one of Errors).
	ExitCode int `json:"exit_code"`
	// Reason says in one sentence why the check did not pass; empty when it
	// passed.
	Reason string `json:"reason,omitempty"`
	// Inputs lists every input named, in the order given, with what became
	// of it (unreadable and incomplete ones included).
	Inputs []CheckInput `json:"inputs"`
	// Errors are the problems other than inputs that keep the gate from
	// judging: no request read, a threshold that could not be measured.
	Errors  []CheckError          `json:"errors,omitempty"`
	Results []analyze.CheckResult `json:"results"`
	Summary *analyze.Summary      `json:"summary"`
}

// States of a [CheckInput].
const (
	InputRead       = "read"       // read to its end
	InputIncomplete = "incomplete" // read only up to damage (a truncated .gz, a read error)
	InputUnreadable = "unreadable" // not read at all (missing, no permission, a damaged state)
)

// CheckInput is one input of a check and what became of it.
type CheckInput struct {
	Path string `json:"path"`
	// Kind is "access", "error", "unknown" or "state"; empty when the input
	// could not be opened.
	Kind string `json:"kind,omitempty"`
	// State is [InputRead], [InputIncomplete] or [InputUnreadable].
	State string `json:"state"`
	// Error says why an input is incomplete or unreadable.
	Error string `json:"error,omitempty"`
}

// Usable reports whether the gate can judge on the input: it was read to
// its end.
func (in CheckInput) Usable() bool { return in.State == InputRead }

// problem says what is wrong with an unusable input: "cannot read: no such
// file", "read only up to the damage: gzip data cut short".
func (in CheckInput) problem() string {
	what := in.State
	switch in.State {
	case InputUnreadable:
		what = "cannot read"
	case InputIncomplete:
		what = "read only up to the damage"
	}
	if in.Error == "" {
		return what
	}
	return what + ": " + in.Error
}

// Codes of a [CheckError].
const (
	// GateNoRequests: no request was read (empty input, every line
	// malformed, or a window that excludes every entry).
	GateNoRequests = "no-requests"
	// GateUnmeasured: a threshold could not be measured on the logs (a
	// status threshold when no entry had a status).
	GateUnmeasured = "unmeasured"
)

// CheckError is a problem that keeps the gate from judging.
type CheckError struct {
	Code    string `json:"code"` // GateNoRequests or GateUnmeasured
	Message string `json:"message"`
}

// Decide sets Pass, ExitCode and Reason from the inputs, the errors and the
// results: exit 2 when an input is unusable or there is an error, else 1
// when a threshold failed, else 0. The renderers decide the same way on a
// copy of the report, so what they print never depends on whether Decide
// was called.
func (r *CheckReport) Decide() {
	var reasons []string
	var bad []string
	for _, in := range r.Inputs {
		if !in.Usable() {
			bad = append(bad, fmt.Sprintf("%s (%s)", displayPath(in.Path), in.problem()))
		}
	}
	switch len(bad) {
	case 0:
	case 1:
		reasons = append(reasons, "an input is unusable: "+bad[0])
	default:
		reasons = append(reasons, fmt.Sprintf("%d inputs are unusable: %s", len(bad), strings.Join(bad, ", ")))
	}
	for _, e := range r.Errors {
		reasons = append(reasons, e.Message)
	}
	judged := len(reasons) == 0
	var failed, shown []string
	for _, res := range r.Results {
		if !res.Pass {
			failed = append(failed, res.Name)
			// When the gate cannot judge, thresholds it could not measure
			// are no news.
			if judged || res.Measured {
				shown = append(shown, res.Name)
			}
		}
	}
	if len(shown) > 0 {
		reasons = append(reasons, fmt.Sprintf("%d threshold(s) failed: %s", len(shown), strings.Join(shown, ", ")))
	}
	switch {
	case !judged:
		r.ExitCode = 2
	case len(failed) > 0:
		r.ExitCode = 1
	default:
		r.ExitCode = 0
	}
	r.Pass = r.ExitCode == 0
	r.Reason = strings.Join(reasons, "; ")
}

// decided returns a copy of r with its verdict set by [CheckReport.Decide].
func (r *CheckReport) decided() *CheckReport {
	c := *r
	c.Decide()
	return &c
}

// displayPath names standard input in messages.
func displayPath(p string) string {
	if p == "-" {
		return "standard input"
	}
	return p
}

// verdict is the last line of the text report: the outcome and, when the
// check did not pass, the exit code and the reason.
func verdict(r *CheckReport) string {
	if r.Pass {
		return "PASS"
	}
	return fmt.Sprintf("NOT PASSING (exit %d): %s", r.ExitCode, r.Reason)
}

// CheckText writes one line per threshold, PASS or FAIL with the measured
// value and the limit, and for each failure its top paths and confirmed
// causes. Log text (the top paths) is escaped as [Terminal] does; names and
// messages get the same escapes but keep their backslashes, as they are
// logscan's own text (see the package doc).
func CheckText(w io.Writer, r *CheckReport) error {
	r = r.decided()
	var b strings.Builder
	for _, res := range r.Results {
		status := "PASS"
		if !res.Pass {
			status = "FAIL"
		}
		fmt.Fprintf(&b, "%s  %-28s %s\n", status, TerminalMessage(res.Name), TerminalMessage(res.Message))
		for _, c := range res.Causes {
			fmt.Fprintf(&b, "        cause: %d %s: %s (explains %s)\n", c.Code, TerminalMessage(c.ID), TerminalMessage(c.Title), Thousands(c.Evidence))
		}
		for _, p := range res.TopPaths {
			fmt.Fprintf(&b, "      %8s  %s\n", Thousands(p.Count), Cut(Terminal(p.Key), 80))
		}
	}
	for _, in := range r.Inputs {
		if !in.Usable() {
			fmt.Fprintf(&b, "ERROR input %s: %s\n", Terminal(displayPath(in.Path)), TerminalMessage(in.problem()))
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "ERROR %s\n", TerminalMessage(e.Message))
	}
	failed := 0
	for _, res := range r.Results {
		if !res.Pass {
			failed++
		}
	}
	fmt.Fprintf(&b, "%d threshold(s), %d passed, %d failed\n", len(r.Results), len(r.Results)-failed, failed)
	b.WriteString(TerminalMessage(verdict(r)) + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// CheckJSON writes the check report as one JSON document, with the verdict
// [CheckReport.Decide] sets.
func CheckJSON(w io.Writer, r *CheckReport) error {
	d := r.decided()
	d.Inputs = slices.Clone(d.Inputs)
	for i := range d.Inputs {
		d.Inputs[i].Path = FileName(d.Inputs[i].Path)
	}
	d.Summary = jsonNames(d.Summary)
	return encodeJSON(w, d)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Classname string        `xml:"classname,attr"`
	Name      string        `xml:"name,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes the results as JUnit XML, as Jenkins and GitLab read it: one
// test case per threshold (with a failure when it failed), then one with an
// error per unusable input and per error of the report. Text is escaped as
// in [CheckText], then XML-escaped, so no control or format character
// reaches the document (XML could not hold most C0 controls anyway).
func JUnit(w io.Writer, r *CheckReport) error {
	r = r.decided()
	suite := junitSuite{Name: "logscan check", Time: "0"}
	for _, res := range r.Results {
		msg := TerminalMessage(res.Message)
		c := junitCase{Classname: "logscan.check", Name: TerminalMessage(res.Name), Time: "0", SystemOut: msg}
		if !res.Pass {
			suite.Failures++
			c.Failure = &junitFailure{Message: msg, Type: "threshold", Text: details(res)}
		}
		suite.Cases = append(suite.Cases, c)
	}
	for _, in := range r.Inputs {
		if in.Usable() {
			continue
		}
		msg := TerminalMessage(in.problem())
		suite.Errors++
		suite.Cases = append(suite.Cases, junitCase{Classname: "logscan.check.input", Name: "input " + Terminal(displayPath(in.Path)), Time: "0",
			Error: &junitFailure{Message: msg, Type: in.State, Text: msg}})
	}
	for _, e := range r.Errors {
		msg := TerminalMessage(e.Message)
		suite.Errors++
		suite.Cases = append(suite.Cases, junitCase{Classname: "logscan.check", Name: TerminalMessage(e.Code), Time: "0",
			Error: &junitFailure{Message: msg, Type: TerminalMessage(e.Code), Text: msg}})
	}
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Name: "logscan check", Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// details lists a failure's message, causes and top paths, one per line,
// each escaped as in [CheckText] (so a line holds no newline of its own).
func details(res analyze.CheckResult) string {
	var b strings.Builder
	b.WriteString(TerminalMessage(res.Message))
	for _, c := range res.Causes {
		fmt.Fprintf(&b, "\ncause: %d %s: %s (explains %d)", c.Code, TerminalMessage(c.ID), TerminalMessage(c.Title), c.Evidence)
	}
	for _, p := range res.TopPaths {
		fmt.Fprintf(&b, "\n%d %s", p.Count, Terminal(p.Key))
	}
	return b.String()
}

// GitHub writes GitHub Actions workflow commands: an ::error annotation for
// each failed threshold, a plain line for each passed one, and an ::error
// annotation for each unusable input and each error of the report, so a
// check that does not pass always prints at least one. Text is escaped
// as in [CheckText], then as the runner requires (%, CR, LF, and in the
// title : and ,), so log text cannot start a command of its own nor drive
// the log viewer.
func GitHub(w io.Writer, r *CheckReport) error {
	r = r.decided()
	var b strings.Builder
	for _, res := range r.Results {
		if res.Pass {
			fmt.Fprintf(&b, "logscan check: PASS %s: %s\n", TerminalMessage(res.Name), TerminalMessage(res.Message))
			continue
		}
		fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty("logscan check: "+TerminalMessage(res.Name)), ghData(details(res)))
	}
	for _, in := range r.Inputs {
		if !in.Usable() {
			fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty("logscan check: input "+Terminal(displayPath(in.Path))), ghData(TerminalMessage(in.problem())))
		}
	}
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty("logscan check: "+TerminalMessage(e.Code)), ghData(TerminalMessage(e.Message)))
	}
	if !r.Pass {
		fmt.Fprintf(&b, "logscan check: %s\n", TerminalMessage(verdict(r)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// ghData escapes text already escaped as in [CheckText] (lines joined by
// newlines) as workflow command data: % as %25, CR as %0D, LF as %0A.
func ghData(s string) string {
	s = strings.ReplaceAll(s, "%", "%25")
	s = strings.ReplaceAll(s, "\r", "%0D")
	return strings.ReplaceAll(s, "\n", "%0A")
}

// ghProperty escapes text already escaped as in [CheckText] as a workflow
// command property: as [ghData] does, and : as %3A, , as %2C.
func ghProperty(s string) string {
	s = ghData(s)
	s = strings.ReplaceAll(s, ":", "%3A")
	return strings.ReplaceAll(s, ",", "%2C")
}
