package actions

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/instant"
)

// Offer is what a poll's suggestions were made from, for the menu.
type Offer struct {
	Query        string   // the query whose answer was suggested; "" when nothing was
	Topic        string   // that answer's topic
	Alternatives []string // other topics worth offering, best first
}

// Item is one menu entry for a poll answer; the caller adds the URL.
type Item struct {
	ID          string
	Description string
	Payload     json.RawMessage
	Options     []Option // the submenu, in order; nil for none
}

// Option is one entry of an item's submenu.
type Option struct {
	Key   string // what the callback sends back as its option: "1", "2", …
	Label string
}

// Items returns the menu for a poll answer with an inbound question:
// always "suggest for this message", "other topics" when o has
// alternatives (at most MaxOptions, labels at most MaxLabel characters),
// "not helpful" when a suggestion was made.
//
// The menu for an offer never changes (its payloads carry no nonce), so
// recent menus are kept and shared: callers must not modify the items,
// their payloads or their options.
func (s *Service) Items(o Offer) []Item {
	var arr [512]byte
	key := offerKey(arr[:0], o)
	h := maphash.Bytes(s.seed, key)
	if m, ok := s.menus.Get(h); ok && m.key == string(key) {
		return m.items
	}
	items := s.items(o)
	s.menus.Add(h, &menu{key: string(key), items: items})
	return items
}

// menu is a cached result of Items, with the offerKey it was made for
// (the cache is keyed by its hash).
type menu struct {
	key   string
	items []Item
}

// menuCacheSize bounds the menus kept: enough for the questions a busy
// help line sees over and over.
const menuCacheSize = 1024

// offerKey appends o's fields to b, each length-prefixed so no two offers
// share a key.
func offerKey(b []byte, o Offer) []byte {
	field := func(v string) {
		b = strconv.AppendInt(b, int64(len(v)), 10)
		b = append(b, 0)
		b = append(b, v...)
	}
	field(o.Query)
	field(o.Topic)
	for _, a := range o.Alternatives {
		field(a)
	}
	return b
}

// items builds the menu Items returns.
func (s *Service) items(o Offer) []Item {
	items := make([]Item, 0, 3)
	items = append(items, Item{ID: ThisMessage, Description: "Suggest for this message", Payload: s.thisMessage})
	if alts := alternatives(o); len(alts) > 0 {
		opts := make([]Option, len(alts))
		for i, a := range alts {
			opts[i] = Option{Key: strconv.Itoa(i + 1), Label: label(a)}
		}
		items = append(items, Item{
			ID: OtherTopics, Description: "Other topics", Options: opts,
			Payload: s.seal(payload{Action: OtherTopics, Options: alts}),
		})
	}
	if o.Query != "" && o.Topic != "" {
		// Valid UTF-8, so the payload comes back from JSON unchanged.
		q, t := strings.ToValidUTF8(o.Query, "\uFFFD"), strings.ToValidUTF8(o.Topic, "\uFFFD")
		items = append(items, Item{
			ID: NotHelpful, Description: "Not helpful",
			Payload: s.seal(payload{Action: NotHelpful, Query: q, Topic: t}),
		})
	}
	return items
}

// alternatives dedupes o.Alternatives (and drops the query and topic
// suggested), keeping at most MaxOptions.
func alternatives(o Offer) []string {
	seen := map[string]bool{instant.Normalize(o.Query): true, instant.Normalize(o.Topic): true, "": true}
	out := make([]string, 0, min(len(o.Alternatives), MaxOptions))
	for _, a := range o.Alternatives {
		k := instant.Normalize(a)
		if seen[k] || len(a) > maxTopic || !utf8.ValidString(a) {
			continue
		}
		seen[k] = true
		out = append(out, a)
		if len(out) == MaxOptions {
			break
		}
	}
	return out
}

// label cuts a topic to MaxLabel characters for the menu.
func label(topic string) string {
	if utf8.RuneCountInString(topic) <= MaxLabel {
		return topic
	}
	r := []rune(topic)
	return string(r[:MaxLabel-1]) + "…"
}

// payload is an action's payload: the action and what ddgbot needs back,
// signed so a callback cannot name a query, topic or option ddgbot never
// offered.
type payload struct {
	Action  string   `json:"action"`
	Query   string   `json:"query,omitempty"`
	Topic   string   `json:"topic,omitempty"`
	Options []string `json:"options,omitempty"`
	Sig     string   `json:"sig"`
}

func (s *Service) seal(p payload) json.RawMessage {
	p.Sig = s.sign(&p)
	b, err := json.Marshal(p)
	if err != nil {
		panic(err) // strings only: cannot fail
	}
	return b
}

// open checks a payload came from seal.
func (s *Service) open(raw json.RawMessage) (payload, error) {
	var p payload
	if err := json.Unmarshal(raw, &p); err != nil {
		return payload{}, fmt.Errorf("%w: payload is not one ddgbot issued", ErrInvalid)
	}
	switch p.Action {
	case ThisMessage, OtherTopics, NotHelpful:
	default:
		return payload{}, fmt.Errorf("%w: unknown action", ErrInvalid)
	}
	if len(p.Options) > MaxOptions || !hmac.Equal([]byte(p.Sig), []byte(s.sign(&p))) {
		return payload{}, fmt.Errorf("%w: payload is not one ddgbot issued", ErrInvalid)
	}
	return p, nil
}

// sign MACs every field but Sig, each length-prefixed so no two payloads
// share an input.
func (s *Service) sign(p *payload) string {
	var arr [512]byte
	b := arr[:0]
	field := func(v string) {
		b = strconv.AppendInt(b, int64(len(v)), 10)
		b = append(b, 0)
		b = append(b, v...)
	}
	field("payload")
	field(p.Action)
	field(p.Query)
	field(p.Topic)
	b = strconv.AppendInt(b, int64(len(p.Options)), 10)
	for _, o := range p.Options {
		field(o)
	}
	mac := hmac.New(sha256.New, s.o.Key)
	mac.Write(b)
	var sum [sha256.Size]byte
	return base64.RawURLEncoding.EncodeToString(mac.Sum(sum[:0])[:16])
}
