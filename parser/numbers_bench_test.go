package parser

import "testing"

// decimalSink keeps the results of BenchmarkParseDecimal alive.
var decimalSink float64

// BenchmarkParseDecimal times parseDecimal on the shapes of nginx
// durations and sizes.
func BenchmarkParseDecimal(b *testing.B) {
	vals := [][]byte{[]byte("1.914"), []byte("0.001"), []byte("6038"), []byte("-"), []byte("12.5")}
	var sum float64
	for b.Loop() {
		for _, v := range vals {
			d, _ := parseDecimal(v)
			sum += d
		}
	}
	decimalSink = sum
}
