package cli

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"strings"
	"time"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/answers"
	"github.com/ddgbot/ddgbot/config"
	"github.com/ddgbot/ddgbot/query"
	"github.com/ddgbot/ddgbot/reply"
	"github.com/ddgbot/ddgbot/store"
)

// previewContact is the number of the contact the page plays: menus are
// made for a conversation, which a WhatsApp number names.
const previewContact = "10000000000"

// previewAddr is where preview listens unless told otherwise.
const previewAddr = "127.0.0.1:8090"

//go:embed preview.html
var previewPage []byte

// previewCmd serves a local page where a team types a message and sees
// what an operator would see in Turn (the suggested replies, the context
// card, the action menu) and why, from the same settings, answers file
// and DuckDuckGo as the service, through the same use case. It listens on
// loopback only: the page shows what the answers file and the rules do
// with any text, and has no authentication. The answers file reloads as
// the service's does. Nothing is shared through Redis: pins and marks stay
// in this process.
func previewCmd(ctx context.Context, c call) error {
	addr := previewAddr
	switch len(c.args) {
	case 0:
	case 1:
		addr = c.args[0]
	default:
		return usageError(c.stderr, fmt.Errorf("preview takes at most one address, got %q", c.args))
	}
	if err := loopbackOnly(addr); err != nil {
		return usageError(c.stderr, err)
	}
	log := newLogger(c.cfg.Log, c.stderr)
	p, stop, err := newPreview(ctx, c, log)
	if err != nil {
		return err
	}
	defer stop()

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("preview: listen: %w", err)
	}
	fmt.Fprintf(c.stdout, "preview: open http://%s/ (Ctrl-C stops it)\n", ln.Addr())
	if c.onListen != nil {
		c.onListen(ln.Addr())
	}
	srv := &http.Server{
		Handler:           p,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      c.cfg.DuckDuckGo.LookupTimeout + 10*time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelDebug),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("preview: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("preview: shutdown: %w", err)
	}
	<-served
	return nil
}

// loopbackOnly refuses an address that is not on loopback.
func loopbackOnly(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("preview address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return fmt.Errorf("preview address %q: the preview listens on loopback only (127.0.0.1, ::1 or localhost)", addr)
	}
	return nil
}

// preview is the page and what it asks.
type preview struct {
	reply   *reply.Service
	ex      *query.Extractor
	own     *answers.Holder // nil without answers.file
	cfg     config.Config
	budget  time.Duration
	address string // the conversation the page plays
}

// newPreview builds the use case as serve does (lookups, guards, actions
// over a store in this process); stop releases it.
func newPreview(ctx context.Context, c call, log *slog.Logger) (*preview, func(), error) {
	cfg := c.cfg
	svc := lookups(cfg, c.version, log, nil, nil)
	guards, own, err := newGuards(cfg, log, nil, c.watch)
	if err != nil {
		svc.Close()
		return nil, nil, err
	}
	stopWatch := func() {}
	if own != nil {
		stopWatch = watchAnswers(ctx, c, own, log)
	}
	ex, err := newExtractor(cfg)
	if err != nil {
		stopWatch()
		svc.Close()
		return nil, nil, err
	}
	steer := newActions(cfg, store.NewMemory(cfg.Cache.MaxEntries), log)
	p := &preview{
		reply:   newReply(cfg, ex, svc, guards, steer),
		ex:      ex,
		own:     own,
		cfg:     cfg,
		budget:  cfg.Turn.ResponseTimeout,
		address: previewContact,
	}
	return p, func() { stopWatch(); svc.Close() }, nil
}

// ServeHTTP serves the page (GET /) and its questions (POST /answer).
// Requests must name a loopback host, so a web page elsewhere cannot reach
// the preview through a DNS name pointed at 127.0.0.1; questions must be
// JSON, which a page elsewhere cannot send without the browser asking
// first.
func (p *preview) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	host, _, err := net.SplitHostPort(r.Host)
	if err != nil {
		host = r.Host
	}
	if ip := net.ParseIP(strings.Trim(host, "[]")); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		http.Error(w, "the preview answers on loopback only", http.StatusForbidden)
		return
	}
	switch {
	case r.URL.Path == "/" && r.Method == http.MethodGet:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:")
		_, _ = w.Write(previewPage)
	case r.URL.Path == "/answer" && r.Method == http.MethodPost:
		p.answer(w, r)
	default:
		http.NotFound(w, r)
	}
}

// previewAnswer is what the page shows for one message.
type previewAnswer struct {
	// What the operator sees in Turn.
	Suggestions []previewSuggestion `json:"suggestions"`
	Card        map[string]string   `json:"card"`
	CardInTurn  bool                `json:"card_in_turn"` // turn.context_card: Turn shows the card
	Menu        []previewItem       `json:"menu"`
	// Why, as the use case and the query understanding give it: a list of
	// named values, rendered generically by the page.
	Why []named `json:"why"`
	// The answers file in use, to see reloads.
	Answers string `json:"answers"`
}

type previewSuggestion struct {
	Title      string  `json:"title"`
	Body       string  `json:"body"`
	Confidence float64 `json:"confidence"`
}

type previewItem struct {
	Description string   `json:"description"`
	Options     []string `json:"options,omitempty"`
}

// named is one line of the "why" list; Value is any JSON.
type named struct {
	Name  string `json:"name"`
	Value any    `json:"value"`
}

