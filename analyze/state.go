package analyze

import (
	"cmp"
	"slices"
)

// State is everything a run accumulates from its inputs, access and error
// logs alike: the one value the report is computed from. States of pieces
// of input (blocks, files, hours, hosts) merge with [State.Merge], exactly
// for counts and diagnosis evidence and within the documented bounds for
// the sketches (top lists, latency quantiles, unique clients); the report
// is [State.Summary] of the merged state. A state is written to and read
// from disk with [State.Encode] and [DecodeState].
type State struct {
	meta []InputMeta
	p    *Partial // per-input counts of every input, access counts
	// The error logs' part: templates, levels and per-minute counts, the
	// entries that matched a rule, and the server-wide conditions.
	errStats  *ErrorStats
	matched   int64
	unindexed int64
	windows   []window
	zones     []string // how error-log times were read, one note per distinct way
}

// NewState makes the state of a run from its inputs' metadata (every
// input, in the order given), the partial the access logs were counted into
// (with one slot per input: p.Inputs[i] belongs to meta[i]) and the error
// logs read (nil when none), whose inputs fill, in order, the slots whose
// meta has Kind "error". zoneNote says how the error-log times were read.
func NewState(meta []InputMeta, p *Partial, el *ErrorLogs, zoneNote string) *State {
	st := &State{meta: slices.Clone(meta), p: p, errStats: NewErrorStats()}
	for len(p.Inputs) < len(meta) {
		p.Inputs = append(p.Inputs, InputStats{})
	}
	for i := range st.meta {
		if st.meta[i].Err != nil && st.meta[i].Error == "" {
			st.meta[i].Error = st.meta[i].Err.Error()
		}
		st.meta[i].Err = nil
	}
	if el == nil {
		return st
	}
	ei := 0
	for i, m := range st.meta {
		if m.Kind != "error" || ei >= len(el.Inputs) {
			continue
		}
		in := el.Inputs[ei]
		ei++
		stats := in.InputStats
		for _, s := range in.MalformedSamples {
			s.input = i
			stats.Samples = append(stats.Samples, s)
		}
		p.Touch(i)
		p.Inputs[i] = stats
		if in.Error != "" && st.meta[i].Error == "" {
			st.meta[i].Error = in.Error
		}
	}
	if el.Stats != nil {
		st.errStats = el.Stats
	}
	if ev := el.Evidence; ev != nil {
		st.matched, st.unindexed = ev.Matched, ev.Unindexed
		st.windows = slices.Clone(ev.windows)
	}
	if zoneNote != "" && ei > 0 {
		st.zones = []string{zoneNote}
	}
	return st
}

// span returns the time of the first and last access entry, and whether
// there is one.
func (st *State) span() (first, last int64, ok bool) {
	return st.p.first, st.p.last, st.p.hasTime
}

// Merge adds o, the state of other inputs, into st; o must not be used
// afterwards. Counts and evidence add up exactly; the pieces of each stream
// (see [Options.Streams]) are put in time order, so that the heuristics
// that follow the order of requests count across the edge between two
// pieces what one pass over both counts. The result is the same whatever
// the order of two merges of pieces of different streams; for the top
// lists beyond their capacity it depends on the merge order, which
// [MergeStates] fixes.
func (st *State) Merge(o *State) { st.merge(o, false) }

// MergeInputs is [State.Merge] that counts an input of o in the row of an
// input of st with the same metadata (path, kind, format, stream and error):
// the pieces of one file read by successive runs (see the history package)
// make one row of the inputs, not one per run.
func (st *State) MergeInputs(o *State) { st.merge(o, true) }

func (st *State) merge(o *State, same bool) {
	if same {
		to := make([]int, len(o.meta))
		for j, m := range o.meta {
			k := slices.IndexFunc(st.meta, func(x InputMeta) bool { return sameInput(x, m) })
			if k < 0 {
				k = len(st.meta)
				st.meta = append(st.meta, m)
			}
			to[j] = k
		}
		o.p.remapInputs(to, len(st.meta))
	} else {
		shift := len(st.meta)
		st.meta = append(st.meta, o.meta...)
		o.p.shiftInputs(shift)
	}
	st.p.Merge(o.p)
	st.errStats.Merge(o.errStats)
	st.matched += o.matched
	st.unindexed += o.unindexed
	st.windows = append(st.windows, o.windows...)
	slices.SortStableFunc(st.windows, func(a, b window) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.cause, b.cause)
	})
	if len(st.windows) > maxWindows {
		st.windows = st.windows[:maxWindows]
	}
	for _, z := range o.zones {
		if !slices.Contains(st.zones, z) {
			st.zones = append(st.zones, z)
		}
	}
}

