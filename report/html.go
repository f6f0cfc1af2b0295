package report

import (
	"cmp"
	_ "embed"
	"html/template"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/logscan/logscan/analyze"
)

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("html").Parse(htmlSource))

// htmlCut is the number of runes of log text an HTML cell shows.
const htmlCut = 300

// htmlColumns is the most columns the timeline chart draws.
const htmlColumns = 120

// classColors are the chart colours of 1xx…5xx.
var classColors = []string{"#8c959f", "#2da44e", "#218bff", "#d4a72c", "#cf222e"}

// HTML writes the report as one self-contained HTML file: inline CSS, no
// script, no link and nothing loaded from elsewhere (a Content-Security-
// Policy meta tag forbids it), with charts drawn as inline SVG. It has the
// sections of [Text] (inputs with their notes, status classes and codes,
// incidents, the error log, error codes with their causes, top lists,
// timeline, latency, problems); the error log comes before the causes, not
// after them as in [Text], so the page opens with what happened and what
// the server said. Every chart has a table or sentence beside it that says
// the same, for mail clients that drop SVG or CSS.
// As in [Text], advice is shown for confirmed causes and for the most likely
// textbook one; the JSON report carries it for every cause. Log text is
// escaped by html/template after [Terminal] has made its control characters
// visible; no log text becomes a link. o.Title sets the title (default
// "logscan report") and a non-zero o.Generated is shown in the footer.
func HTML(w io.Writer, s *analyze.Summary, o Options) error {
	return htmlTemplate.Execute(w, newHTMLView(s, o))
}

// ht makes log text fit for the HTML view: escaped as [Terminal] does, cut
// to n runes. html/template does the HTML escaping.
func ht(s string, n int) string { return Cut(Terminal(s), n) }

// hown makes text logscan writes itself (titles, advice, notes) fit for the
// HTML view: escaped as [TerminalMessage] does, cut to n runes.
func hown(s string, n int) string { return Cut(TerminalMessage(s), n) }

type htmlView struct {
	Title, Generated                       string
	Requests, Malformed, Clients, ErrShare string
	Summary                                string // "N requests from M inputs"
	First, Last                            string
	Since, Until                           string
	HasWindow                              bool
	Inputs                                 []htmlInput
	InputNotes                             []htmlNote
	Classes                                []htmlClass
	ClassChart                             htmlClassChart
	Codes                                  []htmlCode
	Findings                               []htmlFinding
	Baseline                               *htmlBaseline
	VHosts                                 [][]string
	Agents                                 [][]string
	Filters                                string
	Incidents                              []htmlIncident
	ErrorCodes                             []htmlCode
	ErrorLog                               *htmlErrorLog
	Tops                                   []htmlTop
	Timeline                               *htmlTimeline
	Latency                                *htmlLatency
	Problems                               []htmlProblem
}

// htmlBaseline is the comparison with earlier days (--history).
type htmlBaseline struct {
	Title, Intro string
	Rows         [][]string
}

// htmlFinding is one sentence of the Findings section; Kind is its
// [analyze.Finding] kind, used as a class.
type htmlFinding struct{ Kind, Text string }

type htmlInput struct {
	Path, Kind, Format                        string
	Lines, Entries, Malformed, Blank, Skipped string
	Error                                     string
}

// htmlNote is a note on an input: mixed formats, no known format,
// continuation lines.
type htmlNote struct {
	Path, Text string
	Warn       bool
}

type htmlClass struct {
	Name, Count, Share, Color string
	// Geometry of the bar chart row.
	Y, TextY, W, LabelX int
}

type htmlClassChart struct {
	Width, Height, BarX int
}

type htmlCode struct {
	Code, Meaning, Count, Share, Unexplained, Advice string
	CountText, UnexplainedText                       string
	IsError                                          bool
	Causes                                           []htmlCause
	TopPaths                                         []htmlCounted
	Latency                                          *htmlQuantiles
}

