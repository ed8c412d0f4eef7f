// Package fakeapi is the development fake of the DuckDuckGo Instant Answer
// API that cmd/fakeddg serves and cmd/loadtest starts in-process. It wraps
// ddgtest's handler (recorded answers, generated "topic-N" articles,
// latency, faults) and adds what a demo or a load test needs on top:
// request counts by query and status at GET /stats, bounded for long runs.
package fakeapi

import (
	"encoding/json"
	"net/http"
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

// New returns a fake serving answers as ddgtest.NewHandler does. The
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

// ServeHTTP implements http.Handler: GET /stats, or an API answer.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == StatsPath {
		h.serveStats(w)
		return
	}
	h.arrived(ddgtest.Key(r.URL.Query().Get("q"))) // now, not when answered: hanging requests count too
	sw := &statusWriter{ResponseWriter: w}
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

// statusWriter remembers the status sent and whether a body was.
type statusWriter struct {
	http.ResponseWriter
	status int // 0 until WriteHeader
	wrote  bool
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(p)
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

// RequestsFor returns the number of requests for query q (compared in
// its ddgtest.Key form).
func (h *Handler) RequestsFor(q string) int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.queries[ddgtest.Key(q)]
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
