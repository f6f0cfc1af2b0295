package parser

// LookupErrorFormat gives the black-box tests (package parser_test) the
// unexported lookupErrorFormat.
var LookupErrorFormat = lookupErrorFormat
