package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/logscan/logscan/parser"
)

func TestEntryCause(t *testing.T) {
	const sec = 1_795_000_000
	ev := BuildEvidence([]ErrorEvent{{
		Time: sec * 1e9, Client: []byte("203.0.113.5"), Connection: -1, Errno: -1, Server: "apache",
		Code: []byte("AH01630"), Message: []byte("client denied by server configuration: /var/www/html/admin/"),
	}}, Rules)
	entry := func(status int, method, path, request string, upstream float64) *parser.Entry {
		e := &parser.Entry{}
		e.Reset()
		e.Client, e.Status, e.Time, e.HasTime = []byte("203.0.113.5"), status, sec*1e9, true
		e.Method, e.Path, e.Protocol, e.Request = []byte(method), []byte(path), []byte("HTTP/1.1"), []byte(request)
		e.UpstreamTime = upstream
		return e
	}
	tests := []struct {
		name string
		ev   *Evidence
		e    *parser.Entry
		want string
	}{
		{"a success has no cause", ev, entry(200, "GET", "/admin/", "GET /admin/ HTTP/1.1", -1), ""},
		{"error-log evidence", ev, entry(403, "GET", "/admin/", "GET /admin/ HTTP/1.1", -1), "deny-rule"},
		{"no error log: what the request shows, or nothing", nil, entry(403, "GET", "/admin/", "GET /admin/ HTTP/1.1", -1), ""},
		{"a write to a read-only resource", nil, entry(405, "DELETE", "/x", "DELETE /x HTTP/1.1", -1), "read-only-resource"},
		{"an upstream at a round timeout", ev, entry(504, "GET", "/slow", "GET /slow HTTP/1.1", 60.001), "upstream-timeout"},
		{"a known probe path", nil, entry(404, "GET", "/wp-login.php", "GET /wp-login.php HTTP/1.1", -1), "scanner"},
		{"an ordinary 404 is known only over the whole log", nil, entry(404, "GET", "/gone", "GET /gone HTTP/1.1", -1), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, EntryCause(tc.ev, tc.e))
		})
	}
}
