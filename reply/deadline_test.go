package reply_test

import (
	"context"
	"testing"
	"time"
)

// pollCtx is a poll's context as the handlers give it: one deadline,
// generous here, ended with the test.
func pollCtx(t testing.TB) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}
