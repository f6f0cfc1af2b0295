// Package duckdb checks logscan's Parquet export with a real engine: the
// DuckDB recipes of docs/engines.md, run on exported files, must give what
// logscan's own JSON report and JSON Lines give on the same logs. It is a
// module of its own so that the main module does not depend on cgo.
package duckdb

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/export"
)

// root is the logscan checkout this module sits in.
const root = "../.."

// bin holds the logscan and loggen binaries built for the run.
var bin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "logscan-duckdb")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	bin = dir
	for _, cmd := range []string{"logscan", "loggen"} {
		b := exec.Command("go", "build", "-o", filepath.Join(dir, cmd), "./cmd/"+cmd)
		b.Dir = root
		if out, err := b.CombinedOutput(); err != nil {
			fmt.Fprintf(os.Stderr, "build %s: %v\n%s", cmd, err, out)
			os.Exit(1)
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// logscan runs the logscan binary and returns its stdout; it fails the test
// on an exit code other than want.
func logscan(t *testing.T, want int, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(filepath.Join(bin, "logscan"), args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	require.Equal(t, want, code, "logscan %s: %s", strings.Join(args, " "), stderr.String())
	return stdout.Bytes()
}

// recipes reads the DuckDB recipes of docs/engines.md: each SQL block that
// follows a "<!-- recipe: NAME -->" line, by name.
func recipes(t *testing.T) map[string]string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join(root, "docs", "engines.md"))
	require.NoError(t, err)
	re := regexp.MustCompile("(?s)<!-- recipe: ([a-z-]+) -->\n```sql\n(.*?)```")
	out := map[string]string{}
	for _, m := range re.FindAllStringSubmatch(string(doc), -1) {
		out[m[1]] = m[2]
	}
	require.NotEmpty(t, out, "no recipe in docs/engines.md")
	return out
}

// query runs a recipe with its file names replaced by the files given.
func query(t *testing.T, db *sql.DB, recipe string, files map[string]string) *sql.Rows {
	t.Helper()
	for name, path := range files {
		recipe = strings.ReplaceAll(recipe, "'"+name+"'", "'"+path+"'")
	}
	rows, err := db.Query(recipe)
	require.NoError(t, err, recipe)
	return rows
}

// report is what the test reads of logscan's JSON report.
type report struct {
	Requests  int64
	Malformed int64
	Inputs    []struct {
		Path      string
		Kind      string
		Entries   int64
		Malformed int64
	}
	Codes []struct {
		Code   int
		Count  int64
		Causes []struct {
			ID         string
			Confidence string
			Evidence   int64
		}
	}
}

func openDB(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("duckdb", "")
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	_, err = db.Exec("SET TimeZone = 'UTC'")
	require.NoError(t, err)
	return db
}

// TestRecipesMatchReport exports generated logs (with malformed lines and
// a burst of 503s) and the bundled sample (an access log and the error log
// that explains its errors), runs the recipes and compares.
func TestRecipesMatchReport(t *testing.T) {
	dir := t.TempDir()
	gen := filepath.Join(dir, "generated.log")
	out, err := exec.Command(filepath.Join(bin, "loggen"), "-size", "6M", "-seed", "3", "-incident", "1h+10m", "-malformed", "0.002", "-o", gen).CombinedOutput()
	require.NoError(t, err, string(out))
	sample := filepath.Join(root, "cmd", "logscan", "testdata", "sample")
	cases := []struct {
		name   string
		inputs []string
		errors bool // the run has an error log
	}{
		{"generated", []string{gen}, false},
		{"sample", []string{filepath.Join(sample, "access.log"), filepath.Join(sample, "error.log")}, true},
	}
	all := recipes(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			access := filepath.Join(dir, tc.name+".parquet")
			errs := filepath.Join(dir, tc.name+"-errors.parquet")
			args := []string{"parse", "-q", "-o", access}
			if tc.errors {
				args = append(args, "--error-out", errs)
			}
			logscan(t, 0, append(args, tc.inputs...)...)
			var rep report
			require.NoError(t, json.Unmarshal(logscan(t, 0, append([]string{"--json"}, tc.inputs...)...), &rep))
			jsonl := logscan(t, 0, append([]string{"parse"}, tc.inputs...)...)
			db := openDB(t)
			files := map[string]string{"access.parquet": access, "errors.parquet": errs}

			// Per-code counts equal the report's; the sum of bytes equals
			// that of the JSON Lines (the report keeps no byte total).
			rows := query(t, db, all["duckdb-codes"], files)
			got := map[int]int64{}
			var total int64
			var bytesSum float64
			for rows.Next() {
				var code int
				var n int64
				var b sql.NullFloat64
				require.NoError(t, rows.Scan(&code, &n, &b))
				got[code] = n
				total += n
				bytesSum += b.Float64
			}
			require.NoError(t, rows.Err())
			want := map[int]int64{}
			for _, c := range rep.Codes {
				want[c.Code] = c.Count
			}
			assert.Equal(t, want, got)
			assert.Equal(t, rep.Requests, total)
			var jsonlBytes float64
			var jsonlAccess int64
			sc := bufio.NewScanner(bytes.NewReader(jsonl))
			sc.Buffer(nil, 1<<20)
			for sc.Scan() {
				var e struct {
					Status *int
					Bytes  *float64
				}
				require.NoError(t, json.Unmarshal(sc.Bytes(), &e))
				if e.Status == nil {
					continue // an error-log entry
				}
				jsonlAccess++
				if e.Bytes != nil {
					jsonlBytes += *e.Bytes
				}
			}
			assert.Equal(t, rep.Requests, jsonlAccess)
			assert.Greater(t, bytesSum, 0.0)
			assert.Equal(t, jsonlBytes, bytesSum)
			assert.Less(t, bytesSum, float64(1<<53)) // exact in a double
			if tc.name == "generated" {
				assert.Positive(t, rep.Malformed, "the generated log has malformed lines, kept out of the file")
			}

			// Codes per hour add up to the same counts.
			rows = query(t, db, all["duckdb-codes-per-hour"], files)
			perHour := map[int]int64{}
			hours := 0
			for rows.Next() {
				var hour sql.NullTime
				var code int
				var n int64
				require.NoError(t, rows.Scan(&hour, &code, &n))
				require.True(t, hour.Valid)
				assert.Zero(t, hour.Time.Minute())
				perHour[code] += n
				hours++
			}
			require.NoError(t, rows.Err())
			assert.Equal(t, want, perHour)
			assert.Greater(t, hours, 1)

			// Failing paths: at most 10, the failures of each no more than
			// the 5xx total.
			rows = query(t, db, all["duckdb-failing-paths"], files)
			var failures, n5xx int64
			paths := 0
			for rows.Next() {
				var p sql.NullString
				var n int64
				require.NoError(t, rows.Scan(&p, &n))
				failures += n
				paths++
			}
			require.NoError(t, rows.Err())
			for code, n := range want {
				if code >= 500 {
					n5xx += n
				}
			}
			assert.LessOrEqual(t, paths, 10)
			assert.LessOrEqual(t, failures, n5xx)
			assert.Positive(t, failures)

			// Causes: every cause the file names for a code is a confirmed
			// cause of that code in the report, with at least as many
			// requests (the report adds what only the whole log shows).
			rows = query(t, db, all["duckdb-causes"], files)
			causes := 0
			for rows.Next() {
				var code int
				var cause string
				var n int64
				require.NoError(t, rows.Scan(&code, &cause, &n))
				causes++
				found := false
				for _, c := range rep.Codes {
					if c.Code != code {
						continue
					}
					for _, rc := range c.Causes {
						if rc.ID == cause {
							found = true
							assert.Equal(t, "confirmed", rc.Confidence, "%d %s", code, cause)
							assert.GreaterOrEqual(t, rc.Evidence, n, "%d %s", code, cause)
							if tc.errors {
								// The sample's causes all come from its error
								// log or its request lines: the same counts.
								assert.Equal(t, rc.Evidence, n, "%d %s", code, cause)
							}
						}
					}
				}
				assert.True(t, found, "cause %s of %d is not in the report", cause, code)
			}
			require.NoError(t, rows.Err())
			assert.Positive(t, causes)

			if !tc.errors {
				return
			}
			// The error-log export is queryable: its entries are the
			// report's, and its causes include the worker limit behind the
			// sample's 503s.
			rows = query(t, db, all["duckdb-errors"], files)
			var entries int64
			levels := map[string]bool{}
			mpm := false
			for rows.Next() {
				var level, cause sql.NullString
				var n int64
				var first, last sql.NullTime
				require.NoError(t, rows.Scan(&level, &cause, &n, &first, &last))
				entries += n
				levels[level.String] = true
				mpm = mpm || cause.String == "mpm-limits"
				if first.Valid {
					assert.False(t, last.Time.Before(first.Time))
				}
			}
			require.NoError(t, rows.Err())
			var want2 int64
			for _, in := range rep.Inputs {
				if in.Kind == "error" {
					want2 += in.Entries
				}
			}
			assert.Equal(t, want2, entries)
			assert.True(t, levels["error"], "levels %v", levels)
			assert.True(t, mpm)
		})
	}
}