type htmlCause struct {
	ID, Title, Confidence, Evidence, Advice, Detail string
	Confirmed                                       bool
	Examples                                        []string
}

type htmlIncident struct {
	Start, End, Errors, Requests, Codes string
	Conditions                          []htmlCondition
}

type htmlCondition struct{ ID, Title, Messages, Example string }

type htmlErrorLog struct {
	Entries, Matched, Zone string
	Levels, Modules        []htmlCounted
	MoreModules            int
	Templates              []htmlMessage
	Timeline               *htmlErrorTimeline
}

type htmlMessage struct{ Count, Level, Code, Span, Template, Example string }

type htmlErrorTimeline struct {
	Bucket, Noun, From, To, Peak, PeakAt string
	Width, Height, PlotLeft, PlotRight   int
	PlotTop, PlotBottom                  int
	Bars                                 []htmlBar
	YTicks, XTicks                       []htmlTick
	Rows                                 []htmlCounted
	RowsNote                             string
}

type htmlBar struct{ Title, X, Y, W, H string }

type htmlCounted struct{ Key, Count, Share string }

type htmlTop struct {
	Name, Column string
	Items        []htmlCounted
}

type htmlTimeline struct {
	Bucket, Per, From, To, Peak, PeakAt string
	Errors4xx, Errors5xx                string
	Label                               string
	Width, Height, PlotLeft, PlotRight  int
	PlotTop, PlotBottom                 int
	Columns                             []htmlColumn
	YTicks                              []htmlTick
	XTicks                              []htmlTick
	Legend                              []htmlLegend
	Rows                                []htmlBucketRow
	RowsNote                            string
}

type htmlColumn struct {
	Title string
	Rects []htmlRect
}

type htmlRect struct{ X, Y, W, H, Color string }

type htmlTick struct {
	Label string
	X, Y  string
}

type htmlLegend struct {
	Name, Color string
	X, TextX    int
}

type htmlBucketRow struct {
	Start, Total string
	Classes      []string
}

type htmlQuantiles struct {
	Status, Count, P50, P90, P99, Max string
}

type htmlLatency struct {
	Rows    []htmlQuantiles
	Slowest []htmlPathTime
}

type htmlPathTime struct{ Total, Mean, Path string }

type htmlProblem struct {
	File, Line, Reason, Excerpt string
	Warning                     bool
}

