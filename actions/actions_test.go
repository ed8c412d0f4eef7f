package actions

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// memStore is an in-process Store with expiry on an injected clock that
// counts writes and can be told to fail.
type memStore struct {
	mu     sync.Mutex
	now    func() time.Time
	items  map[string]memItem
	writes int
	gets   int
	fail   error
}

type memItem struct {
	val []byte
	exp time.Time
}

func newMemStore(now func() time.Time) *memStore {
	return &memStore{now: now, items: map[string]memItem{}}
}

func (m *memStore) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gets++
	if m.fail != nil {
		return nil, false, m.fail
	}
	it, ok := m.items[key]
	if !ok || !m.now().Before(it.exp) {
		return nil, false, nil
	}
	return it.val, true, nil
}

func (m *memStore) Set(_ context.Context, key string, val []byte, ttl time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.writes++
	m.items[key] = memItem{val: bytes.Clone(val), exp: m.now().Add(ttl)}
	return nil
}

func (m *memStore) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail != nil {
		return m.fail
	}
	m.writes++
	delete(m.items, key)
	return nil
}

// dump returns every key and value, for checks on what is stored.
func (m *memStore) dump() string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var b strings.Builder
	for k, it := range m.items {
		b.WriteString(k + "=" + string(it.val) + "\n")
	}
	return b.String()
}

// clock is a fake time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newService(t *testing.T) (*Service, *memStore, *clock) {
	t.Helper()
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	st := newMemStore(c.Now)
	return New(st, Options{Key: Key("secret", "token"), Now: c.Now}), st, c
}

const addr = "+27820001001"

// options returns the "other topics" submenu as key → label.
func options(t *testing.T, items []Item) map[string]string {
	t.Helper()
	m := map[string]string{}
	for _, o := range item(t, items, OtherTopics).Options {
		if _, dup := m[o.Key]; dup {
			t.Fatalf("option %q twice", o.Key)
		}
		m[o.Key] = o.Label
	}
	return m
}

func item(t *testing.T, items []Item, id string) Item {
	t.Helper()
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no %s among %+v", id, items)
	return Item{}
}

func ids(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

// Ensure the menu has "other topics" only with alternatives and "not
// helpful" only with a suggestion, and that options are deduped, exclude
// what was suggested, number at most five and have short labels.
func TestItems(t *testing.T) {
	s, _, _ := newService(t)
	tests := []struct {
		name string
		o    Offer
		want string
	}{
		{"nothing suggested", Offer{}, ThisMessage},
		{"suggested, no alternatives", Offer{Query: "reddit", Topic: "Reddit"}, ThisMessage + " " + NotHelpful},
		{"alternatives only", Offer{Alternatives: []string{"cat"}}, ThisMessage + " " + OtherTopics},
		{"all", Offer{Query: "apple", Topic: "Apple", Alternatives: []string{"Apple Inc."}}, ThisMessage + " " + OtherTopics + " " + NotHelpful},
		{"alternatives all the suggestion", Offer{Query: "apple", Topic: "Apple", Alternatives: []string{"apple", " APPLE ", ""}}, ThisMessage + " " + NotHelpful},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(ids(s.Items(addr, tt.o)), " "); got != tt.want {
				t.Fatalf("items %s, want %s", got, tt.want)
			}
		})
	}

	long := strings.Repeat("Ü", 80)
	items := s.Items(addr, Offer{Query: "cat", Topic: "Cat", Alternatives: []string{
		"Cat", "Felidae", "felidae", long, "Cat (film)", "Catalan", "CAT scan", "Six"}})
	opts := options(t, items)
	want := map[string]string{"1": "Felidae", "2": strings.Repeat("Ü", 49) + "…", "3": "Cat (film)", "4": "Catalan", "5": "CAT scan"}
	if len(opts) != len(want) {
		t.Fatalf("options %q", opts)
	}
	for k, v := range want {
		if opts[k] != v || utf8.RuneCountInString(opts[k]) > MaxLabel {
			t.Errorf("option %s = %q, want %q", k, opts[k], v)
		}
	}
}

