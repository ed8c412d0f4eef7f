package handlers

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/ddgbot/ddgbot/metrics"
)

// keyState is the context key of a request's *reqState.
const keyState = "ddgbot_state"

// reqState is what the middleware and the integration handler note about
// one request. It is one context value, set once by requestID, so that
// noting each item costs no allocation of its own.
type reqState struct {
	id          string    // request id, also sent as X-Request-Id
	idHeader    [1]string // the X-Request-Id header's value slice, kept here to save an allocation
	raw         []byte    // the body read by bodyReader, valid until it returns
	outcome     string    // logged as "outcome" when set
	suggestions int       // logged as "suggestions" when counted is set
	counted     bool
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
		st := &reqState{id: id}
		st.idHeader[0] = id
		c.Set(keyState, st)
		c.Response().Header()[echo.HeaderXRequestID] = st.idHeader[:]
		return next(c)
	}
}

// newID returns 24 random hex digits.
func newID() string {
	var b [12]byte
	var h [24]byte
	_, _ = rand.Read(b[:])
	hex.Encode(h[:], b[:])
	return string(h[:])
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
// never bodies, tokens or message text.
func requestLogger(log *slog.Logger, m *metrics.Metrics) echo.MiddlewareFunc {
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
			m.Requests.WithLabelValues(route, statusLabel(v.Status)).Inc()
			m.Latency.WithLabelValues(route).Observe(v.Latency.Seconds())

			level := slog.LevelInfo
			switch {
			case v.Status >= 500:
				level = slog.LevelError
			case route == "/health" && v.Status == http.StatusOK:
				level = slog.LevelDebug // container health checks every 30 s would drown the log
			}
			ctx := c.Request().Context()
			if !log.Enabled(ctx, level) { // e.g. log.level warn: build nothing
				return nil
			}
			st := stateOf(c)
			attrs := make([]slog.Attr, 0, 7)
			attrs = append(attrs,
				slog.String("request_id", st.id),
				slog.String("method", v.Method),
				slog.String("route", route),
				slog.Int("status", v.Status),
				slog.Float64("latency_ms", float64(v.Latency.Microseconds())/1000),
			)
			if st.outcome != "" {
				attrs = append(attrs, slog.String("outcome", st.outcome))
			}
			if st.counted {
				attrs = append(attrs, slog.Int("suggestions", st.suggestions))
			}
			log.LogAttrs(ctx, level, "request", attrs...)
			return nil
		},
	})
}

// statusLabel is strconv.Itoa(code) without an allocation for the
// statuses ddgbot sends.
func statusLabel(code int) string {
	switch code {
	case http.StatusOK:
		return "200"
	case http.StatusBadRequest:
		return "400"
	case http.StatusUnauthorized:
		return "401"
	case http.StatusNotFound:
		return "404"
	case http.StatusMethodNotAllowed:
		return "405"
	case http.StatusRequestTimeout:
		return "408"
	case http.StatusRequestEntityTooLarge:
		return "413"
	case http.StatusUnsupportedMediaType:
		return "415"
	case http.StatusTooManyRequests:
		return "429"
	case http.StatusInternalServerError:
		return "500"
	}
	return strconv.Itoa(code)
}

// recoverer turns a panic into a 500 with the request id, logging the
// stack once.
func recoverer(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RecoverWithConfig(middleware.RecoverConfig{
		DisablePrintStack: true,
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.Error("panic", "request_id", stateOf(c).id, "err", err, "stack", string(stack))
			return err
		},
	})
}

// errorBody is the one JSON shape of every error.
type errorBody struct {
	Error     string `json:"error"`
	RequestID string `json:"request_id,omitempty"`
}

// errorHandler maps an error to a status and {"error": ...}. Client errors
// carry their own message; anything that is not an *echo.HTTPError is an
// internal error whose details stay in the log.
func errorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		code, msg := http.StatusInternalServerError, "internal error"
		var he *echo.HTTPError
		if errors.As(err, &he) {
			code = he.Code
			if s, ok := he.Message.(string); ok {
				msg = s
			} else {
				msg = http.StatusText(code)
			}
		} else {
			log.Error("internal error", "request_id", stateOf(c).id, "err", err)
		}
		if code >= 500 && he != nil && he.Internal != nil {
			log.Error("internal error", "request_id", stateOf(c).id, "err", he.Internal)
		}
		body := errorBody{Error: msg, RequestID: stateOf(c).id}
		if c.Request().Method == http.MethodHead {
			err = c.NoContent(code)
		} else {
			err = c.JSON(code, body)
		}
		if err != nil {
			log.Debug("writing error response", "err", err)
		}
	}
}

func schemeFor(authType string) string {
	if authType == "token" {
		return "Token"
	}
	return "Bearer"
}