func newHTMLView(s *analyze.Summary, o Options) *htmlView {
	v := &htmlView{
		Title:     hown(o.Title, 200),
		Requests:  Thousands(s.Requests),
		Summary:   plural(s.Requests, "request") + " from " + plural(int64(len(s.Inputs)), "input"),
		Malformed: Thousands(s.Malformed),
		Clients:   Thousands(s.UniqueClients),
	}
	if v.Title == "" {
		v.Title = "logscan report"
	}
	for _, f := range s.Findings {
		v.Findings = append(v.Findings, htmlFinding{Kind: f.Kind, Text: ht(f.Text, 1000)})
	}
	if s.Agents != nil {
		v.Agents = agentRows(s.Agents, s.Requests)
	}
	if len(s.Filters) > 0 {
		v.Filters = ht(filterText(s.Filters), 2000)
	}
	for _, r := range vhostRows(s, 100) {
		r[0], r[5] = ht(r[0], 200), ht(r[5], 300)
		v.VHosts = append(v.VHosts, r)
	}
	if b := s.Baseline; b != nil {
		hb := &htmlBaseline{Title: baselineTitle(b), Intro: hown(baselineIntro(b), 1000)}
		for _, r := range baselineRows(b, 20) {
			r[0] = ht(r[0], 200)
			hb.Rows = append(hb.Rows, r)
		}
		v.Baseline = hb
	}
	if !o.Generated.IsZero() {
		v.Generated = o.Generated.Format(timeLayout)
	}
	if s.Requests > 0 {
		v.ErrShare = Percent(float64(s.Classes["4xx"]+s.Classes["5xx"]) / float64(s.Requests))
	}
	if s.Time != nil {
		v.First, v.Last = s.Time.First.Format(timeLayout), s.Time.Last.Format(timeLayout)
	}
	if s.Window != nil {
		v.HasWindow = true
		v.Since, v.Until = windowBounds(s.Window)
	}
	for _, in := range s.Inputs {
		v.Inputs = append(v.Inputs, htmlInput{Path: ht(in.Path, htmlCut), Kind: hown(in.Kind, 40), Format: hown(in.Format, 40),
			Lines: Thousands(in.Lines), Entries: Thousands(in.Entries), Malformed: Thousands(in.Malformed + in.TooLong),
			Blank: Thousands(in.Blank), Skipped: Thousands(in.OutOfWindow), Error: ht(in.Error, htmlCut)})
		path := ht(in.Path, htmlCut)
		switch {
		case len(in.Formats) > 0:
			v.InputNotes = append(v.InputNotes, htmlNote{Path: path, Text: "mixes formats: " + hown(formatsText(in.Formats), htmlCut)})
		case in.Kind == "unknown":
			v.InputNotes = append(v.InputNotes, htmlNote{Path: path, Text: "no known format fits; give --log-format", Warn: true})
		}
		if in.Continuation > 0 {
			v.InputNotes = append(v.InputNotes, htmlNote{Path: path, Text: plural(in.Continuation, "continuation line") + " folded into their entries"})
		}
	}
	v.classes(s)
	for _, c := range s.Codes {
		hc := htmlCode{Code: strconv.Itoa(c.Code), Meaning: hown(c.Meaning, 100), Count: Thousands(c.Count),
			Share: Percent(c.Share), IsError: c.Code >= 400, Advice: hown(c.Advice, 1000), CountText: plural(c.Count, "request")}
		if hc.IsError {
			hc.Unexplained = Thousands(c.Unexplained)
			hc.UnexplainedText = plural(c.Unexplained, "request")
			for i, cause := range c.Causes {
				hcause := htmlCause{ID: hown(cause.ID, 100), Title: hown(cause.Title, 200), Advice: hown(cause.Advice, 1000),
					Confirmed: cause.Confidence == analyze.Confirmed, Evidence: Thousands(cause.Evidence), Detail: ht(cause.Detail, htmlCut)}
				if !hcause.Confirmed && i != firstTextbook(c.Causes) {
					hcause.Advice = "" // as in Text: one textbook cause's advice is enough to read
				}
				hcause.Confidence = "textbook"
				if hcause.Confirmed {
					hcause.Confidence = "confirmed"
				}
				for _, ex := range cause.Examples {
					hcause.Examples = append(hcause.Examples, ht(ex, htmlCut))
				}
				hc.Causes = append(hc.Causes, hcause)
			}
			for _, p := range c.TopPaths {
				hc.TopPaths = append(hc.TopPaths, htmlCounted{Key: ht(p.Key, htmlCut), Count: Thousands(p.Count), Share: Percent(ratio(p.Count, c.Count))})
			}
		}
		v.Codes = append(v.Codes, hc)
		if hc.IsError {
			v.ErrorCodes = append(v.ErrorCodes, hc)
		}
	}
	for _, in := range s.Incidents {
		hi := htmlIncident{Start: in.Start.Format(timeLayout), End: incidentEnd(in), Errors: Thousands(in.Errors),
			Requests: Thousands(in.Requests), Codes: incidentCodes(in)}
		for _, c := range in.Conditions {
			hi.Conditions = append(hi.Conditions, htmlCondition{ID: hown(c.Cause, 100), Title: hown(causeTitle(c.Cause), 200),
				Messages: plural(c.Messages, "error-log message"), Example: ht(c.Example, htmlCut)})
		}
		v.Incidents = append(v.Incidents, hi)
	}
	if s.Errors != nil {
		v.ErrorLog = newHTMLErrorLog(s.Errors)
	}
	top := func(name, col string, items []analyze.Counted) {
		if len(items) == 0 {
			return
		}
		t := htmlTop{Name: name, Column: col}
		for _, it := range items {
			t.Items = append(t.Items, htmlCounted{Key: ht(it.Key, htmlCut), Count: Thousands(it.Count), Share: Percent(ratio(it.Count, s.Requests))})
		}
		v.Tops = append(v.Tops, t)
	}
	top("Top paths", "path", s.Top.Paths)
	top("Top clients", "client", s.Top.Clients)
	top("Top user agents", "user agent", s.Top.UserAgents)
	top("Top referers", "referer", s.Top.Referers)
	if s.Timeline != nil && len(s.Timeline.Buckets) >= 2 {
		v.Timeline = newHTMLTimeline(s.Timeline)
	}
	if l := s.Latency; l != nil {
		hl := &htmlLatency{Rows: []htmlQuantiles{quantileRow("all", l.Overall)}}
		for _, c := range s.Codes {
			if c.Latency != nil {
				hl.Rows = append(hl.Rows, quantileRow(strconv.Itoa(c.Code), *c.Latency))
			}
		}
		for _, p := range l.Slowest {
			pt := htmlPathTime{Total: Seconds(p.Total), Path: ht(p.Path, htmlCut)}
			if p.Count > 0 {
				pt.Mean = Seconds(p.Mean)
			}
			hl.Slowest = append(hl.Slowest, pt)
		}
		v.Latency = hl
	}
	for _, in := range s.Inputs {
		if in.Error != "" {
			v.Problems = append(v.Problems, htmlProblem{File: ht(in.Path, htmlCut), Reason: "read incomplete", Excerpt: ht(in.Error, htmlCut)})
		}
		for _, x := range in.MalformedSamples {
			v.Problems = append(v.Problems, problemOf(x, false))
		}
		if n := in.Malformed + in.TooLong - int64(len(in.MalformedSamples)); n > 0 {
			v.Problems = append(v.Problems, htmlProblem{File: ht(in.Path, htmlCut), Reason: Thousands(n) + " more malformed line(s)"})
		}
		for _, x := range in.WarningSamples {
			v.Problems = append(v.Problems, problemOf(x, true))
		}
	}
	return v
}

