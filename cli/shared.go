package cli

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/store"
)

// sharing returns the state replicas share: nil without redis.url (each
// user then keeps its own, bounded, in this process); in Redis, connected in the background, when it is set. With
// Redis, wrap puts the shared cache, lease and fleet pause between the
// lookup service and the DuckDuckGo client; without, wrap is nil. The
// caller must call done after closing the service.
func sharing(cfg config.Config, log *slog.Logger, m *metrics.Metrics) (st store.Store, wrap func(duckduckgo.Fetcher) duckduckgo.Fetcher, done func(), err error) {
	if cfg.Redis.URL == "" {
		return nil, nil, func() {}, nil
	}
	var sh *duckduckgo.Shared
	ms := m.WatchShared(func() time.Duration {
		if sh == nil {
			return 0
		}
		return sh.PausedFor()
	})
	st, err = store.NewRedis(store.Options{
		URL:     cfg.Redis.URL,
		Prefix:  cfg.Redis.KeyPrefix,
		Timeout: cfg.Redis.Timeout,
		Hooks: store.Hooks{
			Error: func(op string) { ms.RedisErrors.WithLabelValues(op).Inc() },
			Bypass: func(on bool) {
				if on {
					ms.RedisBypass.Set(1)
				} else {
					ms.RedisBypass.Set(0)
				}
			},
		},
		Logger: log,
	})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("redis.url: %w", err)
	}
	log.Info("sharing state through redis", "redis", config.RedactURL(cfg.Redis.URL), "key_prefix", cfg.Redis.KeyPrefix)
	wrap = func(f duckduckgo.Fetcher) duckduckgo.Fetcher {
		sh = duckduckgo.NewShared(f, st, duckduckgo.SharedOptions{
			Region:          cfg.DuckDuckGo.Region,
			TTL:             cfg.Cache.TTL,
			NegativeTTL:     cfg.Cache.NegativeTTL,
			LookupTimeout:   cfg.DuckDuckGo.LookupTimeout,
			BreakerFailures: cfg.DuckDuckGo.BreakerFailures,
			BreakerCooldown: cfg.DuckDuckGo.BreakerCooldown,
			MaxRetryAfter:   cfg.DuckDuckGo.MaxRetryAfter,
			AttemptTimeout:  cfg.DuckDuckGo.Timeout,
			MaxRate:         cfg.DuckDuckGo.MaxRate,
			Observe:         func(e duckduckgo.SharedEvent) { ms.Events.WithLabelValues(string(e)).Inc() },
			Logger:          log,
		})
		return sh
	}
	return st, wrap, func() {
		if sh != nil {
			sh.Close()
		}
		st.Close()
	}, nil
}
