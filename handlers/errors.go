package handlers

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

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
