package analyze

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type authEvent struct {
	key     uint64
	t       int64
	success bool
}

// runAuth feeds events into one piece and returns it.
func runAuth(evs []authEvent, line0 int) *authPiece {
	a := newAuthPiece("s")
	for i, e := range evs {
		a.see(e.t)
		line := int64(line0 + i + 1)
		if e.success {
			if len(a.open) > 0 || a.inHead(e.t) {
				a.success(e.key, e.t, func() Sample { return Sample{Line: line} })
			}
		} else {
			a.challenge(e.key, e.t)
		}
	}
	return a
}

func TestAuthRule(t *testing.T) {
	const s = int64(1e9)
	cases := []struct {
		name string
		evs  []authEvent
		want int64
	}{
		{"challenge then success", []authEvent{{1, 0, false}, {1, 4 * s, true}}, 1},
		{"two challenges, one success", []authEvent{{1, 0, false}, {1, 2 * s, false}, {1, 4 * s, true}}, 2},
		{"success too late", []authEvent{{1, 0, false}, {1, 301 * s, true}}, 0},
		{"run extended keeps it alive", []authEvent{{1, 0, false}, {1, 200 * s, false}, {1, 450 * s, true}}, 2},
		{"expired run dropped, new run counts", []authEvent{{1, 0, false}, {1, 400 * s, false}, {1, 401 * s, true}}, 1},
		{"other key does not resolve", []authEvent{{1, 0, false}, {2, 1 * s, true}}, 0},
		{"success before challenge", []authEvent{{1, 0, true}, {1, 1 * s, false}}, 0},
		{"second success resolves nothing", []authEvent{{1, 0, false}, {1, s, true}, {1, 2 * s, true}}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, runAuth(c.evs, 0).resolved)
		})
	}
}

// TestAuthFoldMatchesOnePass cuts random event streams at random places
// and checks that folding the pieces in order counts what one pass counts.
func TestAuthFoldMatchesOnePass(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for iter := 0; iter < 3000; iter++ {
		n := 2 + r.IntN(40)
		evs := make([]authEvent, n)
		var tm int64
		for i := range evs {
			tm += int64(r.IntN(200)) * 1e9
			evs[i] = authEvent{key: uint64(r.IntN(4)), t: tm, success: r.IntN(3) == 0}
		}
		want := runAuth(evs, 0)
		cuts := []int{0}
		for k := 1 + r.IntN(4); k > 0; k-- {
			cuts = append(cuts, r.IntN(n+1))
		}
		cuts = append(cuts, n)
		for i := 1; i < len(cuts); i++ { // sort the cut points
			for j := i; j > 0 && cuts[j] < cuts[j-1]; j-- {
				cuts[j], cuts[j-1] = cuts[j-1], cuts[j]
			}
		}
		var pieces []*authPiece
		for i := 1; i < len(cuts); i++ {
			if cuts[i] > cuts[i-1] {
				pieces = append(pieces, runAuth(evs[cuts[i-1]:cuts[i]], cuts[i-1]))
			}
		}
		// Fold in a shuffled merge order: foldAuth sorts by time.
		r.Shuffle(len(pieces), func(i, j int) { pieces[i], pieces[j] = pieces[j], pieces[i] })
		got, ex := foldAuth(map[string][]*authPiece{"s": pieces})
		require.Equal(t, want.resolved, got, "events %v cuts %v", evs, cuts)
		assert.Equal(t, want.ex.Line, ex.Line, "events %v cuts %v", evs, cuts)
	}
}
