package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseWhen(t *testing.T) {
	loc := time.FixedZone("+0100", 3600)
	now := time.Date(2026, 11, 25, 8, 30, 0, 0, time.UTC) // 09:30 in loc
	tests := []struct {
		in   string
		want string
	}{
		{"2026-11-24T10:00:00+02:00", "2026-11-24T10:00:00+02:00"},
		{"2026-11-24", "2026-11-24T00:00:00+01:00"},
		{"2026-11-24 13:05", "2026-11-24T13:05:00+01:00"},
		{"today", "2026-11-25T00:00:00+01:00"},
		{"yesterday", "2026-11-24T00:00:00+01:00"},
		{"now", "2026-11-25T08:30:00Z"},
		{"24h", "2026-11-24T08:30:00Z"},
		{"90m", "2026-11-25T07:00:00Z"},
		{"7d", "2026-11-18T08:30:00Z"},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parseWhen(tc.in, now, loc)
			require.NoError(t, err)
			want, _ := time.Parse(time.RFC3339, tc.want)
			assert.True(t, want.Equal(got), "got %s", got)
		})
	}
	for _, bad := range []string{"", "tomorrowish", "-5h", "2026-13-01", "5x"} {
		_, err := parseWhen(bad, now, loc)
		assert.Error(t, err, bad)
	}
}
