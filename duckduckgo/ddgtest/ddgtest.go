// Package ddgtest is a fake DuckDuckGo Instant Answer API for tests and
// for a development server. It serves recorded answers keyed by query, a
// generated article for every "topic-N" query (as many distinct answerable
// questions as a test needs), and can be told, while running, to misbehave
// in the ways the real API (or the network in front of it) does.
package ddgtest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// ContentType is what the real API sends for format=json.
const ContentType = "application/x-javascript"

// UnknownKey is the answers key whose body is served for queries with no
// answer of their own.
const UnknownKey = ""

// Mode selects how the fake misbehaves.
type Mode int

const (
	// Normal serves the recorded answer, with Fault.Status and
	// Fault.RetryAfter if set.
	Normal Mode = iota
	// Hang never answers; the request ends when the client goes away or
	// the handler is closed.
	Hang
	// Flaky answers 500 to the 1st, 3rd, 5th… request after the fault was
	// set, and normally to the others.
	Flaky
	// Garbage answers 200 with an HTML page instead of JSON.
	Garbage
	// Truncated answers 200 with the first half of the recorded answer.
	Truncated
	// Oversized answers 200 with a valid JSON object larger than OversizedBytes.
	Oversized
	// RedirectLoop answers 302 with Location pointing at the same URL.
	RedirectLoop
)

// OversizedBytes is the size the Oversized body exceeds: the client's
// default body cap.
const OversizedBytes = 2 << 20

// Fault describes the fake's behaviour. The zero Fault is a healthy API.
type Fault struct {
	Mode Mode
	// Status, with Mode Normal and when not 0, is the status code sent.
	// The body is then empty (e.g. 500, 403, 429, an empty 202) unless
	// WithAnswer is set (e.g. a 202 that carries a normal answer).
	Status     int
	WithAnswer bool
	// RetryAfter, when not empty, is sent as the Retry-After header
	// (seconds or an HTTP date) with Mode Normal.
	RetryAfter string
}

// Request is what the fake recorded of a request.
type Request struct {
	Method string
	URL    *url.URL    // as received: path and raw query
	Header http.Header // a copy
}

// Handler is the fake API as an http.Handler. It is safe for concurrent
// use; every setter takes effect for requests that start afterwards.
type Handler struct {
	answers map[string][]byte
	done    chan struct{}
	once    sync.Once

	mu       sync.Mutex
	fault    Fault
	latency  time.Duration
	faultN   int // requests since the fault was set (for Flaky)
	total    int
	perQuery map[string]int
	last     Request
}

// NewHandler returns a fake serving answers, keyed by query. Keys and
// incoming queries are compared in their Key form. A query with no answer
// of its own gets the generated Article for "topic-N" (N up to 9 digits),
// or else answers[UnknownKey], or a minimal empty answer when that is
// absent. The caller must not modify answers afterwards.
func NewHandler(answers map[string][]byte) *Handler {
	m := make(map[string][]byte, len(answers))
	for k, v := range answers {
		m[Key(k)] = v
	}
	if _, ok := m[UnknownKey]; !ok {
		m[UnknownKey] = []byte(minimalEmpty)
	}
	return &Handler{answers: m, done: make(chan struct{}), perQuery: map[string]int{}}
}

const minimalEmpty = `{"Abstract":"","AbstractSource":"","AbstractText":"","AbstractURL":"","Answer":"","AnswerType":"","Definition":"","DefinitionSource":"","DefinitionURL":"","Entity":"","Heading":"","Image":"","ImageHeight":"","ImageIsLogo":"","ImageWidth":"","Infobox":"","Redirect":"","RelatedTopics":[],"Results":[],"Type":"","meta":null}`

// Key is how the fake, like the real API, compares queries: trimmed,
// whitespace collapsed, lower-cased (instant.Normalize's definition;
// this package cannot import it, as duckduckgo's own tests import this).
func Key(q string) string { return strings.ToLower(strings.Join(strings.Fields(q), " ")) }

// TopicPrefix starts the generated queries: "topic-17".
const TopicPrefix = "topic-"

