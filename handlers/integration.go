package handlers

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"

	"github.com/labstack/echo/v4"

	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/suggest"
	"github.com/ddgbot/ddgbot/turn"
)

// ContextCardCode is the code of the sidebar table announced in the
// handshake when turn.context_card is on.
const ContextCardCode = "ddgbot_lookup"

// outcomeHandshake is logged as the "outcome" of a handshake; polls log
// their reply.Outcome.
const outcomeHandshake = "handshake"

type integration struct {
	handshakeJSON   []byte   // handshake() as c.JSON writes it
	jsonContentType []string // {"application/json"}: never modified
	reply           *reply.Service
	contextCard     bool
	metrics         *metrics.Metrics
	log             *slog.Logger
	outputs         sync.Pool // of *pollOutput
}

// handle answers a handshake or a context poll. DuckDuckGo being slow or
// down is never an error for Turn: the poll is answered with 200 within
// the response timeout, with whatever suggestions are ready.
func (in *integration) handle(c echo.Context) error {
	st := stateOf(c)
	req, err := turn.Decode(st.raw)
	if err != nil {
		return echo.NewHTTPError(http.StatusBadRequest, err.Error())
	}
	if req.Handshake {
		st.outcome = outcomeHandshake
		return c.JSONBlob(http.StatusOK, in.handshakeJSON)
	}

	res := in.reply.Suggest(c.Request().Context(), req.Question())
	if res.Err != nil {
		in.log.Debug("lookup failed", "request_id", st.id, "err", res.Err)
	}

	in.metrics.Suggestions.Observe(float64(len(res.Suggestions)))
	st.outcome, st.suggestions, st.counted = string(res.Outcome), len(res.Suggestions), true
	resp := turn.PollResponse{Version: turn.Version, SuggestedResponses: res.Suggestions}
	if resp.SuggestedResponses == nil {
		resp.SuggestedResponses = []suggest.Suggestion{}
	}
	if in.contextCard {
		resp.ContextObjects = map[string]map[string]string{ContextCardCode: res.Card()}
	}
	out, _ := in.outputs.Get().(*pollOutput)
	if out == nil {
		out = &pollOutput{}
		out.enc = json.NewEncoder(&out.buf)
	}
	defer out.release(&in.outputs)
	out.resp = resp
	if err := out.enc.Encode(&out.resp); err != nil {
		return err
	}
	// The header is set directly from a slice made once: Header.Set would
	// allocate a new one per poll. c.Blob leaves a set Content-Type alone.
	c.Response().Header()[echo.HeaderContentType] = in.jsonContentType
	return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, out.buf.Bytes())
}

// pollOutput encodes a poll answer as c.JSON does (json.Encoder, so HTML
// escaped with a trailing newline), reusing the encoder and its buffer.
type pollOutput struct {
	buf  bytes.Buffer
	enc  *json.Encoder
	resp turn.PollResponse
}

func (o *pollOutput) release(pool *sync.Pool) {
	if o.buf.Cap() > maxPooledBody {
		return
	}
	o.buf.Reset()
	o.resp = turn.PollResponse{}
	pool.Put(o)
}

func (in *integration) handshake() turn.HandshakeResponse {
	h := turn.HandshakeResponse{
		Version: turn.Version,
		Capabilities: turn.Capabilities{
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
