package handlers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/actions"
	"github.com/ddgbot/ddgbot/handlers"
)

// memStore is an in-process actions.Store that counts writes.
type memStore struct {
	mu     sync.Mutex
	items  map[string][]byte
	writes int
}

func (m *memStore) Get(_ context.Context, key string) ([]byte, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	v, ok := m.items[key]
	return v, ok, nil
}

func (m *memStore) Set(_ context.Context, key string, val []byte, _ time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes++
	m.items[key] = bytes.Clone(val)
	return nil
}

func (m *memStore) Delete(_ context.Context, key string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes++
	delete(m.items, key)
	return nil
}

func (m *memStore) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.writes
}

// withActions turns actions on with a fresh store, returning the service
// (to issue payloads as a poll would) and the store.
func withActions(t *testing.T, extra func(*handlers.Options)) (*testServer, *actions.Service, *memStore) {
	t.Helper()
	st := &memStore{items: map[string][]byte{}}
	svc := actions.New(st, actions.Options{Key: actions.Key(testToken)})
	ts := newServer(t, func(o *handlers.Options) {
		o.Actions = svc
		if extra != nil {
			extra(o)
		}
	})
	return ts, svc, st
}

// callbackBody is a recorded callback shape (a testdata/turn fixture) with
// ddgbot's payload and the given option ("" removes it).
func callbackBody(t *testing.T, fixture string, payload json.RawMessage, option string) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "turn", fixture))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["payload"] = payload
	delete(m, "option")
	if option != "" {
		m["option"] = option
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func itemOf(t *testing.T, items []actions.Item, id string) actions.Item {
	t.Helper()
	for _, it := range items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("no %s", id)
	return actions.Item{}
}

// Ensure each action, posted in the recorded callback shapes, is applied
// with 200, the refresh header and a count in the metric, and that the
// handshake announces actions.
func TestActionCallbacks(t *testing.T) {
	ts, svc, st := withActions(t, nil)
	rec := ts.do(t, call{body: `{"handshake":true}`})
	if !strings.Contains(rec.Body.String(), `"actions":true`) {
		t.Fatalf("handshake: %s", rec.Body)
	}
	// Payloads work in the conversation they were offered in: the
	// fixtures' addresses.
	offer := actions.Offer{Query: "malaria", Topic: "Malaria", Alternatives: []string{"Mosquito", "Tropics"}}
	full, items := svc.Items("+271234567890", offer), svc.Items("+27820001001", offer)
	tests := []struct {
		name, body, action string
	}{
		{"this message, full message", callbackBody(t, "action-request-full-message.json", itemOf(t, full, actions.ThisMessage).Payload, ""), actions.ThisMessage},
		{"other topics, with option", callbackBody(t, "action-request-with-option.json", itemOf(t, items, actions.OtherTopics).Payload, "2"), actions.OtherTopics},
		{"not helpful, no option", callbackBody(t, "action-request-with-option.json", itemOf(t, items, actions.NotHelpful).Payload, ""), actions.NotHelpful},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := st.count()
			rec := ts.do(t, call{path: "/actions", body: tt.body})
			if rec.Code != http.StatusOK || rec.Header().Get(handlers.RefreshHeader) != "true" ||
				!strings.Contains(rec.Body.String(), tt.action) {
				t.Fatalf("got %d %q %s", rec.Code, rec.Header().Get(handlers.RefreshHeader), rec.Body)
			}
			if st.count() != before+1 {
				t.Fatalf("%d writes", st.count()-before)
			}
			m := ts.do(t, call{method: http.MethodGet, path: "/metrics"}).Body.String()
			if want := `ddgbot_actions_total{action="` + tt.action + `"} 1`; !strings.Contains(m, want) {
				t.Fatalf("metrics lack %s", want)
			}
		})
	}
	if ok, _ := svc.Unhelpful(context.Background(), "+27820001001", "malaria", "Malaria"); !ok {
		t.Fatal("not helpful not recorded")
	}
	pin, ok, _ := svc.Pinned(context.Background(), "+27820001001", 0)
	if !ok || pin.Topic != "Tropics" {
		t.Fatalf("pin %+v %v", pin, ok)
	}
}

