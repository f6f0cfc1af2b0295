package analyze

import (
	"bufio"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceCodes parses the id table of testdata/analyze/cause-ids.md (a
// copy of the reference, see SOURCES.md): rows "| `id` | 400, 431 | ...".
// It returns the codes of each id and the ids in table order.
func referenceCodes(t *testing.T) (map[string][]int, []string) {
	t.Helper()
	f, err := os.Open("../testdata/analyze/cause-ids.md")
	require.NoError(t, err)
	defer f.Close()
	codes := map[string][]int{}
	var order []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		cells := strings.Split(line, "|")
		require.GreaterOrEqual(t, len(cells), 4, "row %q", line)
		id := strings.Trim(strings.TrimSpace(cells[1]), "`")
		require.NotContains(t, codes, id, "duplicate id in reference")
		for _, s := range strings.Split(cells[2], ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			require.NoError(t, err, "row %q", line)
			codes[id] = append(codes[id], n)
		}
		order = append(order, id)
	}
	require.NoError(t, sc.Err())
	require.GreaterOrEqual(t, len(codes), 30, "the reference table did not parse")
	return codes, order
}

func TestCatalogMatchesReference(t *testing.T) {
	ref, order := referenceCodes(t)
	for _, id := range order {
		c, ok := CauseByID(id)
		if assert.True(t, ok, "cause %q of the reference is missing", id) {
			assert.Equal(t, ref[id], c.Codes, "codes of %q", id)
		}
	}
	for _, c := range Catalog() {
		assert.Contains(t, ref, c.ID, "cause %q is not in the reference", c.ID)
	}
}

func TestCatalogRows(t *testing.T) {
	cat := Catalog()
	require.Len(t, cat, len(catalog))
	assert.True(t, slices.IsSortedFunc(cat, func(a, b Cause) int { return strings.Compare(a.ID, b.ID) }),
		"catalog not sorted by id")
	for i, c := range cat {
		if i > 0 {
			assert.NotEqual(t, cat[i-1].ID, c.ID, "duplicate id")
		}
		assert.NotEmpty(t, c.Title, c.ID)
		assert.NotEmpty(t, c.Codes, c.ID)
		assert.True(t, strings.HasSuffix(c.Advice, "."), "advice of %s should be sentences", c.ID)
		for _, code := range c.Codes {
			assert.NotEqual(t, "Unknown", Meaning(code), "%s: code %d", c.ID, code)
		}
	}
}

func TestCatalogReturnsCopies(t *testing.T) {
	a := Catalog()
	a[0].ID = "changed"
	a[0].Codes[0] = 1
	c, ok := CauseByID("app-error")
	require.True(t, ok)
	c.Codes[0] = 2
	b := Catalog()
	assert.Equal(t, "app-error", b[0].ID)
	assert.Equal(t, []int{500, 502}, b[0].Codes)
	tb := TextbookCauses(500)
	tb[0].Codes[0] = 3
	assert.Equal(t, []int{500, 502}, TextbookCauses(500)[0].Codes)
}

func TestCauseByID(t *testing.T) {
	c, ok := CauseByID("no-index")
	require.True(t, ok)
	assert.Equal(t, "no-index", c.ID)
	assert.Equal(t, []int{403}, c.Codes)
	_, ok = CauseByID("No-Index")
	assert.False(t, ok)
	_, ok = CauseByID("")
	assert.False(t, ok)
}

// TestTextbookCoversReference checks that the textbook list of every status
// holds exactly the causes whose codes name it, each once.
func TestTextbookCoversReference(t *testing.T) {
	ref, _ := referenceCodes(t)
	want := map[int][]string{}
	for id, codes := range ref {
		if evidenceOnly[id] {
			continue
		}
		for _, code := range codes {
			want[code] = append(want[code], id)
		}
	}
	for code, ids := range want {
		var got []string
		for _, c := range TextbookCauses(code) {
			got = append(got, c.ID)
		}
		assert.ElementsMatch(t, ids, got, "textbook causes of %d", code)
	}
	for code := range textbook {
		assert.Contains(t, want, code, "textbook lists %d, which no cause names", code)
	}
}

func TestTextbookOrder(t *testing.T) {
	ids := func(code int) []string {
		var out []string
		for _, c := range TextbookCauses(code) {
			out = append(out, c.ID)
		}
		return out
	}
	assert.Equal(t, []string{"fs-permissions", "deny-rule", "no-index"}, ids(403)[:3])
	assert.Equal(t, "missing-file", ids(404)[0])
	assert.Equal(t, "no-credentials", ids(401)[0])
	assert.Equal(t, "upstream-timeout", ids(504)[0])
	assert.Equal(t, "backend-down", ids(502)[0])
}

func TestTextbookWithoutRows(t *testing.T) {
	for _, code := range []int{0, 200, 301, 409, 418, 508, 511, 599, 600} {
		assert.Nil(t, TextbookCauses(code), "code %d", code)
	}
}

func TestGenericAdvice(t *testing.T) {
	assert.Contains(t, GenericAdvice(508), "read the error log at that time")
	assert.Contains(t, GenericAdvice(500), "read the error log at that time")
	assert.Contains(t, GenericAdvice(409), "access log")
	assert.Contains(t, GenericAdvice(444), "return 444")
	assert.Contains(t, GenericAdvice(497), "HTTPS")
	assert.Contains(t, GenericAdvice(999), "Not a standard HTTP status")
	assert.Empty(t, GenericAdvice(200))
	assert.Empty(t, GenericAdvice(304))
	for code := 400; code < 600; code++ {
		if Meaning(code) != "Unknown" {
			assert.NotEmpty(t, GenericAdvice(code), "code %d", code)
		}
	}
}
