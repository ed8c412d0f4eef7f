package handlers

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"net"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/ddgbot/ddgbot/metrics"
)

// SignatureHeader carries Turn's HMAC of the request body.
const SignatureHeader = "X-Turn-Hook-Signature"

// bodyReader reads the raw body (at most limit bytes), checks its
// content type and, when a secret is set, its X-Turn-Hook-Signature
// (base64 HMAC-SHA256 of the raw bytes), before anything parses it.
type bodyReader struct {
	limit      int64
	hmacSecret []byte
	metrics    *metrics.Metrics
}

var errTooLarge = echo.NewHTTPError(http.StatusRequestEntityTooLarge, "request body too large")

// reserveMax bounds the buffer reserved from a request's Content-Length
// before any of the body arrives: enough for a poll with a few dozen messages,
// small enough that many connections announcing a large body and sending
// nothing hold little.
const reserveMax = 16 << 10

// middleware reads the body into memory that grows with the bytes
// actually received: an announced Content-Length reserves at most
// reserveMax, so a client that announces a megabyte and sends a byte
// costs 16 KiB, not a megabyte.
func (b *bodyReader) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if ct := req.Header.Get(echo.HeaderContentType); ct != "" && ct != echo.MIMEApplicationJSON {
			mt, _, err := mime.ParseMediaType(ct)
			if err != nil || (mt != echo.MIMEApplicationJSON && !strings.HasSuffix(mt, "+json")) {
				return refuse(c, "bad_content_type", echo.NewHTTPError(http.StatusUnsupportedMediaType, "Content-Type must be application/json"))
			}
		}
		if req.ContentLength > b.limit {
			return refuse(c, "body_too_large", errTooLarge)
		}
		// Reserve what a typical poll announces, so its body is read into
		// one allocation rather than grown in steps; beyond that, memory
		// grows with the bytes received.
		buf := bytes.NewBuffer(make([]byte, 0, min(max(req.ContentLength, 0), reserveMax)+bytes.MinRead))
		_, err := buf.ReadFrom(io.LimitReader(req.Body, b.limit+1))
		raw := buf.Bytes()
		if err != nil {
			// A client slower than server.read_timeout gets 408, not a
			// generic 400, so it knows to retry rather than fix the body.
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				return echo.NewHTTPError(http.StatusRequestTimeout, "request body not received in time").SetInternal(err)
			}
			return echo.NewHTTPError(http.StatusBadRequest, "could not read request body").SetInternal(err)
		}
		if int64(len(raw)) > b.limit {
			return refuse(c, "body_too_large", errTooLarge)
		}
		if len(b.hmacSecret) > 0 && !validSignature(b.hmacSecret, raw, req.Header.Get(SignatureHeader)) {
			b.metrics.AuthFailures.WithLabelValues("bad_signature").Inc()
			return refuse(c, "bad_signature", echo.NewHTTPError(http.StatusUnauthorized, "missing or invalid "+SignatureHeader))
		}
		stateOf(c).raw = raw
		return next(c)
	}
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
