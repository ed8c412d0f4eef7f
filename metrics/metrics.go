// Package metrics defines ddgbot's Prometheus series. One Metrics value is
// built per process (or per test) on its own registry and passed to the
// pieces that update it.
package metrics

import (
	"runtime"
	"time"

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
	// DuckDuckGo lookups, as two streams: what the cache did with each
	// lookup, and what became of each miss (see ObserveCache and
	// ObserveUpstream, fed by the lookup service's outcome hooks).
	CacheLookups    *prometheus.CounterVec // hit, miss, coalesced: one per lookup
	StaleAnswers    prometheus.Counter     // stale entries served in place of an error
	Upstream        *prometheus.CounterVec // one per miss, by outcome
	UpstreamLatency prometheus.Histogram   // requests actually sent
	Actions         *prometheus.CounterVec // operator actions applied, by action id
}

// New registers the series, the Go runtime and process collectors, and
// ddgbot_build_info on a fresh registry. version and revision (the commit
// built, "" when unknown) label ddgbot_build_info, with the Go version.
func New(version, revision string) *Metrics {
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
		CacheLookups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_duckduckgo_cache_lookups_total",
			Help: "DuckDuckGo lookups by what the cache did: hit, miss (goes on to the upstream series), coalesced (joined a lookup under way).",
		}, []string{"outcome"}),
		StaleAnswers: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ddgbot_duckduckgo_stale_answers_total",
			Help: "Expired cached answers served because DuckDuckGo failed, was too slow or was not asked.",
		}),
		Upstream: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_duckduckgo_upstream_total",
			Help: "What became of each cache miss: ok, empty, timeout, server_error, throttled, bad_json, error (request sent); breaker_open, shed (not sent).",
		}, []string{"outcome"}),
		UpstreamLatency: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ddgbot_duckduckgo_upstream_duration_seconds",
			Help:    "Time DuckDuckGo took per lookup sent, retries included, whatever the outcome.",
			Buckets: []float64{.05, .1, .25, .5, 1, 2, 5, 10},
		}),
	}
	m.Actions = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ddgbot_actions_total",
		Help: "Operator actions applied, by action: ddgbot_this_message, ddgbot_other_topics, ddgbot_not_helpful (a suggestion judged not helpful in its conversation), ddgbot_undo_not_helpful.",
	}, []string{"action"})
	build := prometheus.NewGauge(prometheus.GaugeOpts{
		Name:        "ddgbot_build_info",
		Help:        "Always 1; the labels say which build is running: version, revision (the commit), goversion.",
		ConstLabels: prometheus.Labels{"version": version, "revision": revision, "goversion": runtime.Version()},
	})
	build.Set(1)
	known(m.CacheLookups, CacheOutcomes...)
	known(m.Upstream, UpstreamOutcomes...)
	reg.MustRegister(m.Requests, m.Polls, m.Latency, m.Suggestions, m.AuthFailures,
		m.CacheLookups, m.StaleAnswers, m.Upstream, m.UpstreamLatency, m.Actions, build,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveCache counts a cache outcome: "stale" (a stale entry served in
// place of an error) on its own counter, any other outcome as a label of
// the lookups counter.
func (m *Metrics) ObserveCache(outcome string) {
	if outcome == "stale" {
		m.StaleAnswers.Inc()
		return
	}
	m.CacheLookups.WithLabelValues(outcome).Inc()
}

// ObserveUpstream counts an upstream outcome and, when a request was sent,
// its duration d.
func (m *Metrics) ObserveUpstream(outcome string, sent bool, d time.Duration) {
	m.Upstream.WithLabelValues(outcome).Inc()
	if sent {
		m.UpstreamLatency.Observe(d.Seconds())
	}
}

// WatchLookups exports the circuit breaker's state (0 closed, 1 open,
// 2 half-open), the number of cached answers and their estimated size,
// read at scrape time.
func (m *Metrics) WatchLookups(breakerState, cacheEntries func() int, cacheBytes func() int64) {
	m.Registry.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ddgbot_duckduckgo_breaker_state",
			Help: "DuckDuckGo circuit breaker: 0 closed, 1 open (no upstream calls), 2 half-open (one probe).",
		}, func() float64 { return float64(breakerState()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ddgbot_cache_entries",
			Help: "DuckDuckGo answers held in the cache.",
		}, func() float64 { return float64(cacheEntries()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ddgbot_cache_bytes",
			Help: "Estimated size of the cached DuckDuckGo answers; stays at or below cache.max_bytes.",
		}, func() float64 { return float64(cacheBytes()) }),
	)
}

// The label values known in advance. Their series exist from the start
// (at 0), so rate() and alerts see an outcome's first event instead of a
// series appearing out of nothing. Tests keep them in step with the
// packages that produce them.
var (
	CacheOutcomes    = []string{"hit", "miss", "coalesced"}
	UpstreamOutcomes = []string{"ok", "empty", "timeout", "server_error", "throttled", "bad_json", "error", "breaker_open", "shed"}
	FilterReasons    = []string{"blocked-topic", "source-not-allowed"}
	SharedEvents     = []string{"l2_hit", "l2_miss", "lease_won", "lease_woke", "lease_gave_up",
		"fleet_paused", "pause_set", "rate_waited", "rate_shed", "store_unavailable"}
)

// known creates the series of c for each label value, at 0.
func known(c *prometheus.CounterVec, values ...string) {
	for _, v := range values {
		c.WithLabelValues(v)
	}
}
