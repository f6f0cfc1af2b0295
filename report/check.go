package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/logscan/logscan/analyze"
)

// CheckReport is what `logscan check` prints: the threshold results with the
// summary they were measured on.
type CheckReport struct {
	Schema  string                `json:"schema"` // "logscan/check/v1"
	Pass    bool                  `json:"pass"`
	Results []analyze.CheckResult `json:"results"`
	Summary *analyze.Summary      `json:"summary"`
}

// CheckText writes one line per threshold, PASS or FAIL with the measured
// value and the limit, and for each failure its top paths and confirmed
// causes. Log text (the top paths) is escaped as [Terminal] does; names and
// messages get the same escapes but keep their backslashes, as they are
// logscan's own text (see the package doc).
func CheckText(w io.Writer, r *CheckReport) error {
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
	failed := 0
	for _, res := range r.Results {
		if !res.Pass {
			failed++
		}
	}
	fmt.Fprintf(&b, "%d threshold(s), %d passed, %d failed\n", len(r.Results), len(r.Results)-failed, failed)
	_, err := io.WriteString(w, b.String())
	return err
}

// CheckJSON writes the check report as one JSON document.
func CheckJSON(w io.Writer, r *CheckReport) error {
	return encodeJSON(w, r)
}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
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
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes the results as JUnit XML, one test case per threshold, as
// Jenkins and GitLab read it. Text is escaped as in [CheckText], then
// XML-escaped, so no control or format character reaches the document (XML
// could not hold most C0 controls anyway).
func JUnit(w io.Writer, r *CheckReport) error {
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
	suite.Tests = len(suite.Cases)
	doc := junitSuites{Name: "logscan check", Tests: suite.Tests, Failures: suite.Failures, Suites: []junitSuite{suite}}
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
// each failed threshold, a plain line for each passed one. Text is escaped
// as in [CheckText], then as the runner requires (%, CR, LF, and in the
// title : and ,), so log text cannot start a command of its own nor drive
// the log viewer.
func GitHub(w io.Writer, r *CheckReport) error {
	var b strings.Builder
	for _, res := range r.Results {
		if res.Pass {
			fmt.Fprintf(&b, "logscan check: PASS %s: %s\n", TerminalMessage(res.Name), TerminalMessage(res.Message))
			continue
		}
		fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty("logscan check: "+TerminalMessage(res.Name)), ghData(details(res)))
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
