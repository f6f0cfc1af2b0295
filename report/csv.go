package report

import (
	"encoding/csv"
	"io"
	"math"
	"sort"
	"strconv"
	"time"

	"github.com/logscan/logscan/analyze"
)

// CSVHeader is the header row of [CSV]. Every row has these nine columns;
// the first names the table the row belongs to.
var CSVHeader = []string{"section", "key", "count", "share", "code", "meaning", "unexplained", "seconds", "detail"}

// CSV writes the summary as one CSV table (RFC 4180, via encoding/csv) with
// the columns of [CSVHeader]. The section column names the table a row
// belongs to; unused cells are empty:
//
//	summary        key requests, malformed or unique_clients; count; with
//	               error logs also key error_entries (count the entries,
//	               detail how their zone-less times were read) and
//	               error_matched (count the entries that matched a cause)
//	span           key first or last; detail the time (RFC 3339)
//	window         key since or until; detail the time (RFC 3339)
//	input          key file; count entries; meaning the kind (access,
//	               error, or unknown when no known format fits); detail
//	               format
//	input_format   key file; count entries read in one format; detail that
//	               format (only for a file that mixes layouts)
//	input_lines    key file; count lines read
//	input_malformed key file; count malformed and over-long lines
//	input_continuation
//	               key file; count error-log lines folded into the entry
//	               above them (only when there are some)
//	input_error    key file; detail why the read stopped
//	class          key 1xx…5xx; count; share of all requests
//	code           key and code the status code; count; share; meaning;
//	               unexplained (4xx and 5xx)
//	incident       key its start (RFC 3339); seconds its length; detail its
//	               end (RFC 3339); several rows: meaning "requests" with
//	               count the requests in it, meaning "5xx" with count the
//	               server errors and share of its requests, then one row
//	               per main server-error code with code, meaning, count and
//	               share of its requests
//	incident_condition
//	               key the incident's start, as in its incident rows; count
//	               the error-log messages; meaning the cause id of the
//	               server-wide condition; detail an example line
//	cause          key cause id; count evidence; code; meaning the title;
//	               detail confirmed or textbook
//	cause_detail   key what the evidence is; code; detail the cause id
//	cause_example  key an example; code; detail the cause id
//	code_path      key path; count; share of the code's requests; code
//	error_level, error_module
//	               key level or module; count entries; share of entries
//	error_template key message template; count; share of entries; code the
//	               Apache AH code; meaning the level; seconds from first
//	               to last, in whole seconds; detail first and last as an
//	               RFC 3339 interval "first/last" (empty when the log has
//	               no times)
//	error_example  key an example message of the template; code; meaning
//	               the level; detail the template
//	error_timeline key bucket start (RFC 3339); count entries; detail the
//	               bucket size (1m or 1h), around the busiest period
//	top_path, top_client, top_user_agent, top_referer
//	               key; count; share of all requests
//	timeline       key bucket start (RFC 3339); count; detail "all" or the
//	               class (classes only when non-zero)
//	latency        key p50, p90, p99 or max; count requests timed; code
//	               (empty for all); seconds
//	slowest_path   key path; count requests; seconds total time
//	malformed, warning
//	               key file:line; meaning the reason; detail the excerpt
//
// Shares are fractions (0.25, not 25%) and seconds are plain numbers, both
// rounded to 6 decimals. Every text cell goes through [CSVCell], so no log
// text is read as a spreadsheet formula; numbers stay plain numbers.
func CSV(w io.Writer, s *analyze.Summary) error {
	cw := csv.NewWriter(w)
	row := func(r csvRow) {
		_ = cw.Write(r.cells()) // the error is sticky; cw.Error reports it
	}
	_ = cw.Write(CSVHeader)

	row(csvRow{section: "summary", key: "requests", count: num(s.Requests)})
	row(csvRow{section: "summary", key: "malformed", count: num(s.Malformed)})
	row(csvRow{section: "summary", key: "unique_clients", count: num(s.UniqueClients)})
	if el := s.Errors; el != nil {
		row(csvRow{section: "summary", key: "error_entries", count: num(el.Entries), detail: el.Zone, ownDetail: true})
		row(csvRow{section: "summary", key: "error_matched", count: num(el.Matched)})
	}
	if s.Time != nil {
		row(csvRow{section: "span", key: "first", detail: s.Time.First.Format(time.RFC3339)})
		row(csvRow{section: "span", key: "last", detail: s.Time.Last.Format(time.RFC3339)})
	}
	if s.Window != nil {
		if s.Window.Since != nil {
			row(csvRow{section: "window", key: "since", detail: s.Window.Since.Format(time.RFC3339)})
		}
		if s.Window.Until != nil {
			row(csvRow{section: "window", key: "until", detail: s.Window.Until.Format(time.RFC3339)})
		}
	}
	for _, in := range s.Inputs {
		row(csvRow{section: "input", key: in.Path, count: num(in.Entries), meaning: in.Kind, detail: in.Format})
		names := make([]string, 0, len(in.Formats))
		for name := range in.Formats {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			row(csvRow{section: "input_format", key: in.Path, count: num(in.Formats[name]), detail: name})
		}
		row(csvRow{section: "input_lines", key: in.Path, count: num(in.Lines)})
		row(csvRow{section: "input_malformed", key: in.Path, count: num(in.Malformed + in.TooLong)})
		if in.Continuation > 0 {
			row(csvRow{section: "input_continuation", key: in.Path, count: num(in.Continuation)})
		}
		if in.Error != "" {
			row(csvRow{section: "input_error", key: in.Path, detail: in.Error})
		}
	}
	for _, c := range classNames {
		row(csvRow{section: "class", key: c, count: num(s.Classes[c]), share: frac(classShare(s, c))})
	}
	for _, c := range s.Codes {
		code := strconv.Itoa(c.Code)
		r := csvRow{section: "code", key: code, count: num(c.Count), share: frac(c.Share), code: code, meaning: c.Meaning}
		if c.Code >= 400 {
			r.unexplained = num(c.Unexplained)
		}
		row(r)
	}
	for _, v := range s.VHosts {
		share := 0.0
		if s.Requests > 0 {
			share = float64(v.Requests) / float64(s.Requests)
		}
		r := csvRow{section: "vhost", key: v.VHost, count: num(v.Requests), share: frac(share)}
		if v.TopErrorPath != nil {
			r.detail = v.TopErrorPath.Key
		}
		row(r)
		for _, c := range []string{"4xx", "5xx"} {
			row(csvRow{section: "vhost_" + c, key: v.VHost, count: num(v.Classes[c])})
		}
	}
	for _, in := range s.Incidents {
		start, end := in.Start.Format(time.RFC3339), in.End.Format(time.RFC3339)
		secs := decimal(in.End.Sub(in.Start).Seconds())
		row(csvRow{section: "incident", key: start, count: num(in.Requests), meaning: "requests", seconds: secs, detail: end})
		row(csvRow{section: "incident", key: start, count: num(in.Errors), share: frac(ratio(in.Errors, in.Requests)),
			meaning: "5xx", seconds: secs, detail: end})
		for _, c := range in.Codes {
			row(csvRow{section: "incident", key: start, count: num(c.Count), share: frac(ratio(c.Count, in.Requests)),
				code: strconv.Itoa(c.Code), meaning: analyze.Meaning(c.Code), seconds: secs, detail: end})
		}
		for _, c := range in.Conditions {
			row(csvRow{section: "incident_condition", key: start, count: num(c.Messages), meaning: c.Cause, detail: c.Example})
		}
	}
	for _, c := range s.Codes {
		code := strconv.Itoa(c.Code)
		for _, cause := range c.Causes {
			row(csvRow{section: "cause", key: cause.ID, count: num(cause.Evidence), code: code, meaning: cause.Title, detail: cause.Confidence})
			if cause.Detail != "" {
				row(csvRow{section: "cause_detail", key: cause.Detail, code: code, detail: cause.ID})
			}
			for _, ex := range cause.Examples {
				row(csvRow{section: "cause_example", key: ex, code: code, detail: cause.ID})
			}
		}
		for _, p := range c.TopPaths {
			row(csvRow{section: "code_path", key: p.Key, count: num(p.Count), share: frac(ratio(p.Count, c.Count)), code: code})
		}
	}
	if el := s.Errors; el != nil {
		for _, l := range el.Levels {
			row(csvRow{section: "error_level", key: l.Key, count: num(l.Count), share: frac(ratio(l.Count, el.Entries))})
		}
		for _, m := range el.Modules {
			row(csvRow{section: "error_module", key: m.Key, count: num(m.Count), share: frac(ratio(m.Count, el.Entries))})
		}
		for _, tp := range el.Templates {
			r := csvRow{section: "error_template", key: tp.Template, count: num(tp.Count), share: frac(ratio(tp.Count, el.Entries)),
				code: tp.Code, meaning: tp.Level}
			if !tp.First.IsZero() {
				// Whole seconds, so the length agrees with the interval.
				first, last := tp.First.Truncate(time.Second), tp.Last.Truncate(time.Second)
				r.seconds = decimal(last.Sub(first).Seconds())
				r.detail = first.Format(time.RFC3339) + "/" + last.Format(time.RFC3339)
			}
			row(r)
			if tp.Example != "" {
				row(csvRow{section: "error_example", key: tp.Example, code: tp.Code, meaning: tp.Level, detail: tp.Template})
			}
		}
		if tl := el.Timeline; tl != nil {
			for _, b := range tl.Buckets {
				row(csvRow{section: "error_timeline", key: b.Start.Format(time.RFC3339), count: num(b.Count), detail: tl.Bucket})
			}
		}
	}
	top := func(section string, items []analyze.Counted) {
		for _, it := range items {
			row(csvRow{section: section, key: it.Key, count: num(it.Count), share: frac(ratio(it.Count, s.Requests))})
		}
	}
	top("top_path", s.Top.Paths)
	top("top_client", s.Top.Clients)
	top("top_user_agent", s.Top.UserAgents)
	top("top_referer", s.Top.Referers)
	if tl := s.Timeline; tl != nil {
		for _, b := range tl.Buckets {
			start := b.Start.Format(time.RFC3339)
			row(csvRow{section: "timeline", key: start, count: num(b.Total()), detail: "all"})
			for i, c := range classNames {
				if n := classCount(b, i); n > 0 {
					row(csvRow{section: "timeline", key: start, count: num(n), detail: c})
				}
			}
		}
	}
	if l := s.Latency; l != nil {
		quantiles := func(code string, q analyze.Quantiles) {
			for _, v := range []struct {
				name string
				v    float64
			}{{"p50", q.P50}, {"p90", q.P90}, {"p99", q.P99}, {"max", q.Max}} {
				row(csvRow{section: "latency", key: v.name, count: num(q.Count), code: code, seconds: decimal(v.v)})
			}
		}
		quantiles("", l.Overall)
		for _, c := range s.Codes {
			if c.Latency != nil {
				quantiles(strconv.Itoa(c.Code), *c.Latency)
			}
		}
		for _, p := range l.Slowest {
			r := csvRow{section: "slowest_path", key: p.Path, seconds: decimal(p.Total)}
			if p.Count > 0 {
				r.count = num(p.Count)
			}
			row(r)
		}
	}
	for _, in := range s.Inputs {
		for _, x := range in.MalformedSamples {
			row(csvRow{section: "malformed", key: x.Input + ":" + strconv.FormatInt(x.Line, 10), meaning: x.Reason, ownMeaning: true, detail: x.Excerpt})
		}
		for _, x := range in.WarningSamples {
			row(csvRow{section: "warning", key: x.Input + ":" + strconv.FormatInt(x.Line, 10), meaning: x.Reason, ownMeaning: true, detail: x.Excerpt})
		}
	}
	cw.Flush()
	return cw.Error()
}

