// Package actions holds what operators tell ddgbot through Turn's action
// menu: pins ("suggest for this message", "other topics") that steer a
// conversation's suggestions, and "not helpful" feedback that stops a
// topic being offered for a query again. State lives in a shared Store
// under hashed keys and holds no message text; the payloads that carry
// ddgbot's offers through the menu and back are signed, so a callback can
// only choose what ddgbot offered.
package actions

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"strconv"
	"strings"
	"sync"
	"time"

	lru "github.com/hashicorp/golang-lru/v2"

	"github.com/ddgbot/ddgbot/instant"
)

// The action ids: the keys of a poll answer's actions object and the
// action a payload names. Teams may refer to them; keep them stable.
const (
	ThisMessage    = "ddgbot_this_message"
	OtherTopics    = "ddgbot_other_topics"
	NotHelpful     = "ddgbot_not_helpful"
	UndoNotHelpful = "ddgbot_undo_not_helpful"
)

// Limits on what is offered, accepted and stored.
const (
	MaxOptions = 5   // "other topics" options at most
	MaxLabel   = 50  // characters of an option's label
	maxTopic   = 200 // bytes of a query or topic kept in a payload or pin
	maxDigits  = 32  // digits of an address (E.164 numbers have at most 15)
	maxPayload = 4 << 10
	// DefaultMaxEntries bounds each in-process pool (pins, marks) when
	// Options leave it 0.
	DefaultMaxEntries = 10000
)

// Store is the shared key-value store the state lives in. Get reports
// ok false for a missing or expired key; Set replaces a key's value.
type Store interface {
	Get(ctx context.Context, key string) (val []byte, ok bool, err error)
	Set(ctx context.Context, key string, val []byte, ttl time.Duration) error
	Delete(ctx context.Context, key string) error
}

// ErrInvalid wraps every reason a callback is refused: an unknown action,
// a payload ddgbot did not issue (or issued for another conversation, or
// that expired), an option it never offered, a missing message. Nothing
// is changed when it is returned.
var ErrInvalid = errors.New("invalid action")

// Options configure a Service.
type Options struct {
	PinTTL      time.Duration // how long a pin lasts at most, and a menu's payloads (default 30 min)
	FeedbackTTL time.Duration // how long a "not helpful" pair is remembered (default 30 days)
	// Key signs payloads, keys the hashes that name stored state and
	// tells deployments sharing one Redis apart; replicas must share it.
	// Empty: a random key of this process, so only it accepts its menus
	// and state in a shared store is its own.
	Key []byte
	// MaxPins and MaxMarks bound the in-process pools New makes when it
	// is given no Store (default DefaultMaxEntries each).
	MaxPins, MaxMarks int
	// RememberAbsent, with a Store, keeps its "no pin", "no mark"
	// answers in the process for up to this long, so that a poll needs
	// no round trip to it; a change made through any replica is seen
	// within absentFresh. 0 asks the store on every poll.
	RememberAbsent time.Duration
	Now            func() time.Time // default time.Now
}

// Service applies operators' actions, tells what they mean for a
// conversation (Pinned, Unhelpful) and builds the menu (Items). It is safe
// for concurrent use.
type Service struct {
	pins, marks Store
	o           Options
	signKey     []byte                     // MACs payloads
	hashKey     []byte                     // keys the hashes of addresses, queries, topics and messages
	keyPrefix   string                     // "actions:" and the deployment id, starting every store key
	menus       *lru.Cache[string, []Item] // recent Items, by offerKey
	hashers     sync.Pool                  // of *keyHasher
	absent      *absent                    // nil unless Options.RememberAbsent
}

// New returns a Service keeping its state in st, shared with whoever
// uses st with the same key; a nil st keeps pins and marks in two
// bounded in-process pools, so neither kind can crowd out the other.
func New(st Store, o Options) *Service {
	if o.PinTTL <= 0 {
		o.PinTTL = 30 * time.Minute
	}
	if o.FeedbackTTL <= 0 {
		o.FeedbackTTL = 30 * 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.MaxPins <= 0 {
		o.MaxPins = DefaultMaxEntries
	}
	if o.MaxMarks <= 0 {
		o.MaxMarks = DefaultMaxEntries
	}
	if len(o.Key) == 0 {
		o.Key = make([]byte, 32)
		_, _ = rand.Read(o.Key) // crypto/rand.Read never fails
	}
	menus, err := lru.New[string, []Item](menuCacheSize)
	if err != nil {
		panic(err) // only for a size below 1
	}
	s := &Service{pins: st, marks: st, o: o, menus: menus,
		signKey: derive(o.Key, "payload"), hashKey: derive(o.Key, "state")}
	if st == nil {
		s.pins, s.marks = newPool(o.MaxPins, o.Now), newPool(o.MaxMarks, o.Now)
	}
	s.hashers.New = func() any { return &keyHasher{mac: hmac.New(sha256.New, s.hashKey), in: make([]byte, 0, 256)} }
	s.keyPrefix = "actions:" + hex.EncodeToString(derive(o.Key, "deployment")[:6]) + ":"
	if st != nil && o.RememberAbsent > 0 {
		s.absent = newAbsent(st, s.keyPrefix+"version", o.RememberAbsent, o.Now)
	}
	return s
}

// Key derives the payload key from the configured secrets, so every
// replica with the same configuration derives the same key and none of the
// secrets can be read back from a signature. It returns nil when every
// secret is empty: a key derived from nothing would be known to anyone.
func Key(secrets ...string) []byte {
	if strings.Join(secrets, "") == "" {
		return nil
	}
	mac := hmac.New(sha256.New, []byte("ddgbot actions v1"))
	for _, s := range secrets {
		mac.Write([]byte(strconv.Itoa(len(s))))
		mac.Write([]byte{0})
		mac.Write([]byte(s))
	}
	return mac.Sum(nil)
}

// derive returns the subkey of key for one use.
func derive(key []byte, use string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("ddgbot actions " + use))
	return mac.Sum(nil)
}

