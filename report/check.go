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
// causes.
func CheckText(w io.Writer, r *CheckReport) error {
	var b strings.Builder
	for _, res := range r.Results {
		status := "PASS"
		if !res.Pass {
			status = "FAIL"
		}
		fmt.Fprintf(&b, "%s  %-28s %s\n", status, res.Name, Terminal(res.Message))
		for _, c := range res.Causes {
			fmt.Fprintf(&b, "        cause: %d %s: %s (explains %s)\n", c.Code, c.ID, c.Title, Thousands(c.Evidence))
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
// Jenkins and GitLab read it. Log text is XML-escaped (characters XML cannot
// hold become U+FFFD).
func JUnit(w io.Writer, r *CheckReport) error {
	suite := junitSuite{Name: "logscan check", Time: "0"}
	for _, res := range r.Results {
		c := junitCase{Classname: "logscan.check", Name: res.Name, Time: "0", SystemOut: res.Message}
		if !res.Pass {
			suite.Failures++
			c.Failure = &junitFailure{Message: res.Message, Type: "threshold", Text: details(res)}
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

// details lists a failure's causes and top paths, one per line.
func details(res analyze.CheckResult) string {
	var b strings.Builder
	b.WriteString(res.Message)
	for _, c := range res.Causes {
		fmt.Fprintf(&b, "\ncause: %d %s: %s (explains %d)", c.Code, c.ID, c.Title, c.Evidence)
	}
	for _, p := range res.TopPaths {
		fmt.Fprintf(&b, "\n%d %s", p.Count, Terminal(p.Key))
	}
	return b.String()
}

// GitHub writes GitHub Actions workflow commands: an ::error annotation for
// each failed threshold, a plain line for each passed one. Message text is
// escaped as the runner requires (%, CR, LF), so log text cannot start a
// command of its own.
func GitHub(w io.Writer, r *CheckReport) error {
	var b strings.Builder
	for _, res := range r.Results {
		if res.Pass {
			fmt.Fprintf(&b, "logscan check: PASS %s: %s\n", res.Name, Terminal(res.Message))
			continue
		}
		fmt.Fprintf(&b, "::error title=%s::%s\n", ghProperty("logscan check: "+res.Name), ghData(details(res)))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func ghData(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.ReplaceAll(Terminal(l), "%", "%25")
	}
	return strings.Join(lines, "%0A")
}

func ghProperty(s string) string {
	s = ghData(s)
	s = strings.ReplaceAll(s, ":", "%3A")
	return strings.ReplaceAll(s, ",", "%2C")
}
