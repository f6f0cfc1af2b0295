package report

import (
	"strings"

	"github.com/logscan/logscan/analyze"
)

// vhostRows are the rows of the virtual-host table, at most n (all when n
// < 0): host, requests, share of all, 4xx, 5xx, top error path (raw log
// text in the first and last cells: each renderer escapes them).
func vhostRows(s *analyze.Summary, n int) [][]string {
	var rows [][]string
	for i, v := range s.VHosts {
		if n >= 0 && i == n {
			break
		}
		top := ""
		if v.TopErrorPath != nil {
			top = v.TopErrorPath.Key + " (" + Thousands(v.TopErrorPath.Count) + ")"
		}
		share := 0.0
		if s.Requests > 0 {
			share = float64(v.Requests) / float64(s.Requests)
		}
		rows = append(rows, []string{v.VHost, Thousands(v.Requests), Percent(share), Thousands(v.Classes["4xx"]), Thousands(v.Classes["5xx"]), top})
	}
	return rows
}

var vhostHeader = []string{"virtual host", "requests", "share", "4xx", "5xx", "top error path"}

// agentRows are the rows of the table of client kinds.
func agentRows(a *analyze.Agents, total int64) [][]string {
	var rows [][]string
	for _, r := range []struct {
		name string
		n    int64
	}{{"browser", a.Browser}, {"crawler", a.Crawler}, {"scanner", a.Scanner}, {"tool", a.Tool}, {"unknown", a.Unknown}, {"unclassified", a.Unclassified}} {
		if r.n == 0 && r.name == "unclassified" {
			continue
		}
		share := 0.0
		if total > 0 {
			share = float64(r.n) / float64(total)
		}
		rows = append(rows, []string{r.name, Thousands(r.n), Percent(share)})
	}
	return rows
}

// filterText says what the filters left out, one filter per item.
func filterText(fs []analyze.Removed) string {
	parts := make([]string, len(fs))
	for i, f := range fs {
		parts[i] = f.Filter + ": " + plural(f.Removed, "entry") + " left out"
	}
	return strings.Join(parts, "; ")
}
