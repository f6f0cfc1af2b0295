//go:build !race

package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestCLFParseZeroAllocs(t *testing.T) {
	lines := [][]byte{
		[]byte(`83.149.9.216 - - [17/May/2015:10:05:03 +0000] "GET /presentations/logstash-monitorama-2013/images/kibana-search.png HTTP/1.1" 200 203023 "http://semicomplete.com/presentations/logstash-monitorama-2013/" "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/32.0.1700.77 Safari/537.36"`),
		[]byte(`221.241.47.74 - - [18/Sep/2016:14:19:19 +0900] "GET / HTTP/1.1" 499 0 "http://13.78.125.182/" "Mozilla/5.0" 1.914`),
	}
	for _, name := range []string{"combined", "nginx-timed", "vhost_combined", "nginx-main"} {
		f, _ := LookupFormat(name)
		var e Entry
		allocs := testing.AllocsPerRun(200, func() {
			for _, l := range lines {
				_ = f.Parse(l, &e)
			}
		})
		assert.Zero(t, allocs, name)
	}
}
