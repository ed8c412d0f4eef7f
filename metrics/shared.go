package metrics

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Shared holds the series of the state replicas share through Redis
// (redis.url); they exist only when it is configured.
type Shared struct {
	Events      *prometheus.CounterVec // shared cache, lease and fleet pause events
	RedisErrors *prometheus.CounterVec // failed Redis operations by op
	RedisBypass prometheus.Gauge       // 1 while Redis is bypassed
}

// WatchShared registers the shared-state series; pausedFor reports how
// long the fleet-wide pause of DuckDuckGo calls still lasts.
func (m *Metrics) WatchShared(pausedFor func() time.Duration) *Shared {
	s := &Shared{
		Events: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_shared_events_total",
			Help: "Sharing between replicas: l2_hit, l2_miss; lease_won, lease_woke, lease_gave_up; fleet_paused, pause_set; rate_waited, rate_shed; local_limits (pause and rate kept by this replica alone: Redis could not be asked or written); store_unavailable.",
		}, []string{"event"}),
		RedisErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_redis_errors_total",
			Help: "Redis operations that failed (network, deadline, error reply), by operation.",
		}, []string{"op"}),
		RedisBypass: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ddgbot_redis_bypassed",
			Help: "1 while Redis is bypassed after failures, refused writes (e.g. out of memory) or before it connects: no sharing, each replica on its own limits.",
		}),
	}
	known(s.Events, SharedEvents...)
	m.Registry.MustRegister(s.Events, s.RedisErrors, s.RedisBypass,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ddgbot_duckduckgo_fleet_pause_seconds",
			Help: "How long every replica still refrains from calling DuckDuckGo after it throttled one of them, as last seen here.",
		}, func() float64 { return pausedFor().Seconds() }))
	return s
}
