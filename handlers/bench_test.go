package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/handlers"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/safety"
	"github.com/ddgbot/ddgbot/store"
	"github.com/ddgbot/ddgbot/store/redistest"
	"github.com/ddgbot/ddgbot/suggest"
)

const benchToken = "bench-token-0123456789abcdef"

// benchPoll is a realistic Turn poll: the recorded context request with
// its chat metadata and three messages, the newest inbound one asking a
// question the fake knows.
func benchPoll(tb testing.TB) []byte {
	tb.Helper()
	body, err := os.ReadFile(filepath.Join("..", "testdata", "turn", "constructed-context-request-text-inbound.json"))
	if err != nil {
		tb.Fatal(err)
	}
	out := bytes.Replace(body, []byte("How do I reset my password?"), []byte("Hi, what is Reddit?"), 1)
	if bytes.Equal(out, body) {
		tb.Fatal("question not found in the fixture")
	}
	return out
}

// mapSearcher answers from memory: the handler's cost without the cache.
type mapSearcher map[string]instant.Answer

func (m mapSearcher) Cached(q string) (instant.Answer, bool) {
	a, ok := m[instant.Normalize(q)]
	return a, ok
}

func (m mapSearcher) Lookup(_ context.Context, q string) (instant.Answer, error) {
	return m[instant.Normalize(q)], nil
}

// recordedAnswer is the benchmark question's recorded answer.
func recordedAnswer(tb testing.TB) instant.Answer {
	tb.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "ddg", "article-reddit.json"))
	if err != nil {
		tb.Fatal(err)
	}
	a, err := instant.Decode(raw)
	if err != nil {
		tb.Fatal(err)
	}
	return a
}

type benchCase struct {
	name   string
	level  slog.Level // request log lines are info: warn drops them
	hmac   string
	search func(tb testing.TB) reply.Searcher
	// actions turns the operator menu on (its state in the process).
	actions bool
	// crisis turns the built-in crisis check on, as configured by default.
	crisis bool
	// remember keeps recent messages' understanding, as the service does.
	remember bool
	// answers, when set, is the help line's own answers file.
	answers string
}

