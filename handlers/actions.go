package handlers

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/labstack/echo/v4"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/turn"
)

// RefreshHeader in a callback's answer makes Turn poll again at once, so
// the operator sees what the action changed.
const RefreshHeader = "X-Turn-Integration-Refresh"

// ActionsPath is the callback endpoint for operator actions, under the
// integration path: "/actions" for "/", "/turn/actions" for "/turn".
func ActionsPath(path string) string {
	return strings.TrimSuffix(path, "/") + "/actions"
}

// actionHandler answers Turn's action callbacks and builds the actions
// object of poll answers.
type actionHandler struct {
	svc     *actions.Service
	url     string // where Turn posts callbacks: an absolute path, or a URL under turn.public_url
	metrics *metrics.Metrics
	log     *slog.Logger
}

func newActionHandler(o Options) *actionHandler {
	url := ActionsPath(o.Path)
	if o.PublicURL != "" {
		url = strings.TrimSuffix(o.PublicURL, "/") + url
	}
	return &actionHandler{svc: o.Actions, url: url, metrics: o.Metrics, log: o.Logger}
}

// handle applies one callback. It runs after the token and signature
// checks; a callback it refuses gets 400 and changes nothing, a store
// failure 503 (the operator may try again).
func (h *actionHandler) handle(c echo.Context) error {
	st := stateOf(c)
	cb, err := turn.DecodeCallback(st.raw)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	in := actions.Callback{Address: cb.Address, Option: cb.Option, Payload: json.RawMessage(cb.Payload)}
	if cb.Message != nil {
		in.Message = cb.Message.Content()
	}
	action, err := h.svc.Apply(c.Request().Context(), in)
	switch {
	case errors.Is(err, actions.ErrInvalid):
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	case err != nil:
		return echo.NewHTTPError(http.StatusServiceUnavailable, "could not record the action; try again").SetInternal(err)
	}
	st.outcome = action
	h.metrics.Actions.WithLabelValues(action).Inc()
	c.Response().Header().Set(RefreshHeader, "true")
	return c.JSON(http.StatusOK, map[string]string{"status": "ok", "action": action})
}

// menu turns the service's items into a poll answer's actions object.
// The items are shared (see actions.Service.Items): only read.
func (h *actionHandler) menu(items []actions.Item) turn.Actions {
	if len(items) == 0 {
		return nil
	}
	n := 0
	for _, it := range items {
		n += len(it.Options)
	}
	out := make(turn.Actions, len(items))
	opts := make([]turn.Option, n) // one allocation for every submenu
	for i, it := range items {
		o := opts[:len(it.Options):len(it.Options)]
		opts = opts[len(it.Options):]
		for j, x := range it.Options {
			o[j] = turn.Option{Key: x.Key, Label: x.Label}
		}
		if len(o) == 0 {
			o = nil
		}
		out[i] = turn.Action{ID: it.ID, Description: it.Description, URL: h.url, Payload: jsontext.Value(it.Payload), Options: o}
	}
	return out
}
