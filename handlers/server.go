// Package handlers is ddgbot's HTTP surface: the Turn integration endpoint,
// its authentication, health and metrics routes, request logging and the one
// error handler. Echo stays inside this package; callers get an
// http.Handler.
package handlers

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/reply"
)

// Options holds what the handlers need. Reply, Metrics and Logger are
// required.
type Options struct {
	Path         string  // integration path (server.path)
	AuthType     string  // "bearer" or "token"
	APIToken     string  // empty: no token check
	HMACSecret   string  // empty: no signature check
	MaxBodyBytes int64   // larger bodies get 413
	ContextCard  bool    // fill a sidebar table with what was looked up
	RateLimit    float64 // requests per second per client IP; 0 = off
	RateBurst    int
	Actions      *actions.Service // operator actions; nil = off
	PublicURL    string           // turn.public_url: base of absolute action URLs

	MetricsPath        string // empty: no metrics route
	MetricsRequireAuth bool
	MetricsHandler     http.Handler

	// Ready reports why the replica should get no traffic (GET /ready
	// answers 503 with it), or nil; nil Ready: ready whenever it answers.
	// Liveness (/health) never depends on it.
	Ready func() error

	Reply *reply.Service // answers each poll
	// ResponseTimeout is each poll's one deadline (turn.response_timeout),
	// set when the poll reaches its handler: everything the poll waits
	// for (lookups, the steering store, the next best after "not
	// helpful") ends by then. Zero sets none.
	ResponseTimeout time.Duration
	Now             func() time.Time // the clock deadlines are set on; nil = time.Now
	Metrics         *metrics.Metrics
	Logger          *slog.Logger
}

// New builds the router.
func New(o Options) http.Handler {
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.IPExtractor = echo.ExtractIPDirect() // X-Forwarded-For is anyone's to forge
	e.HTTPErrorHandler = errorHandler(o.Logger)
	e.Use(requestID, requestLogger(o.Logger, o.Metrics, o.MetricsPath), recoverer(o.Logger))
	if o.RateLimit > 0 {
		e.Use(rateLimiter(o.RateLimit, o.RateBurst))
	}

	auth := authenticator{scheme: schemeFor(o.AuthType), token: o.APIToken, metrics: o.Metrics}
	e.GET("/health", health)
	e.HEAD("/health", health)
	e.GET(ReadyPath, ready(o.Ready))
	e.HEAD(ReadyPath, ready(o.Ready))
	if o.MetricsPath != "" && o.MetricsHandler != nil {
		h := echo.WrapHandler(o.MetricsHandler)
		if o.MetricsRequireAuth {
			h = auth.middleware(h)
		}
		e.GET(o.MetricsPath, h)
	}
	for _, outcome := range reply.Outcomes { // every series from the start, for rate()
		o.Metrics.Polls.WithLabelValues(string(outcome))
	}
	for _, reason := range authFailures {
		o.Metrics.AuthFailures.WithLabelValues(reason)
	}
	in := &integration{
		reply: o.Reply, timeout: o.ResponseTimeout, now: o.Now, contextCard: o.ContextCard, metrics: o.Metrics, log: o.Logger,
	}
	if in.now == nil {
		in.now = time.Now
	}
	if o.Actions != nil {
		in.actions = newActionHandler(o)
	}
	body := &bodyReader{limit: o.MaxBodyBytes, hmacSecret: []byte(o.HMACSecret), metrics: o.Metrics}
	// Route middleware is applied here, once: Echo would wrap the handler
	// anew on every request (closures and the token's hash each time).
	e.POST(o.Path, auth.middleware(body.middleware(in.handle)))
	if o.Actions != nil {
		e.POST(ActionsPath(o.Path), auth.middleware(body.middleware(in.actions.handle)))
	}
	return e
}

// ReadyPath is the readiness endpoint, for Kubernetes' readinessProbe;
// /health is liveness.
const ReadyPath = "/ready"

func health(c echo.Context) error {
	return c.JSON(http.StatusOK, map[string]string{"status": "ok"})
}

// ready answers 200 while check finds nothing wrong, else 503 with the
// reason, so an orchestrator sends this replica no traffic.
func ready(check func() error) echo.HandlerFunc {
	return func(c echo.Context) error {
		if check != nil {
			if err := check(); err != nil {
				return echo.NewHTTPError(http.StatusServiceUnavailable, "not ready: "+err.Error())
			}
		}
		return c.JSON(http.StatusOK, map[string]string{"status": "ready"})
	}
}

func rateLimiter(perSecond float64, burst int) echo.MiddlewareFunc {
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(perSecond), Burst: burst, ExpiresIn: 3 * time.Minute,
		}),
		// Health checks are cheap and come from orchestrators or a proxy
		// that may share its IP with real traffic: a 429 there would get a
		// healthy instance restarted.
		Skipper:             func(c echo.Context) bool { return c.Path() == "/health" || c.Path() == ReadyPath },
		IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			wait := max(1, int(1/perSecond+0.999))
			c.Response().Header().Set("Retry-After", strconv.Itoa(wait))
			return refuse(c, "rate_limited", echo.NewHTTPError(http.StatusTooManyRequests, "rate limit exceeded"))
		},
	})
}
