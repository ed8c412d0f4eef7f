package duckduckgo

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Every error returned by Client.Fetch and Service.Lookup
// wraps exactly one of them (test with errors.Is). No error message ever
// contains the request URL or the question asked.
var (
	// ErrThrottled: the API refused us (429, 403) or answered a 2xx with an
	// empty body, its way of saying "slow down". The error is a
	// *ThrottledError carrying Retry-After when the API sent one.
	ErrThrottled = errors.New("duckduckgo: throttled")
	// ErrUpstream: a connection error, a 5xx, a 3xx (redirects are never
	// followed) or a 4xx other than 403 and 429. When a status code was
	// received the error is an *UpstreamError.
	ErrUpstream = errors.New("duckduckgo: upstream error")
	// ErrTimeout: an attempt ran past ClientOptions.Timeout, or the context
	// ended (deadline or cancellation) before an answer arrived. The error
	// also wraps the context's error when the context ended.
	ErrTimeout = errors.New("duckduckgo: timeout")
	// ErrBadAnswer: a 2xx whose body is not empty but is not one complete
	// JSON object, or is larger than ClientOptions.MaxBodyBytes.
	ErrBadAnswer = errors.New("duckduckgo: bad answer")
	// ErrBreakerOpen: the service's circuit breaker is open and nothing
	// usable was cached; no request was sent.
	ErrBreakerOpen = errors.New("duckduckgo: circuit breaker open")
	// ErrShed: too many lookups were already pending, or the lookup waited
	// for an upstream slot until too little time was left for a request;
	// no request was sent.
	ErrShed = errors.New("duckduckgo: lookup shed, too busy")
	// ErrClosed: Lookup was called after Service.Close and nothing usable
	// was cached.
	ErrClosed = errors.New("duckduckgo: service closed")
)

// ThrottledError is returned for ErrThrottled. It unwraps to ErrThrottled.
type ThrottledError struct {
	StatusCode int           // the HTTP status received (429, 403, or a 2xx with an empty body)
	RetryAfter time.Duration // parsed Retry-After (seconds or HTTP date); 0 when absent or unparsable
}

func (e *ThrottledError) Error() string {
	if e.RetryAfter > 0 {
		return fmt.Sprintf("%v (HTTP %d, retry after %s)", ErrThrottled, e.StatusCode, e.RetryAfter)
	}
	return fmt.Sprintf("%v (HTTP %d)", ErrThrottled, e.StatusCode)
}

// Unwrap returns ErrThrottled.
func (e *ThrottledError) Unwrap() error { return ErrThrottled }

// UpstreamError is returned for ErrUpstream when the API answered with an
// unusable status code. It unwraps to ErrUpstream.
type UpstreamError struct {
	StatusCode int
}

func (e *UpstreamError) Error() string {
	return fmt.Sprintf("%v (HTTP %d)", ErrUpstream, e.StatusCode)
}

// Unwrap returns ErrUpstream.
func (e *UpstreamError) Unwrap() error { return ErrUpstream }