// realService is the lookup service in front of the fake API, with the
// benchmark's question already cached.
func realService(tb testing.TB) reply.Searcher {
	fake, err := ddgtest.NewFixtureServer(filepath.Join("..", "testdata", "ddg"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(fake.Close)
	m := metrics.New("bench", "")
	svc := shippedLookups(tb, fake.URL, duckduckgo.ServiceOptions{
		ObserveCache:    func(c duckduckgo.CacheOutcome) { m.ObserveCache(string(c)) },
		ObserveUpstream: func(u duckduckgo.UpstreamOutcome, d time.Duration) { m.ObserveUpstream(string(u), u.Sent(), d) },
	})
	if _, err := svc.Lookup(context.Background(), "reddit"); err != nil {
		tb.Fatal(err)
	}
	return svc
}

// shippedLookups is the lookup service with config.yaml's settings (and
// o's hooks) over a client of the API at baseURL.
func shippedLookups(tb testing.TB, baseURL string, o duckduckgo.ServiceOptions) *duckduckgo.Service {
	raw, err := os.ReadFile(filepath.Join("..", "config.yaml"))
	if err != nil {
		tb.Fatal(err)
	}
	cfg, err := config.Load(raw, "", nil)
	if err != nil {
		tb.Fatal(err)
	}
	d, c := cfg.DuckDuckGo, cfg.Cache
	client := duckduckgo.NewClient(duckduckgo.ClientOptions{BaseURL: baseURL, AppName: d.AppName, Timeout: d.Timeout, MaxRetries: d.MaxRetries})
	tb.Cleanup(client.CloseIdleConnections)
	o.TTL, o.NegativeTTL, o.StaleFor, o.MaxEntries, o.MaxBytes = c.TTL, c.NegativeTTL, c.StaleFor, c.MaxEntries, c.MaxBytes
	o.LookupTimeout, o.AttemptTimeout, o.MaxConcurrency, o.MaxPending = d.LookupTimeout, d.Timeout, d.MaxConcurrency, d.MaxPending
	o.BreakerFailures, o.BreakerCooldown, o.MaxRetryAfter = d.BreakerFailures, d.BreakerCooldown, d.MaxRetryAfter
	svc := duckduckgo.NewService(client, o)
	tb.Cleanup(svc.Close)
	return svc
}

func memSearcher(tb testing.TB) reply.Searcher {
	return mapSearcher{"reddit": recordedAnswer(tb)}
}

func benchHandler(tb testing.TB, bc benchCase) http.Handler {
	tb.Helper()
	return benchHandlerOver(tb, bc, nil)
}

// benchHandlerOver is benchHandler with the actions' state in st (nil:
// in the process).
func benchHandlerOver(tb testing.TB, bc benchCase, st actions.Store) http.Handler {
	tb.Helper()
	m := metrics.New("bench", "")
	var acts *actions.Service
	if bc.actions {
		// As the service configures it.
		acts = actions.New(st, actions.Options{Key: actions.Key(benchToken), RememberAbsent: 10 * time.Second})
	}
	ex := query.New(nil)
	ro := reply.Options{
		Searcher: bc.search(tb), Extractor: ex,
		Suggest:  suggest.DefaultOptions(),
		Remember: remember(bc.remember),
	}
	if acts != nil {
		ro.Steering = acts
	}
	if bc.crisis {
		// As the service builds it: reloadable lists reading words as
		// extraction does.
		l, err := safety.OpenLists(safety.Options{Reader: ex}, "", nil)
		if err != nil {
			tb.Fatal(err)
		}
		ro.Guards.Crisis = l
	}
	if bc.answers != "" {
		h, err := answers.Open(bc.answers, answers.HolderOptions{})
		if err != nil {
			tb.Fatal(err)
		}
		ro.Guards.Answers = h
	}
	return handlers.New(handlers.Options{
		Actions:         acts,
		Path:            "/",
		AuthType:        "bearer",
		APIToken:        benchToken,
		HMACSecret:      bc.hmac,
		MaxBodyBytes:    1 << 20,
		MetricsPath:     "/metrics",
		MetricsHandler:  promhttp.HandlerFor(m.Registry, promhttp.HandlerOpts{}),
		Reply:           reply.New(ro),
		ResponseTimeout: 3 * time.Second,
		Metrics:         m,
		Logger:          slog.New(slog.NewJSONHandler(io.Discard, &slog.HandlerOptions{Level: bc.level})),
	})
}

// remember is how many messages a benchmark's use case remembers: as
// many as the service does when on, none when off.
func remember(on bool) int {
	if on {
		return 4096
	}
	return 0
}

// reusable is a request and response writer reused across iterations, so
// that the allocations counted are the server's, not the benchmark's.
type reusable struct {
	req    *http.Request
	body   *bytes.Reader
	raw    []byte
	header http.Header
	status int
	n      int
}

func newReusable(raw []byte, hdr map[string]string) *reusable {
	r := &reusable{raw: raw, body: bytes.NewReader(raw), header: http.Header{}}
	r.req = httptest.NewRequest(http.MethodPost, "/", r.body)
	r.req.Body = io.NopCloser(r.body)
	for k, v := range hdr {
		r.req.Header.Set(k, v)
	}
	return r
}

func (r *reusable) Header() http.Header         { return r.header }
func (r *reusable) WriteHeader(code int)        { r.status = code }
func (r *reusable) Write(p []byte) (int, error) { r.n += len(p); return len(p), nil }

func (r *reusable) serve(tb testing.TB, h http.Handler) {
	r.body.Reset(r.raw)
	r.req.ContentLength = int64(len(r.raw))
	clear(r.header)
	r.status, r.n = 0, 0
	h.ServeHTTP(r, r.req)
	if r.status != http.StatusOK {
		tb.Fatalf("status %d", r.status)
	}
}

// BenchmarkPollCacheHit measures a whole poll through the real router
// (request id, logging, metrics, auth, body and signature checks, decode,
// query extraction, lookup, suggestions, JSON answer) when the answer is
// cached: ddgbot's steady-state path.
func BenchmarkPollCacheHit(b *testing.B) {
	raw := benchPoll(b)
	cases := []benchCase{
		{"service/log-warn", slog.LevelWarn, "", realService, false, false, false, ""},
		{"service/log-info", slog.LevelInfo, "", realService, false, false, false, ""},
		{"service/log-warn/hmac", slog.LevelWarn, "bench-secret", realService, false, false, false, ""},
		{"memory/log-warn", slog.LevelWarn, "", memSearcher, false, false, false, ""},
		{"memory/log-warn/actions", slog.LevelWarn, "", memSearcher, true, false, false, ""},
		// The default configuration: info logging, the crisis check and
		// the action menu on, recent messages remembered.
		{"default", slog.LevelInfo, "", realService, true, true, true, ""},
	}
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			h := benchHandler(b, bc)
			hdr := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + benchToken}
			if bc.hmac != "" {
				hdr[handlers.SignatureHeader] = handlers.Sign(bc.hmac, raw)
			}
			r := newReusable(raw, hdr)
			r.serve(b, h)
			if r.n < 500 {
				b.Fatalf("answer of %d bytes: no suggestions?", r.n)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(raw)))
			for b.Loop() {
				r.serve(b, h)
			}
		})
	}
	// The same with a fresh httptest request and recorder per call, as
	// the handler tests do: what net/http's own per-request objects add.
	b.Run("service/log-warn/httptest", func(b *testing.B) {
		h := benchHandler(b, cases[0])
		b.ReportAllocs()
		for b.Loop() {
			req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(raw))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+benchToken)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Reddit") {
				b.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
		}
	})
}

