package analyze

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClassOf(t *testing.T) {
	tests := []struct {
		code int
		want Class
	}{
		{-1, ClassUnknown}, {0, ClassUnknown}, {99, ClassUnknown},
		{100, ClassInformational}, {199, ClassInformational},
		{200, ClassSuccess}, {304, ClassRedirection},
		{400, ClassClientError}, {499, ClassClientError},
		{500, ClassServerError}, {599, ClassServerError},
		{600, ClassUnknown}, {1000, ClassUnknown},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, ClassOf(tc.code), "ClassOf(%d)", tc.code)
	}
}

func TestClassText(t *testing.T) {
	names := []string{"unknown", "1xx", "2xx", "3xx", "4xx", "5xx"}
	for i, name := range names {
		c := Class(i)
		assert.Equal(t, name, c.String())
		b, err := c.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, name, string(b))
		var back Class
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, c, back)
	}
	assert.Equal(t, "Class(9)", Class(9).String())
	_, err := Class(9).MarshalText()
	require.ErrorIs(t, err, ErrBadClass)
}

func TestClassUnmarshalText(t *testing.T) {
	tests := []struct {
		in      string
		want    Class
		wantErr bool
	}{
		{in: "4xx", want: ClassClientError},
		{in: "5XX", want: ClassServerError},
		{in: "1Xx", want: ClassInformational},
		{in: "UNKNOWN", want: ClassUnknown},
		{in: "", wantErr: true},
		{in: "0xx", wantErr: true},
		{in: "6xx", wantErr: true},
		{in: "4x", wantErr: true},
		{in: "404", wantErr: true},
		{in: "client_error", wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			c := Class(7) // must be overwritten on success, kept on failure
			err := c.UnmarshalText([]byte(tc.in))
			if tc.wantErr {
				require.ErrorIs(t, err, ErrBadClass)
				assert.Equal(t, Class(7), c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, c)
		})
	}
}

func TestClassJSON(t *testing.T) {
	in := map[string]Class{"a": ClassClientError, "b": ClassUnknown}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"4xx","b":"unknown"}`, string(b))
	var out map[string]Class
	require.NoError(t, json.Unmarshal(b, &out))
	assert.Equal(t, in, out)
}

func TestMeaning(t *testing.T) {
	tests := []struct {
		code int
		want string
	}{
		{200, "OK"},
		{404, "Not Found"},
		{413, "Content Too Large"},
		{422, "Unprocessable Content"},
		{444, "Connection Closed Without Response"},
		{494, "Request Header Too Large"},
		{495, "SSL Certificate Error"},
		{496, "SSL Certificate Required"},
		{497, "HTTP Request Sent to HTTPS Port"},
		{499, "Client Closed Request"},
		{503, "Service Unavailable"},
		{0, "Unknown"},
		{299, "Unknown"},
		{600, "Unknown"},
	}
	for _, tc := range tests {
		assert.Equal(t, tc.want, Meaning(tc.code), "Meaning(%d)", tc.code)
	}
}

// TestMeaningCoversNetHTTP checks that every code the standard library names
// has a meaning here too.
func TestMeaningCoversNetHTTP(t *testing.T) {
	for code := 100; code < 600; code++ {
		if http.StatusText(code) == "" {
			continue
		}
		assert.NotEqual(t, "Unknown", Meaning(code), "code %d (%s)", code, http.StatusText(code))
	}
}
