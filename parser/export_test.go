package parser

// LookupErrorFormat gives the black-box tests (package parser_test) the
// unexported lookupErrorFormat.
var LookupErrorFormat = lookupErrorFormat

// ByteLines gives the black-box tests the helper byteLines.
var ByteLines = byteLines

// WellFormedForTest is wellFormed for the external tests.
func WellFormedForTest(e *Entry) bool { return wellFormed(e) }
