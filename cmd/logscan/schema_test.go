package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/require"
)

// TestJSONMatchesSchema validates the JSON report of several inputs (the
// demo with its error log and incidents, a timed nginx log with latency, a
// window, mixed formats and malformed lines) against the JSON Schema that
// documents the logscan/v1 contract, docs/logscan-v1.schema.json.
func TestJSONMatchesSchema(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "docs", "logscan-v1.schema.json"))
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("logscan-v1.schema.json", doc))
	schema, err := c.Compile("logscan-v1.schema.json")
	require.NoError(t, err)

	dir := t.TempDir()
	timed := writeFile(t, dir, "timed.log", []byte(
		`192.0.2.1 - - [24/Nov/2026:10:00:00 +0100] "GET /a HTTP/1.1" 504 10 "-" "ua" 60.001`+"\n"+
			`192.0.2.1 - - [24/Nov/2026:10:00:01 +0100] "GET /b HTTP/1.1" 200 10 "-" "ua" 0.120`+"\n"+
			`192.0.2.2 - - [24/Nov/2026:10:00:02 +0100] "GET /c HTTP/1.1" 200 10 "-" "ua"`+"\n"+
			"garbage\n\n"))
	// Apache logging through syslog writes no time: its templates have no
	// first and last time, which JSON leaves out.
	syslog := writeFile(t, dir, "syslog-error.log", []byte(
		"Feb 15 16:23:00 web httpd[22034]: [core:error] [pid 22034] [client 192.0.2.1:5555] AH00126: Invalid URI in request GET /x HTTP/1.1\n"))
	out, errOut, _ := runCLI(t, "", "--json", timed, syslog)
	require.Contains(t, out, `"template": "Invalid URI in request`, errOut)
	require.NotContains(t, out, "0001-01-01")
	for _, args := range [][]string{
		{timed, syslog},
		{"--demo"},
		{timed},
		{"--since", "2026-11-24T10:00:01+01:00", timed},
		{filepath.Join(dir, "missing.log"), timed},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			out, errOut, _ := runCLI(t, "", append([]string{"--json"}, args...)...)
			v, err := jsonschema.UnmarshalJSON(strings.NewReader(out))
			require.NoError(t, err, errOut)
			require.NoError(t, schema.Validate(v))
		})
	}
}

// TestSchemaRejects makes sure the schema is strict enough to catch a broken
// contract: a renamed field, a wrong type, an unknown confidence.
func TestSchemaRejects(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "..", "docs", "logscan-v1.schema.json"))
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(f)
	f.Close()
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("s.json", doc))
	schema, err := c.Compile("s.json")
	require.NoError(t, err)
	out, _, _ := runCLI(t, "", "--json", "--demo")
	for _, mutate := range []func(string) string{
		func(s string) string {
			return strings.Replace(s, `"schema": "logscan/v1"`, `"schema": "logscan/v2"`, 1)
		},
		func(s string) string { return strings.Replace(s, `"requests":`, `"request_count":`, 1) },
		func(s string) string {
			return strings.Replace(s, `"confidence": "confirmed"`, `"confidence": "likely"`, 1)
		},
		func(s string) string { return strings.Replace(s, `"code": 503`, `"code": "503"`, 1) },
	} {
		v, err := jsonschema.UnmarshalJSON(strings.NewReader(mutate(out)))
		require.NoError(t, err)
		require.Error(t, schema.Validate(v))
	}
}

func TestFormatWithoutStatus(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "a.log", []byte("192.0.2.1 GET /a\n192.0.2.2 GET /b\n"))
	out, errOut, code := runCLI(t, "", "--json", "--log-format", "%h %m %U", p)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `"no_status": 2`)
	require.Contains(t, out, `"requests": 2`)
}
