// Package fakeapi is the development fake of the DuckDuckGo Instant Answer
// API that cmd/fakeddg serves and cmd/loadtest starts in-process. It wraps
// ddgtest's handler (recorded answers, latency, faults) and adds what a
// demo or a load test needs on top: a generated article for any
// "topic-N" query, so there are as many distinct answerable questions as
// wanted, and request counts at GET /stats.
package fakeapi

import (
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

// StatsPath is where the request counts are served.
const StatsPath = "/stats"

// maxTracked bounds the distinct queries counted one by one; later new
// queries are counted under "(other)" so a long run cannot grow memory
// without bound.
const maxTracked = 100_000

// Faults maps the -fault flag values onto ddgtest faults.
var Faults = map[string]ddgtest.Fault{
	"none":  {},
	"500":   {Status: http.StatusInternalServerError},
	"202":   {Status: http.StatusAccepted}, // an empty 202: how DuckDuckGo throttles
	"hang":  {Mode: ddgtest.Hang},
	"flaky": {Mode: ddgtest.Flaky},
}

// Handler is the fake API. It is safe for concurrent use; setters take
// effect for requests that start afterwards.
type Handler struct {
	api *ddgtest.Handler

	mu       sync.Mutex
	total    int
	statuses map[string]int
	queries  map[string]int
}

// New returns a fake serving answers (keyed by query, as ddgtest.NewHandler
// takes them) and a generated article for every "topic-N" query. The
// caller must Close it to release hanging requests.
func New(answers map[string][]byte) *Handler {
	return &Handler{api: ddgtest.NewHandler(answers), statuses: map[string]int{}, queries: map[string]int{}}
}

// SetLatency delays every subsequent answer by d.
func (h *Handler) SetLatency(d time.Duration) { h.api.SetLatency(d) }

// SetFault switches the behaviour of subsequent requests.
func (h *Handler) SetFault(f ddgtest.Fault) { h.api.SetFault(f) }

// Close releases hanging and delayed requests.
func (h *Handler) Close() { h.api.Close() }

// topicRE matches the generated questions, after ddgtest's normalisation.
var topicRE = regexp.MustCompile(`^topic-([0-9]{1,9})$`)

func normalize(q string) string { return strings.ToLower(strings.Join(strings.Fields(q), " ")) }

// ServeHTTP implements http.Handler: GET /stats, or an API answer.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == StatsPath {
		h.serveStats(w)
		return
	}
	q := normalize(r.URL.Query().Get("q"))
	h.arrived(q) // now, not when answered: hanging requests count too
	sw := &statusWriter{ResponseWriter: w}
	if m := topicRE.FindStringSubmatch(q); m != nil {
		sw.body = Article(m[1])
	}
	// The request goes through ddgtest even for a generated topic, so that
	// latency and faults apply to every query alike; only the body of a
	// successful answer is swapped.
	h.api.ServeHTTP(sw, r)
	status := "unanswered" // hung until the client went away
	switch {
	case sw.status != 0:
		status = strconv.Itoa(sw.status)
	case sw.wrote:
		status = "200"
	}
	h.mu.Lock()
	h.statuses[status]++
	h.mu.Unlock()
}

func (h *Handler) arrived(q string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.total++
	if _, ok := h.queries[q]; !ok && len(h.queries) >= maxTracked {
		q = "(other)"
	}
	h.queries[q]++
}

// statusWriter remembers the status and, when body is set, writes it in
// place of the (empty) answer ddgtest serves for an unknown query.
type statusWriter struct {
	http.ResponseWriter
	status int // 0 until WriteHeader
	wrote  bool
	body   []byte
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	w.wrote = true
	if w.body != nil && (w.status == 0 || w.status/100 == 2) {
		body := w.body
		w.body = nil
		if _, err := w.ResponseWriter.Write(body); err != nil {
			return 0, err
		}
		return len(p), nil
	}
	return w.ResponseWriter.Write(p)
}

// Article returns the generated Type A answer for "topic-<n>", shaped
// like a recorded Wikipedia article.
func Article(n string) []byte {
	heading := "Topic " + n
	url := "https://en.wikipedia.org/wiki/Topic_" + n
	text := heading + " is a made-up subject used to exercise ddgbot with as many distinct questions as a test needs. " +
		"It has no meaning of its own, but its answer is shaped like a real encyclopaedia article: a heading, a few sentences of abstract, a source and a link. " +
		"Every number gives a different topic, so each one is a new question for the cache."
	a := map[string]any{
		"Abstract": text, "AbstractSource": "Wikipedia", "AbstractText": text, "AbstractURL": url,
		"Answer": "", "AnswerType": "", "Definition": "", "DefinitionSource": "", "DefinitionURL": "",
		"Entity": "", "Heading": heading, "Image": "", "ImageHeight": 0, "ImageIsLogo": 0, "ImageWidth": 0,
		"Infobox": "", "Redirect": "", "RelatedTopics": []any{}, "Results": []any{}, "Type": "A",
		"meta": map[string]any{"src_name": "Wikipedia", "id": "wikipedia_fathead"},
	}
	b, _ := json.Marshal(a)
	return b
}

// Stats is the body of GET /stats.
type Stats struct {
	Total    int            `json:"total"`    // API requests received
	Statuses map[string]int `json:"statuses"` // finished requests by status code sent, or "unanswered" (hung until the client left)
	Distinct int            `json:"distinct"` // distinct normalised queries
	Top      []QueryCount   `json:"top"`      // the most asked queries, most first
}

// QueryCount is one row of Stats.Top.
type QueryCount struct {
	Query string `json:"q"`
	N     int    `json:"n"`
}

// topN is how many queries GET /stats lists.
const topN = 10

// RequestsFor returns the number of requests for query q (normalised
// like the answer keys).
func (h *Handler) RequestsFor(q string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.queries[normalize(q)]
}

// Stats returns the counts so far.
func (h *Handler) Stats() Stats {
	h.mu.Lock()
	defer h.mu.Unlock()
	s := Stats{Total: h.total, Statuses: make(map[string]int, len(h.statuses)), Distinct: len(h.queries), Top: []QueryCount{}}
	for code, n := range h.statuses {
		s.Statuses[code] = n
	}
	for q, n := range h.queries {
		s.Top = append(s.Top, QueryCount{q, n})
	}
	slices.SortFunc(s.Top, func(a, b QueryCount) int {
		if a.N != b.N {
			return b.N - a.N
		}
		return strings.Compare(a.Query, b.Query)
	})
	if len(s.Top) > topN {
		s.Top = s.Top[:topN]
	}
	return s
}

func (h *Handler) serveStats(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(h.Stats())
}