// Ensure bad callbacks get a 4xx JSON error before any change: auth and
// signature first, then the body, then the payload.
func TestActionCallbackRefused(t *testing.T) {
	ts, svc, st := withActions(t, func(o *handlers.Options) { o.HMACSecret = testSecret })
	items := svc.Items("+27820001001", actions.Offer{Query: "malaria", Topic: "Malaria", Alternatives: []string{"Mosquito"}})
	good := callbackBody(t, "action-request-with-option.json", itemOf(t, items, actions.OtherTopics).Payload, "1")
	signed := func(body string) map[string]string {
		return map[string]string{handlers.SignatureHeader: handlers.Sign(testSecret, []byte(body))}
	}
	forged := strings.Replace(callbackBody(t, "action-request-with-option.json", itemOf(t, items, actions.OtherTopics).Payload, "2"),
		`"options":["Mosquito"]`, `"options":["Mosquito","Something else"]`, 1)
	tests := []struct {
		name   string
		body   string
		header map[string]string
		want   int
		msg    string
	}{
		{"no token", good, map[string]string{"Authorization": "", handlers.SignatureHeader: handlers.Sign(testSecret, []byte(good))}, 401, "Authorization"},
		{"unsigned", good, map[string]string{}, 401, handlers.SignatureHeader},
		{"signed with another secret", good, map[string]string{handlers.SignatureHeader: handlers.Sign("other", []byte(good))}, 401, handlers.SignatureHeader},
		{"malformed", `{"address":`, nil, 400, "truncated"},
		{"missing address", `{"payload":{"action":"ddgbot_this_message"}}`, nil, 400, "address is required"},
		{"unknown action", callbackBody(t, "action-request-full-message.json", json.RawMessage(`{"action":"baby_switch"}`), "other"), nil, 400, "unknown action"},
		{"option never offered", callbackBody(t, "action-request-with-option.json", itemOf(t, items, actions.OtherTopics).Payload, "2"), nil, 400, "not offered"},
		{"forged options", forged, nil, 400, "not one ddgbot issued"},
		{"this message without message", callbackBody(t, "action-request-with-option.json", itemOf(t, items, actions.ThisMessage).Payload, ""), nil, 400, "needs the message"},
		{"oversized", `{"address":"+1","payload":{},"x":"` + strings.Repeat("a", 70<<10) + `"}`, nil, 413, "too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := tt.header
			if h == nil {
				h = signed(tt.body)
			}
			rec := ts.do(t, call{path: "/actions", body: tt.body, header: h})
			var e struct{ Error string }
			_ = json.Unmarshal(rec.Body.Bytes(), &e)
			if rec.Code != tt.want || !strings.Contains(e.Error, tt.msg) || rec.Header().Get(handlers.RefreshHeader) != "" {
				t.Fatalf("got %d %s, want %d with %q", rec.Code, rec.Body, tt.want, tt.msg)
			}
			if st.count() != 0 {
				t.Fatal("a refused callback changed the store")
			}
		})
	}
	if rec := ts.do(t, call{path: "/actions", body: good, header: signed(good)}); rec.Code != 200 {
		t.Fatalf("signed good callback: %d %s", rec.Code, rec.Body)
	}
}

// Ensure turning actions off removes the endpoint and the capability.
func TestActionsOff(t *testing.T) {
	ts := newServer(t, nil)
	if rec := ts.do(t, call{path: "/actions", body: `{"address":"+1","payload":{}}`}); rec.Code != http.StatusNotFound {
		t.Fatalf("got %d", rec.Code)
	}
}