// topicNumber returns N of a "topic-N" key.
func topicNumber(k string) (string, bool) {
	n, ok := strings.CutPrefix(k, TopicPrefix)
	if !ok || n == "" || len(n) > 9 || strings.Trim(n, "0123456789") != "" {
		return "", false
	}
	return n, true
}

// Article returns the generated Type A answer for "topic-<n>", shaped
// like a recorded Wikipedia article.
func Article(n string) []byte {
	heading := "Topic " + n
	text := heading + " is a made-up subject used to exercise ddgbot with as many distinct questions as a test needs. " +
		"It has no meaning of its own, but its answer is shaped like a real encyclopaedia article: a heading, a few sentences of abstract, a source and a link. " +
		"Every number gives a different topic, so each one is a new question for the cache."
	b, _ := json.Marshal(map[string]any{
		"Abstract": text, "AbstractSource": "Wikipedia", "AbstractText": text, "AbstractURL": "https://en.wikipedia.org/wiki/Topic_" + n,
		"Answer": "", "AnswerType": "", "Definition": "", "DefinitionSource": "", "DefinitionURL": "",
		"Entity": "", "Heading": heading, "Image": "", "ImageHeight": 0, "ImageIsLogo": 0, "ImageWidth": 0,
		"Infobox": "", "Redirect": "", "RelatedTopics": []any{}, "Results": []any{}, "Type": "A",
		"meta": map[string]any{"src_name": "Wikipedia", "id": "wikipedia_fathead"},
	})
	return b
}

// SetFault switches the behaviour for subsequent requests and restarts the
// Flaky alternation.
func (h *Handler) SetFault(f Fault) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.fault, h.faultN = f, 0
}

// SetLatency delays every subsequent answer (faults included) by d. The
// delay ends early when the client goes away or the handler is closed.
func (h *Handler) SetLatency(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.latency = d
}

// Requests returns the number of requests received.
func (h *Handler) Requests() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.total
}

// RequestsFor returns the number of requests received for query q
// (compared like answer keys).
func (h *Handler) RequestsFor(q string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.perQuery[Key(q)]
}

// LastRequest returns the most recent request; ok is false before the first.
func (h *Handler) LastRequest() (r Request, ok bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.last.URL == nil {
		return Request{}, false
	}
	u := *h.last.URL
	return Request{Method: h.last.Method, URL: &u, Header: h.last.Header.Clone()}, true
}

// Close releases hanging and delayed requests; afterwards every request is
// answered at once. It is idempotent.
func (h *Handler) Close() { h.once.Do(func() { close(h.done) }) }

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := Key(r.URL.Query().Get("q"))
	h.mu.Lock()
	h.total++
	h.perQuery[q]++
	h.faultN++
	h.last = Request{Method: r.Method, URL: cloneURL(r.URL), Header: r.Header.Clone()}
	f, latency, n := h.fault, h.latency, h.faultN
	h.mu.Unlock()

	if !h.wait(r, latency) {
		return
	}
	body, ok := h.answers[q]
	if !ok {
		if n, topic := topicNumber(q); topic {
			body = Article(n)
		} else {
			body = h.answers[UnknownKey]
		}
	}
	switch f.Mode {
	case Hang:
		h.wait(r, -1)
		return
	case Flaky:
		if n%2 == 1 {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
	case Garbage:
		body = []byte("<!DOCTYPE html><html><head><title>DuckDuckGo Instant Answer API</title></head><body>not JSON</body></html>")
	case Truncated:
		body = body[:len(body)/2]
	case Oversized:
		body = oversized()
	case RedirectLoop:
		w.Header().Set("Location", r.URL.RequestURI())
		w.WriteHeader(http.StatusFound)
		return
	case Normal:
		if f.RetryAfter != "" {
			w.Header().Set("Retry-After", f.RetryAfter)
		}
		if f.Status != 0 {
			if !f.WithAnswer {
				w.WriteHeader(f.Status)
				return
			}
			w.Header().Set("Content-Type", ContentType)
			w.WriteHeader(f.Status)
			_, _ = w.Write(body)
			return
		}
	}
	w.Header().Set("Content-Type", ContentType)
	_, _ = w.Write(body)
}

