package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestErrorLogZoneIgnoresInputOrder puts an error log written in +0700
// beside two access logs, one in +0000 and one in +0700: the error log is
// read in the offset of the access log nearest to it in time, whatever the
// order of the inputs, and the report says the offsets differ.
func TestErrorLogZoneIgnoresInputOrder(t *testing.T) {
	dir := t.TempDir()
	utc := time.FixedZone("", 0)
	ict := time.FixedZone("", 7*3600)
	at := time.Date(2026, 11, 24, 3, 0, 0, 0, time.UTC) // 10:00 in +0700
	line := func(loc *time.Location, t time.Time, client, path string, status int) string {
		return fmt.Sprintf(`%s - - [%s] "GET %s HTTP/1.1" %d 199 "-" "curl/8.0"`, client, t.In(loc).Format("02/Jan/2006:15:04:05 -0700"), path, status)
	}
	var a, b, e []string
	for i := range 5 {
		ti := at.Add(time.Duration(i) * time.Minute)
		// The +0000 site is busy a day earlier; the +0700 one has the 403s.
		a = append(a, line(utc, ti.Add(-24*time.Hour), "192.0.2.1", "/", 200))
		c := fmt.Sprintf("198.51.100.%d", 10+i)
		b = append(b, line(ict, ti, c, "/admin/", 403))
		e = append(e, fmt.Sprintf("[%s.000000 2026] [authz_core:error] [pid 1:tid 2] [client %s:5000] AH01630: client denied by server configuration: /var/www/html/admin/",
			ti.In(ict).Format("Mon Jan 02 15:04:05"), c))
	}
	pa := writeFile(t, dir, "site-utc.log", []byte(strings.Join(a, "\n")+"\n"))
	pb := writeFile(t, dir, "site-ict.log", []byte(strings.Join(b, "\n")+"\n"))
	pe := writeFile(t, dir, "error.log", []byte(strings.Join(e, "\n")+"\n"))
	var first map[string]any
	for _, order := range [][]string{{pa, pb, pe}, {pb, pa, pe}, {pe, pa, pb}, {pe, pb, pa}, {pa, pe, pb}} {
		out, stderr, code := runCLI(t, "", append([]string{"--json", "-q"}, order...)...)
		require.Equal(t, 0, code, stderr)
		assert.Equal(t, int64(5), evidenceOf(t, out, 403, "deny-rule"), "order %v", order)
		assert.Contains(t, out, "UTC offsets differ")
		got := comparable(t, out)
		if first == nil {
			first = got
			continue
		}
		assert.Equal(t, first, got, "order %v", order)
	}
}