// Ensure the action endpoint sits under server.path.
func TestActionsPath(t *testing.T) {
	for path, want := range map[string]string{"/": "/actions", "/turn": "/turn/actions", "/turn/": "/turn/actions"} {
		if got := handlers.ActionsPath(path); got != want {
			t.Errorf("ActionsPath(%q) = %q, want %q", path, got, want)
		}
	}
}

type pollActions struct {
	Actions map[string]struct {
		Description string            `json:"description"`
		URL         string            `json:"url"`
		Payload     json.RawMessage   `json:"payload"`
		Options     map[string]string `json:"options"`
	} `json:"actions"`
}

// Ensure a poll with a question carries the actions object with URLs
// under server.path, or under turn.public_url when set, and that a poll
// without a question or with actions off carries none.
func TestPollCarriesActions(t *testing.T) {
	tests := []struct {
		name, path, public, body string
		on                       bool
		wantURL                  string
		wantIDs                  []string
	}{
		{"suggested", "/", "", poll("what is malaria?"), true, "/actions", []string{actions.ThisMessage, actions.NotHelpful}},
		{"nothing found", "/", "", poll("what is quux?"), true, "/actions", []string{actions.ThisMessage}},
		{"under a path", "/turn", "", poll("what is malaria?"), true, "/turn/actions", []string{actions.ThisMessage, actions.NotHelpful}},
		{"behind a proxy", "/", "https://bots.example.org/ddgbot/", poll("what is malaria?"), true, "https://bots.example.org/ddgbot/actions", []string{actions.ThisMessage, actions.NotHelpful}},
		{"no question", "/", "", `{"messages":[]}`, true, "", nil},
		{"actions off", "/", "", poll("what is malaria?"), false, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := func(o *handlers.Options) { o.Path, o.PublicURL = tt.path, tt.public }
			var ts *testServer
			if tt.on {
				ts, _, _ = withActions(t, set)
			} else {
				ts = newServer(t, set)
			}
			rec := ts.do(t, call{path: tt.path, body: tt.body})
			decodePoll(t, rec)
			var p pollActions
			_ = json.Unmarshal(rec.Body.Bytes(), &p)
			if len(p.Actions) != len(tt.wantIDs) {
				t.Fatalf("actions %s", rec.Body)
			}
			for _, id := range tt.wantIDs {
				a, ok := p.Actions[id]
				if !ok || a.URL != tt.wantURL || a.Description == "" || !bytes.Contains(a.Payload, []byte(id)) {
					t.Fatalf("%s: %+v in %s", id, a, rec.Body)
				}
			}
		})
	}
}

// Ensure "suggest for this message", posted back from a poll's own
// actions object, makes the next poll answer that message.
func TestPollAnswersPinnedMessage(t *testing.T) {
	ts, _, _ := withActions(t, nil)
	rec := ts.do(t, call{body: poll("what is malaria?")})
	var p pollActions
	_ = json.Unmarshal(rec.Body.Bytes(), &p)
	cb, _ := json.Marshal(map[string]any{
		"address": "+27820001001", "payload": p.Actions[actions.ThisMessage].Payload,
		"message": map[string]any{"type": "text", "timestamp": "1700000000", "text": map[string]any{"body": "what is malaria?"}},
	})
	if rec := ts.do(t, call{path: "/actions", body: string(cb)}); rec.Code != 200 {
		t.Fatalf("callback: %d %s", rec.Code, rec.Body)
	}
	body, _ := json.Marshal(map[string]any{
		"chat": map[string]any{"owner": "+27820001001"},
		"messages": []any{
			map[string]any{"type": "text", "timestamp": "1700000000", "text": map[string]any{"body": "what is malaria?"}},
			map[string]any{"type": "text", "timestamp": "1700000001", "text": map[string]any{"body": "thanks"}},
		},
	})
	if got := decodePoll(t, ts.do(t, call{body: string(body)})); len(got.Suggestions) == 0 || !strings.Contains(got.Suggestions[0].Body, "Malaria") {
		t.Fatalf("pinned poll: %+v", got)
	}
}