// htmlModules is the most modules the error-log section lists.
const htmlModules = 12

func newHTMLErrorLog(el *analyze.ErrorSummary) *htmlErrorLog {
	h := &htmlErrorLog{Entries: Thousands(el.Entries), Matched: Thousands(el.Matched), Zone: hown(el.Zone, htmlCut)}
	for _, l := range el.Levels {
		h.Levels = append(h.Levels, htmlCounted{Key: ht(l.Key, 40), Count: Thousands(l.Count), Share: Percent(ratio(l.Count, el.Entries))})
	}
	for i, m := range el.Modules {
		if i == htmlModules {
			h.MoreModules = len(el.Modules) - i
			break
		}
		h.Modules = append(h.Modules, htmlCounted{Key: ht(m.Key, 40), Count: Thousands(m.Count), Share: Percent(ratio(m.Count, el.Entries))})
	}
	for _, tp := range el.Templates {
		h.Templates = append(h.Templates, htmlMessage{Count: Thousands(tp.Count), Level: ht(tp.Level, 40), Code: ht(tp.Code, 40),
			Span: templateSpan(tp), Template: ht(tp.Template, htmlCut), Example: ht(templateExample(tp), htmlCut)})
	}
	if el.Timeline != nil && len(el.Timeline.Buckets) > 1 {
		h.Timeline = newHTMLErrorTimeline(el.Timeline)
	}
	return h
}

// Geometry of the error-log chart, in SVG user units.
const (
	etWidth  = 720
	etHeight = 170
	etLeft   = 44
	etRight  = 8
	etTop    = 14
	etBottom = 30
)

