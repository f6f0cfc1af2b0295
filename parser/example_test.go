package parser_test

import (
	"fmt"

	"github.com/logscan/logscan/parser"
)

func ExampleLookupFormat() {
	f, _ := parser.LookupFormat("combined")
	var e parser.Entry
	line := []byte(`127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"`)
	if err := f.Parse(line, &e); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(e.Client), string(e.User), e.Timestamp(), string(e.Method), string(e.Path), e.Status, e.Bytes)
	// Output: 127.0.0.1 frank 2000-10-10 13:55:36 -0700 -0700 GET /apache_pb.gif 200 2326
}

func ExampleDetectFormat() {
	lines := [][]byte{
		[]byte(`www.example.com:443 192.0.2.1 - - [24/Nov/2026:10:00:00 +0100] "GET / HTTP/1.1" 200 512 "-" "curl/8.5.0"`),
		[]byte(`www.example.com:443 192.0.2.2 - - [24/Nov/2026:10:00:01 +0100] "GET /a HTTP/1.1" 404 196 "-" "curl/8.5.0"`),
	}
	f, n := parser.DetectFormat(lines, parser.AccessFormats())
	fmt.Println(f.Name(), n)
	// Output: vhost_combined 2
}

func ExampleNewFallback() {
	timed, _ := parser.LookupFormat("nginx-timed")
	f := parser.NewFallback(timed, parser.AccessFormats()...)
	var e parser.Entry
	for _, l := range []string{
		`192.0.2.1 - - [18/Sep/2016:13:00:00 +0900] "GET / HTTP/1.1" 200 5 "-" "ua"`,
		`192.0.2.1 - - [18/Sep/2016:14:00:00 +0900] "GET / HTTP/1.1" 200 5 "-" "ua" 0.012`,
	} {
		if f.Parse([]byte(l), &e) == nil {
			fmt.Println(f.Names()[f.Which()], e.RequestTime)
		}
	}
	// Output:
	// combined -1
	// nginx-timed 0.012
}
