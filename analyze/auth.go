package analyze

import (
	"cmp"
	"slices"
)

// This file holds the one access-log heuristic that depends on the order
// of requests: a 401 answered to a client that sent no credentials,
// followed by the same client getting the same path with a 2xx as an
// authenticated user (the browser's challenge, then the user typing a
// password). It is kept per stream (one log, whatever rotation or cutting
// did to it) as a piece: what happened inside it, plus the edges a
// neighbouring piece needs, so that pieces folded in time order count
// exactly what one pass over the whole stream counts.
//
// The rule, per client+path key, in the order the stream is read:
//   - a 401 to a request without a user starts a run of 401s, or extends
//     the key's run when its last 401 is at most authWindow earlier (an
//     older run has expired and is dropped);
//   - a 2xx to a request with a user resolves the key's run when its last
//     401 is at most authWindow earlier: all the run's 401s are explained.
//
// Bounds: at most maxAuthKeys open runs and maxAuthKeys first events per
// piece. Beyond them (a flood of 401s, or an all-authenticated log cut
// inside its busiest minutes) runs are dropped: the counts stay
// deterministic but a cut may then lose a pair that one pass would see.

// authWindow is how long after a 401 a success still answers its challenge.
const authWindow = 300e9

// maxAuthKeys bounds the open runs and the first events a piece keeps.
const maxAuthKeys = 4096

// Fates of the run that starts at a key's first event in a piece.
const (
	fateOpen     = iota // still open at the piece's end
	fateResolved        // resolved by a success in the piece
	fateExpired         // expired, or dropped at a bound
)

// authRun is an open run of 401s of one key.
type authRun struct {
	n     int64
	last  int64 // time of the run's last 401
	first bool  // the run began at the key's first event in the piece
}

// authHead is the first event of a key in a piece, kept when it is at most
// authWindow after the piece's start: the only events an open run of the
// piece before can meet.
type authHead struct {
	t       int64
	success bool
	fate    uint8 // for a 401: what became of the run it began
	ex      Sample
}

// authPiece is the state of the heuristic over one contiguous piece of a
// stream.
type authPiece struct {
	stream     string
	start, end int64 // first and last entry time; both 0 without times
	timed      bool
	open       map[uint64]authRun
	heads      map[uint64]authHead
	resolved   int64  // 401s explained
	ex         Sample // the first success that resolved a run
}

func newAuthPiece(stream string) *authPiece {
	return &authPiece{stream: stream, open: map[uint64]authRun{}, heads: map[uint64]authHead{}}
}

// see notes one entry's time, so that the piece knows its span.
func (a *authPiece) see(t int64) {
	if !a.timed {
		a.start, a.end, a.timed = t, t, true
		return
	}
	a.start, a.end = min(a.start, t), max(a.end, t)
}

// inHead reports whether an event at t is among the piece's first events.
func (a *authPiece) inHead(t int64) bool { return t-a.start <= authWindow }

// challenge counts a 401 without credentials of key k at t.
func (a *authPiece) challenge(k uint64, t int64) {
	_, seen := a.heads[k]
	first := !seen && a.inHead(t) && len(a.heads) < maxAuthKeys
	r, ok := a.open[k]
	switch {
	case ok && t-r.last <= authWindow:
		r.n++
		r.last = t
		a.open[k] = r
	default:
		if ok {
			a.expire(k, r)
		}
		if len(a.open) >= maxAuthKeys {
			a.prune(t)
			if len(a.open) >= maxAuthKeys {
				if first {
					a.heads[k] = authHead{t: t, fate: fateExpired}
				}
				return
			}
		}
		a.open[k] = authRun{n: 1, last: t, first: first}
	}
	if first {
		a.heads[k] = authHead{t: t, fate: fateOpen}
	}
}

// success counts a 2xx with credentials of key k at t; ex makes its
// example when needed.
func (a *authPiece) success(k uint64, t int64, ex func() Sample) {
	_, seen := a.heads[k]
	if !seen && a.inHead(t) && len(a.heads) < maxAuthKeys {
		a.heads[k] = authHead{t: t, success: true, ex: ex()}
	}
	r, ok := a.open[k]
	if !ok {
		return
	}
	delete(a.open, k)
	if t-r.last > authWindow {
		a.setFate(k, r, fateExpired)
		return
	}
	a.resolve(r.n, ex())
	a.setFate(k, r, fateResolved)
}