func newHTMLErrorTimeline(tl *analyze.ErrorTimeline) *htmlErrorTimeline {
	h := &htmlErrorTimeline{Bucket: hown(tl.Bucket, 20), Noun: errorBucketNoun(tl),
		From: tl.Buckets[0].Start.Format(timeLayout), To: errorTimelineEnd(tl).Format(timeLayout),
		Width: etWidth, Height: etHeight, PlotLeft: etLeft, PlotRight: etWidth - etRight,
		PlotTop: etTop, PlotBottom: etHeight - etBottom}
	var peak int64
	peakAt := 0
	for i, b := range tl.Buckets {
		if b.Count > peak {
			peak, peakAt = b.Count, i
		}
	}
	h.Peak = plural(peak, "entry")
	if peak != 1 {
		h.Peak = Thousands(peak) + " entries"
	}
	h.PeakAt = tl.Buckets[peakAt].Start.Format(timeLayout)
	top, step := niceScale(peak)
	plotW := float64(etWidth - etLeft - etRight)
	plotH := float64(etHeight - etTop - etBottom)
	bottom := float64(etHeight - etBottom)
	for y := int64(0); y <= top; y += step {
		py := bottom - float64(y)/float64(top)*plotH
		h.YTicks = append(h.YTicks, htmlTick{Label: Thousands(y), X: f1(float64(etLeft - 6)), Y: f1(py)})
	}
	slot := plotW / float64(len(tl.Buckets))
	gap := math.Min(2, slot*0.2)
	layout := "15:04"
	if first, last := tl.Buckets[0].Start, tl.Buckets[len(tl.Buckets)-1].Start; first.YearDay() != last.YearDay() || first.Year() != last.Year() {
		layout = "Jan 2 15:04"
	}
	labelled := errorTicks(tl)
	for i, b := range tl.Buckets {
		x := float64(etLeft) + float64(i)*slot
		if b.Count > 0 {
			hh := math.Max(float64(b.Count)/float64(top)*plotH, 1)
			h.Bars = append(h.Bars, htmlBar{Title: b.Start.Format(timeLayout) + ": " + Thousands(b.Count),
				X: f1(x + gap/2), Y: f1(bottom - hh), W: f1(slot - gap), H: f1(hh)})
		}
		if labelled(b.Start) {
			h.XTicks = append(h.XTicks, htmlTick{Label: b.Start.Format(layout), X: f1(x + slot/2), Y: f1(bottom + 18)})
		}
	}
	// The table below the chart: every non-empty bucket when few, else the
	// busiest ones, in time order.
	var idx []int
	for i, b := range tl.Buckets {
		if b.Count > 0 {
			idx = append(idx, i)
		}
	}
	if len(idx) > tlRows {
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(tl.Buckets[b].Count, tl.Buckets[a].Count) })
		idx = idx[:tlRows]
		slices.Sort(idx)
		h.RowsNote = "The " + strconv.Itoa(tlRows) + " busiest of " + strconv.Itoa(len(tl.Buckets)) + " " + h.Noun + "s shown."
	} else {
		h.RowsNote = "Every " + h.Noun + " with entries."
	}
	for _, i := range idx {
		b := tl.Buckets[i]
		h.Rows = append(h.Rows, htmlCounted{Key: b.Start.Format(timeLayout), Count: Thousands(b.Count)})
	}
	return h
}

// errorTicks returns whether a bucket of an error-log timeline gets an x
// label: those at round times (every 5, 10, 15 or 30 minutes, or 1, 2, 3,
// 6 or 12 hours), as few steps as keep at most 8 labels.
func errorTicks(tl *analyze.ErrorTimeline) func(time.Time) bool {
	unit, steps := time.Minute, []int{1, 2, 5, 10, 15, 30, 60, 120}
	if tl.Bucket == "1h" {
		unit, steps = time.Hour, []int{1, 2, 3, 6, 12, 24}
	}
	step := steps[len(steps)-1]
	for _, s := range steps {
		if len(tl.Buckets) <= 8*s {
			step = s
			break
		}
	}
	return func(t time.Time) bool {
		n := (t.Hour()*60 + t.Minute()) // minutes since midnight
		if unit == time.Hour {
			n = t.Hour()
		}
		return n%step == 0
	}
}

