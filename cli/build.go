package cli

import (
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/suggest"
)

func newLogger(c config.Log, w io.Writer) *slog.Logger {
	lvl, _ := c.SlogLevel() // validated by config.Load
	opts := &slog.HandlerOptions{Level: lvl}
	if c.Format == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

// lookups builds the DuckDuckGo client and the caching service in front of
// it, with wrap (when not nil) between them, counting outcomes in m unless
// m is nil. The caller must Close the service.
func lookups(cfg config.Config, version string, log *slog.Logger, m *metrics.Metrics, wrap func(duckduckgo.Fetcher) duckduckgo.Fetcher) *duckduckgo.Service {
	d := cfg.DuckDuckGo
	client := duckduckgo.NewClient(duckduckgo.ClientOptions{
		BaseURL:    d.BaseURL,
		AppName:    d.AppName,
		Region:     d.Region,
		UserAgent:  "ddgbot/" + version + " (Turn.io suggested replies; +https://github.com/ddgbot/ddgbot)",
		Timeout:    d.Timeout,
		MaxRetries: d.MaxRetries,
		Logger:     log,
	})
	o := duckduckgo.ServiceOptions{
		Region:          d.Region,
		TTL:             cfg.Cache.TTL,
		NegativeTTL:     cfg.Cache.NegativeTTL,
		StaleFor:        cfg.Cache.StaleFor,
		MaxEntries:      cfg.Cache.MaxEntries,
		MaxBytes:        cfg.Cache.MaxBytes,
		LookupTimeout:   d.LookupTimeout,
		AttemptTimeout:  d.Timeout,
		MaxConcurrency:  d.MaxConcurrency,
		MaxPending:      d.MaxPending,
		BreakerFailures: d.BreakerFailures,
		BreakerCooldown: d.BreakerCooldown,
		MaxRetryAfter:   d.MaxRetryAfter,
		Logger:          log,
	}
	if m != nil {
		o.ObserveCache = func(c duckduckgo.CacheOutcome) { m.ObserveCache(string(c)) }
		o.ObserveUpstream = func(u duckduckgo.UpstreamOutcome, d time.Duration) { m.ObserveUpstream(string(u), u.Sent(), d) }
	}
	var f duckduckgo.Fetcher = client
	if wrap != nil {
		f = wrap(client)
	}
	return duckduckgo.NewService(f, o)
}

// newExtractor builds the query extractor the settings describe, reading
// the dictionaries they name. It takes a while (word lists): build one per
// process.
func newExtractor(cfg config.Config) (*query.Extractor, error) {
	qc, err := cfg.Suggestions.Query()
	if err != nil {
		return nil, fmt.Errorf("suggestions.dictionaries: %w", err)
	}
	return query.NewFor(qc), nil
}

// newReply builds the use case on top of the lookup service. steer, when
// not nil, steers polls by operators' actions and builds their menus.
func newReply(cfg config.Config, ex *query.Extractor, svc *duckduckgo.Service, guards reply.Guards, steer *actions.Service) *reply.Service {
	o := reply.Options{
		Guards:    guards,
		Searcher:  svc,
		Extractor: ex,
		Suggest:   suggest.Options{Max: cfg.Suggestions.Max, MaxChars: cfg.Suggestions.MaxChars, Attribution: cfg.Suggestions.Attribution},
		Remember:  rememberedMessages,
	}
	if steer != nil {
		o.Steering = steer
	}
	return reply.New(o)
}

// newActions builds the operator actions service over st (nil: in this
// process), or returns nil when turn.actions is off. Its key comes from
// the secrets every replica shares, so a menu issued by one replica is
// accepted by all; without a secret it is random, and known only to this
// process.
func newActions(cfg config.Config, st actions.Store, log *slog.Logger) *actions.Service {
	if !cfg.Turn.Actions {
		return nil
	}
	key := actions.Key(cfg.Turn.HMACSecret, cfg.Turn.APIToken)
	if key == nil && cfg.Redis.URL != "" {
		log.Warn("turn.hmac_secret and turn.api_token are empty: each replica signs its own action menus and keeps its own pins and marks in redis; set one of them to share them")
	}
	return actions.New(st, actions.Options{
		PinTTL:         cfg.Turn.PinTTL,
		FeedbackTTL:    cfg.Feedback.TTL,
		Key:            key,
		RememberAbsent: 10 * time.Second, // with Redis: no round trip for a poll with no pin and no mark
	})
}
