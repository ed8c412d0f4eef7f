package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/filewatch"
	"github.com/ddgbot/ddgbot/turn/turntest"
)

const e2eToken = "e2e-token"

// service is ddgbot started through Run on a loopback port, against a
// fake DuckDuckGo.
type service struct {
	url    string
	fake   *ddgtest.Server
	client *http.Client
	logs   *syncBuffer
	cancel context.CancelFunc
	done   chan error
	hup    *hangups
}

// hangups stands in for the process's SIGHUP for one service, so that
// services started by tests running in parallel do not reload each
// other's files.
type hangups struct {
	mu   sync.Mutex
	subs map[chan<- os.Signal]bool
}

func (h *hangups) subscribe(c chan<- os.Signal) (stop func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.subs[c] = true
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		delete(h.subs, c)
	}
}

// send delivers a SIGHUP to every subscriber as signal.Notify does: a
// full channel misses it.
func (h *hangups) send() {
	h.mu.Lock()
	defer h.mu.Unlock()
	for c := range h.subs {
		select {
		case c <- syscall.SIGHUP:
		default:
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// start runs ddgbot with the given DDGBOT_* overrides on top of test
// defaults and waits until it listens.
func start(t *testing.T, env ...string) *service {
	t.Helper()
	fake, err := ddgtest.NewFixtureServer("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	return startWith(t, fake, env...)
}

// startWith is start against fake, which stop closes (several replicas
// may share one: Close is idempotent).
func startWith(t *testing.T, fake *ddgtest.Server, env ...string) *service {
	t.Helper()
	return launch(t, fake, launchOptions{}, env...)
}

// launchOptions are how a test's service differs from the others beyond
// its DDGBOT_* variables.
type launchOptions struct {
	// processHangups: the service reloads on the process's SIGHUP instead
	// of its own s.hup.
	processHangups bool
	// defaultWatch: the answers file and crisis lists are watched with
	// filewatch's defaults instead of quickWatch.
	defaultWatch bool
}

// quickWatch is how the services tests start watch their files: the
// watcher production runs, with a shorter debounce, settle time and
// poll, so that a reload takes a fraction of a second instead of 1.25 s.
// Only a test of a writer pausing half way depends on the settle time,
// and it keeps the default.
func quickWatch() filewatch.Options {
	return filewatch.Options{Debounce: 25 * time.Millisecond, Settle: 100 * time.Millisecond, Poll: 250 * time.Millisecond}
}

// launch is startWith as o says.
func launch(t *testing.T, fake *ddgtest.Server, o launchOptions, env ...string) *service {
	t.Helper()
	environ := append([]string{
		"DDGBOT_SERVER_ADDR=127.0.0.1:0",
		"DDGBOT_TURN_API_TOKEN=" + e2eToken,
		"DDGBOT_DUCKDUCKGO_BASE_URL=" + fake.URL,
		"DDGBOT_LOG_LEVEL=debug",
	}, env...)
	ctx, cancel := context.WithCancel(context.Background())
	s := &service{fake: fake, logs: &syncBuffer{}, cancel: cancel, done: make(chan error, 1),
		client: &http.Client{Timeout: 10 * time.Second}, hup: &hangups{subs: map[chan<- os.Signal]bool{}}}
	addr := make(chan net.Addr, 1)
	e := Env{Environ: environ, Stdout: io.Discard, Stderr: s.logs, DefaultConfig: defaultConfig(),
		OnListen: func(a net.Addr) { addr <- a }, Hangups: s.hup.subscribe, Watch: quickWatch()}
	if o.processHangups {
		e.Hangups = nil
	}
	if o.defaultWatch {
		e.Watch = filewatch.Options{}
	}
	go func() { s.done <- Run(ctx, e) }()
	select {
	case a := <-addr:
		s.url = "http://" + a.String()
	case err := <-s.done:
		t.Fatalf("run: %v\n%s", err, s.logs)
	case <-time.After(60 * time.Second): // a bound for a broken start; building the query extractor takes ~10 s under -race
		t.Fatal("ddgbot did not start")
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

func (s *service) stop(t *testing.T) {
	t.Helper()
	s.cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("run returned %v", err)
		}
		s.done <- nil // later stop calls return at once
	case <-time.After(20 * time.Second):
		t.Error("ddgbot did not stop")
	}
	s.client.CloseIdleConnections()
	s.fake.Close()
}

// pollBody is a short conversation whose newest inbound message is text.
func pollBody(text string) string { return string(turntest.Ask(text)) }

type suggestion struct {
	Title, Body string
	Confidence  float64
}

// post sends one call to the integration path and returns status, the
// suggestions (if any) and the raw body.
func (s *service) post(t *testing.T, body string) (int, []suggestion, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.url+"/", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e2eToken)
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out struct {
		Suggested []suggestion `json:"suggested_responses"`
	}
	_ = json.Unmarshal(raw, &out)
	return resp.StatusCode, out.Suggested, string(raw)
}

// Ensure the whole path works over real HTTP: handshake, a question
// answered from the fake DuckDuckGo, health, metrics.
func TestEndToEnd(t *testing.T) {
	t.Parallel()
	s := start(t)
	code, _, raw := s.post(t, `{"handshake":true}`)
	if code != 200 || !strings.Contains(raw, `"suggested_responses":true`) {
		t.Fatalf("handshake: %d %s", code, raw)
	}
	code, sugg, raw := s.post(t, pollBody("Hi, can you tell me about Reddit please?"))
	if code != 200 || len(sugg) == 0 || !strings.Contains(sugg[0].Body, "Reddit") ||
		!strings.Contains(sugg[0].Body, "Results from DuckDuckGo") {
		t.Fatalf("poll: %d %s", code, raw)
	}
	if r, ok := s.fake.LastRequest(); !ok || r.URL.Query().Get("t") != "ddgbot" ||
		!strings.HasPrefix(r.Header.Get("User-Agent"), "ddgbot/") {
		t.Fatalf("upstream request %+v", r)
	}
	// The same question again is a cache hit: no new upstream request.
	before := s.fake.Requests()
	if code, sugg, _ := s.post(t, pollBody("tell me about reddit")); code != 200 || len(sugg) == 0 {
		t.Fatal("second poll got nothing")
	}
	if s.fake.Requests() != before {
		t.Fatalf("cache miss on a repeated question")
	}
	resp, err := s.client.Get(s.url + "/health")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("health: %v %v", err, resp)
	}
	resp.Body.Close()
	resp, err = s.client.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`ddgbot_duckduckgo_cache_lookups_total{outcome="hit"}`,
		`ddgbot_duckduckgo_cache_lookups_total{outcome="miss"}`, `ddgbot_duckduckgo_upstream_total{outcome="ok"}`,
		`ddgbot_duckduckgo_upstream_duration_seconds_count`, `ddgbot_duckduckgo_breaker_state 0`, `ddgbot_cache_entries`, `ddgbot_cache_bytes`} {
		if !strings.Contains(string(m), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if err := run(context.Background(), []string{"healthcheck"}, []string{"DDGBOT_SERVER_ADDR=" + strings.TrimPrefix(s.url, "http://")}, io.Discard, io.Discard, nil); err != nil {
		t.Errorf("healthcheck subcommand: %v", err)
	}
}

// Ensure a compound composed from another language's words that has no
// article upstream falls back, over real HTTP, to the part it is about:
// "vacina contra a malária" is looked up as "malaria vaccine", then as
// "malaria", which answers.
func TestEndToEndCompoundFallback(t *testing.T) {
	t.Parallel()
	answers, err := ddgtest.LoadFixtures("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	if err := ddgtest.LoadTopics(answers, "../testdata/ddg/health"); err != nil {
		t.Fatal(err)
	}
	s := startWith(t, ddgtest.NewServer(answers))
	code, sugg, raw := s.post(t, pollBody("onde tomar a vacina contra a malária?"))
	if code != 200 || len(sugg) == 0 || !strings.Contains(sugg[0].Body, "Malaria") {
		t.Fatalf("poll: %d %s", code, raw)
	}
	for _, q := range []string{"malaria vaccine", "malaria"} {
		if n := s.fake.RequestsFor(q); n != 1 {
			t.Errorf("%d upstream requests for %q, want 1", n, q)
		}
	}
}

// Ensure 50 concurrent identical never-seen questions cause exactly one
// upstream request, with a slow upstream and with an instant one (where a
// late request could miss the cache just as the first lookup finishes).
func TestHerdOneUpstreamRequest(t *testing.T) {
	t.Parallel()
	for _, latency := range []time.Duration{300 * time.Millisecond, 0} {
		t.Run(fmt.Sprint("latency ", latency), func(t *testing.T) {
			// Generous budgets: on a loaded machine this test may be slow,
			// but a timeout must not pass for a second upstream request.
			s := start(t, "DDGBOT_TURN_RESPONSE_TIMEOUT=20s", "DDGBOT_SERVER_WRITE_TIMEOUT=30s",
				"DDGBOT_DUCKDUCKGO_TIMEOUT=20s", "DDGBOT_DUCKDUCKGO_LOOKUP_TIMEOUT=30s")
			s.fake.SetLatency(latency)
			for round, q := range []string{"reddit", "rust programming language", "duckduckgo", "stephen fry", "lorem ipsum"} {
				if latency > 0 && round > 0 {
					break
				}
				var wg sync.WaitGroup
				var mu sync.Mutex
				answered := 0
				for i := 0; i < 50; i++ {
					wg.Add(1)
					go func() {
						defer wg.Done()
						code, sugg, _ := s.post(t, pollBody("what is "+q+"?"))
						mu.Lock()
						defer mu.Unlock()
						if code == 200 && len(sugg) > 0 {
							answered++
						}
					}()
				}
				wg.Wait()
				if n := s.fake.RequestsFor(q); n != 1 {
					t.Fatalf("%q: %d upstream requests for 50 identical questions, want 1\n%s", q, n, grepLines(s.logs.String(), "duckduckgo"))
				}
				if answered != 50 {
					t.Fatalf("%q: only %d of 50 got suggestions", q, answered)
				}
			}
		})
	}
}

// Ensure a slow answer that misses the response budget is not lost: the
// poll gets 200 with nothing in time, and the next poll gets the answer.
func TestLateAnswerServedOnNextPoll(t *testing.T) {
	t.Parallel()
	s := start(t, "DDGBOT_TURN_RESPONSE_TIMEOUT=150ms")
	s.fake.SetLatency(300 * time.Millisecond) // twice the budget: the first poll cannot have the answer
	begin := time.Now()
	code, sugg, _ := s.post(t, pollBody("what is reddit"))
	if code != 200 || len(sugg) != 0 {
		t.Fatalf("first poll: %d %v", code, sugg)
	}
	if d := time.Since(begin); d > 2*time.Second {
		t.Fatalf("first poll took %v with a 150ms budget", d)
	}
	// Poll until the answer is cached: polls meanwhile join the lookup in
	// flight rather than asking again. The deadline bounds a broken cache.
	deadline := time.Now().Add(10 * time.Second)
	for {
		code, sugg, _ = s.post(t, pollBody("what is reddit"))
		if code == 200 && len(sugg) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the late answer never reached the cache")
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := s.fake.Requests(); n != 1 {
		t.Fatalf("%d upstream requests, want 1", n)
	}
}

// Ensure a hanging upstream never hangs Turn: every poll is answered 200
// within the response timeout.
func TestHangingUpstream(t *testing.T) {
	t.Parallel()
	s := start(t, "DDGBOT_TURN_RESPONSE_TIMEOUT=200ms", "DDGBOT_DUCKDUCKGO_TIMEOUT=5s")
	s.fake.SetFault(ddgtest.Fault{Mode: ddgtest.Hang})
	for _, q := range []string{"what is reddit", "what is typescript", "what is reddit"} {
		begin := time.Now()
		code, sugg, _ := s.post(t, pollBody(q))
		if code != 200 || len(sugg) != 0 {
			t.Fatalf("%q: %d %v", q, code, sugg)
		}
		if d := time.Since(begin); d > 2*time.Second {
			t.Fatalf("%q took %v", q, d)
		}
	}
}

// Ensure SIGTERM (here: cancelling run's context) lets an in-flight request
// finish with 200, then run returns nil and leaves no goroutines behind.
// The request's lookup is held at DuckDuckGo's door until the service has
// stopped accepting connections, so it is in flight while shutdown runs.
func TestGracefulShutdown(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	fake, err := ddgtest.NewFixtureServer("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	arrived, release := make(chan struct{}, 1), make(chan struct{})
	door := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		<-release
		fake.ServeHTTP(w, r)
	}))
	defer door.Close()
	defer closeOnce(release)
	s := startWith(t, fake, "DDGBOT_TURN_RESPONSE_TIMEOUT=3s", "DDGBOT_DUCKDUCKGO_BASE_URL="+door.URL+"/")
	type res struct {
		code int
		sugg []suggestion
	}
	got := make(chan res, 1)
	go func() {
		var r res
		defer func() { got <- r }() // also when post fails the test
		r.code, r.sugg, _ = s.post(t, pollBody("what is reddit"))
	}()
	select {
	case <-arrived:
	case <-time.After(10 * time.Second): // a bound for a broken service
		t.Fatal("the poll's lookup never reached DuckDuckGo")
	}
	s.cancel() // what SIGTERM does in main
	// Shutdown has begun once the listener is closed: new connections
	// are refused. Only then does the lookup get its answer.
	c := &http.Client{Timeout: time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		resp, err := c.Get(s.url + "/health")
		if err != nil {
			break
		}
		resp.Body.Close()
		if time.Now().After(deadline) {
			t.Fatal("still accepting connections 10s after cancel")
		}
	}
	closeOnce(release)
	r := <-got
	if r.code != 200 || len(r.sugg) == 0 {
		t.Fatalf("in-flight request: %d %v", r.code, r.sugg)
	}
	s.stop(t)
	if !strings.Contains(s.logs.String(), `"msg":"stopped"`) {
		t.Fatalf("no clean stop in logs:\n%s", s.logs)
	}
	if _, err := http.Get(s.url + "/health"); err == nil {
		t.Fatal("still serving after shutdown")
	}
}

// closeOnce closes c unless it is closed already.
func closeOnce(c chan struct{}) {
	select {
	case <-c:
	default:
		close(c)
	}
}

// Ensure the subcommands work: version, suggest against the configured
// DuckDuckGo, and bad config stops start-up naming the key.
func TestSubcommands(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := run(context.Background(), []string{"version"}, nil, &out, io.Discard, nil); err != nil || !strings.HasPrefix(out.String(), "ddgbot ") {
		t.Fatalf("version: %v %q", err, out.String())
	}
	fake, err := ddgtest.NewFixtureServer("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	out.Reset()
	env := []string{"DDGBOT_DUCKDUCKGO_BASE_URL=" + fake.URL}
	if err := run(context.Background(), []string{"suggest", "Hello, what is Reddit?"}, env, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "reddit") || !strings.Contains(out.String(), "*Reddit*") {
		t.Fatalf("suggest printed:\n%s", out.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"suggest", "-v", "Hello, what is Reddit?"}, env, &out, io.Discard, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"language: en", "candidates:", "score", "specificity", "looked up:", `chosen: "Reddit"`, `(looked up "Reddit")`, "*Reddit*"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("suggest -v printed no %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"suggest", "thanks!"}, env, &out, io.Discard, nil); err != nil ||
		!strings.Contains(out.String(), "none") || fake.Requests() != 2 {
		t.Fatalf("suggest chit-chat: %v %q (%d upstream requests)", err, out.String(), fake.Requests())
	}
	err = run(context.Background(), nil, []string{"DDGBOT_TURN_AUTH_TYPE=basic"}, io.Discard, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "turn.auth_type") {
		t.Fatalf("bad config: %v", err)
	}
}

// grepLines returns the lines of s that contain sub, for failure messages.
func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
