package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ddgbot/ddgbot/handlers"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/suggest"
	"github.com/ddgbot/ddgbot/turn/turntest"
)

// fakeSearcher answers lookups with a function and counts the calls.
type fakeSearcher struct {
	mu      sync.Mutex
	queries []string
	fn      func(ctx context.Context, q string) (instant.Answer, error)
}

// Cached never answers: every call goes through Lookup, where it is counted.
func (f *fakeSearcher) Cached(string) (instant.Answer, bool) { return instant.Answer{}, false }

func (f *fakeSearcher) Lookup(ctx context.Context, q string) (instant.Answer, error) {
	f.mu.Lock()
	f.queries = append(f.queries, q)
	f.mu.Unlock()
	if f.fn == nil {
		return instant.Answer{}, nil
	}
	return f.fn(ctx, q)
}

func (f *fakeSearcher) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.queries)
}

func article(heading, text string) instant.Answer {
	return instant.Answer{Type: "A", Heading: heading, AbstractText: text,
		AbstractSource: "Wikipedia", AbstractURL: "https://en.wikipedia.org/wiki/" + heading}
}

const (
	testToken  = "t0ken-abc"
	testSecret = "s3cret-xyz"
)

type testServer struct {
	h       http.Handler
	search  *fakeSearcher
	metrics *metrics.Metrics
	logs    *bytes.Buffer
}

func newServer(t *testing.T, mutate func(*handlers.Options)) *testServer {
	t.Helper()
	return newServerBudget(t, 500*time.Millisecond, mutate)
}

// newServerBudget is newServer with budget as each poll's deadline.
func newServerBudget(t *testing.T, budget time.Duration, mutate func(*handlers.Options)) *testServer {
	t.Helper()
	logs := &bytes.Buffer{}
	m := metrics.New("test", "")
	s := &fakeSearcher{fn: func(ctx context.Context, q string) (instant.Answer, error) {
		if strings.Contains(strings.ToLower(q), "malaria") {
			return article("Malaria", "Malaria is a mosquito-borne infectious disease. It is common in the tropics."), nil
		}
		return instant.Answer{}, nil
	}}
	o := handlers.Options{
		Path:            "/",
		AuthType:        "bearer",
		APIToken:        testToken,
		MaxBodyBytes:    64 << 10,
		MetricsPath:     "/metrics",
		MetricsHandler:  promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}),
		Metrics:         m,
		Logger:          slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelInfo})),
		ResponseTimeout: budget,
	}
	if mutate != nil {
		mutate(&o)
	}
	ro := reply.Options{
		Searcher: s, Extractor: query.New(nil),
		Suggest: suggest.Options{Max: 3, MaxChars: 1024, Attribution: true},
	}
	if o.Actions != nil {
		ro.Steering = o.Actions // as the service wires it: one store for menus and callbacks
	}
	o.Reply = reply.New(ro)
	return &testServer{h: handlers.New(o), search: s, metrics: m, logs: logs}
}

type call struct {
	method, path, body string
	header             map[string]string
}

func (ts *testServer) do(t *testing.T, c call) *httptest.ResponseRecorder {
	t.Helper()
	if c.method == "" {
		c.method = http.MethodPost
	}
	if c.path == "" {
		c.path = "/"
	}
	req := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+testToken)
	for k, v := range c.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	ts.h.ServeHTTP(rec, req)
	return rec
}

// poll is a short conversation whose newest inbound message is text.
func poll(text string) string { return string(turntest.Ask(text)) }

type pollResponse struct {
	Version     string `json:"version"`
	Suggestions []struct {
		Type       string  `json:"type"`
		Title      string  `json:"title"`
		Body       string  `json:"body"`
		Confidence float64 `json:"confidence"`
	} `json:"suggested_responses"`
	ContextObjects map[string]map[string]string `json:"context_objects"`
}

func decodePoll(t *testing.T, rec *httptest.ResponseRecorder) pollResponse {
	t.Helper()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	var p pollResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatalf("bad JSON %q: %v", rec.Body, err)
	}
	if p.Version != "1.0.0-alpha" || p.Suggestions == nil {
		t.Fatalf("bad poll response %s", rec.Body)
	}
	return p
}

