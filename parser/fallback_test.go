package parser_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/logscan/logscan/parser"
)

// corpusLines returns the first n lines of the real combined log in
// testdata (testdata/SOURCES.md).
func corpusLines(t *testing.T, n int) []string {
	t.Helper()
	f, err := os.Open("../testdata/parser/combined-2k.log")
	require.NoError(t, err)
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() && len(out) < n {
		out = append(out, sc.Text())
	}
	return out
}

// TestFallbackTornRecord checks that a record cut short and followed by a
// whole one on the same line (a crash or a full disk mid-write) gives the
// whole record, with Torn the length of the cut part, and that no looser
// format reads it with bytes of the cut record in its fields.
func TestFallbackTornRecord(t *testing.T) {
	lines := corpusLines(t, 3)
	combined, ok := parser.LookupFormat("combined")
	require.True(t, ok)
	fb := parser.NewFallback(combined, parser.AccessFormats()...)
	for _, cut := range []int{10, 40, 60, 120, len(lines[0]) - 5} {
		torn := lines[0][:cut] + lines[1]
		var e parser.Entry
		require.NoError(t, fb.Parse([]byte(torn), &e), "cut at %d", cut)
		assert.Equal(t, 0, fb.Which(), "read by the primary format, cut at %d", cut)
		assert.Equal(t, cut, e.Torn, "cut at %d", cut)
		var whole parser.Entry
		require.NoError(t, combined.Parse([]byte(lines[1]), &whole))
		assert.Equal(t, string(whole.Client), string(e.Client))
		assert.Equal(t, string(whole.Path), string(e.Path))
		assert.Equal(t, whole.Time, e.Time)
		assert.Empty(t, e.User)
		assert.Empty(t, e.VHost)
	}
	// A whole line is no torn record.
	var e parser.Entry
	require.NoError(t, fb.Parse([]byte(lines[2]), &e))
	assert.Zero(t, e.Torn)
	// Near miss: a line cut short with nothing whole after it stays malformed.
	assert.Error(t, fb.Parse([]byte(lines[2][:70]), &e))
	// Near miss: a second timestamp inside a quoted field is no record.
	inside := strings.Replace(lines[2], "HTTP/1.1", "HTTP/1.1 [17/May/2015:10:05:03 +0000]", 1)
	if err := fb.Parse([]byte(inside), &e); err == nil {
		assert.Zero(t, e.Torn, "read whole, not as a torn record")
	}
}

// TestFallbackNotTorn holds lines of other layouts that must not be taken
// for torn records: a forwarded-for chain as the client, and a quoted
// chain before a record (both from the shared corpus's
// elastic-beats/nginx-access-test.log, Elastic's own test file).
func TestFallbackNotTorn(t *testing.T) {
	combined, ok := parser.LookupFormat("combined")
	require.True(t, ok)
	fb := parser.NewFallback(combined, parser.AccessFormats()...)
	var e parser.Entry
	chain := `10.0.0.2, 10.0.0.1, 127.0.0.1 - - [07/Dec/2016:11:05:07 +0100] "GET /ocelot HTTP/1.1" 200 571 "-" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0"`
	require.NoError(t, fb.Parse([]byte(chain), &e))
	assert.Zero(t, e.Torn, "a forwarded-for chain is a client, not a cut record")
	quoted := `"10.5.102.222, 199.96.1.1, 204.246.1.1" 10.2.1.185 - - [22/Jan/2016:13:18:29 +0000] "GET /assets/xxxx?q=100 HTTP/1.1" 200 25507 "-" "Amazon CloudFront"`
	if fb.Parse([]byte(quoted), &e) == nil {
		assert.Zero(t, e.Torn, "a quoted chain before a record is another layout, not a cut record")
	}
}

// TestFallbackWellFormed checks that a looser format's read of a line is
// refused when it would make a user of quoted text or a vhost that is no
// host name.
func TestFallbackWellFormed(t *testing.T) {
	common, ok := parser.LookupFormat("common")
	require.True(t, ok)
	vhost, ok := parser.LookupFormat("vhost_combined")
	require.True(t, ok)
	fb := parser.NewFallback(common, vhost)
	var e parser.Entry
	line := `203.0.113.5 "GET /x - [17/May/2015:10:05:03 +0000] "GET / HTTP/1.1" 200 12 "-" "curl/8"`
	if err := fb.Parse([]byte(line), &e); err == nil {
		assert.NotContains(t, string(e.VHost), `"`)
		assert.NotContains(t, string(e.User), `"`)
	}
	// The guard itself, on the fields a looser format made up.
	assert.False(t, parser.WellFormedForTest(&parser.Entry{User: []byte(`"GET /x`)}))
	assert.False(t, parser.WellFormedForTest(&parser.Entry{VHost: []byte(`203.0.113.5 "GET`)}))
	assert.True(t, parser.WellFormedForTest(&parser.Entry{User: []byte("alice"), VHost: []byte("www.example.com:443")}))
}
