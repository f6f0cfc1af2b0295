package analyze

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPathGrouper(t *testing.T) {
	g, err := NewPathGrouper(nil)
	require.NoError(t, err)
	tests := []struct{ in, want string }{
		{"/users/42/posts", "/users/:id/posts"},
		{"/users/42", "/users/:id"},
		{"/o/123e4567-e89b-12d3-a456-426614174000/items", "/o/:uuid/items"},
		{"/blob/deadbeef00112233445566", "/blob/:hex"},
		{"/blob/deadbeefcafe", "/blob/deadbeefcafe"},
		{"/static/app.js", "/static/app.js"},
		{"/v2/api", "/v2/api"},
		{"//x//1", "//x//:id"},
		{"/", "/"},
		{"", ""},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, string(g.Group([]byte(tc.in))), tc.in)
	}

	g, err = NewPathGrouper([]string{`/api/v1/orders/[^/]+=/api/v1/orders/:order`})
	require.NoError(t, err)
	assert.Equal(t, "/api/v1/orders/:order/lines/:id", string(g.Group([]byte("/api/v1/orders/AB-77/lines/3"))))
	assert.Equal(t, "/api/v1/orders/:order/lines/:id", string(g.Group([]byte("/api/v1/orders/AB-77/lines/3"))), "cached")
	assert.Equal(t, "/api/v2/x/:id", string(g.Group([]byte("/api/v2/x/9"))))

	_, err = NewPathGrouper([]string{"noequals"})
	assert.Error(t, err)
	_, err = NewPathGrouper([]string{"([=x"})
	assert.Error(t, err)
}
