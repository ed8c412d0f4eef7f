package store_test

import (
	"os"
	"testing"

	"github.com/ddgbot/ddgbot/internal/testparallel"
)

// Most tests wait on Redis servers being paused, killed and restarted, or
// on leases lapsing, rather than use the CPU: four run at once.
func TestMain(m *testing.M) {
	testparallel.Raise(4)
	os.Exit(m.Run())
}