func problemOf(x analyze.Sample, warning bool) htmlProblem {
	return htmlProblem{File: ht(x.Input, htmlCut), Line: strconv.FormatInt(x.Line, 10), Reason: hown(x.Reason, 200),
		Excerpt: ht(x.Excerpt, 200), Warning: warning}
}

func quantileRow(status string, q analyze.Quantiles) htmlQuantiles {
	return htmlQuantiles{Status: status, Count: Thousands(q.Count), P50: Seconds(q.P50), P90: Seconds(q.P90), P99: Seconds(q.P99), Max: Seconds(q.Max)}
}

// Geometry of the status class bar chart, in SVG user units.
const (
	classRow    = 30
	classBarX   = 44
	classBarMax = 250
)

func (v *htmlView) classes(s *analyze.Summary) {
	var peak int64
	for _, c := range classNames {
		peak = max(peak, s.Classes[c])
	}
	for i, c := range classNames {
		n := s.Classes[c]
		w := 0
		if peak > 0 {
			w = int(math.Round(float64(n) / float64(peak) * classBarMax))
		}
		if n > 0 {
			w = max(w, 2)
		}
		v.Classes = append(v.Classes, htmlClass{Name: c, Count: Thousands(n), Share: Percent(classShare(s, c)),
			Color: classColors[i], Y: i*classRow + 6, TextY: i*classRow + 6 + 14, W: w, LabelX: classBarX + w + 8})
	}
	v.ClassChart = htmlClassChart{Width: 400, Height: len(classNames)*classRow + 6, BarX: classBarX}
}

// Geometry of the timeline chart, in SVG user units.
const (
	tlWidth  = 960
	tlHeight = 300
	tlLeft   = 60
	tlRight  = 12
	tlTop    = 40
	tlBottom = 40
	// tlRows is the most buckets the table beside the chart lists.
	tlRows = 12
)

