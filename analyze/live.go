package analyze

// This file holds what a state fed while its logs are still being written
// (logscan watch) needs beside what a run over finished logs does.

// Clone returns a deep copy of st, with tables sized by opts as for a run,
// so that the copy can be merged into another state (which consumes it)
// while st goes on counting. It costs what [State.Encode] followed by
// [DecodeState] costs, without the compression. Like Encode, it folds the
// 401 pieces of each stream first, which does not change st's meaning.
func (st *State) Clone(opts Options) *State {
	foldAuth(st.p.access.auth)
	var e enc
	e.state(st)
	c, err := decodeBody(e.b, opts)
	if err != nil {
		panic("analyze: a state does not decode its own encoding: " + err.Error())
	}
	return c
}

// SetEvidence replaces the error-log index that the entries added from now
// on are matched against (see [Options.Evidence]): when the error logs are
// still being written, the index grows while the access entries come in.
// ev is read, never changed.
func (p *Partial) SetEvidence(ev *Evidence) { p.opts.Evidence = ev }