// TestTypes checks the column types DuckDB sees and one entry's values.
func TestTypes(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "a.log")
	line := `203.0.113.9 - alice [24/Nov/2026:10:00:00 +0100] "GET /p?q=1 HTTP/1.1" 404 512 "https://ex.com/" "agent/1"` + "\n" +
		"203.0.113.9 - - [24/Nov/2026:10:00:01 +0100] \"GET /p\xff HTTP/1.1\" 200 - \"-\" \"-\"\n"
	require.NoError(t, os.WriteFile(log, []byte(line), 0o644))
	file := filepath.Join(dir, "a.parquet")
	logscan(t, 0, "parse", "-q", "-o", file, log)
	db := openDB(t)
	rows, err := db.Query(fmt.Sprintf("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM '%s')", file))
	require.NoError(t, err)
	types := map[string]string{}
	var names []string
	for rows.Next() {
		var name, typ string
		require.NoError(t, rows.Scan(&name, &typ))
		types[name] = typ
		names = append(names, name)
	}
	require.NoError(t, rows.Err())
	var schema []string
	for _, f := range export.AccessSchema.Fields() {
		schema = append(schema, f.Name())
	}
	assert.Equal(t, schema, names, "the columns, in the order of export.AccessSchema")
	assert.Equal(t, "TIMESTAMP WITH TIME ZONE", types["time"])
	assert.Equal(t, "INTEGER", types["status"])
	assert.Equal(t, "DOUBLE", types["bytes"])
	assert.Equal(t, "DOUBLE", types["request_time"])
	assert.Equal(t, "VARCHAR", types["path"])
	assert.Equal(t, "BIGINT", types["line"])

	var ts sql.NullTime
	var offset sql.NullInt32
	var user, path, cause sql.NullString
	var status int
	var bytesV sql.NullFloat64
	var lineNo int64
	require.NoError(t, db.QueryRow(fmt.Sprintf("SELECT time, utc_offset, \"user\", path, status, bytes, cause, line FROM '%s' ORDER BY line", file)).
		Scan(&ts, &offset, &user, &path, &status, &bytesV, &cause, &lineNo))
	assert.Equal(t, "2026-11-24T09:00:00Z", ts.Time.UTC().Format("2006-01-02T15:04:05Z07:00"))
	assert.Equal(t, int32(3600), offset.Int32)
	assert.Equal(t, "alice", user.String)
	assert.Equal(t, "/p?q=1", path.String)
	assert.Equal(t, 404, status)
	assert.Equal(t, 512.0, bytesV.Float64)
	assert.False(t, cause.Valid)
	assert.Equal(t, int64(1), lineNo)
	require.NoError(t, db.QueryRow(fmt.Sprintf("SELECT path, bytes FROM '%s' WHERE line = 2", file)).Scan(&path, &bytesV))
	assert.Equal(t, "/p\ufffd", path.String, "invalid UTF-8 as U+FFFD")
	assert.False(t, bytesV.Valid, "'-' is null")
}
