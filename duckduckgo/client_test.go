package duckduckgo

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/instant"
)

// bound is how long a call may take when it should return at once (its
// budget is a few hundred ms at most): generous, because other work may
// share the machine. budget is the context of calls expected to succeed.
const (
	bound  = 5 * time.Second
	budget = 30 * time.Second
)

// secret is a question that must never show up in errors or logs.
const secret = "my phone is +44 7700 900123 & I feel ill?"

func newFake(t *testing.T) *ddgtest.Server {
	t.Helper()
	srv, err := ddgtest.NewFixtureServer(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	return srv
}

func newTestClient(t *testing.T, o ClientOptions) *Client {
	t.Helper()
	c := NewClient(clientOptions(o))
	t.Cleanup(c.CloseIdleConnections)
	return c
}

func assertNoQuery(t *testing.T, what, s string) {
	t.Helper()
	for _, q := range []string{secret, url.QueryEscape(secret), "7700", "ill?"} {
		if strings.Contains(s, q) {
			t.Errorf("%s contains the query (%q): %s", what, q, s)
		}
	}
}

// Ensure the request carries the documented parameters, encoded, and a
// descriptive User-Agent.
func TestClientRequestParameters(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	c := newTestClient(t, ClientOptions{BaseURL: srv.URL, AppName: "ddgbot-test", Region: "uk-en", UserAgent: "ddgbot/test (+https://example.org)"})
	q := "c++ & rust? 100%"
	if _, err := c.Fetch(context.Background(), q); err != nil {
		t.Fatal(err)
	}
	r, ok := srv.LastRequest()
	if !ok {
		t.Fatal("no request recorded")
	}
	v := r.URL.Query()
	want := map[string]string{"q": q, "format": "json", "no_html": "1", "no_redirect": "1", "t": "ddgbot-test", "kl": "uk-en"}
	for k, w := range want {
		if got := v.Get(k); got != w {
			t.Errorf("param %s = %q, want %q", k, got, w)
		}
	}
	if strings.Contains(r.URL.RawQuery, " ") {
		t.Errorf("query not encoded: %s", r.URL.RawQuery)
	}
	if got := r.Header.Get("User-Agent"); got != "ddgbot/test (+https://example.org)" {
		t.Errorf("User-Agent = %q", got)
	}
	if r.Method != http.MethodGet {
		t.Errorf("method = %s", r.Method)
	}

	// Without a region, kl is not sent.
	c2 := newTestClient(t, ClientOptions{BaseURL: srv.URL})
	if _, err := c2.Fetch(context.Background(), "cat"); err != nil {
		t.Fatal(err)
	}
	r, _ = srv.LastRequest()
	if r.URL.Query().Has("kl") {
		t.Errorf("kl sent without a region: %s", r.URL.RawQuery)
	}
	if r.URL.Query().Get("t") != shipped().DuckDuckGo.AppName || r.Header.Get("User-Agent") != DefaultUserAgent {
		t.Errorf("defaults not sent: t=%q UA=%q", r.URL.Query().Get("t"), r.Header.Get("User-Agent"))
	}
}

// Ensure each fault of the API is classified, retried only when it should
// be, and reported without the query.
func TestClientFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		fault    ddgtest.Fault
		latency  time.Duration
		timeout  time.Duration // per attempt; default 10s
		query    string        // default secret
		wantErr  error         // nil: an answer
		requests int
		check    func(t *testing.T, a instant.Answer, err error)
	}{
		{name: "ok", query: "cat", requests: 1, check: func(t *testing.T, a instant.Answer, _ error) {
			if a.Type != "D" || len(a.RelatedTopics) == 0 {
				t.Errorf("answer %q with %d topics", a.Type, len(a.RelatedTopics))
			}
		}},
		{name: "500 retried then upstream", fault: ddgtest.Fault{Status: 500}, wantErr: ErrUpstream, requests: 3, check: wantStatus(500)},
		{name: "501 retried too", fault: ddgtest.Fault{Status: 501}, wantErr: ErrUpstream, requests: 3, check: wantStatus(501)},
		{name: "flaky succeeds on retry", fault: ddgtest.Fault{Mode: ddgtest.Flaky}, query: "reddit", requests: 2, check: func(t *testing.T, a instant.Answer, _ error) {
			if a.Heading != "Reddit" {
				t.Errorf("Heading = %q", a.Heading)
			}
		}},
		{name: "202 empty is throttling", fault: ddgtest.Fault{Status: 202}, wantErr: ErrThrottled, requests: 1},
		{name: "200 empty is throttling", fault: ddgtest.Fault{Status: 200}, wantErr: ErrThrottled, requests: 1},
		{name: "202 with an answer", fault: ddgtest.Fault{Status: 202, WithAnswer: true}, query: "eur", requests: 1, check: func(t *testing.T, a instant.Answer, _ error) {
			if a.Type != "D" {
				t.Errorf("Type = %q", a.Type)
			}
		}},
		{name: "403", fault: ddgtest.Fault{Status: 403}, wantErr: ErrThrottled, requests: 1},
		{name: "429 with Retry-After seconds", fault: ddgtest.Fault{Status: 429, RetryAfter: "120"}, wantErr: ErrThrottled, requests: 1, check: wantRetryAfter(120*time.Second, 120*time.Second)},
		{name: "429 with Retry-After date", fault: ddgtest.Fault{Status: 429, RetryAfter: time.Now().Add(time.Hour).UTC().Format(http.TimeFormat)}, wantErr: ErrThrottled, requests: 1, check: wantRetryAfter(58*time.Minute, time.Hour)},
		{name: "404", fault: ddgtest.Fault{Status: 404}, wantErr: ErrUpstream, requests: 1, check: wantStatus(404)},
		{name: "garbage", fault: ddgtest.Fault{Mode: ddgtest.Garbage}, wantErr: ErrBadAnswer, requests: 1},
		{name: "truncated", fault: ddgtest.Fault{Mode: ddgtest.Truncated}, query: "cat", wantErr: ErrBadAnswer, requests: 1},
		{name: "oversized", fault: ddgtest.Fault{Mode: ddgtest.Oversized}, wantErr: ErrBadAnswer, requests: 1},
		{name: "redirect loop not followed", fault: ddgtest.Fault{Mode: ddgtest.RedirectLoop}, wantErr: ErrUpstream, requests: 1, check: wantStatus(302)},
		{name: "hang times out, not retried", fault: ddgtest.Fault{Mode: ddgtest.Hang}, timeout: 200 * time.Millisecond, wantErr: ErrTimeout, requests: 1},
		{name: "slow under the timeout", latency: 100 * time.Millisecond, timeout: 10 * time.Second, query: "cat", requests: 1},
		{name: "slow over the timeout", latency: time.Minute, timeout: 200 * time.Millisecond, wantErr: ErrTimeout, requests: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newFake(t)
			srv.SetFault(tt.fault)
			srv.SetLatency(tt.latency)
			timeout := tt.timeout
			if timeout == 0 {
				timeout = 10 * time.Second
			}
			var logs bytes.Buffer
			c := newTestClient(t, ClientOptions{BaseURL: srv.URL, MaxRetries: 2, Timeout: timeout,
				Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
			q := tt.query
			if q == "" {
				q = secret
			}
			start := time.Now()
			a, err := c.Fetch(context.Background(), q)
			if elapsed := time.Since(start); elapsed > bound {
				t.Errorf("Fetch took %s", elapsed)
			}
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("Fetch error: %v", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("Fetch error = %v, want %v", err, tt.wantErr)
			}
			if err != nil {
				assertNoQuery(t, "error", err.Error())
			}
			assertNoQuery(t, "log", logs.String())
			if got := srv.Requests(); got != tt.requests {
				t.Errorf("requests = %d, want %d", got, tt.requests)
			}
			if tt.check != nil {
				tt.check(t, a, err)
			}
		})
	}
}

