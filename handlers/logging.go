package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/ddgbot/ddgbot/metrics"
)

// keyState is the context key of a request's *reqState.
const keyState = "ddgbot_state"

// reqState is what the middleware and the integration handler note about
// one request, for its log line.
type reqState struct {
	id          string // request id, also sent as X-Request-Id
	raw         []byte // the body read by bodyReader
	outcome     string // logged as "outcome" when set
	query       string // the query looked up: logged only at debug level
	suggestions int    // logged as "suggestions" when counted is set
	counted     bool
	refused     string // why the call was refused (auth, limits): logged as "reason"
}

// refuse notes why a call is refused, for its log line, and returns err.
func refuse(c echo.Context, reason string, err *echo.HTTPError) error {
	stateOf(c).refused = reason
	return err
}

// stateOf returns the request's state; an empty one if requestID did not
// run.
func stateOf(c echo.Context) *reqState {
	if st, ok := c.Get(keyState).(*reqState); ok {
		return st
	}
	return &reqState{}
}

// requestID echoes a sane incoming X-Request-Id or makes a new one. Anything
// longer than 64 characters or outside [A-Za-z0-9._-] is replaced, so
// clients cannot push junk into the logs.
func requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !saneID(id) {
			id = newID()
		}
		c.Set(keyState, &reqState{id: id})
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

// newID returns 24 random hex digits.
func newID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func saneID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		switch b := id[i]; {
		case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z', b >= '0' && b <= '9', b == '-', b == '_', b == '.':
		default:
			return false
		}
	}
	return true
}

// requestLogger writes one log line and updates the request metrics per
// request. It logs the route pattern, never the URL a client sent, and
// never bodies, tokens or message text; a client error's line adds the
// client's address and, for a refusal, the reason. Successful health
// checks and metrics scrapes (every few seconds) are logged at debug.
func requestLogger(log *slog.Logger, m *metrics.Metrics, metricsPath string) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		HandleError:  true, // run the error handler first, so the status is the one sent
		LogStatus:    true,
		LogLatency:   true,
		LogMethod:    true,
		LogRoutePath: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			route := v.RoutePath
			if route == "" || v.Status == http.StatusNotFound {
				route = "unmatched"
			}
			m.Requests.WithLabelValues(route, strconv.Itoa(v.Status)).Inc()
			m.Latency.WithLabelValues(route).Observe(v.Latency.Seconds())

			level := slog.LevelInfo
			switch {
			case v.Status >= 500:
				level = slog.LevelError
			case (route == "/health" || route == ReadyPath || route == metricsPath) && v.Status == http.StatusOK:
				level = slog.LevelDebug // probes and scrapes every few seconds would drown the log
			}
			ctx := c.Request().Context()
			if !log.Enabled(ctx, level) { // e.g. log.level warn: build nothing
				return nil
			}
			st := stateOf(c)
			attrs := []slog.Attr{
				slog.String("request_id", st.id),
				slog.String("method", v.Method),
				slog.String("route", route),
				slog.Int("status", v.Status),
				slog.Float64("latency_ms", float64(v.Latency.Microseconds())/1000),
			}
			if v.Status >= 400 && v.Status < 500 {
				attrs = append(attrs, slog.String("client", c.RealIP()))
				if st.refused != "" {
					attrs = append(attrs, slog.String("reason", st.refused))
				}
			}
			if st.outcome != "" {
				attrs = append(attrs, slog.String("outcome", st.outcome))
			}
			if st.counted {
				attrs = append(attrs, slog.Int("suggestions", st.suggestions))
			}
			if st.query != "" && log.Enabled(ctx, slog.LevelDebug) {
				// What was looked up, never the message it came from.
				attrs = append(attrs, slog.String("query", st.query))
			}
			log.LogAttrs(ctx, level, "request", attrs...)
			return nil
		},
	})
}
