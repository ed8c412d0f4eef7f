package actions

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
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
			if got := strings.Join(ids(s.Items(tt.o)), " "); got != tt.want {
				t.Fatalf("items %s, want %s", got, tt.want)
			}
		})
	}

	long := strings.Repeat("Ü", 80)
	items := s.Items(Offer{Query: "cat", Topic: "Cat", Alternatives: []string{
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
		first[i] = s.Items(o)
	}
	fresh, _, _ := newService(t)
	for i, o := range offers {
		again := s.Items(Offer{Query: o.Query, Topic: o.Topic, Alternatives: append([]string(nil), o.Alternatives...)})
		if !reflect.DeepEqual(again, first[i]) {
			t.Errorf("offer %+v: %+v, then %+v", o, first[i], again)
		}
		if want := fresh.items(o); !reflect.DeepEqual(again, want) {
			t.Errorf("offer %+v: remembered %+v, built %+v", o, again, want)
		}
		for j := range i {
			if reflect.DeepEqual(first[j], first[i]) {
				t.Errorf("offers %+v and %+v share a menu", offers[j], o)
			}
		}
	}
}

// Ensure the store keys stay what earlier releases wrote, so pins and
// feedback already stored are still found after an upgrade.
func TestStoreKeysStable(t *testing.T) {
	tests := []struct{ got, want string }{
		{pinKey("+27 82 000 1001"), pinPrefix + "2c24d333809cccd6a2118e63b7bb82ba"},
		{pinKey("2782ü0001001"), pinPrefix + "2c24d333809cccd6a2118e63b7bb82ba"},
		{pinKey("no digits"), ""},
		{feedbackKey("Apple  Pie", "Apple pie"), feedbackPrefix + "6d700fd8bc1c84e6a5931dc1aebff699"},
		{feedbackKey("reddit", "Reddit"), feedbackPrefix + "1e3068aa1318dc33d02052c5d405d9ff"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: key %q, want %q", i, tt.got, tt.want)
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
	items := s.Items(Offer{Query: "reddit", Topic: "Reddit", Alternatives: []string{"Redditor"}})
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
	if n := strings.Count(st.dump(), pinPrefix); n != 1 {
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
// spaced or cased), not for other pairs, and only for feedback.ttl,
// without storing either in the clear.
func TestNotHelpful(t *testing.T) {
	s, st, c := newService(t)
	ctx := context.Background()
	items := s.Items(Offer{Query: "apple pie", Topic: "Apple pie"})
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
		if got, err := s.Unhelpful(ctx, tt.q, tt.topic); got != tt.want || err != nil {
			t.Errorf("Unhelpful(%q, %q) = %v, %v", tt.q, tt.topic, got, err)
		}
	}
	c.Add(30*24*time.Hour + time.Second)
	if got, _ := s.Unhelpful(ctx, "apple pie", "Apple pie"); got {
		t.Fatal("feedback outlived feedback.ttl")
	}
}

// Ensure every kind of bad callback is refused with ErrInvalid and
// changes nothing in the store.
func TestApplyRefuses(t *testing.T) {
	s, st, _ := newService(t)
	other := New(st, Options{Key: Key("another secret")})
	items := s.Items(Offer{Query: "cat", Topic: "Cat", Alternatives: []string{"Felidae", "Cat (film)"}})
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
		{"other key", callback(item(t, other.Items(Offer{}), ThisMessage), "", "hi"), "not one ddgbot issued"},
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
	items := s.Items(Offer{Query: "q", Topic: "T"})
	st.fail = errors.New("connection refused")
	for _, id := range []string{ThisMessage, NotHelpful} {
		if _, err := s.Apply(ctx, callback(item(t, items, id), "", "text")); err == nil || errors.Is(err, ErrInvalid) {
			t.Errorf("%s: err = %v", id, err)
		}
	}
	if _, ok, err := s.Pinned(ctx, addr, 0); ok || err == nil {
		t.Errorf("Pinned: %v %v", ok, err)
	}
	if ok, err := s.Unhelpful(ctx, "q", "T"); ok || err == nil {
		t.Errorf("Unhelpful: %v %v", ok, err)
	}
}

// Ensure a stored pin of another shape is dropped, not trusted.
func TestPinnedUnknownShape(t *testing.T) {
	s, st, _ := newService(t)
	ctx := context.Background()
	_ = st.Set(ctx, pinKey(addr), []byte(`{"at":1}`), time.Hour)
	if _, ok, err := s.Pinned(ctx, addr, 0); ok || err == nil {
		t.Fatalf("ok %v err %v", ok, err)
	}
	if strings.Contains(st.dump(), pinPrefix) {
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
		if p, err := s.open(raw); err == nil && (len(p.Options) > MaxOptions || !strings.HasPrefix(p.Action, "ddgbot_")) {
			t.Fatalf("accepted %s", raw)
		}
		for _, it := range s.Items(Offer{Query: q, Topic: topic, Alternatives: []string{opt}}) {
			if _, err := s.open(it.Payload); err != nil {
				t.Fatalf("sealed payload %s refused: %v", it.Payload, err)
			}
		}
	})
}