// sameInput reports whether two inputs are the same file read alike.
func sameInput(a, b InputMeta) bool {
	return a.Path == b.Path && a.Kind == b.Kind && a.Format == b.Format && a.Stream == b.Stream &&
		a.Error == b.Error && slices.Equal(a.FormatNames, b.FormatNames)
}

// maxWindows bounds the server-wide conditions a state keeps.
const maxWindows = 10000

// MergeStates merges states into one in a fixed order: by the time of their
// first access entry (states without one first), then of their last, then
// by the name of their first input, so that any order of the same states
// gives the same result. The states must not be used afterwards.
func MergeStates(states []*State) *State { return mergeStates(states, false) }

// MergeStatesInputs is [MergeStates] with [State.MergeInputs].
func MergeStatesInputs(states []*State) *State { return mergeStates(states, true) }

func mergeStates(states []*State, same bool) *State {
	if len(states) == 0 {
		return nil
	}
	sorted := slices.Clone(states)
	slices.SortStableFunc(sorted, func(a, b *State) int {
		af, al, aok := a.span()
		bf, bl, bok := b.span()
		if aok != bok {
			if !aok {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(af, bf); c != 0 {
			return c
		}
		if c := cmp.Compare(al, bl); c != 0 {
			return c
		}
		return cmp.Compare(firstPath(a), firstPath(b))
	})
	out := sorted[0]
	for _, s := range sorted[1:] {
		out.merge(s, same)
	}
	return out
}

func firstPath(s *State) string {
	if len(s.meta) == 0 {
		return ""
	}
	return s.meta[0].Path
}

// PeriodState returns the state of one period of a run whose counts were
// split by period (input.ScanOptions.Period, [ReadErrorLogsBy]): the
// inputs' metadata meta, the access partial p of the period (nil when it
// has no access entries) and the part of the error logs el (nil when none)
// that falls in the period starting at start: its entries' summary and the
// server-wide conditions that start in it. The error logs' line counts and
// the run's counts of matched entries go in the state of one period of the
// run, the one with first set. opts are the options p was counted with.
func PeriodState(meta []InputMeta, p *Partial, el *ErrorLogs, start int64, zoneNote string, first bool, opts Options) *State {
	if p == nil {
		p = NewPartial(len(meta), opts)
	}
	if el == nil {
		return NewState(meta, p, nil, "")
	}
	sub := &ErrorLogs{Stats: el.Periods[start]}
	if first {
		sub.Inputs = el.Inputs
	}
	if ev := el.Evidence; ev != nil {
		part := &Evidence{}
		if first {
			part.Matched, part.Unindexed = ev.Matched, ev.Unindexed
		}
		for _, w := range ev.windows {
			if el.period > 0 && PeriodStart(w.start, el.period) == start {
				part.windows = append(part.windows, w)
			}
		}
		sub.Evidence = part
	}
	st := NewState(meta, p, sub, zoneNote)
	if zoneNote != "" && sub.Stats != nil && len(st.zones) == 0 {
		st.zones = []string{zoneNote}
	}
	return st
}

// Counts returns how many access entries and error-log entries the state
// counted.
func (st *State) Counts() (requests, errorEntries int64) {
	return st.p.requests, st.errStats.entries
}

// Meta returns the metadata of the state's inputs, in order.
func (st *State) Meta() []InputMeta { return slices.Clone(st.meta) }

// Span returns the time of the first and last access entry (Unix
// nanoseconds), and whether there is one.
func (st *State) Span() (first, last int64, ok bool) { return st.span() }

// PeriodStart returns the start of the period of that many nanoseconds (of
// UTC time, aligned on the Unix epoch) that t (Unix nanoseconds) is in.
func PeriodStart(t, period int64) int64 { return t - ((t%period)+period)%period }
