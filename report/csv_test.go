package report

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCSVGolden(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, CSV(&b, summaryOf(t, "mixed.log")))
	golden(t, "mixed.csv.golden", b.Bytes())
	readCSV(t, b.Bytes())
}

// readCSV parses a CSV report, checking that every row has the header's
// columns and that no cell could be read as a spreadsheet formula.
func readCSV(t *testing.T, out []byte) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(out))
	r.FieldsPerRecord = len(CSVHeader)
	rows, err := r.ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, rows)
	assert.Equal(t, CSVHeader, rows[0])
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Fatalf("cell %q of row %q could run as a formula", cell, row)
			}
		}
	}
	return rows
}

func TestCSVHostile(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, CSV(&b, hostileSummary(t)))
	requireNoControl(t, b.Bytes())
	rows := readCSV(t, b.Bytes())
	find := func(section, key string) []string {
		for _, r := range rows {
			if r[0] == section && r[1] == key {
				return r
			}
		}
		t.Fatalf("no row %s,%s", section, key)
		return nil
	}
	assert.Equal(t, []string{"top_referer", `'=HYPERLINK("http://evil")`, "1", "0.02439", "", "", "", "", ""}, find("top_referer", `'=HYPERLINK("http://evil")`))
	find("top_referer", `'=HYPERLINK(\\"http://evil\\")`) // \" as it is in mixed.log, its backslashes doubled
	find("top_user_agent", "'+cmd|calc")
	find("top_client", "'@SUM(1+1)*cmd|' /C calc'!A0")
	find("cause_example", `'=HYPERLINK("http://evil")`)
	m := find("malformed", "'-evil|<b>.log:7")
	assert.Equal(t, "missing fields", m[5])
	assert.Equal(t, `'-2+3\x09<img src=x onerror=alert(1)>\x0d\x0a[x](javascript:alert(1)) **b** _i_ # h`, m[8])
	find("top_path", "/<script>alert(1)</script>|x`y")
	lat := find("latency", "p99")
	assert.Equal(t, []string{"latency", "p99", "41", "", "", "", "", "1.5", ""}, lat)
	code := find("code", "404")
	assert.Equal(t, []string{"code", "404", "7", "0.170732", "404", "Not Found", "4", "", ""}, code)
	// The new sections: input notes, incident, cause evidence, error log.
	assert.Equal(t, []string{"input", "'=evil|<i>unknown</i>.log", "0", "", "", "unknown", "", "", "combined"}, find("input", "'=evil|<i>unknown</i>.log"))
	assert.Equal(t, []string{"input_continuation", "error.log", "2", "", "", "", "", "", ""}, find("input_continuation", "error.log"))
	var formats [][]string
	for _, r := range rows {
		if r[0] == "input_format" {
			formats = append(formats, r)
		}
	}
	assert.Equal(t, [][]string{{"input_format", "mixed.log", "39", "", "", "", "", "", "combined"},
		{"input_format", "mixed.log", "2", "", "", "", "", "", "common"}}, formats)
	assert.Equal(t, []string{"incident_condition", "2015-05-18T09:00:00Z", "2", "", "", "mpm-limits", "", "",
		`error.log:3: [error] \x1b[31mred\x1b]0;title\x07 "><img src=x onerror=alert(1)>\x7f\u{009b}\u{202e} ` + hostileMarkdown},
		find("incident_condition", "2015-05-18T09:00:00Z"))
	assert.Equal(t, []string{"incident", "2015-05-18T09:00:00Z", "9", "", "", "requests", "", "180", "2015-05-18T09:03:00Z"},
		find("incident", "2015-05-18T09:00:00Z"))
	assert.Equal(t, "missing-file", find("cause_detail", "linked from "+hostileMarkdown)[8])
	assert.Equal(t, []string{"error_module", `'=HYPERLINK("http://evil")`, "1", "0.25", "", "", "", "", ""}, find("error_module", `'=HYPERLINK("http://evil")`))
	assert.Equal(t, []string{"error_template", "File does not exist: " + hostilePath, "3", "0.75", "AH00128", "error", "", "90",
		"2015-05-18T09:00:00Z/2015-05-18T09:01:30Z"}, find("error_template", "File does not exist: "+hostilePath))
	assert.Equal(t, "File does not exist: "+hostilePath, find("error_example", `'-2+3\x09<img src=x onerror=alert(1)>\x0d\x0a[x](javascript:alert(1)) **b** _i_ # h`)[8])
	assert.Equal(t, `'=HYPERLINK("http://evil")`, find("error_template", `'=HYPERLINK("http://evil")`)[1])
	assert.Equal(t, "UTC+0000, the offset of the access log mixed.log", find("summary", "error_entries")[8])
}

// TestCSVErrorLogFields checks the error-log fields the hostile summary
// leaves plain (the zone note names a file; level and code come from the
// log) with hostile text of their own.
func TestCSVErrorLogFields(t *testing.T) {
	s := hostileSummary(t)
	s.Errors.Zone = "=cmd|calc " + hostileAgent
	s.Errors.Templates[0].Level, s.Errors.Templates[0].Code = "@SUM(1)", "=1+1"
	var b bytes.Buffer
	require.NoError(t, CSV(&b, s))
	requireNoControl(t, b.Bytes())
	readCSV(t, b.Bytes())
}

func ExampleCSVCell() {
	fmt.Println(CSVCell(`=HYPERLINK("http://evil")`))
	fmt.Println(CSVCell("+cmd|calc"))
	fmt.Println(CSVCell("/index.html"))
	// Output:
	// '=HYPERLINK("http://evil")
	// '+cmd|calc
	// /index.html
}

func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"/plain", "/plain"},
		{"=1+1", "'=1+1"},
		{"+cmd|calc", "'+cmd|calc"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", `'\x09=1`},
		{"\r=1", `'\x0d=1`},
		{"a=1", "a=1"},
		{" =1", " =1"},
		{"x\x1b[31m\x07\x00", `x\x1b[31m\x07\x00`},
		{"line\nbreak", `line\x0abreak`},
		{"\"quoted\", comma", "\"quoted\", comma"},
		{"ünïcode", "ünïcode"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, CSVCell(tc.in), "%q", tc.in)
	}
}
