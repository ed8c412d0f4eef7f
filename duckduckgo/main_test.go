package duckduckgo

import (
	"flag"
	"testing"

	"go.uber.org/goleak"
)

// Ensure no test leaves goroutines behind (lookups, fake servers, idle
// client connections). The Redis client's reconnect back-off sleeps in a
// goroutine of its own that its Close does not wait for; it ends by
// itself.
func TestMain(m *testing.M) {
	waitBound()
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/redis/rueidis.(*call).DelayDo.func1"))
}

// waitBound lets up to 4 parallel tests run at once, unless -test.parallel
// says otherwise: most tests here wait on fake servers, timeouts and
// retries rather than use the CPU, and the default (GOMAXPROCS, 2 on a
// small machine) kept them queued behind each other's waits.
func waitBound() {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set {
		if err := flag.Set("test.parallel", "4"); err != nil {
			panic(err)
		}
	}
}

// fixtureDir holds the recorded API answers.
const fixtureDir = "../testdata/ddg"