// wait sleeps d (forever when d < 0) and reports whether the request
// should still be answered.
func (h *Handler) wait(r *http.Request, d time.Duration) bool {
	if d == 0 {
		return true
	}
	var timeout <-chan time.Time
	if d > 0 {
		t := time.NewTimer(d)
		defer t.Stop()
		timeout = t.C
	}
	select {
	case <-timeout:
		return true
	case <-h.done:
		return true
	case <-r.Context().Done():
		return false
	}
}

func cloneURL(u *url.URL) *url.URL {
	c := *u
	return &c
}

func oversized() []byte {
	var b bytes.Buffer
	b.Grow(OversizedBytes + 64)
	b.WriteString(`{"Type":"A","AbstractText":"`)
	b.Write(bytes.Repeat([]byte("x"), OversizedBytes))
	b.WriteString(`"}`)
	return b.Bytes()
}

// Server is the fake API listening on a local port (httptest.Server).
type Server struct {
	*Handler
	srv *httptest.Server
	URL string // base URL for ClientOptions.BaseURL, with a trailing slash
}

// NewServer starts a fake API serving answers (see NewHandler). The caller
// must Close it.
func NewServer(answers map[string][]byte) *Server {
	h := NewHandler(answers)
	srv := httptest.NewServer(h)
	return &Server{Handler: h, srv: srv, URL: srv.URL + "/"}
}

// NewFixtureServer starts a fake API serving the recorded answers in dir
// (see LoadFixtures).
func NewFixtureServer(dir string) (*Server, error) {
	answers, err := LoadFixtures(dir)
	if err != nil {
		return nil, err
	}
	return NewServer(answers), nil
}

// Close releases hanging requests, then shuts the server down and waits
// for its handlers to return.
func (s *Server) Close() {
	s.Handler.Close()
	s.srv.Close()
}

// Fixtures returns the recorded answer files of testdata/ddg, keyed by the
// query each one answers. The empty 2023 answer is keyed UnknownKey.
func Fixtures() map[string]string {
	return map[string]string{
		"cat":                       "disambiguation-cat.json",
		"eur":                       "disambiguation-eur.json",
		"face":                      "disambiguation-face.json",
		"futebol":                   "disambiguation-futebol-pt.json",
		"apple":                     "disambiguation-apple-2011.json",
		"reddit":                    "article-reddit.json",
		"duckduckgo":                "article-duckduckgo.json",
		"stephen fry":               "article-stephen-fry-2011.json",
		"typescript":                "article-typescript.json",
		"rust programming language": "article-rust-programming-language.json",
		"simpsons characters":       "category-simpsons-characters.json",
		"lorem ipsum":               "exclusive-lorem-ipsum-2011.json",
		"!w stephen fry":            "redirect-bang-w-stephen-fry-2014.json",
		"sopel.chat irc bot":        "empty-sopel-chat-irc-bot-2023.json",
		UnknownKey:                  "empty-sopel-chat-irc-bot-2023.json",
	}
}

// LoadFixtures reads the recorded answers listed by Fixtures from dir (the
// repository's testdata/ddg) and checks that each is a JSON object.
func LoadFixtures(dir string) (map[string][]byte, error) {
	answers := make(map[string][]byte)
	for q, file := range Fixtures() {
		b, err := os.ReadFile(filepath.Join(dir, file))
		if err != nil {
			return nil, fmt.Errorf("ddgtest: load fixtures: %w", err)
		}
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(b, &obj); err != nil {
			return nil, fmt.Errorf("ddgtest: fixture %s: %w", file, err)
		}
		answers[q] = b
	}
	return answers, nil
}

// LoadTopics adds to answers those of dir (the repository's
// testdata/ddg/health; a missing dir adds none): one NAME.json file per
// query NAME, in the shape of the API's Type A articles, so a demo or a
// test has something to show for a health question.
func LoadTopics(answers map[string][]byte, dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return err
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("ddgtest: load topics: %w", err)
		}
		if !json.Valid(b) {
			return fmt.Errorf("ddgtest: topic %s is not JSON", f)
		}
		answers[Key(strings.TrimSuffix(filepath.Base(f), ".json"))] = b
	}
	return nil
}
