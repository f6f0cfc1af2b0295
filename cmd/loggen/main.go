// Command loggen writes realistic, reproducible web-server access logs for
// testing and benchmarking logscan.
//
// Usage:
//
//	loggen -size 1G -o access.log
//	loggen -lines 100000 -format nginx-upstream -incident 2h+15m -gzip -o access.log.gz
//
// The same flags and -seed give the same bytes. Traffic follows Zipf
// popularity over -paths request targets and -clients clients (IPv4 and some
// IPv6, browsers, crawlers, scripts and scanners), with a realistic status mix,
// log-normal sizes, heavy-tailed request times, timestamps that increase at
// -rate requests per second (following the time of day) and a -malformed
// fraction of broken lines: truncated ones, bad status codes and junk.
//
// A line takes about 235 bytes in combined, 100 in common, 255 in vhost,
// 240 in nginx-timed, 245 in nginx-upstream and 420 in json, so 1G of
// combined is about 4.6 million lines, a bit over a day of log time at the
// default -rate.
//
// Exit status is 0 on success, 1 when writing fails and 2 for a usage error.
package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// main runs loggen with the process's arguments and exits with its status.
func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run is main without os.Exit, so tests can call it; it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	cfg, out, gz, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintf(stderr, "loggen: %v\n", err)
		return 2
	}
	if err := write(cfg, out, gz, stdout); err != nil {
		fmt.Fprintf(stderr, "loggen: %v\n", err)
		return 1
	}
	return 0
}

// parseFlags turns the command line into a config, the output path ("-" for
// standard output) and whether to gzip.
func parseFlags(args []string, stderr io.Writer) (cfg config, out string, gz bool, err error) {
	cfg = defaultConfig()
	fs := flag.NewFlagSet("loggen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	size := fs.String("size", "", "stop before the output exceeds this many bytes (uncompressed): 1G, 100M, 64K, 1000")
	fs.Int64Var(&cfg.Lines, "lines", 0, "stop after this many lines")
	fs.Uint64Var(&cfg.Seed, "seed", cfg.Seed, "PRNG seed; the same seed and flags give byte-identical output")
	format := fs.String("format", cfg.Format.String(), "log format: "+strings.Join(formatNames[:], ", "))
	fs.IntVar(&cfg.Paths, "paths", cfg.Paths, "distinct request targets (Zipf popularity)")
	fs.IntVar(&cfg.Clients, "clients", cfg.Clients, "distinct clients (Zipf popularity)")
	fs.Float64Var(&cfg.Malformed, "malformed", cfg.Malformed, "fraction of broken lines (truncated, bad status, junk)")
	start := fs.String("start", cfg.Start.Format(time.RFC3339), "time of the first request, RFC 3339; its offset is the logged zone")
	fs.Float64Var(&cfg.Rate, "rate", cfg.Rate, "mean requests per second of log time")
	incident := fs.String("incident", "", "inject a burst of 503s: `AT+DURATION` after -start, e.g. 2h+15m")
	fs.Float64Var(&cfg.IncidentShare, "incident-share", cfg.IncidentShare, "fraction of requests answered 503 during -incident")
	fs.StringVar(&out, "o", "-", "output file, - for standard output")
	fs.BoolVar(&gz, "gzip", false, "write gzip (fastest level)")
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: loggen (-size SIZE | -lines N) [flags]\n\nWrites a realistic, reproducible access log.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err = fs.Parse(args); err != nil {
		return cfg, out, gz, err
	}
	if fs.NArg() > 0 {
		return cfg, out, gz, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *size != "" {
		if cfg.Size, err = parseSize(*size); err != nil {
			return cfg, out, gz, err
		}
	}
	if cfg.Size == 0 && cfg.Lines == 0 {
		return cfg, out, gz, errors.New("give -size or -lines (a positive limit)")
	}
	if cfg.Format, err = parseFormat(*format); err != nil {
		return cfg, out, gz, err
	}
	if cfg.Start, err = time.Parse(time.RFC3339, *start); err != nil {
		return cfg, out, gz, fmt.Errorf("-start: %w", err)
	}
	if *incident != "" {
		if cfg.IncidentAt, cfg.IncidentFor, err = parseIncident(*incident); err != nil {
			return cfg, out, gz, err
		}
	}
	return cfg, out, gz, cfg.validate()
}

// parseSize parses a byte count with an optional binary suffix K, M, G or T
// (optionally followed by B or iB): "1G" is 1<<30 bytes.
func parseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := 1.0
	if t != "" {
		if i := strings.IndexByte("KMGT", t[len(t)-1]); i >= 0 {
			mult = float64(int64(1) << (10 * (i + 1)))
			t = t[:len(t)-1]
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 || v*mult > 1<<62 {
		return 0, fmt.Errorf("bad -size %q", s)
	}
	return int64(v * mult), nil
}

// parseIncident parses "AT+DURATION", two Go durations.
func parseIncident(s string) (at, dur time.Duration, err error) {
	a, d, ok := strings.Cut(s, "+")
	if ok {
		at, err = time.ParseDuration(a)
	}
	if ok && err == nil {
		dur, err = time.ParseDuration(d)
	}
	if !ok || err != nil || dur <= 0 || at < 0 {
		return 0, 0, fmt.Errorf("bad -incident %q (want AT+DURATION, e.g. 2h+15m)", s)
	}
	return at, dur, nil
}

// write generates the log into the file out ("-" is stdout), gzipped when gz.
func write(cfg config, out string, gz bool, stdout io.Writer) (err error) {
	w := stdout
	if out != "-" {
		f, err := os.Create(out)
		if err != nil {
			return err
		}
		defer func() {
			if cerr := f.Close(); err == nil && cerr != nil {
				err = cerr
			}
		}()
		w = f
	}
	// generate writes blocks of about 1 MiB; this buffer only evens out the
	// gzip writer's smaller writes to the file.
	bw := bufio.NewWriterSize(w, 1<<20)
	w = bw
	var zw *gzip.Writer
	if gz {
		zw, _ = gzip.NewWriterLevel(bw, gzip.BestSpeed)
		w = zw
	}
	if _, err = generate(cfg, w); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	if zw != nil {
		if err = zw.Close(); err != nil {
			return fmt.Errorf("write %s: %w", out, err)
		}
	}
	if err = bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", out, err)
	}
	return nil
}
