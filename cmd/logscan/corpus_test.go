package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusCase pins what logscan reads in one file of the shared corpus of
// real logs: the kind and format detected and the count of each kind of line.
type corpusCase struct {
	file, kind, format                             string
	lines, entries, malformed, blank, continuation int64
}

// corpusCases: the malformed counts are the files' real defects: NASA's 89
// halves of records split by a stray newline; fail2ban's "#" annotation
// lines; lnav's line without ident and user; error lines inside files that
// are mostly access logs (fail2ban nginx-botsearch) (the access lines inside
// files that are mostly error logs, crowdsec nginx-http-generic-bf, are read
// as requests: foreign, not malformed); gonx's custom format, which needs
// --log-format.
var corpusCases = []corpusCase{
	{"crowdsec-hub/apache-http-probing.log", "access", "common", 77, 77, 0, 0, 0},
	{"crowdsec-hub/apache2-logs.log", "access", "combined", 9, 7, 2, 0, 0},
	{"crowdsec-hub/apache2-malformed.log", "access", "combined", 11, 11, 0, 0, 0},
	{"crowdsec-hub/modsecurity-logs-nginx.log", "error", "nginx-error", 8, 8, 0, 0, 0},
	{"crowdsec-hub/nginx-http-generic-bf.log", "error", "nginx-error", 22, 16, 0, 0, 0},
	{"crowdsec-hub/nginx-http-malformed.log", "access", "combined", 12, 12, 0, 0, 0},
	{"crowdsec-hub/nginx-proxy-manager-logs.log", "access", "npm-proxy", 14, 12, 2, 0, 0},
	{"crowdsec-hub/nginx_http-logs.log", "access", "combined", 9, 7, 2, 0, 0},
	{"crowdsec-hub/nginx_req_limit_exceeded.log", "error", "nginx-error", 9, 9, 0, 0, 0},
	{"cs102/access.log", "access", "combined", 20, 20, 0, 0, 0},
	{"dmjacas-logs/access.log", "access", "combined", 160, 160, 0, 0, 0},
	{"dmjacas-logs/error.log", "error", "apache-2.4-error", 8, 8, 0, 0, 0},
	{"dmjacas-logs/error.log.1", "error", "apache-2.4-error", 11, 11, 0, 0, 0},
	{"dmjacas-logs/other_vhosts_access.log", "access", "vhost_combined", 1603, 1603, 0, 0, 0},
	{"elastic-beats/apache-access-darwin-2.4.23.log", "access", "common", 6, 6, 0, 0, 0},
	{"elastic-beats/apache-access-test.log", "access", "nginx-main", 7, 7, 0, 0, 0},
	{"elastic-beats/apache-error-sublevel.log", "error", "apache-2.4-error", 2, 1, 0, 1, 0},
	{"elastic-beats/apache-error-test.log", "error", "apache-2.4-error", 3, 3, 0, 0, 0},
	{"elastic-beats/apache-error-ubuntu-2.2.22.log", "error", "apache-2.2-error", 7, 7, 0, 0, 0},
	{"elastic-beats/nginx-access-test.log", "access", "combined", 7, 5, 2, 0, 0}, // two lines start with a quoted forwarded-for list: no preset reads them, and nginx-vhost read them only by taking the list for a host
	{"elastic-beats/nginx-access.log", "access", "combined", 13, 13, 0, 0, 0},
	{"elastic-beats/nginx-error.log", "error", "nginx-error", 6, 4, 0, 0, 2},
	{"elastic-beats/nginx-ingress-controller.log", "access", "ingress-nginx", 29, 29, 0, 0, 0},
	{"elastic-examples/apache_logs", "access", "combined", 10000, 10000, 0, 0, 0},
	{"fail2ban/apache-auth", "error", "apache-2.4-error", 158, 45, 68, 45, 0},
	{"fail2ban/apache-badbots", "access", "combined", 11, 4, 4, 3, 0},
	{"fail2ban/apache-botsearch", "error", "apache-2.2-error", 43, 19, 19, 5, 0},
	{"fail2ban/apache-fakegooglebot", "access", "nginx-vhost", 7, 1, 6, 0, 0}, // the one readable line has no :port, which Apache's %v:%p always writes
	{"fail2ban/apache-modsecurity", "error", "apache-2.4-error", 11, 4, 4, 3, 0},
	{"fail2ban/apache-nohome", "error", "apache-2.4-error", 6, 2, 4, 0, 0},
	{"fail2ban/apache-noscript", "error", "apache-2.4-error", 31, 13, 14, 4, 0},
	{"fail2ban/apache-overflows", "error", "apache-2.4-error", 35, 11, 17, 7, 0},
	{"fail2ban/apache-pass", "access", "combined", 2, 1, 1, 0, 0},
	{"fail2ban/apache-shellshock", "error", "apache-2.4-error", 4, 2, 2, 0, 0},
	{"fail2ban/nginx-bad-request", "access", "nginx-main", 23, 8, 8, 7, 0},
	{"fail2ban/nginx-botsearch", "access", "nginx-main", 43, 8, 21, 14, 0},
	{"fail2ban/nginx-forbidden", "error", "nginx-error", 5, 2, 2, 1, 0},
	{"fail2ban/nginx-http-auth", "error", "nginx-error", 49, 18, 22, 9, 0},
	{"fail2ban/nginx-limit-req", "error", "nginx-error", 29, 9, 10, 10, 0},
	{"fail2ban/php-url-fopen", "access", "combined", 2, 1, 1, 0, 0},
	{"feedforce-isucon6/access.log.1", "access", "nginx-timed", 10669, 10669, 0, 0, 0},
	{"feedforce-isucon6/access.log.20160918_135654", "access", "nginx-timed", 4034, 4034, 0, 0, 0},
	{"feedforce-isucon6/error.log.1", "error", "nginx-error", 25, 25, 0, 0, 0},
	{"gonx/access.log", "unknown", "combined", 1000, 0, 1000, 0, 0},
	{"lbjay-abcd/apache.log", "access", "common", 1548, 1548, 0, 0, 0},
	{"lnav/logfile_access_log.1", "access", "combined", 1, 1, 0, 0, 0},
	{"lnav/logfile_bad_access_log.0", "access", "combined", 3, 2, 1, 0, 0},
	{"lnav/logfile_shop_access_log.0", "access", "nginx-main", 1000, 1000, 0, 0, 0},
	{"loghub/Apache_2k.log", "error", "apache-2.2-error", 2000, 2000, 0, 0, 0},
	{"lovecoding1987-sample_logs/access.log.1", "access", "combined", 2129, 2128, 0, 1, 0},
	{"lovecoding1987-sample_logs/error.log.13", "error", "apache-2.4-error", 738, 738, 0, 0, 0},
	{"lovecoding1987-sample_logs/other_vhosts_access.log.5", "access", "vhost_combined", 2582, 2582, 0, 0, 0},
	{"nasa-aman/NASA_access_log_Aug95", "access", "common", 1930, 1841, 89, 0, 0},
	{"oanavostinar/apache_access.log", "access", "combined", 4, 4, 0, 0, 0},
	{"oanavostinar/nginx_error.log", "error", "nginx-error", 44, 44, 0, 0, 0},
	{"private-isu/access.log", "access", "json", 4122, 4122, 0, 0, 0},
	{"thaycafe-elasticnotes/access_pig.log", "access", "combined", 3255, 3255, 0, 0, 0},
	{"thaycafe-elasticnotes/apache_error.log", "error", "apache-2.2-error", 2000, 2000, 0, 0, 0},
	{"wulinlw-logcollection/apache_error.log", "error", "apache-2.4-error", 3126, 2800, 0, 0, 0}, // 326 PHP start-up warnings kept apart as foreign lines,
	{"xzymo/access.log.13", "access", "combined", 5275, 5275, 0, 0, 0},
	{"xzymo/error.log.14", "error", "apache-2.4-error", 53, 53, 0, 0, 0},
	{"xzymo/other_vhosts_access.log.13", "access", "vhost_combined", 3353, 3353, 0, 0, 0},
}

