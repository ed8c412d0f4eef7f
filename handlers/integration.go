package handlers

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/turn"
)

// ContextCardCode is the code of the sidebar table announced in the
// handshake when turn.context_card is on.
const ContextCardCode = "ddgbot_lookup"

// outcomeHandshake is logged as the "outcome" of a handshake; polls log
// their reply.Outcome.
const outcomeHandshake = "handshake"

// integration is the Turn endpoint: decode, reply, encode.
type integration struct {
	reply       *reply.Service
	timeout     time.Duration    // each poll's deadline, from its arrival; 0 = none
	now         func() time.Time // for the deadline
	contextCard bool
	actions     *actionHandler // nil when actions are off
	metrics     *metrics.Metrics
	log         *slog.Logger
}

// handle answers a handshake or a context poll. DuckDuckGo or the store
// being slow or down is never an error for Turn: the poll is answered with
// 200 by its one deadline (turn.response_timeout from its arrival here),
// with whatever suggestions are ready.
func (in *integration) handle(c echo.Context) error {
	st := stateOf(c)
	req, err := turn.Decode(st.raw)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	if req.Handshake {
		st.outcome = outcomeHandshake
		return c.JSON(http.StatusOK, in.handshake())
	}

	ctx := c.Request().Context()
	if in.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, in.now().Add(in.timeout))
		defer cancel()
	}
	res := in.reply.Answer(ctx, reply.Poll{
		Address:  req.Owner(),
		Question: req.Question(),
		Newest:   int64(req.Newest()),
		Inbound:  req.Inbound,
	})
	if res.StateErr != nil {
		// The store's own metrics count its failures; the poll went on
		// unsteered.
		in.log.Debug("actions state unavailable", "request_id", st.id, "err", res.StateErr)
	}
	if res.Err != nil {
		in.log.Debug("lookup failed", "request_id", st.id, "err", res.Err)
	}
	in.metrics.Polls.WithLabelValues(string(res.Outcome)).Inc()
	in.metrics.Suggestions.Observe(float64(len(res.Suggestions)))
	st.outcome, st.suggestions, st.counted = string(res.Outcome), len(res.Suggestions), true
	st.query = res.Query

	resp := turn.PollResponse{Version: turn.Version, SuggestedResponses: wire(res.Suggestions)}
	if in.contextCard {
		resp.ContextObjects = map[string]map[string]string{ContextCardCode: res.Card()}
	}
	if in.actions != nil {
		resp.Actions = in.actions.menu(res.Menu)
	}
	return c.JSON(http.StatusOK, resp)
}

// wire maps suggestions to Turn's wire type; never nil, so that no
// suggestions are sent as [].
func wire(ss []instant.Suggestion) []turn.SuggestedResponse {
	out := make([]turn.SuggestedResponse, len(ss))
	for i, s := range ss {
		out[i] = turn.SuggestedResponse{Type: s.Type, Title: s.Title, Body: s.Body, Confidence: s.Confidence}
	}
	return out
}

func (in *integration) handshake() turn.HandshakeResponse {
	h := turn.HandshakeResponse{
		Version: turn.Version,
		Capabilities: turn.Capabilities{
			Actions:            in.actions != nil,
			SuggestedResponses: true,
			ContextObjects:     []turn.ContextObject{},
		},
	}
	if in.contextCard {
		h.Capabilities.ContextObjects = append(h.Capabilities.ContextObjects, turn.ContextObject{
			Title: "DuckDuckGo lookup", Code: ContextCardCode, Type: "table", Icon: "none",
		})
	}
	return h
}