// maxPreviewText bounds a message typed into the page, as server.max_body_bytes
// bounds a poll.
const maxPreviewText = 64 << 10

func (p *preview) answer(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		http.Error(w, "send JSON", http.StatusUnsupportedMediaType)
		return
	}
	var in struct {
		Text string `json:"text"`
	}
	if err := json.NewDecoder(io.LimitReader(r.Body, maxPreviewText)).Decode(&in); err != nil {
		http.Error(w, "want {\"text\": \"...\"}", http.StatusBadRequest)
		return
	}
	// Turn's deadline, as the integration handler sets it.
	ctx, cancel := context.WithTimeout(r.Context(), p.budget)
	defer cancel()
	res := p.reply.Answer(ctx, reply.Poll{Address: p.address, Question: in.Text, Newest: time.Now().Unix()})
	out := previewAnswer{
		Suggestions: make([]previewSuggestion, len(res.Suggestions)),
		Card:        res.Card(),
		CardInTurn:  p.cfg.Turn.ContextCard,
		Why:         p.why(in.Text, res),
		Answers:     p.answersInUse(),
	}
	for i, s := range res.Suggestions {
		out.Suggestions[i] = previewSuggestion{Title: s.Title, Body: s.Body, Confidence: s.Confidence}
	}
	out.Menu = menuView(res.Menu)
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func menuView(items []actions.Item) []previewItem {
	out := make([]previewItem, len(items))
	for i, it := range items {
		out[i].Description = it.Description
		for _, o := range it.Options {
			out[i].Options = append(out[i].Options, o.Label)
		}
	}
	return out
}

// why lists what decided the answer: the message's language, the crisis
// check, the own answer, the candidates and what each lookup found. The
// values are the use case's own types (marshalled whole), and fields of
// reply.Result not listed here are added by name, so what the use case
// gains later appears without changing the page.
func (p *preview) why(text string, res reply.Result) []named {
	u := p.ex.Understand(text)
	why := []named{
		{"Outcome", res.Outcome},
		{"Language", u.Lang},
		{"Languages", u.Langs},
	}
	var clauses []string
	mixed := false
	for _, c := range u.Clauses {
		clauses = append(clauses, c.Lang)
		mixed = mixed || c.Lang != u.Lang
	}
	if mixed {
		why = append(why, named{"Clause languages", clauses})
	}
	why = append(why, named{"Crisis", res.Crisis}) // null: not a crisis
	if res.Own != nil {
		own := map[string]string{"ID": res.Own.Entry.ID, "Title": res.Own.Entry.Title, "Matched": res.Own.Phrase}
		if res.Own.Phrase == "" {
			own["Matched"] = "safety.crisis_answer"
		}
		why = append(why, named{"Own answer", own})
	} else {
		why = append(why, named{"Own answer", nil})
	}
	why = append(why,
		named{"Looked up", res.Query},
		named{"Corrections", res.Corrections},
		named{"Candidates", tries(res.Tried)},
	)
	if res.Filtered != "" {
		why = append(why, named{"Safety rules", res.Filtered})
	}
	if res.Err != nil {
		why = append(why, named{"Error", res.Err.Error()})
	}
	return append(why, otherFields(res)...)
}

// shownFields are the fields of reply.Result the page shows on their own
// (or, for the answer, the suggestions and the menu, elsewhere); StateErr
// is for logs.
var shownFields = map[string]bool{
	"Outcome": true, "Query": true, "Corrections": true, "Candidates": true, "Answer": true,
	"Suggestions": true, "Err": true, "Crisis": true, "Own": true, "Filtered": true, "Tried": true,
	"Menu": true, "StateErr": true,
}

// otherFields returns the exported fields of res that are set and not
// shown otherwise, by name.
func otherFields(res reply.Result) []named {
	var out []named
	v := reflect.ValueOf(res)
	for i := range v.NumField() {
		f := v.Type().Field(i)
		if !f.IsExported() || shownFields[f.Name] || v.Field(i).IsZero() {
			continue
		}
		val := v.Field(i).Interface()
		if err, ok := val.(error); ok {
			val = err.Error()
		}
		out = append(out, named{f.Name, val})
	}
	return out
}

// tryView is one candidate and what its lookup found.
type tryView struct {
	query.Candidate
	Why         string `json:"Why"` // the candidate's reasons, as suggest -v prints them
	Found       string `json:"Found"`
	Suggestions int    `json:"Suggestions"`
	Cached      bool   `json:"Cached"`
}

func tries(ts []reply.Try) []tryView {
	out := make([]tryView, len(ts))
	for i, t := range ts {
		found := "nothing"
		switch {
		case t.Skipped:
			found = "not looked up (lookup bound reached)"
		case t.Err != nil:
			found = "failed: " + t.Err.Error()
		case t.Answer.Heading != "":
			found = t.Answer.Heading
		}
		out[i] = tryView{Candidate: t.Candidate, Why: t.Candidate.Why(), Found: found, Suggestions: len(t.Suggestions), Cached: t.Cached}
	}
	return out
}

// answersInUse describes the answers file in use.
func (p *preview) answersInUse() string {
	if p.own == nil {
		return "none (answers.file is empty)"
	}
	return fmt.Sprintf("%s: %d answers", p.own.Path(), p.own.Current().Len())
}