func newHTMLTimeline(tl *analyze.Timeline) *htmlTimeline {
	folded, per := foldTimeline(tl, htmlColumns)
	perDur := time.Duration(int64(per)*tl.Seconds) * time.Second
	h := &htmlTimeline{Bucket: tl.Bucket, Per: durationText(perDur),
		From: tl.Buckets[0].Start.Format(timeLayout), To: timelineEnd(tl).Format(timeLayout),
		Width: tlWidth, Height: tlHeight, PlotLeft: tlLeft, PlotRight: tlWidth - tlRight,
		PlotTop: tlTop, PlotBottom: tlHeight - tlBottom}
	var peak int64
	peakAt := 0
	var e4, e5 int64
	for i, b := range folded {
		if t := b.Total(); t > peak {
			peak, peakAt = t, i
		}
		e4 += b.C4xx
		e5 += b.C5xx
	}
	h.Peak = plural(peak, "request")
	h.PeakAt = folded[peakAt].Start.Format(timeLayout)
	h.Errors4xx, h.Errors5xx = Thousands(e4), Thousands(e5)
	h.Label = "requests per " + h.Per

	top, step := niceScale(peak)
	plotW := float64(tlWidth - tlLeft - tlRight)
	plotH := float64(tlHeight - tlTop - tlBottom)
	bottom := float64(tlHeight - tlBottom)
	for y := int64(0); y <= top; y += step {
		py := bottom - float64(y)/float64(top)*plotH
		h.YTicks = append(h.YTicks, htmlTick{Label: Thousands(y), X: f1(float64(tlLeft - 8)), Y: f1(py)})
	}
	slot := plotW / float64(len(folded))
	gap := math.Min(2, slot*0.2)
	layout := xLabelLayout(tl, per)
	every := max(1, (len(folded)+5)/6)
	for i, b := range folded {
		x := float64(tlLeft) + float64(i)*slot
		col := htmlColumn{Title: b.Start.Format(timeLayout) + ": " + plural(b.Total(), "request") + classList(b)}
		y := bottom
		for ci := range classNames {
			n := classCount(b, ci)
			if n == 0 {
				continue
			}
			hh := math.Max(float64(n)/float64(top)*plotH, 1)
			y -= hh
			col.Rects = append(col.Rects, htmlRect{X: f1(x + gap/2), Y: f1(y), W: f1(slot - gap), H: f1(hh), Color: classColors[ci]})
		}
		h.Columns = append(h.Columns, col)
		if i%every == 0 {
			h.XTicks = append(h.XTicks, htmlTick{Label: b.Start.Format(layout), X: f1(x + slot/2), Y: f1(bottom + 18)})
		}
	}
	x := tlWidth - tlRight - 62*len(classNames) + 10
	for i, c := range classNames {
		h.Legend = append(h.Legend, htmlLegend{Name: c, Color: classColors[i], X: x, TextX: x + 16})
		x += 62
	}
	// The table beside the chart: every non-empty bucket when few, else the
	// busiest ones, in time order.
	var idx []int
	for i, b := range folded {
		if b.Total() > 0 {
			idx = append(idx, i)
		}
	}
	if len(idx) > tlRows {
		slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(folded[b].Total(), folded[a].Total()) })
		idx = idx[:tlRows]
		slices.Sort(idx)
		h.RowsNote = "The " + strconv.Itoa(tlRows) + " busiest of " + strconv.Itoa(len(folded)) + " periods of " + h.Per + "."
	} else {
		h.RowsNote = "Every period of " + h.Per + " with requests."
	}
	for _, i := range idx {
		b := folded[i]
		r := htmlBucketRow{Start: b.Start.Format(timeLayout), Total: Thousands(b.Total())}
		for ci := range classNames {
			r.Classes = append(r.Classes, Thousands(classCount(b, ci)))
		}
		h.Rows = append(h.Rows, r)
	}
	return h
}

// classList lists the non-zero classes of b: " (2xx 30, 4xx 2)".
func classList(b analyze.Bucket) string {
	s := ""
	for i, c := range classNames {
		if n := classCount(b, i); n > 0 {
			if s != "" {
				s += ", "
			}
			s += c + " " + Thousands(n)
		}
	}
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// xLabelLayout picks the time layout of the chart's x labels.
func xLabelLayout(tl *analyze.Timeline, per int) string {
	first, last := tl.Buckets[0].Start, tl.Buckets[len(tl.Buckets)-1].Start
	switch {
	case int64(per)*tl.Seconds >= 86400:
		return "2006-01-02"
	case first.YearDay() == last.YearDay() && first.Year() == last.Year():
		return "15:04"
	default:
		return "Jan 2 15:04"
	}
}

// niceScale returns the top of a y axis for values up to peak, and the step
// between its ticks: 1, 2 or 5 times a power of ten, at most 5 steps.
func niceScale(peak int64) (top, step int64) {
	if peak <= 0 {
		return 1, 1
	}
	step = 1
	for {
		for _, m := range []int64{1, 2, 5} {
			if s := step * m; (peak+s-1)/s <= 5 {
				return (peak + s - 1) / s * s, s
			}
		}
		step *= 10
	}
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// plural formats n with a noun: "1 request", "1,234 requests".
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if len(noun) > 1 && noun[len(noun)-1] == 'y' && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])) {
		return Thousands(n) + " " + strings.TrimSuffix(noun, "y") + "ies" // entry → entries, not day → daies
	}
	return Thousands(n) + " " + noun + "s"
}
