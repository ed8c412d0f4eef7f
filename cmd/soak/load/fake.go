package load

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

// TopicPrefix starts the generated queries the fake answers with an article
// of their own ("topic-17"), so a soak can ask an endless supply of new
// questions that each fill a cache entry.
const TopicPrefix = "topic-"

// Fake is the fake DuckDuckGo of a soak: the recorded answers of ddgtest,
// plus a generated article for every TopicPrefix query.
type Fake struct {
	*ddgtest.Handler
	topics atomic.Int64
}

// NewFake serves answers (as ddgtest.NewHandler does) and generated topics.
func NewFake(answers map[string][]byte) *Fake {
	return &Fake{Handler: ddgtest.NewHandler(answers)}
}

// ServeHTTP implements http.Handler.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	q := strings.ToLower(strings.TrimSpace(r.URL.Query().Get("q")))
	if !strings.HasPrefix(q, TopicPrefix) {
		f.Handler.ServeHTTP(w, r)
		return
	}
	f.topics.Add(1)
	heading := "Topic " + strings.TrimPrefix(q, TopicPrefix)
	body, _ := json.Marshal(map[string]any{
		"Type":           "A",
		"Heading":        heading,
		"AbstractText":   heading + " is a generated subject used to soak-test ddgbot. It has a second sentence, as real abstracts do.",
		"AbstractSource": "Wikipedia",
		"AbstractURL":    "https://en.wikipedia.org/wiki/" + strings.ReplaceAll(heading, " ", "_"),
		"RelatedTopics":  []any{},
		"Results":        []any{},
	})
	w.Header().Set("Content-Type", ddgtest.ContentType)
	_, _ = w.Write(body)
}

// Requests returns the number of requests received, recorded and generated.
func (f *Fake) Requests() int { return f.Handler.Requests() + int(f.topics.Load()) }