// Ensure remembered menus are the menus Items builds: the same items for
// the same offer, another offer's never (not even when its fields run
// together the same), and payloads that still open after a service with
// the same key rebuilt them.
func TestItemsRemembered(t *testing.T) {
	s, _, _ := newService(t)
	offers := []Offer{
		{},
		{Query: "ab", Topic: "c"},
		{Query: "a", Topic: "bc"},
		{Query: "a", Topic: "b", Alternatives: []string{"c"}},
		{Query: "a", Topic: "b", Alternatives: []string{"c", "d"}},
		{Query: "a", Alternatives: []string{"b", "c"}},
	}
	first := make([][]Item, len(offers))
	for i, o := range offers {
		first[i] = s.Items(addr, o)
	}
	fresh, _, _ := newService(t)
	for i, o := range offers {
		again := s.Items(addr, Offer{Query: o.Query, Topic: o.Topic, Alternatives: append([]string(nil), o.Alternatives...)})
		if !reflect.DeepEqual(again, first[i]) {
			t.Errorf("offer %+v: %+v, then %+v", o, first[i], again)
		}
		if want := fresh.items("27820001001", fresh.expiry(), o); !reflect.DeepEqual(again, want) {
			t.Errorf("offer %+v: remembered %+v, built %+v", o, again, want)
		}
		for j := range i {
			if reflect.DeepEqual(first[j], first[i]) {
				t.Errorf("offers %+v and %+v share a menu", offers[j], o)
			}
		}
	}
}

// Ensure store keys name a conversation however its address is written,
// are keyed hashes (nobody reading the store can test phone numbers or
// queries against them without the key) and start with a deployment id,
// so deployments with other keys never share a key.
func TestStoreKeys(t *testing.T) {
	s := New(nil, Options{Key: Key("secret")})
	same := New(nil, Options{Key: Key("secret")})
	other := New(nil, Options{Key: Key("other secret")})
	pk := func(s *Service, address string) string {
		conv, ok := conversation(address)
		if !ok {
			return ""
		}
		return s.pinKey(conv)
	}
	if k := pk(s, "+27 82 000 1001"); k != pk(s, "2782ü0001001") || k != pk(same, "27820001001") || k == pk(s, "27820001002") {
		t.Fatalf("pin keys: %q %q %q", k, pk(s, "2782ü0001001"), pk(same, "27820001001"))
	}
	if pk(s, "no digits") != "" || pk(s, strings.Repeat("1", maxDigits+1)) != "" {
		t.Fatal("an address without a conversation has a key")
	}
	if k := s.feedbackKey("27820001001", "Apple  Pie", "Apple pie"); k != s.feedbackKey("27820001001", "apple pie", "APPLE PIE") || k == s.feedbackKey("27820001001", "apple", "pie") {
		t.Fatal("feedback keys do not fold the query and topic, or collide")
	}
	unkeyed := sha256.Sum256([]byte("7\x00address11\x0027820001001"))
	for _, tt := range []struct{ a, b string }{
		{pk(s, addr), pk(other, addr)},
		{s.feedbackKey("27820001001", "q", "t"), other.feedbackKey("27820001001", "q", "t")},
	} {
		if tt.a == tt.b || strings.Contains(tt.a, hex.EncodeToString(unkeyed[:16])) {
			t.Errorf("key %q, other deployment's %q", tt.a, tt.b)
		}
		dep, _, _ := strings.Cut(strings.TrimPrefix(tt.a, "actions:"), ":")
		odep, _, _ := strings.Cut(strings.TrimPrefix(tt.b, "actions:"), ":")
		if len(dep) != 12 || dep == odep {
			t.Errorf("deployment ids %q and %q", dep, odep)
		}
	}
}

func callback(it Item, option, message string) Callback {
	return Callback{Address: addr, Option: option, Payload: it.Payload, Message: message}
}

