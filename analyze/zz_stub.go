package analyze

import "net/http"

// Class is a status class; temporary until status.go lands.
type Class uint8

// ClassOf returns the class of a status code.
func ClassOf(code int) Class {
	if code < 100 || code > 599 {
		return 0
	}
	return Class(code / 100)
}

// String returns "1xx".."5xx".
func (c Class) String() string {
	if c < 1 || c > 5 {
		return "unknown"
	}
	return string([]byte{'0' + byte(c), 'x', 'x'})
}

// Meaning returns the reason phrase.
func Meaning(code int) string {
	if s := http.StatusText(code); s != "" {
		return s
	}
	return "Unknown"
}

// Cause is a catalog row.
type Cause struct {
	ID, Title string
	Codes     []int
	Advice    string
}

// TextbookCauses returns causes in textbook order.
func TextbookCauses(code int) []Cause { return nil }

// GenericAdvice returns advice for codes with no causes.
func GenericAdvice(code int) string { return "" }
