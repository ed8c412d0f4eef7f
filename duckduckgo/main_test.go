package duckduckgo

import (
	"testing"

	"go.uber.org/goleak"
)

// Ensure no test leaves goroutines behind (lookups, fake servers, idle
// client connections).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