// Ensure "suggest for this message" pins the message without storing its
// text, and that the pin is replaced by the next, ended by a newer inbound
// message, and gone after pin_ttl.
func TestPinMessage(t *testing.T) {
	s, st, c := newService(t)
	ctx := context.Background()
	items := s.Items(addr, Offer{Query: "reddit", Topic: "Reddit", Alternatives: []string{"Redditor"}})
	const text = "my secret question about reddit"
	if a, err := s.Apply(ctx, callback(item(t, items, ThisMessage), "", text)); err != nil || a != ThisMessage {
		t.Fatalf("apply: %q %v", a, err)
	}
	if d := st.dump(); strings.Contains(d, "reddit") || strings.Contains(d, "27820001001") {
		t.Fatalf("store holds text or the address: %s", d)
	}
	p, ok, err := s.Pinned(ctx, "27820001001", c.Now().Unix()-100) // same conversation, written as "from" is
	if err != nil || !ok || p.Topic != "" || !p.Matches(text) || p.Matches(text+" ") || p.Matches("") {
		t.Fatalf("pinned %+v %v %v", p, ok, err)
	}
	if _, ok, _ := s.Pinned(ctx, "+27820001002", 0); ok {
		t.Fatal("pin leaked to another conversation")
	}

	// A topic pin replaces the message pin: one key per conversation.
	c.Add(time.Minute)
	if _, err := s.Apply(ctx, callback(item(t, items, OtherTopics), "1", "")); err != nil {
		t.Fatal(err)
	}
	p, ok, _ = s.Pinned(ctx, addr, 0)
	if !ok || p.Topic != "Redditor" || p.Matches(text) {
		t.Fatalf("after topic pin: %+v %v", p, ok)
	}
	if n := strings.Count(st.dump(), ":pin:"); n != 1 {
		t.Fatalf("%d pins stored", n)
	}

	// A message at the pin's second does not end it; a later one does.
	pinnedAt := c.Now().Unix()
	if _, ok, _ := s.Pinned(ctx, addr, pinnedAt); !ok {
		t.Fatal("pin ended by a message of the same second")
	}
	if _, ok, err := s.Pinned(ctx, addr, pinnedAt+1); ok || err != nil {
		t.Fatalf("pin survived a newer message: %v", err)
	}
	if _, ok, _ := s.Pinned(ctx, addr, 0); ok {
		t.Fatal("ended pin not deleted")
	}

	// pin_ttl bounds a pin no message ends.
	if _, err := s.Apply(ctx, callback(item(t, items, ThisMessage), "", text)); err != nil {
		t.Fatal(err)
	}
	c.Add(30*time.Minute + time.Second)
	if _, ok, _ := s.Pinned(ctx, addr, 0); ok {
		t.Fatal("pin outlived pin_ttl")
	}
}

// Ensure "not helpful" is remembered for the query and topic (however
// spaced or cased) in the conversation it was clicked in, not for other
// pairs or conversations, and only for feedback.ttl, without storing
// either in the clear.
func TestNotHelpful(t *testing.T) {
	s, st, c := newService(t)
	ctx := context.Background()
	items := s.Items(addr, Offer{Query: "apple pie", Topic: "Apple pie"})
	if a, err := s.Apply(ctx, callback(item(t, items, NotHelpful), "", "")); err != nil || a != NotHelpful {
		t.Fatalf("apply: %q %v", a, err)
	}
	if d := st.dump(); strings.Contains(strings.ToLower(d), "apple") {
		t.Fatalf("store holds the query: %s", d)
	}
	for _, tt := range []struct {
		q, topic string
		want     bool
	}{
		{"apple pie", "Apple pie", true},
		{" Apple  PIE", "apple pie", true},
		{"apple", "Apple pie", false},
		{"apple pie", "Apple", false},
	} {
		if got, err := s.Unhelpful(ctx, addr, tt.q, tt.topic); got != tt.want || err != nil {
			t.Errorf("Unhelpful(%q, %q) = %v, %v", tt.q, tt.topic, got, err)
		}
	}
	if got, _ := s.Unhelpful(ctx, "+27820001002", "apple pie", "Apple pie"); got {
		t.Fatal("a mark hid the topic in another conversation")
	}
	c.Add(30*24*time.Hour + time.Second)
	if got, _ := s.Unhelpful(ctx, addr, "apple pie", "Apple pie"); got {
		t.Fatal("feedback outlived feedback.ttl")
	}
}