// Callback is an operator's choice as the service needs it.
type Callback struct {
	Address string          // the conversation
	Option  string          // the chosen option's key, "" for none
	Payload json.RawMessage // as issued by Offer
	Message string          // content of the message the menu was opened on, "" for none
}

// Apply carries out a callback: pins the message or the chosen topic for
// the conversation, or records the offered topic as not helpful for its
// query. It returns the action applied, or an error wrapping ErrInvalid
// for a callback it refuses (nothing is changed then), ErrFull when the
// in-process pool of its kind is full, and any other error when the
// store fails.
func (s *Service) Apply(ctx context.Context, cb Callback) (string, error) {
	conv, ok := conversation(cb.Address)
	if !ok {
		return "", fmt.Errorf("%w: address has no digits, or too many", ErrInvalid)
	}
	p, err := s.open(cb.Payload, conv)
	if err != nil {
		return "", err
	}
	switch p.Action {
	case ThisMessage:
		if strings.TrimSpace(cb.Message) == "" {
			return "", fmt.Errorf("%w: %s needs the message, with text", ErrInvalid, ThisMessage)
		}
		return s.changed(ctx, p.Action, s.pin(ctx, s.pinKey(conv), pin{Message: s.messageHash(cb.Message)}))
	case OtherTopics:
		i, err := strconv.Atoi(cb.Option)
		if err != nil || i < 1 || i > len(p.Options) || cb.Option != strconv.Itoa(i) {
			return "", fmt.Errorf("%w: option %.20q was not offered", ErrInvalid, cb.Option)
		}
		return s.changed(ctx, p.Action, s.pin(ctx, s.pinKey(conv), pin{Topic: p.Options[i-1]}))
	case NotHelpful, UndoNotHelpful:
		if p.Query == "" || p.Topic == "" {
			return "", fmt.Errorf("%w: %s needs a query and a topic", ErrInvalid, p.Action)
		}
		key := s.feedbackKey(conv, p.Query, p.Topic)
		if p.Action == UndoNotHelpful {
			// Nothing any replica remembers is wrong after a delete.
			if err := s.marks.Delete(ctx, key); err != nil {
				return "", fmt.Errorf("undo not helpful: %w", err)
			}
			return p.Action, nil
		}
		if err := s.marks.Set(ctx, key, []byte{1}, s.o.FeedbackTTL); err != nil {
			return "", fmt.Errorf("record not helpful: %w", err)
		}
		return s.changed(ctx, p.Action, nil)
	}
	return "", fmt.Errorf("%w: unknown action", ErrInvalid)
}

// changed ends an Apply that stored something: every replica must stop
// trusting what it remembers as absent. Failing that, the operator is told
// to try again (the write is repeated harmlessly).
func (s *Service) changed(ctx context.Context, action string, err error) (string, error) {
	if err != nil {
		return "", err
	}
	if s.absent != nil {
		if err := s.absent.changed(ctx); err != nil {
			return "", fmt.Errorf("announce the change: %w", err)
		}
	}
	return action, nil
}

// get reads key from st, or knows without asking that it holds nothing.
func (s *Service) get(ctx context.Context, st Store, key string) ([]byte, bool, error) {
	if s.absent == nil {
		return st.Get(ctx, key)
	}
	if s.absent.has(ctx, key) {
		return nil, false, nil
	}
	gen := s.absent.gen.Load()
	b, ok, err := st.Get(ctx, key)
	if !ok && err == nil {
		s.absent.add(key, gen)
	}
	return b, ok, err
}

// pin is a conversation's pin as stored: the time it was made and either
// the hash of the pinned message or the pinned topic (at most maxTopic
// bytes: open refuses longer ones).
type pin struct {
	At      int64  `json:"at"` // unix seconds
	Message string `json:"m,omitempty"`
	Topic   string `json:"t,omitempty"`
}

func (s *Service) pin(ctx context.Context, key string, p pin) error {
	p.At = s.o.Now().Unix()
	b, err := json.Marshal(p)
	if err != nil {
		return err
	}
	// One key per conversation: a new pin replaces the old one.
	if err := s.pins.Set(ctx, key, b, s.o.PinTTL); err != nil {
		return fmt.Errorf("store pin: %w", err)
	}
	return nil
}