// BenchmarkHandshake measures the call Turn makes when the integration is
// created (and that load balancers may use as a probe).
func BenchmarkHandshake(b *testing.B) {
	h := benchHandler(b, benchCase{level: slog.LevelWarn, search: memSearcher})
	r := newReusable([]byte(`{"handshake": true}`), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + benchToken})
	b.ReportAllocs()
	for b.Loop() {
		r.serve(b, h)
	}
}

// BenchmarkSign measures the HMAC-SHA256 of a poll body, the cost of the
// signature check.
func BenchmarkSign(b *testing.B) {
	raw := benchPoll(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		handlers.Sign("bench-secret", raw)
	}
}

// Allocation budgets of one cached poll through the router, not counting
// query extraction and suggestion building (measured apart, as those
// packages have budgets of their own). The margin of 4 absorbs library
// updates, not a new allocation per message or per suggestion.
const (
	// requestPathAllocs: request id, metrics, auth, body read (one
	// buffer), decode, the poll's deadline (its context and timer, 4),
	// reply and the JSON answer. Measured at 33 (go1.26, echo 4.16).
	requestPathAllocs = 37
	// defaultPathAllocs adds what the default configuration turns on:
	// the request's info log line, the crisis check and the action menu
	// (the pin and feedback look-ups in the store, the alternatives
	// offered, the remembered menu's lookup, the actions object and its
	// encoding through the JSON library, 2; the remembered menu's key, 1),
	// with recent messages remembered. Measured at 53.
	defaultPathAllocs = 56
)

// Ensure a cached poll stays within its allocation budget, with actions
// off and in the default configuration.
func TestPollAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector changes allocation counts")
	}
	raw := benchPoll(t)
	answer := recordedAnswer(t)
	extract := query.New(nil)
	question := "Hi, what is Reddit?"
	queries := testing.AllocsPerRun(100, func() { extract.Candidates(question) })
	build := testing.AllocsPerRun(100, func() { suggest.Build(&answer, "reddit", suggest.DefaultOptions()) })
	search := func(testing.TB) reply.Searcher { return mapSearcher{"reddit": answer} }
	for _, tc := range []struct {
		bc     benchCase
		budget int
	}{
		{benchCase{name: "actions off", level: slog.LevelWarn, search: search}, requestPathAllocs},
		{benchCase{name: "default", level: slog.LevelInfo, search: search, actions: true, crisis: true, remember: true}, defaultPathAllocs},
	} {
		t.Run(tc.bc.name, func(t *testing.T) {
			h := benchHandler(t, tc.bc)
			r := newReusable(raw, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + benchToken})
			total := testing.AllocsPerRun(100, func() { r.serve(t, h) })
			path := total - build
			if !tc.bc.remember { // remembered candidates cost nothing on a repeated poll
				path -= queries
			}
			t.Logf("allocations per cached poll: %.0f (query extraction %.0f, suggestion building %.0f, request path %.0f)", total, queries, build, path)
			if path > float64(tc.budget) {
				t.Errorf("request path: %.0f allocations per cached poll, budget %d", path, tc.budget)
			}
		})
	}
}

