// Package analyze aggregates parsed log entries into one Summary: counts by
// status class and code, top lists, timelines, latency, and the likely causes
// of errors with their evidence.
package analyze
