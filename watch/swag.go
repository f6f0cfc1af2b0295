package watch

import (
	"bytes"

	"github.com/logscan/logscan/analyze"
)

// swag is a sliding window over the states of consecutive panes, the
// "two stacks" way: merging a state consumes it and cannot be undone, so
// the window keeps, for the older panes (front), the merge of each pane
// with every pane after it in front, and for the newer ones (back) one
// running merge. The window's state is then two merges, whatever its
// length; each pane is merged about three times over its life. States are
// kept encoded (zstd, a few hundred kB each), the running merge decoded.
// Merges always put the older pane first, so the same panes give the same
// state.
type swag struct {
	opts  analyze.Options
	front []swagItem // the oldest last
	back  []swagItem // the oldest first
	// backAgg is the merge of back, nil when back is empty.
	backAgg *analyze.State
}

// swagItem is a pane's encoded state and, in front, the encoded merge of
// it and the newer panes of front.
type swagItem struct {
	start int64
	enc   []byte
	agg   []byte
}

func newSwag(opts analyze.Options) *swag { return &swag{opts: opts} }

// oldest returns the start of the oldest pane; ok is false when empty.
func (w *swag) oldest() (start int64, ok bool) {
	switch {
	case len(w.front) > 0:
		return w.front[len(w.front)-1].start, true
	case len(w.back) > 0:
		return w.back[0].start, true
	}
	return 0, false
}

// push adds the newest pane, whose encoded state is enc.
func (w *swag) push(start int64, enc []byte) {
	w.back = append(w.back, swagItem{start: start, enc: enc})
	st := w.decode(enc)
	if w.backAgg == nil {
		w.backAgg = st
		return
	}
	w.backAgg.Merge(st)
}

// pop drops the oldest pane.
func (w *swag) pop() {
	if len(w.front) == 0 {
		// Flip: the suffix merges of back, newest first.
		var next []byte
		for i := len(w.back) - 1; i >= 0; i-- {
			it := w.back[i]
			st := w.decode(it.enc)
			if next != nil {
				st.Merge(w.decode(next))
			}
			it.agg = w.encode(st)
			next = it.agg
			w.front = append(w.front, it)
		}
		w.back, w.backAgg = w.back[:0], nil
	}
	if n := len(w.front); n > 0 {
		w.front[n-1] = swagItem{}
		w.front = w.front[:n-1]
	}
}

// state returns a new state of every pane in the window, nil when it is
// empty. The caller owns it.
func (w *swag) state() *analyze.State {
	var st *analyze.State
	if n := len(w.front); n > 0 {
		st = w.decode(w.front[n-1].agg)
	}
	if w.backAgg != nil {
		c := w.backAgg.Clone(w.opts)
		if st == nil {
			return c
		}
		st.Merge(c)
	}
	return st
}

func (w *swag) encode(st *analyze.State) []byte {
	var b bytes.Buffer
	if err := st.Encode(&b); err != nil {
		panic("watch: encoding a state in memory: " + err.Error())
	}
	return b.Bytes()
}

func (w *swag) decode(b []byte) *analyze.State {
	st, err := analyze.DecodeState(b, w.opts)
	if err != nil {
		panic("watch: a state encoded in memory does not decode: " + err.Error())
	}
	return st
}