// Pin is what a conversation's suggestions are pinned to.
type Pin struct {
	Topic   string // look this up instead of the question, when not ""
	message string // hash of the pinned message, when Topic is ""
	s       *Service
}

// Matches reports whether content is the pinned message.
func (p Pin) Matches(content string) bool {
	return p.message != "" && hmac.Equal([]byte(p.message), []byte(p.s.messageHash(content)))
}

// Pinned returns the conversation's pin. A pin made before newest (unix
// seconds of the conversation's newest inbound message) has ended: it is
// deleted and ok is false. A store failure gives ok false and the error.
func (s *Service) Pinned(ctx context.Context, address string, newest int64) (Pin, bool, error) {
	conv, ok := conversation(address)
	if !ok {
		return Pin{}, false, nil
	}
	key := s.pinKey(conv)
	b, ok, err := s.get(ctx, s.pins, key)
	if err != nil || !ok {
		return Pin{}, false, err
	}
	var p pin
	if err := json.Unmarshal(b, &p); err != nil || (p.Topic == "" && p.Message == "") {
		return Pin{}, false, fmt.Errorf("pin of unknown shape: %w", errors.Join(err, s.pins.Delete(ctx, key)))
	}
	if newest > p.At {
		return Pin{}, false, s.pins.Delete(ctx, key)
	}
	return Pin{Topic: p.Topic, message: p.Message, s: s}, true, nil
}

// Unhelpful reports whether an operator marked topic as not helpful for
// query in the conversation at address within feedback.ttl (and did not
// undo it). A mark is the conversation's own: other conversations are
// still offered the topic. A store failure counts as no.
func (s *Service) Unhelpful(ctx context.Context, address, query, topic string) (bool, error) {
	conv, ok := conversation(address)
	if !ok {
		return false, nil
	}
	_, ok, err := s.get(ctx, s.marks, s.feedbackKey(conv, query, topic))
	return ok && err == nil, err
}

// messageHash is a keyed hash of a message's content: it identifies the
// pinned message without storing its text.
func (s *Service) messageHash(content string) string {
	mac := hmac.New(sha256.New, s.hashKey)
	mac.Write([]byte("message\x00"))
	mac.Write([]byte(content))
	return hex.EncodeToString(mac.Sum(nil)[:16])
}

// conversation returns the digits of address, which name its
// conversation: "+27 82…" (callbacks, chat.owner) and "2782…" (a
// message's from) are the same one. ok is false for an address without
// digits or with more than maxDigits.
func conversation(address string) (string, bool) {
	var arr [maxDigits]byte
	b, ok := appendDigits(arr[:0], address)
	return string(b), ok
}

// appendDigits appends the digits of address to b; ok is false when
// there are none or more than maxDigits.
func appendDigits(b []byte, address string) (_ []byte, ok bool) {
	n := 0
	for i := 0; i < len(address); i++ {
		if c := address[i]; c >= '0' && c <= '9' { // never part of a multi-byte rune
			if n++; n > maxDigits {
				return b, false
			}
			b = append(b, c)
		}
	}
	return b, n > 0
}

// pinKey is the store key of a conversation's pin.
func (s *Service) pinKey(conv string) string {
	h := s.hasher()
	h.in = appendPart(appendPart(h.in, "address"), conv)
	return s.hashed(h, "pin:")
}

// feedbackKey is the store key of a "not helpful" mark: a conversation's,
// for a query and a topic.
func (s *Service) feedbackKey(conv, query, topic string) string {
	h := s.hasher()
	h.in = appendPart(h.in, "feedback")
	h.in = appendPart(h.in, conv)
	h.in = appendPart(h.in, instant.Normalize(query))
	h.in = appendPart(h.in, instant.Normalize(topic))
	return s.hashed(h, "nh:")
}

// keyHasher is a reusable HMAC under hashKey and its input, so naming a
// key on every poll allocates nothing but the name.
type keyHasher struct {
	mac hash.Hash
	in  []byte
	sum [sha256.Size]byte
}

func (s *Service) hasher() *keyHasher {
	h := s.hashers.Get().(*keyHasher)
	h.in = h.in[:0]
	return h
}

// appendPart appends p to a hash's input, length-prefixed so no two
// inputs share their parts.
func appendPart(b []byte, p string) []byte {
	b = strconv.AppendInt(b, int64(len(p)), 10)
	b = append(b, 0)
	return append(b, p...)
}

// hashed returns the store key of kind for h's input and puts h back:
// the deployment's prefix, kind and the hex of a keyed hash of the input.
// Keyed, so that nobody who can read the store can find a phone number or
// a query by trying them all, and two deployments sharing a Redis never
// see each other's state.
func (s *Service) hashed(h *keyHasher, kind string) string {
	h.mac.Reset()
	h.mac.Write(h.in)
	sum := h.mac.Sum(h.sum[:0])
	var arr [80]byte
	b := append(append(arr[:0], s.keyPrefix...), kind...)
	key := string(hex.AppendEncode(b, sum[:16]))
	s.hashers.Put(h)
	return key
}