// Ensure every kind of bad callback is refused with ErrInvalid and
// changes nothing in the store.
func TestApplyRefuses(t *testing.T) {
	s, st, _ := newService(t)
	other := New(st, Options{Key: Key("another secret")})
	items := s.Items(addr, Offer{Query: "cat", Topic: "Cat", Alternatives: []string{"Felidae", "Cat (film)"}})
	topics := item(t, items, OtherTopics)
	forged := func(mutate func(map[string]any)) json.RawMessage {
		var m map[string]any
		_ = json.Unmarshal(topics.Payload, &m)
		mutate(m)
		b, _ := json.Marshal(m)
		return b
	}
	tests := []struct {
		name string
		cb   Callback
		want string
	}{
		{"unknown action", Callback{Address: addr, Payload: json.RawMessage(`{"action":"registrant_switch","sig":"x"}`)}, "unknown action"},
		{"fixture payload", Callback{Address: addr, Option: "other", Payload: json.RawMessage(`{"registrant_id":"mother-uuid","action":"baby_switch","data":{}}`)}, "unknown action"},
		{"payload not ours", Callback{Address: addr, Payload: json.RawMessage(`{"action":5}`)}, "not one ddgbot issued"},
		{"unsigned", Callback{Address: addr, Payload: json.RawMessage(`{"action":"ddgbot_this_message"}`)}, "not one ddgbot issued"},
		{"other key", callback(item(t, other.Items(addr, Offer{}), ThisMessage), "", "hi"), "not one ddgbot issued"},
		{"option added", Callback{Address: addr, Option: "3", Payload: forged(func(m map[string]any) {
			m["options"] = []any{"Felidae", "Cat (film)", "Something harmful"}
		})}, "not one ddgbot issued"},
		{"option never offered", callback(topics, "3", ""), "not offered"},
		{"option zero", callback(topics, "0", ""), "not offered"},
		{"option padded", callback(topics, "01", ""), "not offered"},
		{"option label", callback(topics, "Felidae", ""), "not offered"},
		{"no option", callback(topics, "", ""), "not offered"},
		{"message missing", callback(item(t, items, ThisMessage), "", ""), "needs the message"},
		{"message blank", callback(item(t, items, ThisMessage), "", " \n"), "needs the message"},
		{"address without digits", Callback{Address: "nobody", Payload: item(t, items, NotHelpful).Payload}, "no digits"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.Apply(context.Background(), tt.cb)
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrInvalid with %q", err, tt.want)
			}
			if st.writes != 0 {
				t.Fatalf("%d writes for a refused callback", st.writes)
			}
		})
	}
}

// Ensure a failing store is an error for a callback (not ErrInvalid: the
// operator should retry) and for a poll's reads, never a panic.
func TestStoreFailure(t *testing.T) {
	s, st, _ := newService(t)
	ctx := context.Background()
	items := s.Items(addr, Offer{Query: "q", Topic: "T"})
	st.fail = errors.New("connection refused")
	for _, id := range []string{ThisMessage, NotHelpful} {
		if _, err := s.Apply(ctx, callback(item(t, items, id), "", "text")); err == nil || errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v", id, err)
		}
	}
	if _, ok, err := s.Pinned(ctx, addr, 0); ok || err == nil {
		t.Errorf("Pinned: %v %v", ok, err)
	}
	if ok, err := s.Unhelpful(ctx, addr, "q", "T"); ok || err == nil {
		t.Errorf("Unhelpful: %v %v", ok, err)
	}
}

// Ensure a stored pin of another shape is dropped, not trusted.
func TestPinnedUnknownShape(t *testing.T) {
	s, st, _ := newService(t)
	ctx := context.Background()
	_ = st.Set(ctx, s.pinKey("27820001001"), []byte(`{"at":1}`), time.Hour)
	if _, ok, err := s.Pinned(ctx, addr, 0); ok || err == nil {
		t.Fatalf("ok %v err %v", ok, err)
	}
	if strings.Contains(st.dump(), ":pin:") {
		t.Fatal("bad pin kept")
	}
}