func (a *authPiece) resolve(n int64, ex Sample) {
	a.resolved += n
	if a.ex.Line == 0 || earlier(ex, a.ex) {
		a.ex = ex
	}
}

// earlier reports whether sample x comes before y in the inputs' order.
func earlier(x, y Sample) bool {
	return x.input < y.input || x.input == y.input && x.Line < y.Line
}

func (a *authPiece) expire(k uint64, r authRun) {
	delete(a.open, k)
	a.setFate(k, r, fateExpired)
}

func (a *authPiece) setFate(k uint64, r authRun, fate uint8) {
	if r.first {
		h := a.heads[k]
		h.fate = fate
		a.heads[k] = h
	}
}

// prune drops the runs that can no longer be resolved at time t.
func (a *authPiece) prune(t int64) {
	for _, k := range sortedKeys(a.open) {
		if r := a.open[k]; t-r.last > authWindow {
			a.expire(k, r)
		}
	}
}

// fold appends piece b, which follows a in time, to a.
func (a *authPiece) fold(b *authPiece) {
	for k, p := range a.open {
		h, ok := b.heads[k]
		if !ok {
			if _, later := b.open[k]; later {
				delete(a.open, k) // b's run of k began too late to meet p
			}
			continue
		}
		delete(a.open, k)
		switch {
		case h.t-p.last > authWindow:
		case h.success:
			a.resolve(p.n, h.ex)
		case h.fate == fateResolved:
			a.resolved += p.n // b's own resolution supplies the example
		case h.fate == fateOpen:
			if r, ok := b.open[k]; ok && r.first {
				r.n += p.n
				b.open[k] = r
			}
		}
	}
	a.resolved += b.resolved
	if b.ex.Line > 0 && (a.ex.Line == 0 || earlier(b.ex, a.ex)) {
		a.ex = b.ex
	}
	adopted := map[uint64]bool{}
	for _, k := range sortedKeys(b.heads) {
		h := b.heads[k]
		if _, ok := a.heads[k]; !ok && len(a.heads) < maxAuthKeys && (!a.timed || h.t-a.start <= authWindow) {
			a.heads[k] = h
			adopted[k] = true
		}
	}
	for _, k := range sortedKeys(b.open) {
		r := b.open[k]
		// b's first run stays the first of the whole only when a had no
		// event of k among its first.
		r.first = r.first && adopted[k]
		if len(a.open) < maxAuthKeys {
			a.open[k] = r
		}
	}
	if b.timed {
		if a.timed {
			a.start, a.end = min(a.start, b.start), max(a.end, b.end)
		} else {
			a.start, a.end, a.timed = b.start, b.end, true
		}
	}
	if a.timed {
		a.prune(a.end)
	}
}

// foldAuth folds the pieces of each stream in time order (stable: pieces
// that start at the same time keep the order they were merged in) into
// one, and returns the 401s explained with the first example.
func foldAuth(pieces map[string][]*authPiece) (int64, Sample) {
	var n int64
	var ex Sample
	streams := make([]string, 0, len(pieces))
	for s := range pieces {
		streams = append(streams, s)
	}
	slices.Sort(streams)
	for _, s := range streams {
		ps := pieces[s]
		slices.SortStableFunc(ps, func(x, y *authPiece) int { return cmp.Compare(x.start, y.start) })
		for _, p := range ps[1:] {
			ps[0].fold(p)
		}
		pieces[s] = ps[:1]
		a := ps[0]
		n += a.resolved
		if a.ex.Line > 0 && (ex.Line == 0 || earlier(a.ex, ex)) {
			ex = a.ex
		}
	}
	return n, ex
}

// sortedKeys returns the keys of m in increasing order, so that what a
// bound keeps does not depend on the map's order.
func sortedKeys[V any](m map[uint64]V) []uint64 {
	ks := make([]uint64, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}
