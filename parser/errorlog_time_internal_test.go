package parser

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestElMonthWeekday(t *testing.T) {
	months := []string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}
	for i, m := range months {
		assert.Equal(t, i+1, elMonth([]byte("x"+m), 1), m)
		assert.False(t, elWeekday([]byte(m), 0), m)
	}
	for _, d := range []string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"} {
		assert.True(t, elWeekday([]byte("x"+d+" "), 1), d)
		assert.Zero(t, elMonth([]byte(d), 0), d)
	}
	tests := []struct {
		in string
		i  int
	}{
		{"", 0}, {"Ja", 0}, {"jan", 0}, {"JAN", 0}, {"Jan", 1}, {"Jam", 0}, {"Mo", 0}, {"mon", 0}, {"Sux", 0}, {"\x00Su", 0},
	}
	for _, tc := range tests {
		if tc.in != "Jan" {
			assert.Zero(t, elMonth([]byte(tc.in), tc.i), "%q", tc.in)
		}
		assert.False(t, elWeekday([]byte(tc.in), tc.i), "%q", tc.in)
	}
	assert.Zero(t, elMonth([]byte("Jan"), 1))
}
