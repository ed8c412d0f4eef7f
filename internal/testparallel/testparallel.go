// Package testparallel lets a package's tests that mostly wait (on fake
// servers, timeouts, retries, a Redis restarting) run more of them at
// once than go test's default, which is GOMAXPROCS: on a two-core machine
// two parallel tests at a time kept such tests queued behind each other's
// waits while the CPU idled.
package testparallel

import (
	"flag"
	"strconv"
)

// Raise sets -test.parallel to n unless the command line gives it. Call
// it from TestMain before m.Run; it parses the command line.
func Raise(n int) {
	flag.Parse()
	given := false
	flag.Visit(func(f *flag.Flag) { given = given || f.Name == "test.parallel" })
	if given {
		return
	}
	if err := flag.Set("test.parallel", strconv.Itoa(n)); err != nil {
		panic("testparallel: " + err.Error())
	}
}
