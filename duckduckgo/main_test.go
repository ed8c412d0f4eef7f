package duckduckgo

import (
	"testing"

	"go.uber.org/goleak"
)

// Ensure no test leaves goroutines behind (lookups, fake servers, idle
// client connections). The Redis client's reconnect back-off sleeps in a
// goroutine of its own that its Close does not wait for; it ends by
// itself.
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/redis/rueidis.(*call).DelayDo.func1"))
}

// fixtureDir holds the recorded API answers.
const fixtureDir = "../testdata/ddg"