// Ensure the key depends on every secret and their boundaries.
func TestKey(t *testing.T) {
	if !bytes.Equal(Key("a", "b"), Key("a", "b")) {
		t.Fatal("not deterministic")
	}
	for _, other := range [][]byte{Key("a"), Key("ab"), Key("a", "c"), Key("", "ab"), Key("ab", "")} {
		if bytes.Equal(Key("a", "b"), other) {
			t.Fatal("collision")
		}
	}
}

// FuzzOpen checks that open never panics, accepts only known actions
// with few options, and always accepts what Items sealed.
func FuzzOpen(f *testing.F) {
	s := New(newMemStore(time.Now), Options{Key: Key("k")})
	f.Add([]byte(`{"action":"ddgbot_this_message","sig":""}`), "q", "t", "o")
	f.Add([]byte(`{"action":"ddgbot_other_topics","options":["a"],"sig":"AAAA"}`), "", "", "")
	f.Fuzz(func(t *testing.T, raw []byte, q, topic, opt string) {
		if p, err := s.open(raw, "27820001001"); err == nil && (len(p.Options) > MaxOptions || !strings.HasPrefix(p.Action, "ddgbot_")) {
			t.Fatalf("accepted %s", raw)
		}
		for _, it := range s.Items(addr, Offer{Query: q, Topic: topic, Alternatives: []string{opt}}) {
			if _, err := s.open(it.Payload, "27820001001"); err != nil {
				t.Fatalf("sealed payload %s refused: %v", it.Payload, err)
			}
		}
	})
}

// Ensure a payload works only in the conversation it was offered in, and
// only until it expires (PinTTL after the menu at most): replaying one in
// another conversation or later changes nothing.
func TestPayloadBound(t *testing.T) {
	s, st, c := newService(t)
	ctx := context.Background()
	items := s.Items(addr, Offer{Query: "cat", Topic: "Cat", Alternatives: []string{"Felidae"}})
	for _, id := range []string{ThisMessage, OtherTopics, NotHelpful} {
		cb := callback(item(t, items, id), "1", "hi")
		cb.Address = "+27820001002"
		if _, err := s.Apply(ctx, cb); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "not one ddgbot issued") {
			t.Errorf("%s in another conversation: %v", id, err)
		}
	}
	c.Add(29 * time.Minute)
	if _, err := s.Apply(ctx, callback(item(t, items, OtherTopics), "1", "")); err != nil {
		t.Fatalf("within pin_ttl: %v", err)
	}
	c.Add(time.Minute)
	for _, id := range []string{ThisMessage, OtherTopics, NotHelpful} {
		if _, err := s.Apply(ctx, callback(item(t, items, id), "1", "hi")); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "expired") {
			t.Errorf("%s after pin_ttl: %v", id, err)
		}
	}
	if st.writes != 1 {
		t.Fatalf("%d writes, want the one pin", st.writes)
	}
}

