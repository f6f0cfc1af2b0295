package analyze

import "github.com/logscan/logscan/parser"

// EntryCause returns the id of the cause that explains one access entry by
// itself, as the report attributes it request by request: error-log
// evidence from ev (nil when the run has no error log) first, joined by
// connection, client and time, or a server-wide window, then what the
// request alone proves (a binary probe, a malformed request line, an
// upstream timeout, a known probe path, ...). It returns "" for a status
// below 400 and for an entry no such cause explains; causes found only over
// the whole log (a scanner by its many misses, case mismatches, moved
// resources, broken links, bursts, single clients) are not known entry by
// entry. The entry's time must be in its zone (--tz applied). It only reads
// ev, so many goroutines may call it at once.
func EntryCause(ev *Evidence, e *parser.Entry) string {
	if e.Status < 400 {
		return ""
	}
	if ev != nil {
		if c, _, ok := ev.match(e, pathOf(e)); ok {
			return catalog[c].ID
		}
	}
	if c, ok := requestCause(e); ok {
		return catalog[c].ID
	}
	return ""
}
