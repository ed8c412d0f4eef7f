package actions

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/instant"
)

// Offer is what a poll's suggestions were made from, for the menu.
type Offer struct {
	Query        string   // the query whose answer was suggested; "" when nothing was
	Topic        string   // that answer's topic
	Alternatives []string // other topics worth offering, best first
	// Hidden is what the conversation's "not helpful" mark kept from
	// this answer, for an item that undoes it; zero for none.
	Hidden Mark
}

// Mark is a topic marked not helpful for a query.
type Mark struct {
	Query, Topic string
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

// Items returns the menu for a poll answer with an inbound question from
// address: always "suggest for this message", "other topics" when o has
// alternatives (at most MaxOptions, labels at most MaxLabel characters),
// "not helpful" when a suggestion was made, and "show again" when
// o.Hidden says a mark of the conversation hid a topic. Its payloads work only for
// address's conversation and for about PinTTL: Apply refuses them for
// another conversation or later. None for an address Apply would refuse.
//
// The menu for an offer changes only as time goes by in steps of
// expiryStep, so recent menus are kept and shared: callers must not
// modify the items, their payloads or their options.
func (s *Service) Items(address string, o Offer) []Item {
	var arr [512]byte
	conv, ok := appendDigits(arr[:0], address)
	if !ok {
		return nil
	}
	exp := s.expiry()
	key := offerKey(conv, exp, o)
	if items, ok := s.menus.Get(string(key)); ok {
		return items
	}
	items := s.items(string(conv), exp, o)
	s.menus.Add(string(key), items)
	return items
}

// expiry returns the end of a payload made now: PinTTL from now, cut to
// a step of at most a minute so that menus can be reused meanwhile.
func (s *Service) expiry() int64 {
	step := min(time.Minute, max(s.o.PinTTL/8, time.Second))
	return s.o.Now().Add(s.o.PinTTL).Truncate(step).Unix()
}

// menuCacheSize bounds the menus kept: enough for the questions a busy
// help line sees over and over.
const menuCacheSize = 1024

// offerKey appends the menu's expiry and o's fields to conv (the digits
// of its conversation, always fewer than maxDigits+1), so no two menus
// share a key.
func offerKey(conv []byte, exp int64, o Offer) []byte {
	b := append(conv, 0)
	b = strconv.AppendInt(b, exp, 10)
	b = append(b, 0)
	b = appendPart(b, o.Query)
	b = appendPart(b, o.Topic)
	b = appendPart(b, o.Hidden.Query)
	b = appendPart(b, o.Hidden.Topic)
	for _, a := range o.Alternatives {
		b = appendPart(b, a)
	}
	return b
}

// items builds the menu Items returns.
func (s *Service) items(conv string, exp int64, o Offer) []Item {
	items := make([]Item, 0, 4)
	items = append(items, Item{ID: ThisMessage, Description: "Suggest for this message",
		Payload: s.seal(conv, payload{Action: ThisMessage, Exp: exp})})
	if alts := alternatives(o); len(alts) > 0 {
		opts := make([]Option, len(alts))
		for i, a := range alts {
			opts[i] = Option{Key: strconv.Itoa(i + 1), Label: label(a)}
		}
		items = append(items, Item{
			ID: OtherTopics, Description: "Other topics", Options: opts,
			Payload: s.seal(conv, payload{Action: OtherTopics, Options: alts, Exp: exp}),
		})
	}
	// Valid UTF-8, so the payload comes back from JSON unchanged.
	q, t := strings.ToValidUTF8(o.Query, "\uFFFD"), strings.ToValidUTF8(o.Topic, "\uFFFD")
	if q != "" && t != "" && fits(q) && fits(t) {
		items = append(items, Item{
			ID: NotHelpful, Description: "Not helpful",
			Payload: s.seal(conv, payload{Action: NotHelpful, Query: q, Topic: t, Exp: exp}),
		})
	}
	if h := o.Hidden; h.Query != "" && h.Topic != "" && fits(h.Query) && fits(h.Topic) {
		items = append(items, Item{
			ID: UndoNotHelpful, Description: label("Show again: " + h.Topic),
			Payload: s.seal(conv, payload{Action: UndoNotHelpful, Query: h.Query, Topic: h.Topic, Exp: exp}),
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

// payload is an action's payload: the action, what ddgbot needs back and
// when it expires, signed together with the conversation it was offered
// in, so a callback cannot name a query, topic or option ddgbot never
// offered, nor use an offer in another conversation or after Exp.
type payload struct {
	Action  string   `json:"action"`
	Query   string   `json:"query,omitempty"`
	Topic   string   `json:"topic,omitempty"`
	Options []string `json:"options,omitempty"`
	Exp     int64    `json:"exp"` // unix seconds
	Sig     string   `json:"sig"`
}

func (s *Service) seal(conv string, p payload) json.RawMessage {
	p.Sig = s.sign(conv, &p)
	b, err := json.Marshal(p)
	if err != nil {
		panic(err) // strings only: cannot fail
	}
	return b
}

// open checks a payload came from seal for conv and has not expired.
// Sizes are checked before the signature, so that whoever holds the key
// (or forges with a weak one) still cannot make ddgbot store or look up
// more than an offer could hold.
func (s *Service) open(raw json.RawMessage, conv string) (payload, error) {
	notOurs := fmt.Errorf("%w: payload is not one ddgbot issued for this conversation", ErrInvalid)
	if len(raw) > maxPayload {
		return payload{}, notOurs
	}
	var p payload
	if err := json.Unmarshal(raw, &p); err != nil {
		return payload{}, notOurs
	}
	switch p.Action {
	case ThisMessage, OtherTopics, NotHelpful, UndoNotHelpful:
	default:
		return payload{}, fmt.Errorf("%w: unknown action", ErrInvalid)
	}
	if len(p.Options) > MaxOptions || !fits(p.Query) || !fits(p.Topic) {
		return payload{}, notOurs
	}
	for _, o := range p.Options {
		if o == "" || !fits(o) {
			return payload{}, notOurs
		}
	}
	if !hmac.Equal([]byte(p.Sig), []byte(s.sign(conv, &p))) {
		return payload{}, notOurs
	}
	if p.Exp <= s.o.Now().Unix() {
		return payload{}, fmt.Errorf("%w: the menu has expired; open the conversation again", ErrInvalid)
	}
	return p, nil
}

// fits reports whether a query, topic or option may be stored and
// looked up.
func fits(v string) bool { return len(v) <= maxTopic && utf8.ValidString(v) }

// sign MACs conv and every field but Sig, each length-prefixed so no two
// payloads share an input.
func (s *Service) sign(conv string, p *payload) string {
	var arr [512]byte
	b := appendPart(arr[:0], "payload")
	b = appendPart(b, conv)
	b = appendPart(b, p.Action)
	b = appendPart(b, p.Query)
	b = appendPart(b, p.Topic)
	b = strconv.AppendInt(b, int64(len(p.Options)), 10)
	for _, o := range p.Options {
		b = appendPart(b, o)
	}
	b = strconv.AppendInt(append(b, 0), p.Exp, 10)
	mac := hmac.New(sha256.New, s.signKey)
	mac.Write(b)
	var sum [sha256.Size]byte
	return base64.RawURLEncoding.EncodeToString(mac.Sum(sum[:0])[:16])
}