// Ensure sizes are checked on every callback, even for a payload signed
// with the right key: no topic, query or option longer than an offer may
// hold, no more options, no huge payload.
func TestOversizedRefused(t *testing.T) {
	s, st, c := newService(t)
	big := strings.Repeat("x", 900<<10)
	exp := c.Now().Add(time.Minute).Unix()
	for _, tt := range []struct {
		name string
		p    payload
	}{
		{"900 KB option", payload{Action: OtherTopics, Options: []string{big}}},
		{"option just too long", payload{Action: OtherTopics, Options: []string{strings.Repeat("é", maxTopic/2) + "x"}}},
		{"six options", payload{Action: OtherTopics, Options: []string{"a", "b", "c", "d", "e", "f"}}},
		{"empty option", payload{Action: OtherTopics, Options: []string{""}}},
		{"invalid UTF-8", payload{Action: OtherTopics, Options: []string{"a\xff"}}},
		{"900 KB topic", payload{Action: NotHelpful, Query: "q", Topic: big}},
		{"900 KB query", payload{Action: NotHelpful, Query: big, Topic: "t"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.p.Exp = exp
			if _, err := s.Apply(context.Background(), callback(Item{Payload: s.seal("27820001001", tt.p)}, "1", "")); !errors.Is(err, ErrInvalid) {
				t.Fatalf("err %v", err)
			}
		})
	}
	padded := json.RawMessage(`{"action":"ddgbot_this_message","pad":"` + strings.Repeat(" ", maxPayload) + `"}`)
	if _, err := s.Apply(context.Background(), Callback{Address: addr, Payload: padded, Message: "hi"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("padded payload: %v", err)
	}
	if st.writes != 0 {
		t.Fatalf("%d writes", st.writes)
	}
	// The longest topic an offer holds still works.
	longest := strings.Repeat("é", maxTopic/2)
	items := s.Items(addr, Offer{Alternatives: []string{longest}})
	if _, err := s.Apply(context.Background(), callback(item(t, items, OtherTopics), "1", "")); err != nil {
		t.Fatal(err)
	}
}

// Ensure a service without a configured secret signs with a key of its
// own: not one derived from empty strings, which anyone could compute,
// and not one another process shares.
func TestNoSecret(t *testing.T) {
	if Key() != nil || Key("", "") != nil {
		t.Fatal("a key derived from nothing")
	}
	a, b := New(nil, Options{Key: Key("", "")}), New(nil, Options{})
	// What earlier releases derived from two empty secrets.
	mac := hmac.New(sha256.New, []byte("ddgbot actions v1"))
	mac.Write([]byte("0\x000\x00"))
	guessed := New(nil, Options{Key: mac.Sum(nil)})
	items := a.Items(addr, Offer{})
	for _, s := range []*Service{b, guessed} {
		if _, err := s.Apply(context.Background(), callback(item(t, items, ThisMessage), "", "hi")); !errors.Is(err, ErrInvalid) {
			t.Fatalf("another process accepted the payload: %v", err)
		}
	}
	if _, err := a.Apply(context.Background(), callback(item(t, items, ThisMessage), "", "hi")); err != nil {
		t.Fatal(err)
	}
}

// Ensure the in-process pools keep kinds apart and never evict what is
// live, with the numbers of the flood that once did: 12,000 pins do not
// erase a "not helpful" mark, and pins for 30,000 other addresses do not
// evict a conversation's pin. Past the bound a callback gets ErrFull;
// once pins expire there is room again.
func TestPoolsHoldUnderFlood(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	s := New(nil, Options{Key: Key("secret"), Now: c.Now})
	ctx := context.Background()
	mine := s.Items(addr, Offer{Query: "apple pie", Topic: "Apple pie", Alternatives: []string{"Tart"}})
	for _, cb := range []Callback{callback(item(t, mine, NotHelpful), "", ""), callback(item(t, mine, OtherTopics), "1", "")} {
		if _, err := s.Apply(ctx, cb); err != nil {
			t.Fatal(err)
		}
	}
	full := 0
	for i := range 30000 {
		a := "+1555" + strconv.Itoa(1000000+i)
		_, err := s.Apply(ctx, Callback{Address: a, Payload: item(t, s.Items(a, Offer{}), ThisMessage).Payload, Message: "flood"})
		switch {
		case errors.Is(err, ErrFull):
			full++
		case err != nil:
			t.Fatal(err)
		}
	}
	if full != 30000-DefaultMaxEntries+1 {
		t.Errorf("%d pins refused, want %d", full, 30000-DefaultMaxEntries+1)
	}
	if p, ok, _ := s.Pinned(ctx, addr, 0); !ok || p.Topic != "Tart" {
		t.Fatalf("pin evicted by the flood: %+v %v", p, ok)
	}
	if bad, _ := s.Unhelpful(ctx, addr, "apple pie", "Apple pie"); !bad {
		t.Fatal("mark evicted by the flood")
	}
	c.Add(31 * time.Minute)
	a := "+15559999999"
	if _, err := s.Apply(ctx, Callback{Address: a, Payload: item(t, s.Items(a, Offer{}), ThisMessage).Payload, Message: "later"}); err != nil {
		t.Fatalf("after the flood's pins expired: %v", err)
	}
	if bad, _ := s.Unhelpful(ctx, addr, "apple pie", "Apple pie"); !bad {
		t.Fatal("mark gone after the flood's pins expired")
	}
}

// Ensure that with RememberAbsent a poll for a conversation with no pin
// and a query with no mark needs no round trip to the shared store once
// the answer is known, and that a change made through another replica is
// seen as soon as the version is due to be read again.
func TestRememberAbsent(t *testing.T) {
	c := &clock{t: time.Unix(1_800_000_000, 0)}
	st := newMemStore(c.Now)
	o := Options{Key: Key("secret"), Now: c.Now, RememberAbsent: 10 * time.Second}
	a, b := New(st, o), New(st, o)
	ctx := context.Background()
	for range 100 {
		if _, ok, err := a.Pinned(ctx, addr, 0); ok || err != nil {
			t.Fatal(ok, err)
		}
		if bad, err := a.Unhelpful(ctx, addr, "apple pie", "Apple pie"); bad || err != nil {
			t.Fatal(bad, err)
		}
	}
	if st.gets != 3 { // the version, the pin, the mark
		t.Fatalf("%d reads for 100 polls, want 3", st.gets)
	}

	items := b.Items(addr, Offer{Query: "apple pie", Topic: "Apple pie", Alternatives: []string{"Tart"}})
	for _, cb := range []Callback{callback(item(t, items, OtherTopics), "1", ""), callback(item(t, items, NotHelpful), "", "")} {
		if _, err := b.Apply(ctx, cb); err != nil {
			t.Fatal(err)
		}
	}
	c.Add(absentFresh)
	if p, ok, err := a.Pinned(ctx, addr, 0); !ok || err != nil || p.Topic != "Tart" {
		t.Fatalf("pin made through b not seen by a: %+v %v %v", p, ok, err)
	}
	if bad, _ := a.Unhelpful(ctx, addr, "apple pie", "Apple pie"); !bad {
		t.Fatal("mark made through b not seen by a")
	}
	// A store that fails is asked again, not trusted from memory.
	st.fail = errors.New("connection refused")
	c.Add(absentFresh)
	if _, _, err := a.Pinned(ctx, "+27820001009", 0); err == nil {
		t.Fatal("a failing store was not asked")
	}
}

// Ensure a topic a mark hid can be shown again: the menu offers it when
// told what was hidden, and the callback deletes the conversation's mark
// (only in the conversation it was offered in).
func TestUndoNotHelpful(t *testing.T) {
	s, _, _ := newService(t)
	ctx := context.Background()
	mark := s.Items(addr, Offer{Query: "apple pie", Topic: "Apple pie"})
	if _, err := s.Apply(ctx, callback(item(t, mark, NotHelpful), "", "")); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(ids(s.Items(addr, Offer{Query: "apple tart", Topic: "Tart"})), " "); strings.Contains(got, UndoNotHelpful) {
		t.Fatalf("undo offered with nothing hidden: %s", got)
	}
	items := s.Items(addr, Offer{Query: "apple tart", Topic: "Tart", Hidden: Mark{Query: "apple pie", Topic: "Apple pie"}})
	undo := item(t, items, UndoNotHelpful)
	if undo.Description != "Show again: Apple pie" {
		t.Fatalf("undo item %+v", undo)
	}
	elsewhere := callback(undo, "", "")
	elsewhere.Address = "+27820001002"
	if _, err := s.Apply(ctx, elsewhere); !errors.Is(err, ErrInvalid) {
		t.Fatalf("undo from another conversation: %v", err)
	}
	if a, err := s.Apply(ctx, callback(undo, "", "")); err != nil || a != UndoNotHelpful {
		t.Fatalf("undo: %q %v", a, err)
	}
	if bad, _ := s.Unhelpful(ctx, addr, "apple pie", "Apple pie"); bad {
		t.Fatal("mark still there after undo")
	}
}
