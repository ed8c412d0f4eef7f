package duckduckgo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"

	"github.com/ddgbot/ddgbot/instant"
)

// Defaults used by NewClient for zero ClientOptions fields that are not
// settings (the settings' defaults live in config.yaml).
const (
	DefaultUserAgent    = "ddgbot (+https://github.com/ddgbot/ddgbot)"
	DefaultMaxBodyBytes = 2 << 20
)

// Retry pacing. Short on purpose: a chat reply is only useful within
// seconds, and the service's lookup deadline bounds the whole call anyway.
const (
	retryWaitMin = 100 * time.Millisecond
	retryWaitMax = time.Second
	// maxServerRetryAfter clamps a Retry-After sent with a 5xx.
	maxServerRetryAfter = 5 * time.Second
)

// ClientOptions configures a Client. BaseURL, AppName and Timeout come
// from config.yaml through the caller and must be set (NewClient panics
// otherwise); the other zero fields take the defaults above, except
// MaxRetries, where 0 means no retries.
type ClientOptions struct {
	BaseURL      string        // duckduckgo.base_url, e.g. https://api.duckduckgo.com/
	AppName      string        // sent as t= (duckduckgo.app_name)
	Region       string        // sent as kl= when not empty
	UserAgent    string        // descriptive, e.g. "ddgbot/1.2 (+https://github.com/ddgbot/ddgbot)"
	Timeout      time.Duration // per attempt (http.Client.Timeout), body read included (duckduckgo.timeout)
	MaxRetries   int           // retries after the first attempt, for connection errors and 5xx only
	MaxBodyBytes int64         // cap on the body read; default 2 MiB when 0
	Logger       *slog.Logger  // retry messages at debug level, never with the query string; nil discards
}

// Client performs single lookups against the Instant Answer API, with
// retries and nothing else (no cache, no coalescing). It is safe for
// concurrent use.
type Client struct {
	base    *url.URL
	baseErr error
	opts    ClientOptions
	http    *http.Client
	rlog    redactingLogger
}

// NewClient returns a Client for o. An invalid BaseURL is reported by every
// Fetch (as ErrUpstream), so construction cannot fail.
func NewClient(o ClientOptions) *Client {
	mustBePositive("ClientOptions", map[string]int64{
		"BaseURL": int64(len(o.BaseURL)), "AppName": int64(len(o.AppName)), "Timeout": int64(o.Timeout),
	})
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.MaxRetries < 0 {
		o.MaxRetries = 0
	}
	if o.MaxBodyBytes <= 0 {
		o.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Client{opts: o, rlog: redactingLogger{o.Logger}}
	c.base, c.baseErr = url.Parse(o.BaseURL)
	if c.baseErr == nil && (c.base.Scheme != "http" && c.base.Scheme != "https" || c.base.Host == "") {
		c.baseErr = errors.New("base URL needs an http(s) scheme and a host")
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.MaxIdleConnsPerHost = 8
	c.http = &http.Client{
		Transport: transport,
		Timeout:   o.Timeout,
		// A 3xx is an upstream error: following a bang redirect would
		// land on some other site's HTML.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c
}

// CloseIdleConnections closes idle keep-alive connections, e.g. at shutdown
// or at the end of a test. The Client stays usable.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// Fetch performs one lookup of q with retries. Only connection errors and
// 5xx responses are retried (at most MaxRetries times, with short jittered
// backoff; a Retry-After on a 5xx is honoured up to 5 s, and a retry whose
// wait would not fit in ctx's deadline is not attempted). A 2xx with a JSON
// object is an answer, whatever the status (202 included) or Content-Type.
// Errors wrap one of ErrThrottled (as *ThrottledError), ErrUpstream,
// ErrTimeout or ErrBadAnswer and never contain the URL or the query.
func (c *Client) Fetch(ctx context.Context, q string) (instant.Answer, error) {
	if c.baseErr != nil {
		return instant.Answer{}, fmt.Errorf("%w: invalid base URL: %v", ErrUpstream, c.baseErr)
	}
	hreq, err := http.NewRequestWithContext(ctx, http.MethodGet, c.requestURL(q), nil)
	if err != nil {
		return instant.Answer{}, fmt.Errorf("%w: cannot build request", ErrUpstream)
	}
	hreq.Header.Set("User-Agent", c.opts.UserAgent)
	hreq.Header.Set("Accept", "application/json, application/x-javascript;q=0.9, */*;q=0.1")
	req, err := retryablehttp.FromRequest(hreq)
	if err != nil {
		return instant.Answer{}, fmt.Errorf("%w: cannot build request", ErrUpstream)
	}
	pol := &retryPolicy{}
	rc := &retryablehttp.Client{
		HTTPClient:   c.http,
		Logger:       c.rlog,
		RetryWaitMin: retryWaitMin,
		RetryWaitMax: retryWaitMax,
		RetryMax:     c.opts.MaxRetries,
		CheckRetry:   pol.checkRetry,
		Backoff:      pol.backoff,
		// Keeps the last response (and its status) after the last retry.
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	resp, err := rc.Do(req)
	if err != nil {
		if resp != nil {
			resp.Body.Close()
		}
		return instant.Answer{}, c.transportError(ctx, err, q)
	}
	defer resp.Body.Close()
	return c.readAnswer(ctx, resp, q)
}

// requestURL builds the API URL for q; base URL parameters are kept.
func (c *Client) requestURL(q string) string {
	u := *c.base
	v := u.Query()
	v.Set("q", q)
	v.Set("format", "json")
	v.Set("no_html", "1")
	v.Set("no_redirect", "1")
	v.Set("t", c.opts.AppName)
	if c.opts.Region != "" {
		v.Set("kl", c.opts.Region)
	}
	u.RawQuery = v.Encode()
	return u.String()
}

// readAnswer classifies a response that was not retried (or no longer).
func (c *Client) readAnswer(ctx context.Context, resp *http.Response, q string) (instant.Answer, error) {
	code := resp.StatusCode
	switch {
	case code == http.StatusTooManyRequests || code == http.StatusForbidden:
		drain(resp.Body)
		ra, _ := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return instant.Answer{}, &ThrottledError{StatusCode: code, RetryAfter: ra}
	case code < 200 || code > 299:
		drain(resp.Body)
		return instant.Answer{}, &UpstreamError{StatusCode: code}
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBodyBytes+1))
	if err != nil {
		return instant.Answer{}, c.transportError(ctx, err, q)
	}
	if int64(len(body)) > c.opts.MaxBodyBytes {
		return instant.Answer{}, fmt.Errorf("%w: body larger than %d bytes", ErrBadAnswer, c.opts.MaxBodyBytes)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		ra, _ := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		return instant.Answer{}, &ThrottledError{StatusCode: code, RetryAfter: ra}
	}
	a, err := instant.Decode(body)
	if err != nil {
		return instant.Answer{}, fmt.Errorf("%w: %w", ErrBadAnswer, err)
	}
	return a, nil
}

// transportError turns an error from net/http or retryablehttp, which may
// carry the full URL, into one of ours that does not.
func (c *Client) transportError(ctx context.Context, err error, q string) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("%w: %w", ErrTimeout, cerr)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		if ue.Timeout() {
			return fmt.Errorf("%w: attempt exceeded %s", ErrTimeout, c.opts.Timeout)
		}
		err = ue.Err
	}
	var ne interface{ Timeout() bool }
	if errors.As(err, &ne) && ne.Timeout() {
		return fmt.Errorf("%w: attempt exceeded %s", ErrTimeout, c.opts.Timeout)
	}
	msg := redactText(err.Error())
	if q != "" && (strings.Contains(msg, q) || strings.Contains(msg, url.QueryEscape(q))) {
		msg = "connection failed"
	}
	return fmt.Errorf("%w: %s", ErrUpstream, msg)
}

// drain reads a little of an unwanted body so the connection can be reused.
func drain(body io.Reader) {
	_, _ = io.Copy(io.Discard, io.LimitReader(body, 4<<10))
}

// parseRetryAfter parses a Retry-After value given in seconds or as an HTTP
// date. A date in the past gives 0, true.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s < 0 {
			return 0, false
		}
		if s > int64(365*24*time.Hour/time.Second) {
			s = int64(365 * 24 * time.Hour / time.Second)
		}
		return time.Duration(s) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	return max(t.Sub(now), 0), true
}