// Ensure the handshake gets exactly the capabilities document Turn expects.
func TestHandshake(t *testing.T) {
	ts := newServer(t, nil)
	rec := ts.do(t, call{body: `{"handshake": true}`})
	want := `{"version":"1.0.0-alpha","capabilities":{"actions":false,"suggested_responses":true,"context_objects":[]}}`
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != want {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
	if ts.search.calls() != 0 {
		t.Fatal("handshake must not look anything up")
	}
}

// Ensure both auth types accept the right header and refuse everything else
// with 401 JSON before any lookup.
func TestAuth(t *testing.T) {
	tests := []struct {
		name     string
		authType string
		header   string
		want     int
	}{
		{"bearer ok", "bearer", "Bearer " + testToken, 200},
		{"bearer scheme lower case", "bearer", "bearer " + testToken, 200},
		{"token ok", "token", "Token " + testToken, 200},
		{"token with bearer scheme", "token", "Bearer " + testToken, 401},
		{"bearer with token scheme", "bearer", "Token " + testToken, 401},
		{"missing", "bearer", "", 401},
		{"wrong token", "bearer", "Bearer nope", 401},
		{"token in wrong case", "bearer", "Bearer " + strings.ToUpper(testToken), 401},
		{"token only", "bearer", testToken, 401},
		{"prefix of token", "bearer", "Bearer " + testToken[:4], 401},
		{"token plus suffix", "bearer", "Bearer " + testToken + "x", 401},
		{"basic auth", "bearer", "Basic dXNlcjpwYXNz", 401},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newServer(t, func(o *handlers.Options) { o.AuthType = tt.authType })
			rec := ts.do(t, call{body: poll("malaria"), header: map[string]string{"Authorization": tt.header}})
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			if tt.want == 401 {
				assertJSONError(t, rec)
				if ts.search.calls() != 0 {
					t.Fatal("unauthenticated call reached the searcher")
				}
			}
		})
	}
}

// Ensure an empty token disables the check.
func TestAuthDisabled(t *testing.T) {
	ts := newServer(t, func(o *handlers.Options) { o.APIToken = "" })
	if rec := ts.do(t, call{body: `{"handshake":true}`, header: map[string]string{"Authorization": ""}}); rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
}

