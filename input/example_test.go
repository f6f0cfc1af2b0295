package input_test

import (
	"fmt"
	"strings"

	"github.com/logscan/logscan/analyze"
	"github.com/logscan/logscan/input"
	"github.com/logscan/logscan/parser"
)

func ExampleScan() {
	log := `192.0.2.1 - - [24/Nov/2026:10:00:00 +0100] "GET / HTTP/1.1" 200 512 "-" "ua"
192.0.2.2 - - [24/Nov/2026:10:00:01 +0100] "GET /About.html HTTP/1.1" 404 196 "-" "ua"
192.0.2.3 - - [24/Nov/2026:10:00:02 +0100] "GET /about.html HTTP/1.1" 200 900 "-" "ua"
192.0.2.4 - - [24/Nov/2026:10:00:03 +0100] "GET /about.html HTTP/1.1" 304 0 "-" "ua"
`
	f, _ := parser.LookupFormat("combined")
	p, _ := input.Scan([]input.AccessInput{{Name: "access.log", Reader: strings.NewReader(log), Format: f}},
		input.ScanOptions{Options: analyze.DefaultOptions()})
	s := analyze.Summarize(p, []analyze.InputMeta{{Path: "access.log", Kind: "access", Format: f.Name()}}, analyze.SummaryOptions{})
	fmt.Println(s.Requests, s.Classes["2xx"], s.Classes["4xx"])
	for _, c := range s.Codes {
		if c.Code == 404 {
			fmt.Println(c.Causes[0].ID, c.Causes[0].Confidence, c.Causes[0].Evidence)
		}
	}
	// Output:
	// 4 2 1
	// case-mismatch confirmed 1
}

func ExampleTemplateOf() {
	fmt.Println(string(analyze.TemplateOf(nil, []byte("File does not exist: /var/www/html/favicon.ico"))))
	// Output: File does not exist: <path>
}

func ExampleParseThreshold() {
	t, _ := analyze.ParseThreshold(analyze.CheckMaxRate, "5xx=0.5%")
	fmt.Println(t.Key, t.Limit, t)
	// Output: 5xx 0.005 max-rate 5xx=0.5%
}
