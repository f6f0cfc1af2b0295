package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/history"
	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
	"github.com/logscan/logscan/report"
)

// sampleLines is how many non-blank lines format detection scores.
const sampleLines = 100

// opened is an input after opening and detection of its kind and format.
type opened struct {
	in     *input.Input
	kind   string // "access", "error" or "unknown"
	format parser.Format
	errfmt parser.ErrorFormat
	sample [][]byte // the lines detection scored; nil once the input is released
	// zoneOffset is the UTC offset of the first sample entry that has one,
	// for access logs (hasZone reports whether one was found).
	zoneOffset int32
	hasZone    bool
	// firstTime is the time of the first sample entry that has one: Unix
	// nanoseconds for an access log (with hasZone), the wall clock read as
	// UTC for an error log (with hasTime).
	firstTime int64
	hasTime   bool
	// arg is the index of the input among the names given.
	arg int
	// head is the start of the input's content (decompressed), at most
	// history.HeadLen bytes: what --history fingerprints.
	head       []byte
	compressed bool
	// With --history: the number of the first line read (where an earlier
	// run stopped; 0 is 1), whether an unfinished last line is left for a
	// later run, and where reading stopped.
	firstLine int64
	hold      bool
	reached   input.Reached
	atEnd     bool // read to its end without an error
}

// Input states of a [report.CheckInput], as the check report names them.
const (
	stateRead       = report.InputRead
	stateIncomplete = report.InputIncomplete
	stateUnreadable = report.InputUnreadable
)

// markInput records that input arg of statuses was read only in part or
// could not be read, and why (statuses may be nil).
func markInput(statuses []report.CheckInput, arg int, state string, err string) {
	if arg < 0 || arg >= len(statuses) {
		return
	}
	statuses[arg].State, statuses[arg].Error = state, err
}

// openAll opens every named input and detects its kind and format: access
// and error logs are told apart by content, whatever their names. Inputs
// that cannot be opened are reported on stderr and left out; failed reports
// whether any was.
func openAll(e *env, names []string, forced parser.Format, forcedErr parser.ErrorFormat) (inputs []opened, failed bool) {
	inputs, statuses := openInputs(e, names, forced, forcedErr)
	for _, s := range statuses {
		failed = failed || s.State == stateUnreadable
	}
	return inputs, failed
}

// openInputs is [openAll] that also returns what became of each name, in
// the order given: unreadable (with the reason) or read so far, with its
// kind. Later steps mark the inputs they read only in part.
func openInputs(e *env, names []string, forced parser.Format, forcedErr parser.ErrorFormat) (inputs []opened, statuses []report.CheckInput) {
	statuses = make([]report.CheckInput, len(names))
	// The known formats are compiled once for the run: detection and the
	// fallback chain of every input share them (workers clone what they
	// parse with), so a run over thousands of files does not compile them
	// thousands of times.
	known := parser.AccessFormats()
	fallbacks := map[parser.Format]parser.Format{} // one chain per primary format
	for arg, name := range names {
		statuses[arg] = report.CheckInput{Path: name, State: stateRead}
		var in *input.Input
		var err error
		if data, ok := e.virtual[name]; ok {
			in, err = input.Open("-", bytes.NewReader(data))
			if in != nil {
				in.Name = name
			}
		} else {
			in, err = input.OpenTimeout(name, e.stdin, e.readTimeout)
		}
		if err != nil {
			why := describeOpenError(err)
			fmt.Fprintf(e.stderr, "logscan: cannot read %s: %s\n", report.Terminal(displayName(name)), report.Terminal(why))
			markInput(statuses, arg, stateUnreadable, why)
			continue
		}
		if name == "-" && e.stdinName != "" {
			in.Name = e.stdinName
		}
		statuses[arg].Path = in.Name
		head, whole, _ := in.Peek()
		fp := bytes.Clone(head[:min(len(head), history.HeadLen)])
		if analyze.IsState(head) {
			in.Release()
			statuses[arg].Kind = "state"
			inputs = append(inputs, opened{in: in, kind: "state", arg: arg})
			continue
		}
		o := opened{in: in, kind: "access", sample: parser.SampleLines(head, sampleLines, whole), arg: arg, head: fp, compressed: in.Compressed}
		// Score the access and the error formats (the forced ones when
		// given) on the sample: the kind whose formats parse more lines wins,
		// so an error log keeps its kind beside a forced access format.
		var af parser.Format
		var an int
		if forced != nil {
			af, an = parser.DetectFormat(o.sample, []parser.Format{forced})
			if af == nil {
				af = forced
			}
		} else {
			af, an = parser.DetectFormat(o.sample, known)
		}
		var ef parser.ErrorFormat
		var en int
		if forcedErr != nil {
			ef, en = forcedErr, countErrorLines(forcedErr, o.sample)
		} else {
			ef, en = parser.DetectErrorFormat(o.sample)
		}
		switch {
		case en > an:
			o.kind, o.errfmt = "error", ef
		case forced != nil:
			o.format = af
		case an > 0:
			o.format = af
			if forced == nil {
				if fallbacks[af] == nil {
					fallbacks[af] = parser.NewFallback(af, known...)
				}
				o.format = fallbacks[af]
			}
		default:
			o.format, _ = parser.LookupFormat("combined")
			if len(o.sample) > 0 {
				o.kind = "unknown"
				first := o.sample[0]
				if len(first) > 100 {
					first = first[:100]
				}
				fmt.Fprintf(e.stderr, "logscan: warning: no known format reads %s; its first line is %q; give the server's format with --log-format or --server-config (see 'logscan formats')\n",
					report.Terminal(displayName(in.Name)), report.Terminal(string(first)))
			}
		}
		if o.kind == "access" {
			var ent parser.Entry
			for _, l := range o.sample {
				if o.format.Parse(l, &ent) == nil && ent.HasZone {
					o.zoneOffset, o.hasZone, o.firstTime = ent.Offset, true, ent.Time
					break
				}
			}
		}
		if o.kind == "error" {
			// The wall clock of the first entry with a time, read as UTC:
			// errorZones places it beside the access logs.
			var ent parser.ErrorEntry
			for _, l := range o.sample {
				if o.errfmt.Parse(l, &ent) == nil && ent.HasTime {
					o.firstTime, o.hasTime = ent.Timestamp(time.UTC).UnixNano(), true
					break
				}
			}
		}
		// Files are opened again when they are read: a run over hundreds of
		// rotated logs keeps neither their descriptors nor their buffers.
		o.sample = nil
		in.Release()
		statuses[arg].Kind = o.kind
		inputs = append(inputs, o)
	}
	return inputs, statuses
}