func wantStatus(code int) func(*testing.T, instant.Answer, error) {
	return func(t *testing.T, _ instant.Answer, err error) {
		t.Helper()
		var ue *UpstreamError
		if !errors.As(err, &ue) || ue.StatusCode != code {
			t.Errorf("error %v, want *UpstreamError %d", err, code)
		}
	}
}

func wantRetryAfter(lo, hi time.Duration) func(*testing.T, instant.Answer, error) {
	return func(t *testing.T, _ instant.Answer, err error) {
		t.Helper()
		var te *ThrottledError
		if !errors.As(err, &te) {
			t.Fatalf("error %v is not a *ThrottledError", err)
		}
		if te.RetryAfter < lo || te.RetryAfter > hi {
			t.Errorf("RetryAfter = %s, want within [%s, %s]", te.RetryAfter, lo, hi)
		}
	}
}

// Ensure the caller's deadline ends a hanging lookup promptly as ErrTimeout
// wrapping the context's error.
func TestClientContextDeadline(t *testing.T) {
	t.Parallel()
	srv := newFake(t)
	srv.SetFault(ddgtest.Fault{Mode: ddgtest.Hang})
	c := newTestClient(t, ClientOptions{BaseURL: srv.URL, MaxRetries: 3, Timeout: 10 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Fetch(ctx, secret)
	if !errors.Is(err, ErrTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want ErrTimeout and DeadlineExceeded", err)
	}
	if elapsed := time.Since(start); elapsed > bound {
		t.Errorf("returned after %s with a 200ms budget", elapsed)
	}
	assertNoQuery(t, "error", err.Error())
	if srv.Requests() > 1 {
		t.Errorf("requests = %d, want at most 1", srv.Requests())
	}
}

// Ensure a Retry-After on a 5xx is waited for when it fits in the deadline,
// and that the 5xx is returned at once when it does not.
func TestClientRetryAfterOn5xx(t *testing.T) {
	t.Parallel()
	t.Run("fits", func(t *testing.T) {
		srv := newFake(t)
		srv.SetFault(ddgtest.Fault{Status: 503, RetryAfter: "1"})
		c := newTestClient(t, ClientOptions{BaseURL: srv.URL, MaxRetries: 1})
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		start := time.Now()
		_, err := c.Fetch(ctx, secret)
		if elapsed := time.Since(start); elapsed < 900*time.Millisecond {
			t.Errorf("retried after %s, want Retry-After (1s) honoured", elapsed)
		}
		if !errors.Is(err, ErrUpstream) || srv.Requests() != 2 {
			t.Errorf("error %v after %d requests, want ErrUpstream after 2", err, srv.Requests())
		}
	})
	t.Run("does not fit", func(t *testing.T) {
		srv := newFake(t)
		srv.SetFault(ddgtest.Fault{Status: 503, RetryAfter: "10"}) // clamped to 5s
		c := newTestClient(t, ClientOptions{BaseURL: srv.URL, MaxRetries: 3})
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		_, err := c.Fetch(ctx, secret)
		var ue *UpstreamError
		if !errors.As(err, &ue) || ue.StatusCode != 503 {
			t.Errorf("error = %v, want the 503 at once", err)
		}
		if srv.Requests() != 1 {
			t.Errorf("requests = %d, want 1", srv.Requests())
		}
	})
}

// Ensure connection errors are retried, reported as ErrUpstream, and that
// neither errors nor debug logs carry the query.
func TestClientConnectionError(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	var logs bytes.Buffer
	c := newTestClient(t, ClientOptions{BaseURL: "http://" + addr + "/", MaxRetries: 2,
		Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	_, err = c.Fetch(context.Background(), secret)
	if !errors.Is(err, ErrUpstream) {
		t.Fatalf("error = %v, want ErrUpstream", err)
	}
	assertNoQuery(t, "error", err.Error())
	assertNoQuery(t, "log", logs.String())
	if n := strings.Count(logs.String(), "retrying request"); n != 2 {
		t.Errorf("logged %d retries, want 2:\n%s", n, logs.String())
	}
	if !strings.Contains(logs.String(), "REDACTED") {
		t.Errorf("log does not show the redacted URL:\n%s", logs.String())
	}
}

// Ensure a bad base URL fails every Fetch as ErrUpstream.
func TestClientBadBaseURL(t *testing.T) {
	t.Parallel()
	c := newTestClient(t, ClientOptions{BaseURL: "::not a url"})
	if _, err := c.Fetch(context.Background(), secret); !errors.Is(err, ErrUpstream) {
		t.Errorf("error = %v, want ErrUpstream", err)
	}
}

func TestParseRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"", 0, false},
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"-5", 0, false},
		{"soon", 0, false},
		{now.Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second, true},
		{now.Add(-time.Hour).Format(http.TimeFormat), 0, true},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %s, %v; want %s, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestJitteredBackoff(t *testing.T) {
	t.Parallel()
	for n := range 40 {
		d := jitteredBackoff(n)
		ceil := min(retryWaitMin<<min(n, 20), retryWaitMax)
		if d < ceil/2 || d > ceil {
			t.Errorf("backoff(%d) = %s, want within [%s, %s]", n, d, ceil/2, ceil)
		}
	}
}