// BenchmarkPollCold measures a poll whose question was never seen (a new
// "topic-N" each time, as the shared harness's cold scenario sends) in
// the default configuration: the real router, the lookup service and its
// client over HTTP to an instant fake DuckDuckGo in this process, so the
// profile holds both sides of the upstream call.
func BenchmarkPollCold(b *testing.B) {
	fake, err := ddgtest.NewFixtureServer(filepath.Join("..", "testdata", "ddg"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(fake.Close)
	svc := shippedLookups(b, fake.URL, duckduckgo.ServiceOptions{})
	h := benchHandler(b, benchCase{level: slog.LevelInfo, search: func(testing.TB) reply.Searcher { return svc }, actions: true, crisis: true})
	hdr := map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + benchToken}
	poll := func(n int) []byte {
		return fmt.Appendf(nil, `{"messages":[{"id":"m%d","type":"text","timestamp":"1700000000","from":"27820000000",`+
			`"text":{"body":"topic-%d"},"_vnd":{"v1":{"direction":"inbound"}}}]}`, n, n)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, newReusable(poll(0), hdr).req)
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "Topic 0") {
		b.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		n++
		r := newReusable(poll(n), hdr)
		r.serve(b, h)
		if r.n < rec.Body.Len()/2 {
			b.Fatalf("answer of %d bytes: no suggestions?", r.n)
		}
	}
}

// redisState is a Redis store on the machine's shared server, under a
// prefix of the benchmark's own, once it is connected.
func redisState(tb testing.TB) actions.Store {
	db := redistest.Shared(tb)
	st, err := store.NewRedis(store.Options{URL: db.URL(), Prefix: db.Prefix})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(st.Close)
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if _, _, err := st.Get(context.Background(), "ready"); err == nil {
			return st
		}
		if time.Now().After(deadline) {
			tb.Fatal("redis not connected within 10s")
		}
	}
}

// BenchmarkPollWarmState measures the default configuration's warm poll
// (cached answer, no pin, no "not helpful" mark) with the operator
// actions' state in the process and in Redis, as replicas share it: what
// reading pins and marks costs the hot path.
func BenchmarkPollWarmState(b *testing.B) {
	raw := benchPoll(b)
	bc := benchCase{level: slog.LevelInfo, search: realService, actions: true, crisis: true, remember: true}
	for _, state := range []struct {
		name string
		st   func(testing.TB) actions.Store
	}{
		{"in-process", func(testing.TB) actions.Store { return nil }},
		{"redis", redisState},
	} {
		b.Run(state.name, func(b *testing.B) {
			h := benchHandlerOver(b, bc, state.st(b))
			r := newReusable(raw, map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + benchToken})
			r.serve(b, h)
			b.ReportAllocs()
			for b.Loop() {
				r.serve(b, h)
			}
		})
	}
}

// harnessPoll is the body the shared load harness sends in its warm
// scenario: one inbound text message, nothing else.
func harnessPoll(text string) []byte {
	return fmt.Appendf(nil, `{"messages":[{"id":"bench-msg","type":"text","timestamp":"1700000000",`+
		`"from":"27820000000","text":{"body":%q},"_vnd":{"v1":{"direction":"inbound"}}}]}`, text)
}

// BenchmarkPollWarm measures the load harness's warm poll ("malaria",
// answered from the cache) in the default configuration (the figure the
// harness compares with a bare Echo server), and with a help line's own
// answers.
func BenchmarkPollWarm(b *testing.B) {
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "ddg", "health", "malaria.json"))
	if err != nil {
		b.Fatal(err)
	}
	fake := ddgtest.NewServer(map[string][]byte{"malaria": raw})
	b.Cleanup(fake.Close)
	svc := shippedLookups(b, fake.URL, duckduckgo.ServiceOptions{})
	if _, err := svc.Lookup(context.Background(), "malaria"); err != nil {
		b.Fatal(err)
	}
	faq := filepath.Join("..", "answers", "testdata", "faq.yaml")
	for _, tc := range []struct{ name, answers, text string }{
		{"default", "", "malaria"},
		{"answers", faq, "malaria"},
		{"answers/sentence", faq, "Hello, my son has had a fever for two days and he is shivering at night. Could it be malaria?"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			h := benchHandler(b, benchCase{level: slog.LevelInfo, search: func(testing.TB) reply.Searcher { return svc }, actions: true, crisis: true, remember: true, answers: tc.answers})
			r := newReusable(harnessPoll(tc.text), map[string]string{"Content-Type": "application/json", "Authorization": "Bearer " + benchToken})
			r.serve(b, h)
			if r.n < 500 {
				b.Fatalf("answer of %d bytes: no suggestions?", r.n)
			}
			b.ReportAllocs()
			for b.Loop() {
				r.serve(b, h)
			}
		})
	}
}
