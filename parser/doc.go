// Package parser turns the lines of web-server logs into records: it
// detects the layout of an input from sample lines and parses access-log
// lines into [Entry] values and error-log lines into [ErrorEntry] values.
// Opening files, gzip and cutting inputs into blocks of whole lines belong
// to package input; parser sees lines only (and, for [ErrorScanner], an
// [io.Reader]).
//
// The package does no terminal or report I/O and never prints: every
// problem is returned as an error, positioned ones as [*ParseError]. The
// byte slices of an Entry or ErrorEntry are sub-slices of the line given to
// Parse and are valid only until the next call.
//
// # Access logs
//
// There is one engine for access logs: format strings, Apache LogFormat
// (apacheformat.go) or nginx log_format (nginxformat.go), compile
// (compile.go) into steps that the step machine runs (machine.go). The
// presets of [Presets] (presets.go) are format strings in a table, so a
// preset given by name and its format string read every line alike. JSON
// lines have a scanner of their own (jsonlog.go); server configuration
// files yield format strings (serverconfig.go). detect.go picks the format
// that reads the most sample lines.
//
// # Error logs
//
// Error logs have the fixed Apache 2.2/2.4 and nginx parsers
// (errorlog_apache.go, errorlog_nginx.go) and the Apache ErrorLogFormat
// engine (errorlogformat.go compiles, errorlogformat_match.go matches).
// [ErrorScanner] (errorscan.go) reads an input line by line and joins
// continuation lines to the entry they belong to.
//
// # Toolkit
//
// Every parser shares one toolkit: swar.go holds the word-wise (eight
// bytes at a time) searches and compares, each with a plain reference and
// a fuzz target beside it in swar_test.go; numbers.go the readers of
// digits, integers, status codes, decimals and duration lists;
// timestamp.go the timestamps (CLF, ISO 8601, epoch, Apache ctime and the
// error logs' date and time) with their caches, and strftime.go the
// strftime layouts of Apache %{format}t.
package parser
