package handlers

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/suggest"
	"github.com/ddgbot/ddgbot/turn"
)

// ContextCardCode is the code of the sidebar table announced in the
// handshake when turn.context_card is on.
const ContextCardCode = "ddgbot_lookup"

// Outcomes logged per poll (the "outcome" attribute).
const (
	outcomeHandshake  = "handshake"
	outcomeNoQuestion = "no-question" // no inbound message, or the newest has no text
	outcomeChitChat   = "chit-chat"   // nothing worth looking up
	outcomeSuggested  = "suggested"
	outcomeNoAnswer   = "no-answer"   // DuckDuckGo knew nothing useful
	outcomeUnanswered = "unavailable" // DuckDuckGo failed, was slow, or is held off
)

type integration struct {
	handshakeJSON   []byte   // handshake() as c.JSON writes it
	jsonContentType []string // {"application/json"}: never modified
	searcher        Searcher
	extractor       Extractor
	suggest         suggest.Options
	timeout         time.Duration
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

	res := Suggest(c.Request().Context(), in.searcher, in.extractor, in.suggest, req.Question(), in.timeout)
	if res.Err != nil {
		in.log.Debug("lookup failed", "request_id", st.id, "err", res.Err)
	}

	in.metrics.Suggestions.Observe(float64(len(res.Suggestions)))
	st.outcome, st.suggestions, st.counted = res.Outcome, len(res.Suggestions), true
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

// Result is what one question found.
type Result struct {
	Outcome     string // handshake, no-question, chit-chat, suggested, no-answer or unavailable
	Query       string // the query whose answer was used, or the last one tried
	Answer      duckduckgo.Answer
	Suggestions []suggest.Suggestion
	Err         error // why the lookup failed, when Outcome is unavailable
}

// Suggest derives queries from a question and tries them in turn until one
// gives suggestions, the budget runs out, or a lookup fails. The budget
// starts with the first query that is not answered from the cache, so a
// cache hit costs no deadline. It is the whole of a poll's work after
// decoding; the suggest subcommand uses it too.
func Suggest(ctx context.Context, s Searcher, e Extractor, o suggest.Options, question string, budget time.Duration) Result {
	if question == "" {
		return Result{Outcome: outcomeNoQuestion}
	}
	queries := e.Queries(question)
	if len(queries) == 0 {
		return Result{Outcome: outcomeChitChat}
	}
	res := Result{Outcome: outcomeNoAnswer}
	var deadline time.Time
	for _, q := range queries {
		res.Query = q
		a, ok := s.Cached(q)
		var err error
		if !ok {
			if deadline.IsZero() {
				deadline = time.Now().Add(budget)
			}
			a, err = lookupBy(ctx, s, q, deadline)
		}
		if err != nil {
			// Expected in operation (slow upstream, breaker open) and
			// counted by the lookup service's metrics: no log noise here.
			res.Outcome = outcomeUnanswered
			res.Err = err
			return res
		}
		if sugg := suggest.Build(&a, q, o); len(sugg) > 0 {
			res.Outcome, res.Answer, res.Suggestions = outcomeSuggested, a, sugg
			return res
		}
	}
	return res
}

func lookupBy(ctx context.Context, s Searcher, q string, deadline time.Time) (duckduckgo.Answer, error) {
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	return s.Lookup(ctx, q)
}

// Card is the sidebar table: what was looked up and what it found, so an
// operator sees why a suggestion was made.
func (r *Result) Card() map[string]string {
	card := map[string]string{"Outcome": r.Outcome}
	if r.Query != "" {
		card["Looked up"] = r.Query
	}
	if r.Answer.Heading != "" {
		card["Topic"] = r.Answer.Heading
	}
	if r.Answer.AbstractSource != "" {
		card["Source"] = r.Answer.AbstractSource
	}
	if r.Answer.AbstractURL != "" {
		card["Link"] = r.Answer.AbstractURL
	}
	return card
}