// retryPolicy decides retries for one Fetch call. checkRetry picks the wait
// and backoff returns it, so the wait that is checked against the deadline
// is the wait that is slept. Used by one goroutine at a time.
type retryPolicy struct {
	retries int
	wait    time.Duration
}

// checkRetry retries connection errors and 5xx, never a context error, a
// per-attempt timeout, a 429/403 or any non-5xx status. A retry whose wait
// does not fit in the context deadline is not attempted, so the last
// response or error is returned now instead of a timeout later.
func (p *retryPolicy) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctx.Err() != nil {
		return false, nil
	}
	var wait time.Duration
	switch {
	case err != nil:
		var ue *url.Error
		if errors.As(err, &ue) && ue.Timeout() {
			return false, nil
		}
		wait = jitteredBackoff(p.retries)
	case resp.StatusCode >= 500:
		wait = jitteredBackoff(p.retries)
		if ra, ok := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()); ok {
			wait = min(ra, maxServerRetryAfter)
		}
	default:
		return false, nil
	}
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) <= wait {
		return false, nil
	}
	p.wait = wait
	p.retries++
	return true, nil
}

func (p *retryPolicy) backoff(_, _ time.Duration, _ int, _ *http.Response) time.Duration {
	return p.wait
}

// jitteredBackoff returns a wait between half and all of
// min(retryWaitMin·2^n, retryWaitMax).
func jitteredBackoff(n int) time.Duration {
	d := retryWaitMax
	if n < 10 {
		d = min(retryWaitMin<<n, retryWaitMax)
	}
	return d/2 + rand.N(d/2+1)
}

// redactingLogger adapts a *slog.Logger to retryablehttp.LeveledLogger. It
// logs everything at debug level (the caller reports the final outcome) and
// replaces query strings in URLs, which carry a person's message.
type redactingLogger struct{ l *slog.Logger }

func (r redactingLogger) Error(msg string, kv ...any) { r.log(msg, kv) }
func (r redactingLogger) Warn(msg string, kv ...any)  { r.log(msg, kv) }
func (r redactingLogger) Info(msg string, kv ...any)  { r.log(msg, kv) }
func (r redactingLogger) Debug(msg string, kv ...any) { r.log(msg, kv) }

func (r redactingLogger) log(msg string, kv []any) {
	if !r.l.Enabled(context.Background(), slog.LevelDebug) {
		return
	}
	out := make([]any, len(kv))
	for i, v := range kv {
		switch v := v.(type) {
		case int, int64, time.Duration, bool:
			out[i] = v
		case *url.Error:
			out[i] = v.Op + " " + redactText(v.URL) + ": " + redactText(fmt.Sprint(v.Err))
		default:
			out[i] = redactText(fmt.Sprint(v))
		}
	}
	r.l.Debug("duckduckgo: "+msg, out...)
}

var queryInURL = regexp.MustCompile(`(?i)(https?://[^\s?#"]*)\?[^\s#"]*`)

// redactText replaces the query string of every URL in s.
func redactText(s string) string {
	return queryInURL.ReplaceAllString(s, "$1?REDACTED")
}