func assertJSONError(t *testing.T, rec *httptest.ResponseRecorder) {
	t.Helper()
	var e struct {
		Error     string `json:"error"`
		RequestID string `json:"request_id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &e); err != nil || e.Error == "" {
		t.Fatalf("not a JSON error: %q", rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("content type %q", ct)
	}
}

// Ensure the HMAC signature is checked against the raw body, using the
// known-good vectors.
func TestSignature(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "turn", "signature-test-vectors.json"))
	if err != nil {
		t.Fatal(err)
	}
	var vectors struct {
		Vectors []struct{ Name, Secret, Body, Signature string }
	}
	if err := json.Unmarshal(raw, &vectors); err != nil {
		t.Fatal(err)
	}
	for _, v := range vectors.Vectors {
		t.Run(v.Name, func(t *testing.T) {
			if got := handlers.Sign(v.Secret, []byte(v.Body)); got != v.Signature {
				t.Fatalf("Sign = %s, want %s", got, v.Signature)
			}
			ts := newServer(t, func(o *handlers.Options) { o.HMACSecret = v.Secret })
			cases := []struct {
				name, body, sig string
				want            int
			}{
				{"good", v.Body, v.Signature, 200},
				{"missing", v.Body, "", 401},
				{"other body", v.Body + " ", v.Signature, 401},
				{"not base64", v.Body, "%%%", 401},
				{"hex instead of base64", v.Body, "deadbeef", 401},
				{"sha256= prefix", v.Body, "sha256=" + v.Signature, 401},
			}
			for _, c := range cases {
				rec := ts.do(t, call{body: c.body, header: map[string]string{"X-Turn-Hook-Signature": c.sig}})
				if rec.Code != c.want {
					t.Errorf("%s: status %d, want %d: %s", c.name, rec.Code, c.want, rec.Body)
				}
			}
		})
	}
}

// Ensure a body is read whole, byte for byte, whatever length it
// announces: the size reserved from Content-Length is a hint, never a
// bound. The signature covers every byte, so a 200 proves the body read
// is the one sent.
func TestBodyReadWhole(t *testing.T) {
	ts := newServer(t, func(o *handlers.Options) { o.HMACSecret = testSecret })
	for _, size := range []int{2 << 10, 16<<10 - 1, 16 << 10, 16<<10 + 1, 60 << 10} {
		body := poll("what is malaria?")
		body += strings.Repeat(" ", size-len(body))
		for _, announced := range []int64{int64(size), -1, 1, 1 << 20} {
			req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(body))
			req.ContentLength = announced
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+testToken)
			req.Header.Set(handlers.SignatureHeader, handlers.Sign(testSecret, []byte(body)))
			rec := httptest.NewRecorder()
			ts.h.ServeHTTP(rec, req)
			want := http.StatusOK
			if announced > 64<<10 {
				want = http.StatusRequestEntityTooLarge // refused before reading
			}
			if rec.Code != want {
				t.Errorf("%d bytes announced as %d: status %d, want %d: %s", size, announced, rec.Code, want, rec.Body)
			}
		}
	}
}

// Ensure every context-request payload among the fixtures is answered 200
// with a well-formed poll response.
func TestPollFixtures(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "turn", "*.json"))
	ts := newServer(t, nil)
	n := 0
	for _, f := range files {
		base := filepath.Base(f)
		if strings.HasPrefix(base, "handshake-response") || strings.Contains(base, "-response") || base == "signature-test-vectors.json" {
			continue
		}
		body, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rec := ts.do(t, call{body: string(body)})
		if rec.Code != 200 {
			t.Errorf("%s: status %d: %s", base, rec.Code, rec.Body)
		}
		n++
	}
	if n < 15 {
		t.Fatalf("only %d request fixtures found", n)
	}
}

// Ensure a question is turned into suggestions, and that no question,
// chit-chat and unknown topics give an empty list, not an error.
func TestPoll(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantFirst  string // substring of the first body; "" = no suggestions
		wantLookup bool
	}{
		{"topic", poll("Hi, what is malaria?"), "Malaria is a mosquito-borne", true},
		{"unknown topic", poll("tell me about quasiparticle physics"), "", true},
		{"chit-chat", poll("thanks"), "", false},
		{"no messages", `{"chat":{"owner":"+1"}}`, "", false},
		{"image newest", `{"messages":[{"type":"text","timestamp":"1","text":{"body":"malaria"}},{"type":"image","timestamp":"2"}]}`, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newServer(t, nil)
			p := decodePoll(t, ts.do(t, call{body: tt.body}))
			if tt.wantFirst == "" && len(p.Suggestions) != 0 {
				t.Fatalf("want no suggestions, got %+v", p.Suggestions)
			}
			if tt.wantFirst != "" && (len(p.Suggestions) == 0 || !strings.Contains(p.Suggestions[0].Body, tt.wantFirst)) {
				t.Fatalf("want first suggestion with %q, got %+v", tt.wantFirst, p.Suggestions)
			}
			if got := ts.search.calls() > 0; got != tt.wantLookup {
				t.Fatalf("looked up = %v, want %v", got, tt.wantLookup)
			}
		})
	}
}

// Ensure a failing or hanging upstream is never an error for Turn: 200
// with no suggestions, within the response timeout.
func TestPollUpstreamTrouble(t *testing.T) {
	tests := []struct {
		name string
		fn   func(ctx context.Context, q string) (instant.Answer, error)
	}{
		{"error", func(context.Context, string) (instant.Answer, error) {
			return instant.Answer{}, errors.New("boom")
		}},
		{"hang", func(ctx context.Context, _ string) (instant.Answer, error) {
			<-ctx.Done()
			return instant.Answer{}, ctx.Err()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newServerBudget(t, 100*time.Millisecond, nil)
			ts.search.fn = tt.fn
			start := time.Now()
			p := decodePoll(t, ts.do(t, call{body: poll("malaria")}))
			if len(p.Suggestions) != 0 {
				t.Fatalf("got %+v", p.Suggestions)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Fatalf("took %v", d)
			}
		})
	}
}

// Ensure bad requests get the right status and one JSON error shape.
func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		c    call
		want int
	}{
		{"malformed JSON", call{body: `{"messages": [`}, 400},
		{"not an object", call{body: `[1,2]`}, 400},
		{"empty body", call{body: ``}, 400},
		{"wrong type", call{body: `{"messages": "hi"}`}, 400},
		{"too large", call{body: `{"x":"` + strings.Repeat("a", 70<<10) + `"}`}, 413},
		{"wrong method", call{method: http.MethodGet}, 405},
		{"PUT", call{method: http.MethodPut, body: `{}`}, 405},
		{"form content type", call{body: `{}`, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}}, 415},
		{"unknown path", call{path: "/nope", body: `{}`}, 404},
		{"path traversal", call{path: "/../../etc/passwd", body: `{}`}, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ts := newServer(t, nil)
			rec := ts.do(t, tt.c)
			if rec.Code != tt.want {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.want, rec.Body)
			}
			assertJSONError(t, rec)
			if rec.Header().Get("X-Request-Id") == "" {
				t.Fatal("no X-Request-Id")
			}
		})
	}
}

// Ensure the health route needs no auth.
func TestHealth(t *testing.T) {
	ts := newServer(t, nil)
	rec := ts.do(t, call{method: http.MethodGet, path: "/health", header: map[string]string{"Authorization": ""}})
	if rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"status":"ok"}` {
		t.Fatalf("got %d %s", rec.Code, rec.Body)
	}
}

// Ensure /ready answers like /health while nothing is wrong, 503 with the
// reason when Ready reports a problem, and that /health (liveness) stays
// 200 meanwhile: an unready replica is taken out of rotation, not killed.
func TestReady(t *testing.T) {
	noAuth := map[string]string{"Authorization": ""}
	ts := newServer(t, nil)
	if rec := ts.do(t, call{method: http.MethodGet, path: "/ready", header: noAuth}); rec.Code != 200 || strings.TrimSpace(rec.Body.String()) != `{"status":"ready"}` {
		t.Fatalf("nil Ready: got %d %s", rec.Code, rec.Body)
	}
	var problem error
	ts = newServer(t, func(o *handlers.Options) { o.Ready = func() error { return problem } })
	for _, tt := range []struct {
		name    string
		problem error
		want    int
		body    string
	}{
		{"ready", nil, 200, `"status":"ready"`},
		{"not ready", errors.New("answers not loaded"), 503, `"error":"not ready: answers not loaded"`},
		{"ready again", nil, 200, `"status":"ready"`},
	} {
		problem = tt.problem
		rec := ts.do(t, call{method: http.MethodGet, path: "/ready", header: noAuth})
		if rec.Code != tt.want || !strings.Contains(rec.Body.String(), tt.body) {
			t.Errorf("%s: got %d %s", tt.name, rec.Code, rec.Body)
		}
		if rec := ts.do(t, call{method: http.MethodGet, path: "/health", header: noAuth}); rec.Code != 200 {
			t.Errorf("%s: /health %d", tt.name, rec.Code)
		}
		if rec := ts.do(t, call{method: http.MethodHead, path: "/ready", header: noAuth}); rec.Code != tt.want {
			t.Errorf("%s: HEAD /ready %d", tt.name, rec.Code)
		}
	}
}

// Ensure a refused call's info log line says why and who called, and never
// the token it sent.
func TestRefusalLogged(t *testing.T) {
	ts := newServer(t, func(o *handlers.Options) { o.HMACSecret = testSecret; o.MaxBodyBytes = 4096 })
	body := poll("what is malaria")
	for _, tt := range []struct {
		name   string
		c      call
		status int
		reason string
	}{
		{"no token", call{body: body, header: map[string]string{"Authorization": ""}}, 401, "missing_token"},
		{"wrong token", call{body: body, header: map[string]string{"Authorization": "Bearer " + testToken + "x"}}, 401, "bad_token"},
		{"wrong scheme", call{body: body, header: map[string]string{"Authorization": "Basic " + testToken}}, 401, "bad_scheme"},
		{"no signature", call{body: body}, 401, "bad_signature"},
		{"too large", call{body: strings.Repeat(" ", 5000) + body}, 413, "body_too_large"},
		{"not json", call{body: body, header: map[string]string{"Content-Type": "text/plain"}}, 415, "bad_content_type"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ts.logs.Reset()
			if rec := ts.do(t, tt.c); rec.Code != tt.status {
				t.Fatalf("status %d, want %d", rec.Code, tt.status)
			}
			var line struct {
				Level, Msg, Client, Reason string
				Status                     int
			}
			if err := json.Unmarshal(ts.logs.Bytes(), &line); err != nil {
				t.Fatalf("%v: %s", err, ts.logs)
			}
			if line.Level != "INFO" || line.Status != tt.status || line.Reason != tt.reason || line.Client != "192.0.2.1" {
				t.Fatalf("log line %+v, want reason %s and client 192.0.2.1", line, tt.reason)
			}
			if strings.Contains(ts.logs.String(), testToken) {
				t.Fatalf("token in the log: %s", ts.logs)
			}
		})
	}
}

// Ensure probes and scrapes, which come every few seconds, are logged at
// debug, while polls stay at info.
func TestProbesAndScrapesLoggedAtDebug(t *testing.T) {
	ts := newServer(t, nil)
	for _, path := range []string{"/health", "/ready", "/metrics"} {
		if rec := ts.do(t, call{method: http.MethodGet, path: path}); rec.Code != 200 {
			t.Fatalf("%s: status %d", path, rec.Code)
		}
	}
	if ts.logs.Len() != 0 {
		t.Fatalf("probes or scrapes logged at info: %s", ts.logs)
	}
	ts.do(t, call{body: poll("what is malaria")})
	if !strings.Contains(ts.logs.String(), `"route":"/"`) {
		t.Fatalf("a poll was not logged at info: %q", ts.logs)
	}
}

// Ensure the context card is announced in the handshake and filled on polls.
func TestContextCard(t *testing.T) {
	ts := newServer(t, func(o *handlers.Options) { o.ContextCard = true })
	rec := ts.do(t, call{body: `{"handshake":true}`})
	if !strings.Contains(rec.Body.String(), `"code":"ddgbot_lookup","type":"table"`) {
		t.Fatalf("handshake %s", rec.Body)
	}
	p := decodePoll(t, ts.do(t, call{body: poll("what is malaria")}))
	card := p.ContextObjects[handlers.ContextCardCode]
	if card["Topic"] != "Malaria" || card["Looked up"] == "" || card["Link"] == "" {
		t.Fatalf("card %v", card)
	}
}

// Ensure /metrics exposes the named series and that they move.
func TestMetrics(t *testing.T) {
	ts := newServer(t, nil)
	ts.do(t, call{body: poll("what is malaria")})
	ts.do(t, call{body: poll("malaria"), header: map[string]string{"Authorization": "Bearer wrong"}})
	rec := ts.do(t, call{method: http.MethodGet, path: "/metrics", header: map[string]string{"Authorization": ""}})
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	body := rec.Body.String()
	for _, want := range []string{
		`ddgbot_http_requests_total{code="200",route="/"} 1`,
		`ddgbot_http_requests_total{code="401",route="/"} 1`,
		`ddgbot_http_request_duration_seconds_count{route="/"} 2`,
		`ddgbot_suggestions_returned_count 1`,
		`ddgbot_polls_total{outcome="suggested"} 1`,
		`ddgbot_polls_total{outcome="no_answer"} 0`,
		`ddgbot_auth_failures_total{reason="bad_token"} 1`,
		`ddgbot_build_info{goversion="` + runtime.Version() + `",revision="",version="test"} 1`,
		`ddgbot_auth_failures_total{reason="missing_token"} 0`, // known reasons exist before their first event
		`go_goroutines`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// Ensure each poll is counted once under its outcome, in snake_case.
func TestMetricsPollOutcomes(t *testing.T) {
	ts := newServer(t, nil)
	ts.search.fn = func(_ context.Context, q string) (instant.Answer, error) {
		switch {
		case strings.Contains(q, "malaria"):
			return article("Malaria", "Malaria is a mosquito-borne infectious disease."), nil
		case strings.Contains(q, "cholera"):
			return instant.Answer{}, errors.New("upstream down")
		}
		return instant.Answer{}, nil
	}
	for _, q := range []string{"what is malaria", "what is malaria", "thanks", "", "what is xyzzy", "what is cholera"} {
		if rec := ts.do(t, call{body: poll(q)}); rec.Code != http.StatusOK {
			t.Fatalf("%q: status %d", q, rec.Code)
		}
	}
	ts.do(t, call{body: `{"handshake": true}`})
	body := ts.do(t, call{method: http.MethodGet, path: "/metrics"}).Body.String()
	for _, want := range []string{
		`ddgbot_polls_total{outcome="suggested"} 2`,
		`ddgbot_polls_total{outcome="chit_chat"} 1`,
		`ddgbot_polls_total{outcome="no_question"} 1`,
		`ddgbot_polls_total{outcome="no_answer"} 1`,
		`ddgbot_polls_total{outcome="unavailable"} 1`,
	} {
		if !strings.Contains(body, want+"\n") {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// Ensure metrics can be put behind the Turn token.
func TestMetricsRequireAuth(t *testing.T) {
	ts := newServer(t, func(o *handlers.Options) { o.MetricsRequireAuth = true })
	if rec := ts.do(t, call{method: http.MethodGet, path: "/metrics", header: map[string]string{"Authorization": ""}}); rec.Code != 401 {
		t.Fatalf("status %d", rec.Code)
	}
	if rec := ts.do(t, call{method: http.MethodGet, path: "/metrics"}); rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
}

// Ensure nothing secret or personal reaches the logs at info level: not the
// token, not the HMAC secret, not the message text or the query.
func TestLogsHoldNoSecrets(t *testing.T) {
	ts := newServer(t, func(o *handlers.Options) { o.HMACSecret = testSecret })
	text := "what is malaria my name is Zanele and my number is 0821234567"
	body := poll(text)
	sig := handlers.Sign(testSecret, []byte(body))
	ts.do(t, call{body: body, header: map[string]string{"X-Turn-Hook-Signature": sig}})
	ts.do(t, call{body: body, header: map[string]string{"Authorization": "Bearer " + testToken + "-guess"}})
	ts.do(t, call{body: `{"messages": [{"text": {"body": 42}}], "note": "Zanele"}`, header: map[string]string{"X-Turn-Hook-Signature": handlers.Sign(testSecret, []byte(`{"messages": [{"text": {"body": 42}}], "note": "Zanele"}`))}})
	logs := ts.logs.String()
	if !strings.Contains(logs, `"msg":"request"`) {
		t.Fatalf("no request log lines: %s", logs)
	}
	for _, secret := range []string{testToken, testSecret, "Zanele", "0821234567", "malaria", sig} {
		if strings.Contains(logs, secret) {
			t.Errorf("logs contain %q:\n%s", secret, logs)
		}
	}
	var line map[string]any
	first, _, _ := strings.Cut(logs, "\n")
	if err := json.Unmarshal([]byte(first), &line); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"request_id", "route", "status", "latency_ms", "outcome", "suggestions"} {
		if _, ok := line[k]; !ok {
			t.Errorf("request log line lacks %s: %s", k, first)
		}
	}
}

// Ensure the request line names the query looked up at debug level, so an
// operator can see why a suggestion was made, and still never the message
// text it came from.
func TestDebugLogNamesQuery(t *testing.T) {
	var logs bytes.Buffer
	ts := newServer(t, func(o *handlers.Options) {
		o.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	})
	ts.do(t, call{body: poll("hello, my name is Zanele, what is malaria?")})
	var line struct {
		Msg   string `json:"msg"`
		Query string `json:"query"`
	}
	for l := range strings.SplitSeq(strings.TrimSpace(logs.String()), "\n") {
		if err := json.Unmarshal([]byte(l), &line); err == nil && line.Msg == "request" {
			break
		}
	}
	if !strings.EqualFold(line.Query, "malaria") {
		t.Fatalf("request line query %q:\n%s", line.Query, logs.String())
	}
	if strings.Contains(logs.String(), "Zanele") {
		t.Fatalf("message text in the debug log:\n%s", logs.String())
	}
}

// Ensure a panic in a lookup becomes a 500 JSON error with the request id,
// and the server keeps serving.
func TestPanicRecovered(t *testing.T) {
	ts := newServer(t, nil)
	ts.search.fn = func(context.Context, string) (instant.Answer, error) { panic("kaboom") }
	rec := ts.do(t, call{body: poll("malaria"), header: map[string]string{"X-Request-Id": "req-123"}})
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	var e struct {
		Error     string `json:"error"`
		RequestID string `json:"request_id"`
	}
	_ = json.NewDecoder(io.LimitReader(rec.Body, 1<<10)).Decode(&e)
	if e.RequestID != "req-123" || strings.Contains(e.Error, "kaboom") {
		t.Fatalf("error body %+v", e)
	}
	if rec := ts.do(t, call{method: http.MethodGet, path: "/health"}); rec.Code != 200 {
		t.Fatal("server stopped serving after a panic")
	}
}
