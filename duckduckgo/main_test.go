package duckduckgo

import (
	"testing"

	"go.uber.org/goleak"

	"github.com/ddgbot/ddgbot/internal/testparallel"
)

// Ensure no test leaves goroutines behind (lookups, fake servers, idle
// client connections). The Redis client's reconnect back-off sleeps in a
// goroutine of its own that its Close does not wait for; it ends by
// itself. Most tests wait on fake servers, timeouts and retries rather
// than use the CPU: four run at once.
func TestMain(m *testing.M) {
	testparallel.Raise(4)
	goleak.VerifyTestMain(m, goleak.IgnoreAnyFunction("github.com/redis/rueidis.(*call).DelayDo.func1"))
}

// fixtureDir holds the recorded API answers.
const fixtureDir = "../testdata/ddg"
