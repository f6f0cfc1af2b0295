package analyze

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestFindings(t *testing.T) {
	at := time.Date(2026, 11, 24, 14, 2, 0, 0, time.FixedZone("", 3600))
	confirmed := func(id string, n int64) CauseResult {
		c, _ := CauseByID(id)
		return CauseResult{ID: id, Title: c.Title, Confidence: Confirmed, Evidence: n}
	}
	textbook := func(id string) CauseResult {
		c, _ := CauseByID(id)
		return CauseResult{ID: id, Title: c.Title, Confidence: Textbook}
	}
	code := func(c int, n int64, causes ...CauseResult) Code {
		un := n
		for _, r := range causes {
			un -= r.Evidence
		}
		return Code{Code: c, Count: n, Meaning: Meaning(c), Causes: causes, Unexplained: un}
	}
	tests := []struct {
		name string
		s    Summary
		want []string // "kind code cause confirmed" of each finding, in order
		text []string // substrings of the texts, in order (optional)
	}{
		{
			name: "nothing wrong",
			s:    Summary{Requests: 100, Classes: map[string]int64{"2xx": 100}},
			want: []string{"ok - - false"},
			text: []string{"nothing looks wrong: no server errors"},
		},
		{
			name: "no requests",
			s:    Summary{Classes: map[string]int64{}},
			want: []string{"ok - - false"},
			text: []string{"no request was read"},
		},
		{
			name: "server before client, confirmed before textbook, then by requests",
			s: Summary{Requests: 1000, Classes: map[string]int64{"4xx": 300, "5xx": 50},
				Codes: []Code{
					code(404, 300, confirmed("missing-file", 250), textbook("moved-resource")),
					code(502, 30, confirmed("backend-down", 10), textbook("backend-bad-response")),
					code(503, 20, confirmed("mpm-limits", 20)),
				},
				Incidents: []Incident{{Start: at, End: at.Add(7 * time.Minute), Codes: []CodeCount{{503, 20}},
					Conditions: []Condition{{Cause: "mpm-limits", Messages: 12}}}},
			},
			want: []string{"failure 503 mpm-limits true", "failure 502 backend-down true", "failure 502 backend-bad-response false",
				"failure 404 missing-file true", "failure 404 moved-resource false"},
			text: []string{"503 Service Unavailable on 20 requests (2.0% of all), 2026-11-24 14:02–14:09, confirmed: the server ran out of worker slots (12 error-log lines)",
				"502 Bad Gateway on 10 of 30 requests", "not explained", "404 Not Found on 250 of 300", "first suspect (unconfirmed)"},
		},
		{
			name: "a few unexplained 404s are no finding; scanners, challenges and robots.txt are one noise line",
			s: Summary{Requests: 1000, Classes: map[string]int64{"4xx": 120},
				Codes: []Code{
					func() Code {
						c := code(404, 100, confirmed("scanner", 80), textbook("missing-file"))
						c.TopPaths = []Counted{{Key: "/robots.txt", Count: 15}, {Key: "/x", Count: 5}}
						return c
					}(),
					code(401, 20, confirmed("no-credentials", 20)),
				},
			},
			want: []string{"ok - - false", "noise - - true"},
			text: []string{"no client error stands out", "routine noise: 80 404 responses from scanners probing for known paths; 15 404s for robots.txt"},
		},
		{
			name: "many unexplained client errors are a finding",
			s: Summary{Requests: 1000, Classes: map[string]int64{"4xx": 200},
				Codes: []Code{code(403, 200, textbook("deny-rule"))}},
			want: []string{"failure 403 deny-rule false"},
			text: []string{"403 Forbidden on 200 requests (20.0% of all), not explained by the logs; first suspect (unconfirmed): an access rule refused the client"},
		},
		{
			name: "an emerg configuration failure ranks among server problems",
			s: Summary{Requests: 10, Classes: map[string]int64{"2xx": 10},
				Codes: []Code{code(404, 10, textbook("missing-file"))},
				Errors: &ErrorSummary{Templates: []Template{
					{Template: "bind() to <addr> failed (98: Address already in use)", Level: "emerg", Count: 3, First: at, Last: at},
					{Template: "something else", Level: "error", Count: 30},
				}}},
			want: []string{"error-log - - true", "failure 404 missing-file false"},
			text: []string{"error log: 3 messages at level emerg: bind() to <addr> failed (98: Address already in use), at 2026-11-24 14:02"},
		},
		{
			name: "at most five, noise left out when they are full",
			s: Summary{Requests: 100, Classes: map[string]int64{"5xx": 60},
				Codes: []Code{code(500, 10, confirmed("app-error", 10)), code(501, 10, confirmed("binary-probe", 10)), code(502, 10, confirmed("backend-down", 10)),
					code(503, 10, confirmed("overload", 10)), code(504, 10, confirmed("upstream-timeout", 10)), code(507, 10, confirmed("insufficient-storage", 10))}},
			want: []string{"failure 500 app-error true", "failure 502 backend-down true", "failure 503 overload true", "failure 504 upstream-timeout true", "failure 507 insufficient-storage true"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs := findings(&tc.s)
			var got []string
			for _, f := range fs {
				c, id := "-", "-"
				if f.Code != nil {
					c = fmt.Sprint(*f.Code)
				}
				if f.Cause != nil {
					id = *f.Cause
				}
				got = append(got, fmt.Sprintf("%s %s %s %v", f.Kind, c, id, f.Confirmed))
			}
			assert.Equal(t, tc.want, got)
			j := 0
			for _, f := range fs {
				for j < len(tc.text) && strings.Contains(f.Text, tc.text[j]) {
					j++
				}
			}
			if j < len(tc.text) {
				t.Errorf("texts %q: %q not found in order", findingTexts(fs), tc.text[j])
			}
		})
	}
}

func findingTexts(fs []Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Text)
	}
	return out
}
