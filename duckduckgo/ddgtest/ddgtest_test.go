package ddgtest_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

func get(t *testing.T, base, q string) (*http.Response, string) {
	t.Helper()
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Get(base + "?format=json&q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	c.CloseIdleConnections()
	return resp, string(b)
}

func newServer(t *testing.T) *ddgtest.Server {
	t.Helper()
	s, err := ddgtest.NewFixtureServer("../../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Ensure every listed fixture loads and is served for its query, unknown
// queries get the empty answer, and requests are counted and recorded.
func TestFixtures(t *testing.T) {
	s := newServer(t)
	for q, file := range ddgtest.Fixtures() {
		if q == ddgtest.UnknownKey {
			continue
		}
		resp, body := get(t, s.URL, strings.ToUpper(q))
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != ddgtest.ContentType || !strings.HasPrefix(strings.TrimSpace(body), "{") {
			t.Errorf("%q (%s): %d %s", q, file, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
	}
	_, body := get(t, s.URL, "something nobody recorded")
	if !strings.Contains(body, "just_another_test") {
		t.Errorf("unknown query did not get the empty 2023 answer")
	}
	if s.RequestsFor("Something  Nobody recorded") != 1 || s.Requests() != len(ddgtest.Fixtures()) {
		t.Errorf("counts: %d for the unknown query, %d in all", s.RequestsFor("something nobody recorded"), s.Requests())
	}
	r, ok := s.LastRequest()
	if !ok || r.URL.Query().Get("q") != "something nobody recorded" || r.Header.Get("User-Agent") == "" {
		t.Errorf("last request %+v", r)
	}
}

// Ensure the scripted faults answer as documented.
func TestFaults(t *testing.T) {
	tests := []struct {
		name       string
		fault      ddgtest.Fault
		status     int
		bodyCheck  func(string) bool
		retryAfter string
	}{
		{"500", ddgtest.Fault{Status: 500}, 500, func(b string) bool { return b == "" }, ""},
		{"429", ddgtest.Fault{Status: 429, RetryAfter: "60"}, 429, func(b string) bool { return b == "" }, "60"},
		{"202 empty", ddgtest.Fault{Status: 202}, 202, func(b string) bool { return b == "" }, ""},
		{"202 answer", ddgtest.Fault{Status: 202, WithAnswer: true}, 202, func(b string) bool { return strings.Contains(b, `"Heading"`) }, ""},
		{"garbage", ddgtest.Fault{Mode: ddgtest.Garbage}, 200, func(b string) bool { return strings.HasPrefix(b, "<!DOCTYPE") }, ""},
		{"truncated", ddgtest.Fault{Mode: ddgtest.Truncated}, 200, func(b string) bool { return !strings.HasSuffix(strings.TrimSpace(b), "}") }, ""},
		{"oversized", ddgtest.Fault{Mode: ddgtest.Oversized}, 200, func(b string) bool { return len(b) > ddgtest.OversizedBytes }, ""},
		{"redirect", ddgtest.Fault{Mode: ddgtest.RedirectLoop}, 302, func(string) bool { return true }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t)
			s.SetFault(tt.fault)
			resp, body := get(t, s.URL, "cat")
			if resp.StatusCode != tt.status || !tt.bodyCheck(body) || resp.Header.Get("Retry-After") != tt.retryAfter {
				t.Errorf("got %d, Retry-After %q, body %.60q", resp.StatusCode, resp.Header.Get("Retry-After"), body)
			}
		})
	}
	t.Run("flaky", func(t *testing.T) {
		s := newServer(t)
		s.SetFault(ddgtest.Fault{Mode: ddgtest.Flaky})
		for i, want := range []int{500, 200, 500, 200} {
			if resp, _ := get(t, s.URL, "cat"); resp.StatusCode != want {
				t.Errorf("request %d: %d, want %d", i+1, resp.StatusCode, want)
			}
		}
	})
}

// Ensure a hanging request ends when the client gives up, and Close does
// not wait for hung requests; faults can be switched while requests run.
func TestHangAndLatency(t *testing.T) {
	s := newServer(t)
	s.SetFault(ddgtest.Fault{Mode: ddgtest.Hang})
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL+"?q=cat", nil)
	start := time.Now()
	if _, err := http.DefaultClient.Do(req); err == nil {
		t.Fatal("hang answered")
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("client gave up after %s", el)
	}

	var wg sync.WaitGroup
	wg.Go(func() {
		resp, err := http.Get(s.URL + "?q=cat")
		if err == nil {
			resp.Body.Close()
		}
	})
	waitRequests(t, s, 2)
	done := make(chan struct{})
	go func() { s.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		t.Fatal("Close blocked on a hanging request")
	}
	wg.Wait()
	http.DefaultClient.CloseIdleConnections()
}

func waitRequests(t *testing.T, s *ddgtest.Server, n int) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); s.Requests() < n; {
		if time.Now().After(deadline) {
			t.Fatalf("%d requests, want %d", s.Requests(), n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Ensure the handler works without a server (for a dev binary) and falls
// back to a built-in empty answer.
func TestNewHandler(t *testing.T) {
	h := ddgtest.NewHandler(map[string][]byte{"hello": []byte(`{"Heading":"Hello"}`)})
	defer h.Close()
	h.SetLatency(10 * time.Millisecond)
	for q, want := range map[string]string{"HELLO": `"Hello"`, "other": `"RelatedTopics":[]`} {
		rec := httptestRecorder(h, q)
		if !strings.Contains(rec, want) {
			t.Errorf("%s: body %q, want %s", q, rec, want)
		}
	}
}

func httptestRecorder(h http.Handler, q string) string {
	rw := &recorder{header: http.Header{}}
	r, _ := http.NewRequest(http.MethodGet, "/?q="+url.QueryEscape(q), nil)
	h.ServeHTTP(rw, r)
	return rw.body.String()
}

type recorder struct {
	header http.Header
	body   strings.Builder
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
func (r *recorder) WriteHeader(int)             {}

// Ensure every "topic-N" query without a recorded answer gets its own
// generated article, and look-alikes get the unknown answer.
func TestTopics(t *testing.T) {
	s := ddgtest.NewServer(nil)
	defer s.Close()
	tests := []struct{ q, heading string }{
		{"topic-42", "Topic 42"},
		{"  Topic-7 ", "Topic 7"},
		{"topic-", ""},
		{"topic-1x", ""},
		{"topic-1234567890", ""},
	}
	for _, tt := range tests {
		resp, err := http.Get(s.URL + "?q=" + url.QueryEscape(tt.q))
		if err != nil {
			t.Fatal(err)
		}
		var a struct{ Heading, AbstractURL string }
		err = json.NewDecoder(resp.Body).Decode(&a)
		resp.Body.Close()
		if err != nil || a.Heading != tt.heading {
			t.Errorf("%q: heading %q, %v; want %q", tt.q, a.Heading, err, tt.heading)
		}
	}
}
