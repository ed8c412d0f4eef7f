package store

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/redis/rueidis"
)

// Ensure only a lost connection is retried, and only a few times: a
// refused dial, a deadline or an error reply goes to the bypass instead.
func TestRetryBroken(t *testing.T) {
	opErr := func(err error) error {
		return &net.OpError{Op: "read", Net: "tcp", Err: os.NewSyscallError("read", err)}
	}
	for _, tc := range []struct {
		name     string
		attempts int
		err      error
		retry    bool
	}{
		{"EOF", 1, io.EOF, true},
		{"wrapped EOF", 1, fmt.Errorf("read: %w", io.EOF), true},
		{"unexpected EOF", 1, io.ErrUnexpectedEOF, true},
		{"reset", 1, opErr(syscall.ECONNRESET), true},
		{"broken pipe", 1, opErr(syscall.EPIPE), true},
		{"closed connection", 1, net.ErrClosed, true},
		{"last retry", brokenRetries, io.EOF, true},
		{"too many retries", brokenRetries + 1, io.EOF, false},
		{"refused dial", 1, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}, false},
		{"deadline", 1, context.DeadlineExceeded, false},
		{"timeout", 1, os.ErrDeadlineExceeded, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := retryBroken(tc.attempts, rueidis.Completed{}, tc.err) >= 0; got != tc.retry {
				t.Errorf("retryBroken(%d, %v) retries %v, want %v", tc.attempts, tc.err, got, tc.retry)
			}
		})
	}
}
