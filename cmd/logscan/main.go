// Command logscan analyzes Apache and nginx access and error logs: it counts
// requests by status class and code, and lists the likely causes of every
// error code with the evidence the logs hold.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) }