// authenticator checks the Authorization header Turn sends on every call:
// "<scheme> <token>". The scheme is case-insensitive (RFC 9110), the token
// is compared in constant time. An empty token disables the check.
type authenticator struct {
	scheme  string
	token   string
	metrics *metrics.Metrics
}

func (a authenticator) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	if a.token == "" {
		return next
	}
	want := sha256.Sum256([]byte(a.token))
	return func(c echo.Context) error {
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		scheme, token, _ := strings.Cut(h, " ")
		got := sha256.Sum256([]byte(strings.TrimSpace(token)))
		okScheme := strings.EqualFold(scheme, a.scheme)
		if subtle.ConstantTimeCompare(got[:], want[:]) != 1 || !okScheme {
			reason := "bad_token"
			if h == "" {
				reason = "missing_token"
			} else if !okScheme {
				reason = "bad_scheme"
			}
			a.metrics.AuthFailures.WithLabelValues(reason).Inc()
			c.Response().Header().Set(echo.HeaderWWWAuthenticate, a.scheme)
			return echo.NewHTTPError(http.StatusUnauthorized, "missing or invalid Authorization header")
		}
		return next(c)
	}
}

// bodyReader reads the raw body (at most limit bytes), checks its
// content type and, when a secret is set, its X-Turn-Hook-Signature
// (base64 HMAC-SHA256 of the raw bytes), before anything parses it.
type bodyReader struct {
	limit      int64
	hmacSecret []byte
	metrics    *metrics.Metrics
	buffers    sync.Pool // of *bodyBuffer
}

// SignatureHeader carries Turn's HMAC of the request body.
const SignatureHeader = "X-Turn-Hook-Signature"

var errTooLarge = echo.NewHTTPError(http.StatusRequestEntityTooLarge, "request body too large")

func (b *bodyReader) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if ct := req.Header.Get(echo.HeaderContentType); ct != "" && ct != echo.MIMEApplicationJSON {
			mt, _, err := mime.ParseMediaType(ct)
			if err != nil || (mt != echo.MIMEApplicationJSON && !strings.HasSuffix(mt, "+json")) {
				return echo.NewHTTPError(http.StatusUnsupportedMediaType, "Content-Type must be application/json")
			}
		}
		if req.ContentLength > b.limit {
			return errTooLarge
		}
		rb, _ := b.buffers.Get().(*bodyBuffer)
		if rb == nil {
			rb = new(bodyBuffer)
		}
		defer rb.release(&b.buffers)
		rb.buf.Grow(int(initialCap(req.ContentLength, b.limit)))
		rb.lr = io.LimitedReader{R: req.Body, N: b.limit + 1}
		n, err := rb.buf.ReadFrom(&rb.lr)
		if err != nil {
			// A client slower than server.read_timeout gets 408, not a
			// generic 400, so it knows to retry rather than fix the body.
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return echo.NewHTTPError(http.StatusRequestTimeout, "request body not received in time").SetInternal(err)
			}
			return echo.NewHTTPError(http.StatusBadRequest, "could not read request body").SetInternal(err)
		}
		if n > b.limit {
			return errTooLarge
		}
		raw := rb.buf.Bytes()
		if len(b.hmacSecret) > 0 && !validSignature(b.hmacSecret, raw, req.Header.Get(SignatureHeader)) {
			b.metrics.AuthFailures.WithLabelValues("bad_signature").Inc()
			return echo.NewHTTPError(http.StatusUnauthorized, "missing or invalid "+SignatureHeader)
		}
		st := stateOf(c)
		st.raw = raw
		defer func() { st.raw = nil }()
		return next(c)
	}
}

// bodyBuffer holds a request body while it is handled. Nothing may keep
// the bytes after the handler returns (decoding copies what it keeps), so
// the buffers are reused.
type bodyBuffer struct {
	buf bytes.Buffer
	lr  io.LimitedReader
}

// maxPooledBody: larger buffers (rare, up to server.max_body_bytes) are
// left to the garbage collector rather than kept.
const maxPooledBody = 64 << 10

func (rb *bodyBuffer) release(pool *sync.Pool) {
	if rb.buf.Cap() > maxPooledBody {
		return
	}
	rb.buf.Reset()
	rb.lr = io.LimitedReader{}
	pool.Put(rb)
}

func initialCap(contentLength, limit int64) int64 {
	if contentLength > 0 {
		return contentLength + 1 // +1: ReadFrom must see EOF without growing
	}
	return min(limit+1, 4096)
}

func validSignature(secret, body []byte, header string) bool {
	got, err := base64.StdEncoding.DecodeString(strings.TrimSpace(header))
	if err != nil || len(got) != sha256.Size {
		return false
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write(body)
	return hmac.Equal(got, mac.Sum(nil))
}

// Sign returns the X-Turn-Hook-Signature value for body, as Turn computes
// it. Tests and tools use it to sign requests.
func Sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
