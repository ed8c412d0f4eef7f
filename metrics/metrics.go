// Package metrics defines ddgbot's Prometheus series. One Metrics value is
// built per process (or per test) on its own registry and passed to the
// pieces that update it.
package metrics

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
)

// Metrics holds every series ddgbot exports.
type Metrics struct {
	Registry     *prometheus.Registry
	Requests     *prometheus.CounterVec   // by route and code (the HTTP status)
	Polls        *prometheus.CounterVec   // context polls by outcome
	Latency      *prometheus.HistogramVec // handler latency by route
	Suggestions  prometheus.Histogram     // suggestions per answered poll
	AuthFailures *prometheus.CounterVec   // by reason
	Upstream     *prometheus.CounterVec   // DuckDuckGo lookup outcomes
}

// New registers the series, the Go runtime and process collectors, and
// ddgbot_build_info on a fresh registry.
func New(version string) *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		Requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_http_requests_total",
			Help: "HTTP requests by route and status code.",
		}, []string{"route", "code"}),
		Polls: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_polls_total",
			Help: "Context polls by outcome: suggested, no_answer, chit_chat, no_question, unavailable.",
		}, []string{"outcome"}),
		Latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ddgbot_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
		Suggestions: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ddgbot_suggestions_returned",
			Help:    "Suggested replies returned per context poll.",
			Buckets: []float64{0, 1, 2, 3, 5, 10},
		}),
		AuthFailures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_auth_failures_total",
			Help: "Requests refused for a missing or wrong token or signature, by reason.",
		}, []string{"reason"}),
		Upstream: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_duckduckgo_lookups_total",
			Help: "DuckDuckGo lookup outcomes: cache hit, miss, stale, coalesced; upstream ok, empty, timeout, 5xx, throttled, bad-json, error; breaker-open; shed.",
		}, []string{"outcome"}),
	}
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "ddgbot_build_info",
		Help:        "Always 1; the version label says which build is running.",
		ConstLabels: prometheus.Labels{"version": version},
	})
	build.Set(1)
	reg.MustRegister(m.Requests, m.Polls, m.Latency, m.Suggestions, m.AuthFailures, m.Upstream, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// WatchLookups exports the circuit breaker's state (0 closed, 1 open,
// 2 half-open) and the number of cached answers, read at scrape time.
func (m *Metrics) WatchLookups(breakerState, cacheEntries func() int) {
	m.Registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ddgbot_duckduckgo_breaker_state",
			Help: "DuckDuckGo circuit breaker: 0 closed, 1 open (no upstream calls), 2 half-open (one probe).",
		}, func() float64 { return float64(breakerState()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ddgbot_cache_entries",
			Help: "DuckDuckGo answers held in the cache.",
		}, func() float64 { return float64(cacheEntries()) }),
	)
}