// corpusDir returns the corpus directory named by LOGSCAN_CORPUS, or skips.
func corpusDir(t *testing.T) string {
	dir := os.Getenv("LOGSCAN_CORPUS")
	if dir == "" {
		t.Skip("LOGSCAN_CORPUS is not set (CI sets it to the shared corpus of real logs)")
	}
	return dir
}

type inputJSON struct {
	Path, Kind, Format                             string
	Lines, Entries, Malformed, Blank, Continuation int64
	Foreign                                        int64
	OutOfWindow                                    int64 `json:"out_of_window"`
	TooLong                                        int64 `json:"too_long"`
	Warnings                                       []struct{ Line int64 }
}

func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	for _, tc := range corpusCases {
		t.Run(tc.file, func(t *testing.T) {
			out, errOut, code := runCLI(t, "", "--json", filepath.Join(dir, tc.file))
			want := 0
			if tc.kind == "unknown" {
				want = 2 // no known format reads a line of it: logscan says so and exits 2
				assert.Contains(t, errOut, "no known format reads")
			}
			require.Equal(t, want, code, errOut)
			var doc struct{ Inputs []inputJSON }
			require.NoError(t, json.Unmarshal([]byte(out), &doc))
			require.Len(t, doc.Inputs, 1)
			in := doc.Inputs[0]
			assert.Equal(t, tc.kind, in.Kind)
			assert.Equal(t, tc.format, in.Format)
			assert.Equal(t, []int64{tc.lines, tc.entries, tc.malformed, tc.blank, tc.continuation},
				[]int64{in.Lines, in.Entries, in.Malformed, in.Blank, in.Continuation}, "lines, entries, malformed, blank, continuation")
			assert.Equal(t, in.Lines, in.Entries+in.OutOfWindow+in.Malformed+in.Blank+in.TooLong+in.Continuation+in.Foreign, "every line counted once")
		})
	}
}

// TestCorpusElasticExamples checks the status classes against what
// `awk '{print $9}'` counts on the same file, and that line 8899, whose user
// agent is cut off, is reported with its line number.
func TestCorpusElasticExamples(t *testing.T) {
	dir := corpusDir(t)
	path := filepath.Join(dir, "elastic-examples", "apache_logs")
	out, _, code := runCLI(t, "", "--json", path)
	require.Equal(t, 0, code)
	var doc struct {
		Classes map[string]int64
		Inputs  []inputJSON
	}
	require.NoError(t, json.Unmarshal([]byte(out), &doc))
	// awk '{print $9}' apache_logs | sort | uniq -c: 200 9126, 206 45, 301 164,
	// 304 445, 403 2, 404 213, 416 2, 500 3.
	assert.Equal(t, map[string]int64{"1xx": 0, "2xx": 9126 + 45, "3xx": 164 + 445, "4xx": 2 + 213 + 2, "5xx": 3}, doc.Classes)
	require.Len(t, doc.Inputs[0].Warnings, 1)
	assert.Equal(t, int64(8899), doc.Inputs[0].Warnings[0].Line)
	text, _, _ := runCLI(t, "", path)
	assert.Contains(t, text, "apache_logs:8899: last field cut off")
}
