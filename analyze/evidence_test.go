package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logscan/logscan/parser"
)

func TestFSPathFits(t *testing.T) {
	tests := []struct {
		fs, path string
		above    bool
		want     bool
	}{
		{"/var/www/html/reports/q3.pdf", "/reports/q3.pdf", false, true},
		{"/var/www/html/reports/q3.pdf", "/reports/q4.pdf", true, false},
		{"/var/www/html/reports/q3.pdf", "/reports/q", true, false},                // not a whole component
		{"/var/www/html/admin/", "/admin/", false, true},                           // a directory, with or without its slash
		{"/var/www/html/admin/", "/admin", false, true},                            //
		{"/var/www/html/admin/", "/a", true, false},                                // /admin does not hold /a
		{"/var/www/html/admin/", "/other", true, false},                            //
		{"/var/www/html/admin", "/admin/users/1", true, true},                      // a denied directory above the file
		{"/var/www/html/admin", "/admin/users/1", false, false},                    // only when the cause allows it
		{"/var/www/html/current", "/current/index.html", true, true},               // a symbolic link on the way
		{"/var/www/html/current", "/currently.html", true, false},                  //
		{"/var/www/html/downloads/", "/downloads/file.zip", false, false},          // no-index names the directory itself
		{"/var/www/html/blog/index.html", "/blog/", false, true},                   // the index file of a directory
		{"/var/www/html/blog/index.html", "/blog", false, false},                   // not a directory request
		{"/var/www/html/blog/2026/index.html", "/blog/", false, false},             // not directly in it
		{"/var/www/html/anything.html", "/", false, true},                          // the document root
		{"/srv/assets/site.css", "/static/site.css", true, false},                  // an Alias cannot be told
		{"//other.example/", "http://other.example/", false, false},                // an absolute URI
		{"/var/www/html/img/2019", "/img/2019/logo.png", true, true},               // a missing directory on the way
		{"/var/www/html/img/2019.png", "/img/2019.png/x", true, true},              // path info below a file
		{"/var/www/html/img/logo-2019.png", "/img/logo-2019.png", false, true},     //
		{"/var/www/html/img/logo-2019.png", "/img/logo-2019.png.bak", true, false}, //
		{"/var/www/html/img/logo-2019.png", "/html/img/logo-2019.png", true, true}, // the root is unknown
		{"/var/www/html/img/logo-2019.png", "/www/html/img/logo-2019.png", true, true},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, fsPathFits([]byte(tc.fs), []byte(tc.path), tc.above), "%s for %s (above %v)", tc.fs, tc.path, tc.above)
	}
}

func TestURITag(t *testing.T) {
	tests := []struct{ msg, want string }{
		{`ModSecurity: Access denied with code 403 (phase 2). [file "/etc/x.conf"] [id "942100"] [uri "/search"] [unique_id "Zx"]`, "/search"},
		{`Coraza: Access denied (phase 1) [uri "/login?next=/"]`, "/login"},
		{`[uri ""]`, ""},
		{`[uri "search"]`, ""},
		{`[uri "/open`, ""},
		{`File does not exist: /var/www/html/x`, ""},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, string(uriTag([]byte(tc.msg))), tc.msg)
	}
}

// TestEvidenceConnection checks that an nginx message explains the request
// of its own connection only, whatever the client and time say.
func TestEvidenceConnection(t *testing.T) {
	const sec = 1_795_000_000
	ev := BuildEvidence([]ErrorEvent{{
		Time: sec * 1e9, Client: []byte("203.0.113.5"), Connection: 7, Errno: -1, Server: "nginx",
		Message: []byte("upstream prematurely closed connection"), Request: []byte("GET /api/orders HTTP/1.1"),
	}, {
		Time: sec * 1e9, Client: []byte("203.0.113.5"), Connection: -1, Errno: -1, Server: "apache",
		Code: []byte("AH01630"), Message: []byte("client denied by server configuration: /var/www/html/admin/"),
	}}, Rules)
	entry := func(conn int64, status int, t int64, path string) (uint8, bool) {
		e := &parser.Entry{}
		e.Reset()
		e.Client, e.Status, e.Connection, e.Time, e.HasTime, e.Path = []byte("203.0.113.5"), status, conn, t*1e9, true, []byte(path)
		c, _, ok := ev.match(e, []byte(path))
		return c, ok
	}
	c, ok := entry(7, 502, sec+30, "/api/orders") // logged at the end of a long request
	assert.True(t, ok)
	assert.Equal(t, causeNum("backend-bad-response"), c)
	_, ok = entry(8, 502, sec, "/api/orders") // same client, second and path, another connection
	assert.False(t, ok)
	_, ok = entry(-1, 502, sec, "/api/orders") // an access log without $connection joins by client and time
	assert.True(t, ok)
	c, ok = entry(9, 403, sec, "/admin/") // Apache messages carry no connection
	assert.True(t, ok)
	assert.Equal(t, causeNum("deny-rule"), c)
}

// TestEvidenceBounded checks that the builder stops indexing at its limit
// and counts the rest.
func TestEvidenceBounded(t *testing.T) {
	b := NewEvidenceBuilder(Rules)
	b.limit = 10
	for i := range 25 {
		e := ErrorEvent{Time: int64(i+1) * 1e9, Connection: int64(i), Errno: -1, Server: "nginx",
			Message: []byte(`open() "/srv/www/x.png" failed (2: No such file or directory)`), Client: []byte("192.0.2.1")}
		if r := b.Match(&e); r >= 0 {
			b.Keep(&e, r)
		}
	}
	ev := b.Evidence()
	assert.Equal(t, int64(25), ev.Total)
	assert.Equal(t, int64(25), ev.Matched)
	assert.Equal(t, int64(15), ev.Unindexed)
	assert.Len(t, ev.events, 10)
}

func TestEventIndexKeepsOrder(t *testing.T) {
	x := newEventIndex[int64]()
	keys := []int64{7, 3, 7, -1, 7, 3} // -1: an event in no list of this index
	for i, k := range keys {
		x.grow()
		if k >= 0 {
			x.add(k, int32(i))
		}
	}
	list := func(k int64) (out []int32) {
		for i := x.first(k); i >= 0; i = x.next[i] {
			out = append(out, i)
		}
		return out
	}
	assert.Equal(t, []int32{0, 2, 4}, list(7))
	assert.Equal(t, []int32{1, 5}, list(3))
	assert.Nil(t, list(9))
}