// csvRow is one row of [CSV]. Text fields are raw and made safe by cells;
// number fields are already formatted. ownMeaning and ownDetail mark a
// meaning or detail that logscan wrote itself (a reason, the zone note),
// whose backslashes are kept as they are.
type csvRow struct {
	section, key, meaning, detail, code string // text
	count, share, unexplained, seconds  string // numbers
	ownMeaning, ownDetail               bool
}

func (r csvRow) cells() []string {
	return []string{r.section, CSVCell(r.key), r.count, r.share, CSVCell(r.code), csvText(r.meaning, r.ownMeaning),
		r.unexplained, r.seconds, csvText(r.detail, r.ownDetail)}
}

// csvText is [CSVCell] for log text, or for own text (see [TerminalMessage]) the
// same formula guard on text whose backslashes are kept.
func csvText(s string, own bool) string {
	if !own {
		return CSVCell(s)
	}
	return csvGuard(s, TerminalMessage(s))
}

func num(n int64) string { return strconv.FormatInt(n, 10) }

// frac formats a share as a fraction rounded to 6 decimals.
func frac(f float64) string { return decimal(f) }

// decimal formats v rounded to 6 decimals, without trailing zeros.
func decimal(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	return strconv.FormatFloat(math.Round(v*1e6)/1e6, 'f', -1, 64)
}
