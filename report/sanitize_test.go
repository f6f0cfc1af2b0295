package report

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTerminalJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":"plain"}`, `{"a":"plain"}`},
		{`{"a":"ünïcode 日本"}`, `{"a":"ünïcode 日本"}`},
		{"{\"a\":\"c1 \u009b6n\"}", `{"a":"c1 \u009b6n"}`},
		{"{\"a\":\"bidi \u202e \u2066 \u200f \u061c\"}", `{"a":"bidi \u202e \u2066 \u200f \u061c"}`},
		{"{\"a\":\"é\u0085\"}", `{"a":"é\u0085"}`},
	}
	for _, tc := range tests {
		got := TerminalJSON([]byte(tc.in))
		assert.Equal(t, tc.want, string(got), "%q", tc.in)
		require.True(t, json.Valid(got))
		var in, out map[string]string
		require.NoError(t, json.Unmarshal([]byte(tc.in), &in))
		require.NoError(t, json.Unmarshal(got, &out))
		assert.Equal(t, in, out, "the escapes decode to the same text")
	}
	plain := []byte(`{"a":"plain é"}`)
	assert.Same(t, &plain[0], &TerminalJSON(plain)[0], "nothing to rewrite: no copy")
}