// closeAtEnd closes an input as soon as a read of it ends (at its end or on
// an error), so that a run over thousands of files holds one open at a
// time, whatever the limit on descriptors.
type closeAtEnd struct{ in *input.Input }

func (c closeAtEnd) Read(p []byte) (int, error) {
	n, err := c.in.Read(p)
	if err != nil {
		c.in.Close()
	}
	return n, err
}

// countErrorLines returns how many sample lines an error format parses.
func countErrorLines(f parser.ErrorFormat, lines [][]byte) int {
	var e parser.ErrorEntry
	n := 0
	for _, l := range lines {
		if f.Parse(l, &e) == nil {
			n++
		}
	}
	return n
}

// describeOpenError says why an input could not be opened, without the
// file name, which the caller prints.
func describeOpenError(err error) string {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "no such file"
	case errors.Is(err, fs.ErrPermission):
		return "permission denied"
	case errors.Is(err, input.ErrIsDirectory):
		return "is a directory"
	case errors.As(err, &pe):
		return oneLine(pe.Err.Error())
	}
	return oneLine(err.Error())
}

// warnIncomplete reports on stderr an input read only up to damage: how
// many lines and bytes of the file were read, and the error.
func warnIncomplete(e *env, in *input.Input, lines int64, err error) {
	fmt.Fprintf(e.stderr, "logscan: warning: %s was read only up to the damage (%d lines, %d bytes of the file): %s\n",
		report.Terminal(displayName(in.Name)), lines, in.Consumed(), report.Terminal(oneLine(err.Error())))
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// errorZones chooses the zone of each error log, whose timestamps carry
// none: the UTC offset of the access log of the run whose first entry lies
// nearest to the error log's first entry read in that offset (ties to the
// smaller offset, then the name), so that the order of the inputs changes
// nothing; else --tz; else the local zone. The last element is the zone
// for error logs with no timed sample entry. It returns a note saying which
// zone was used, and that the access logs' offsets differ when they do.
func errorZones(inputs []opened, tz *time.Location) ([]*time.Location, string) {
	zones := make([]*time.Location, len(inputs)+1)
	fallback, fallbackNote := tz, ""
	if tz != nil {
		fallbackNote = "the zone given by --tz (" + tz.String() + ")"
	} else {
		name, _ := time.Now().Zone()
		fallback, fallbackNote = time.Local, "the local time zone ("+name+"); give --tz to set it"
	}
	var access []opened
	offsets := map[int32]bool{}
	for _, o := range inputs {
		if o.kind == "access" && o.hasZone {
			access = append(access, o)
			offsets[o.zoneOffset] = true
		}
	}
	zones[len(inputs)] = fallback
	if len(access) == 0 {
		for i := range inputs {
			zones[i] = fallback
		}
		return zones, fallbackNote
	}
	// The access log with the smallest offset, then name, stands for the
	// error logs without a timed entry.
	slices.SortFunc(access, func(a, b opened) int {
		if c := cmp.Compare(a.zoneOffset, b.zoneOffset); c != 0 {
			return c
		}
		return strings.Compare(a.in.Name, b.in.Name)
	})
	notes := map[string]bool{}
	var order []string
	use := func(i int, a opened) {
		zones[i] = parser.FixedZone(int(a.zoneOffset))
		n := fmt.Sprintf("%s, the offset of the access log %s", zoneName(a.zoneOffset), report.Terminal(a.in.Name))
		if len(offsets) > 1 {
			n = report.Terminal(inputs[i].in.Name) + ": " + n
		}
		if !notes[n] {
			notes[n] = true
			order = append(order, n)
		}
	}
	for i, o := range inputs {
		if o.kind != "error" {
			zones[i] = fallback
			continue
		}
		best := access[0]
		if o.hasTime {
			var bestD int64 = -1
			for _, a := range access {
				d := o.firstTime - int64(a.zoneOffset)*1e9 - a.firstTime
				if d < 0 {
					d = -d
				}
				if bestD < 0 || d < bestD {
					best, bestD = a, d
				}
			}
		}
		use(i, best)
	}
	if len(order) == 0 {
		return zones, fallbackNote
	}
	slices.Sort(order)
	note := strings.Join(order, "; ")
	if len(offsets) > 1 {
		var offs []string
		for _, a := range access {
			offs = append(offs, zoneName(a.zoneOffset)+" "+report.Terminal(a.in.Name))
		}
		note = "the access logs' UTC offsets differ (" + strings.Join(offs, ", ") + "), each error log read in the offset of the access log nearest in time: " + note
	}
	return zones, note
}

// zoneName names a UTC offset: "UTC" or "UTC+0100".
func zoneName(off int32) string {
	zone := parser.FixedZone(int(off)).String()
	if zone != "UTC" {
		zone = "UTC" + zone
	}
	return zone
}

// readErrorLogs reads the error logs of the run (see [analyze.ReadErrorLogs])
// and warns about those read only in part; incomplete reports whether any was.
// Those are marked incomplete in statuses (which may be nil).
func readErrorLogs(e *env, inputs []opened, zones []*time.Location, maxLine int, statuses []report.CheckInput, opts analyze.Options, period int64) (el *analyze.ErrorLogs, mixed *analyze.Partial, incomplete bool) {
	var logs []analyze.ErrorLog
	var ins []*input.Input
	var args []int
	var access parser.Format
	slot := 0
	var tails []*input.TailReader
	var tailOf, idxOf []int
	for i := range inputs {
		o := &inputs[i]
		if o.kind == "state" {
			continue
		}
		if o.kind == "error" {
			if mixed == nil {
				// Access lines in an error log (a file that mixes both, as
				// docker logs gives) are read as the requests they are.
				known := parser.AccessFormats()
				access = parser.NewFallback(known[0], known...)
				mixed = analyze.NewPartial(len(opts.Streams), opts)
			}
			var r io.Reader = closeAtEnd{o.in}
			if period > 0 { // a run with --history: where reading stops matters
				tr := input.NewTailReader(r, o.hold)
				tails, tailOf, r = append(tails, tr), append(tailOf, len(logs)), tr
			}
			logs = append(logs, analyze.ErrorLog{Name: o.in.Name, Reader: r, Format: o.errfmt, Location: zones[i],
				Access: access, Into: mixed, Slot: slot, FirstLine: int(o.firstLine)})
			ins = append(ins, o.in)
			args = append(args, o.arg)
			idxOf = append(idxOf, i)
		}
		slot++
	}
	el = analyze.ReadErrorLogsBy(logs, zones[len(zones)-1], maxLine, period)
	for i, tr := range tails {
		j := tailOf[i]
		o := &inputs[idxOf[j]]
		o.reached = input.Reached{Offset: tr.Offset(), NextLine: max(o.firstLine, 1) + el.Inputs[j].Lines}
		o.atEnd = el.Errs[j] == nil
	}
	for i, err := range el.Errs {
		if err != nil {
			incomplete = true
			markInput(statuses, args[i], stateIncomplete, oneLine(err.Error()))
			warnIncomplete(e, ins[i], el.Inputs[i].Lines, err)
		}
		ins[i].Close()
	}
	return el, mixed, incomplete
}

// runStreams names the stream of every input of the run that is not a
// state, in order: the slots of its partial.
func runStreams(inputs []opened, source string) []string {
	var streams []string
	for _, o := range inputs {
		if o.kind != "state" {
			streams = append(streams, streamName(source, o.in.Name))
		}
	}
	return streams
}

// scanAccess reads the access logs and returns the state of the run (its
// logs, the error logs already read among them) and whether any access log
// was read only in part (marked so in statuses, which may be nil). States
// given as inputs are not part of it.
//
// With onPeriod set, the counts are split by so.Period: onPeriod receives
// the metadata of the run's inputs and each period's partial (see
// input.ScanOptions.Spill), and the state returned has no access counts.
func scanAccess(e *env, inputs []opened, so input.ScanOptions, el *analyze.ErrorLogs, mixed *analyze.Partial, zoneNote string, statuses []report.CheckInput,
	onPeriod func(meta []analyze.InputMeta, start int64, p *analyze.Partial)) (*analyze.State, bool) {
	var access []input.AccessInput
	var meta []analyze.InputMeta
	var ins []*input.Input
	var slots, args, idx []int
	for i := range inputs {
		o := &inputs[i]
		if o.kind == "state" {
			continue
		}
		m := analyze.InputMeta{Path: o.in.Name, Kind: o.kind, Stream: so.Streams[len(meta)]}
		if o.kind == "error" {
			m.Format = o.errfmt.Name()
			meta = append(meta, m)
			continue
		}
		m.Format = o.format.Name()
		if fb, ok := o.format.(*parser.Fallback); ok {
			m.FormatNames = fb.Names()
		}
		access = append(access, input.AccessInput{Name: o.in.Name, Reader: closeAtEnd{o.in}, Format: o.format, Slot: len(meta),
			FirstLine: o.firstLine, HoldTail: o.hold, Reached: &o.reached})
		idx = append(idx, i)
		slots = append(slots, len(meta))
		meta = append(meta, m)
		ins = append(ins, o.in)
		args = append(args, o.arg)
	}
	so.Slots = max(len(meta), 1) // so.Streams, by slot, is runStreams's
	if onPeriod != nil {
		so.Spill = func(start int64, p *analyze.Partial) { onPeriod(meta, start, p) }
	}
	p, errs := input.Scan(access, so)
	if mixed != nil && onPeriod == nil {
		p.Merge(mixed) // the access lines found in error logs
	}
	incomplete := false
	for i, err := range errs {
		inputs[idx[i]].atEnd = err == nil
		if err != nil {
			incomplete = true
			meta[slots[i]].Err = err
			markInput(statuses, args[i], stateIncomplete, oneLine(err.Error()))
			warnIncomplete(e, ins[i], p.Inputs[slots[i]].Lines, err)
		}
		ins[i].Close()
	}
	return analyze.NewState(meta, p, el, zoneNote), incomplete
}

// streamName names the log an input is a piece of: its source and its file
// name without the directory and the suffixes rotation adds (access.log.1,
// access.log.2.gz and access.log-20261124 are pieces of access.log).
func streamName(source, name string) string {
	base := filepath.Base(name)
	if name == "-" {
		base = "stdin"
	}
	for {
		trimmed := strings.TrimSuffix(base, ".gz")
		if i := strings.LastIndexAny(trimmed, ".-"); i > 0 && allDigits(trimmed[i+1:]) {
			trimmed = trimmed[:i]
		}
		if trimmed == base {
			break
		}
		base = trimmed
	}
	return source + "/" + base
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// maxStateFile bounds the size of a state file read (a state of the
// largest bounded tables is a few tens of MB).
const maxStateFile = 1 << 30

// readStates decodes the inputs that are state files. A state that cannot
// be read is reported on stderr, marked unreadable in statuses (which may be
// nil) and left out; bad reports whether any was.
func readStates(e *env, inputs []opened, opts analyze.Options, statuses []report.CheckInput) (states []*analyze.State, bad bool) {
	for _, o := range inputs {
		if o.kind != "state" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(o.in, maxStateFile+1))
		o.in.Close()
		if err == nil && len(data) > maxStateFile {
			err = fmt.Errorf("over %d bytes", maxStateFile)
		}
		var st *analyze.State
		if err == nil {
			st, err = analyze.DecodeState(data, opts)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "logscan: cannot read %s: %s\n", report.Terminal(displayName(o.in.Name)), report.Terminal(oneLine(err.Error())))
			markInput(statuses, o.arg, stateUnreadable, oneLine(err.Error()))
			bad = true
			continue
		}
		states = append(states, st)
	}
	return states, bad
}

// allStates reports whether every input is a state file.
func allStates(inputs []opened) bool {
	for _, o := range inputs {
		if o.kind != "state" {
			return false
		}
	}
	return true
}
