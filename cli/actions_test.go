package cli

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/handlers"
	"github.com/ddgbot/ddgbot/store/redistest"
)

// actionsFake is the recorded answers plus one for "Baidu Tieba", the
// first related topic of "reddit" (served the DuckDuckGo article), so
// "other topics" and the next best after "not helpful" have something to
// find.
func actionsFake(t *testing.T) *ddgtest.Server {
	t.Helper()
	answers, err := ddgtest.LoadFixtures("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	answers["baidu tieba"] = answers["duckduckgo"]
	return ddgtest.NewServer(answers)
}

// msg is one inbound message of a conversation.
type msg struct {
	text string
	ts   int64
}

func conversation(owner string, msgs ...msg) string {
	var ms []any
	for _, m := range msgs {
		ms = append(ms, map[string]any{"type": "text", "timestamp": strconv.FormatInt(m.ts, 10), "text": map[string]any{"body": m.text},
			"_vnd": map[string]any{"v1": map[string]any{"direction": "inbound"}}})
	}
	b, err := json.Marshal(map[string]any{"chat": map[string]any{"owner": owner}, "messages": ms})
	if err != nil {
		panic(err)
	}
	return string(b)
}

// actionsAnswer is a poll answer as the operator's Turn reads it.
type actionsAnswer struct {
	Suggested []suggestion `json:"suggested_responses"`
	Actions   map[string]struct {
		URL     string            `json:"url"`
		Payload json.RawMessage   `json:"payload"`
		Options map[string]string `json:"options"`
	} `json:"actions"`
}

// turn POSTs body to path as Turn does: token, and the signature when
// secret is not "".
func (s *service) turn(t *testing.T, path, body, secret string) (*http.Response, []byte) {
	t.Helper()
	h := map[string]string{}
	if secret != "" {
		h[handlers.SignatureHeader] = handlers.Sign(secret, []byte(body))
	}
	resp, raw := s.do(t, badCase{path: path, body: body, header: h})
	return resp, []byte(raw)
}

func (s *service) pollFor(t *testing.T, body, secret string) actionsAnswer {
	t.Helper()
	resp, raw := s.turn(t, "/", body, secret)
	var a actionsAnswer
	if err := json.Unmarshal(raw, &a); resp.StatusCode != 200 || err != nil {
		t.Fatalf("poll: %d %s", resp.StatusCode, raw)
	}
	return a
}

// pollSoon polls until the answer is what want wants, for a change
// made through another replica: a replica trusts what it remembers of
// Redis for a few tens of milliseconds. It gives up after 5 s and returns
// the last answer.
func (s *service) pollSoon(t *testing.T, body string, want func(actionsAnswer) bool) actionsAnswer {
	t.Helper()
	var got actionsAnswer
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if got = s.pollFor(t, body, ""); want(got) {
			break
		}
	}
	return got
}

// about reports whether the first suggestion is about topic.
func (a actionsAnswer) about(topic string) bool {
	return len(a.Suggested) > 0 && strings.Contains(a.Suggested[0].Title+a.Suggested[0].Body, topic)
}

// callbackFixture is a recorded callback (testdata/turn) for owner with
// ddgbot's payload, the given option ("" for none) and, when text is not
// "", the message the menu was opened on.
func callbackFixture(t *testing.T, file, owner string, payload json.RawMessage, option, text string, ts int64) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "turn", file))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	m["address"], m["payload"] = owner, payload
	delete(m, "option")
	if option != "" {
		m["option"] = option
	}
	if text != "" {
		msg := m["message"].(map[string]any)
		msg["text"] = map[string]any{"body": text}
		msg["timestamp"] = strconv.FormatInt(ts, 10)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func (s *service) act(t *testing.T, url, body, secret string) {
	t.Helper()
	resp, raw := s.turn(t, url, body, secret)
	if resp.StatusCode != 200 || resp.Header.Get(handlers.RefreshHeader) != "true" {
		t.Fatalf("callback: %d %q %s", resp.StatusCode, resp.Header.Get(handlers.RefreshHeader), raw)
	}
}

// sharedRedisTimeout is the Redis budget of the actions tests with Redis,
// as generous is for the fleet tests: with the default 50ms, a callback's
// write timed out on a loaded machine and was rightly refused with 503,
// which says nothing about pins and marks shared between replicas.
const sharedRedisTimeout = "DDGBOT_REDIS_TIMEOUT=1s"

// Ensure the three actions work end to end over HTTP, in the recorded
// callback shapes, unsigned when no secret is set: the poll carries them,
// a pinned message or topic is answered until a newer message arrives,
// and a topic marked not helpful gives way to the next best.
func TestActionsEndToEnd(t *testing.T) {
	t.Parallel()
	s := startWith(t, actionsFake(t))
	if _, raw := s.turn(t, "/", `{"handshake":true}`, ""); !strings.Contains(string(raw), `"actions":true`) {
		t.Fatalf("handshake %s", raw)
	}
	const owner = "+27820001001"
	old := []msg{{"tell me about the rust programming language", 1700000000}, {"what is reddit?", 1700000100}}
	first := s.pollFor(t, conversation(owner, old...), "")
	if !first.about("Reddit") || len(first.Actions) != 3 {
		t.Fatalf("first poll: %+v", first)
	}
	for id, a := range first.Actions {
		if a.URL != "/actions" || !strings.Contains(string(a.Payload), id) {
			t.Fatalf("%s: %+v", id, a)
		}
	}
	if first.Actions["ddgbot_other_topics"].Options["1"] != "Baidu Tieba" {
		t.Fatalf("options %v", first.Actions["ddgbot_other_topics"].Options)
	}

	// Suggest for this message: the older question is answered now.
	s.act(t, "/actions", callbackFixture(t, "action-request-full-message.json", owner,
		first.Actions["ddgbot_this_message"].Payload, "", "tell me about the rust programming language", 1700000000), "")
	if got := s.pollFor(t, conversation(owner, old...), ""); !got.about("Rust") {
		t.Fatalf("pinned message: %+v", got.Suggested)
	}
	// A newer inbound message ends the pin.
	newer := append(old, msg{"what is reddit?", time.Now().Unix() + 60})
	if got := s.pollFor(t, conversation(owner, newer...), ""); !got.about("Reddit") {
		t.Fatalf("after a newer message: %+v", got.Suggested)
	}

	// Other topics: the chosen topic is answered.
	s.act(t, "/actions", callbackFixture(t, "action-request-with-option.json", owner,
		first.Actions["ddgbot_other_topics"].Payload, "1", "", 0), "")
	if got := s.pollFor(t, conversation(owner, newer...), ""); !got.about("DuckDuckGo") {
		t.Fatalf("pinned topic: %+v", got.Suggested)
	}

	// Not helpful, in another conversation: that conversation is not
	// offered that topic for that question (however written) again, the
	// next best comes instead and the menu offers to undo it; the other
	// conversations still get the topic.
	other := conversation("+27820001002", msg{"what is reddit?", 1700000000})
	s.act(t, "/actions", callbackFixture(t, "action-request-with-option.json", "+27820001002",
		s.pollFor(t, other, "").Actions["ddgbot_not_helpful"].Payload, "", "", 0), "")
	for _, body := range []string{other, conversation("+27820001002", msg{"What is Reddit", 1700000000})} {
		got := s.pollFor(t, body, "")
		if got.about("Reddit") || !got.about("DuckDuckGo") || got.Actions["ddgbot_undo_not_helpful"].Payload == nil {
			t.Fatalf("after not helpful: %+v", got)
		}
	}
	if got := s.pollFor(t, conversation("+27820001003", msg{"What is Reddit", 1700000000}), ""); !got.about("Reddit") {
		t.Fatalf("a mark hid the topic in another conversation: %+v", got.Suggested)
	}
	resp, err := s.client.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(m), `ddgbot_actions_total{action="ddgbot_not_helpful"} 1`) {
		t.Fatal("not helpful not counted")
	}
}

// Ensure bad callbacks get 4xx and change nothing, with a secret set:
// polls and callbacks must be signed.
func TestActionsRefusedEndToEnd(t *testing.T) {
	t.Parallel()
	const secret = "e2e-secret"
	s := startWith(t, actionsFake(t), "DDGBOT_TURN_HMAC_SECRET="+secret, "DDGBOT_SERVER_MAX_BODY_BYTES=65536")
	const owner = "+27820001001"
	conv := conversation(owner, msg{"tell me about the rust programming language", 1700000000}, msg{"what is reddit?", 1700000100})
	first := s.pollFor(t, conv, secret)
	if !first.about("Reddit") || len(first.Actions) != 3 {
		t.Fatalf("first poll: %+v", first)
	}
	pinTS := callbackFixture(t, "action-request-full-message.json", owner, first.Actions["ddgbot_this_message"].Payload, "", "tell me about the rust programming language", 1700000000)
	tests := []struct {
		name, body, secret string
		want               int
	}{
		{"unsigned", pinTS, "", 401},
		{"signed with another secret", pinTS, "other", 401},
		{"malformed", `{"address":"+27820001001","payload":`, secret, 400},
		{"missing address", strings.Replace(pinTS, `"address":"+27820001001",`, "", 1), secret, 400},
		{"unknown action", callbackFixture(t, "action-request-full-message.json", owner, json.RawMessage(`{"action":"baby_switch","registrant_id":"mother-uuid"}`), "other", "", 0), secret, 400},
		{"another conversation's payload", callbackFixture(t, "action-request-full-message.json", "+27820001002", first.Actions["ddgbot_this_message"].Payload, "", "tell me about the rust programming language", 1700000000), secret, 400},
		{"another conversation's topic", callbackFixture(t, "action-request-with-option.json", "+27820001002", first.Actions["ddgbot_other_topics"].Payload, "1", "", 0), secret, 400},
		{"option never offered", callbackFixture(t, "action-request-with-option.json", owner, first.Actions["ddgbot_other_topics"].Payload, "9", "", 0), secret, 400},
		{"oversized", strings.Replace(pinTS, `"address"`, `"padding":"`+strings.Repeat("x", 70<<10)+`","address"`, 1), secret, 413},
	}
	for _, tt := range tests {
		resp, raw := s.turn(t, "/actions", tt.body, tt.secret)
		var e struct{ Error string }
		if resp.StatusCode != tt.want || json.Unmarshal(raw, &e) != nil || e.Error == "" {
			t.Errorf("%s: %d %s, want %d with a JSON error", tt.name, resp.StatusCode, raw, tt.want)
		}
	}
	for _, c := range []string{conv, conversation("+27820001002", msg{"tell me about the rust programming language", 1700000000}, msg{"what is reddit?", 1700000100})} {
		if got := s.pollFor(t, c, secret); !got.about("Reddit") {
			t.Fatalf("a refused callback changed what is suggested: %+v", got.Suggested)
		}
	}
	s.act(t, "/actions", pinTS, secret)
	if got := s.pollFor(t, conv, secret); !got.about("Rust") {
		t.Fatalf("signed callback not applied: %+v", got.Suggested)
	}
}

// Ensure turn.actions=false turns the menu, the capability and the
// endpoint off.
func TestActionsOffEndToEnd(t *testing.T) {
	t.Parallel()
	s := start(t, "DDGBOT_TURN_ACTIONS=false")
	if _, raw := s.turn(t, "/", `{"handshake":true}`, ""); !strings.Contains(string(raw), `"actions":false`) {
		t.Fatalf("handshake %s", raw)
	}
	if got := s.pollFor(t, pollBody("what is reddit?"), ""); got.Actions != nil || !got.about("Reddit") {
		t.Fatalf("poll %+v", got)
	}
	if resp, _ := s.turn(t, "/actions", `{"address":"+1","payload":{}}`, ""); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("endpoint: %d", resp.StatusCode)
	}
}

// Ensure a click handled by one replica steers what another suggests,
// through the shared Redis, and that Redis holds neither the address nor
// message text.
func TestActionsAcrossReplicas(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	fake := actionsFake(t)
	env := []string{"DDGBOT_REDIS_URL=" + db.URL(), "DDGBOT_REDIS_KEY_PREFIX=" + db.Prefix, sharedRedisTimeout}
	a, b := startWith(t, fake, env...), startWith(t, fake, env...)
	waitShared(t, []*service{a, b})

	const owner = "+27820001001"
	conv := conversation(owner, msg{"tell me about the rust programming language", 1700000000}, msg{"what is reddit?", 1700000100})
	first := a.pollFor(t, conv, "")
	if !first.about("Reddit") || len(first.Actions) != 3 {
		t.Fatalf("first poll: %+v", first)
	}
	b.act(t, "/actions", callbackFixture(t, "action-request-full-message.json", owner,
		first.Actions["ddgbot_this_message"].Payload, "", "tell me about the rust programming language", 1700000000), "")
	rust := func(a actionsAnswer) bool { return a.about("Rust") }
	if got := a.pollSoon(t, conv, rust); !rust(got) {
		t.Fatalf("pin made on b, poll on a: %+v", got.Suggested)
	}
	other := conversation("+27820001002", msg{"what is reddit?", 1700000000})
	a.act(t, "/actions", callbackFixture(t, "action-request-with-option.json", "+27820001002",
		b.pollFor(t, other, "").Actions["ddgbot_not_helpful"].Payload, "", "", 0), "")
	nextBest := func(a actionsAnswer) bool { return !a.about("Reddit") && a.about("DuckDuckGo") }
	if got := b.pollSoon(t, other, nextBest); !nextBest(got) {
		t.Fatalf("not helpful on a, poll on b: %+v", got.Suggested)
	}
	keys, err := redistest.Keys(db.Addr, db.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	pins := 0
	for _, k := range keys {
		if strings.Contains(k, "27820001001") || strings.Contains(strings.ToLower(k), "reddit") {
			t.Errorf("key %q names the contact or the query", k)
		}
		if strings.Contains(k, ":pin:") {
			pins++
		}
	}
	if pins != 1 {
		t.Errorf("%d pins in Redis, want 1", pins)
	}
}

// oldSeal signs a payload as releases before payloads were bound to a
// conversation and a time did, with the key they derived from the
// configured secrets (from empty strings by default): what anyone could
// forge against them.
func oldSeal(action string, options []string, secrets ...string) json.RawMessage {
	field := func(b []byte, v string) []byte {
		return append(append(strconv.AppendInt(b, int64(len(v)), 10), 0), v...)
	}
	k := hmac.New(sha256.New, []byte("ddgbot actions v1"))
	for _, s := range secrets {
		k.Write(field(nil, s))
	}
	b := field(field(field(field(nil, "payload"), action), ""), "")
	b = strconv.AppendInt(b, int64(len(options)), 10)
	for _, o := range options {
		b = field(b, o)
	}
	mac := hmac.New(sha256.New, k.Sum(nil))
	mac.Write(b)
	p, _ := json.Marshal(map[string]any{"action": action, "options": options,
		"sig": base64.RawURLEncoding.EncodeToString(mac.Sum(nil)[:16])})
	return p
}

// Ensure that with the default configuration (no token, no secret) a
// payload signed with a key derived from the empty secrets is refused,
// whatever its size, and pins nothing: once it pinned any topic, 900 KB
// ones included, into any conversation.
func TestActionsForgedWithoutSecret(t *testing.T) {
	t.Parallel()
	s := startWith(t, actionsFake(t), "DDGBOT_TURN_API_TOKEN=")
	const owner = "+27820001001"
	conv := conversation(owner, msg{"what is reddit?", 1700000100})
	if got := s.pollFor(t, conv, ""); !got.about("Reddit") || len(got.Actions) != 3 {
		t.Fatalf("first poll: %+v", got)
	}
	for _, topic := range []string{"rust programming language", strings.Repeat("rust ", 180<<10)} {
		forged := oldSeal("ddgbot_other_topics", []string{topic}, "", "")
		resp, raw := s.turn(t, "/actions", callbackFixture(t, "action-request-with-option.json", owner, forged, "1", "", 0), "")
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("forged payload of %d bytes: %d %.200s", len(forged), resp.StatusCode, raw)
		}
	}
	if got := s.pollFor(t, conv, ""); !got.about("Reddit") {
		t.Fatalf("a forged callback pinned a topic: %+v", got.Suggested)
	}
}

// Ensure two deployments on one Redis, with the default key prefix and
// different secrets, keep apart: one's pin does not steer the other, and
// Redis holds keyed hashes, not the plain SHA-256 of a phone number that
// anyone can find by trying every number.
func TestActionsDeploymentsApartOnOneRedis(t *testing.T) {
	t.Parallel()
	db := redistest.Shared(t)
	fake := actionsFake(t)
	env := []string{"DDGBOT_REDIS_URL=" + db.URL(), "DDGBOT_REDIS_KEY_PREFIX=" + db.Prefix, sharedRedisTimeout}
	a := startWith(t, fake, append(env, "DDGBOT_TURN_API_TOKEN=deployment-a-token")...)
	b := startWith(t, fake, append(env, "DDGBOT_TURN_API_TOKEN=deployment-b-token")...)
	waitShared(t, []*service{a, b})
	const owner = "+27820001001"
	conv := conversation(owner, msg{"tell me about the rust programming language", 1700000000}, msg{"what is reddit?", 1700000100})
	for _, r := range []struct {
		s     *service
		token string
	}{{a, "deployment-a-token"}, {b, "deployment-b-token"}} {
		resp, raw := r.s.do(t, badCase{path: "/", body: conv, header: map[string]string{"Authorization": "Bearer " + r.token}})
		var first actionsAnswer
		if err := json.Unmarshal([]byte(raw), &first); resp.StatusCode != 200 || err != nil || !first.about("Reddit") {
			t.Fatalf("first poll: %d %s", resp.StatusCode, raw)
		}
		if r.s == b {
			break
		}
		resp, raw = r.s.do(t, badCase{path: "/actions", header: map[string]string{"Authorization": "Bearer " + r.token},
			body: callbackFixture(t, "action-request-with-option.json", owner, first.Actions["ddgbot_other_topics"].Payload, "1", "", 0)})
		if resp.StatusCode != 200 {
			t.Fatalf("pin on a: %d %s", resp.StatusCode, raw)
		}
	}
	for _, r := range []struct {
		s           *service
		token, want string
	}{{a, "deployment-a-token", "DuckDuckGo"}, {b, "deployment-b-token", "Reddit"}} {
		resp, raw := r.s.do(t, badCase{path: "/", body: conv, header: map[string]string{"Authorization": "Bearer " + r.token}})
		var got actionsAnswer
		if err := json.Unmarshal([]byte(raw), &got); resp.StatusCode != 200 || err != nil || !got.about(r.want) {
			t.Errorf("poll, want %s: %d %s", r.want, resp.StatusCode, raw)
		}
	}
	keys, err := redistest.Keys(db.Addr, db.Prefix)
	if err != nil {
		t.Fatal(err)
	}
	unkeyed := sha256.Sum256([]byte("7\x00address11\x0027820001001"))
	for _, k := range keys {
		if strings.Contains(k, hex.EncodeToString(unkeyed[:16])) {
			t.Errorf("key %q is the plain hash of the phone number", k)
		}
	}
}

// Ensure that with Redis, warm polls for a conversation with no pin and a
// question nobody marked read neither from Redis: once made two round
// trips each, which cost most of a replica's warm throughput.
func TestActionsWarmPollsSkipRedis(t *testing.T) {
	t.Parallel()
	srv := redistest.Start(t)
	s := startWith(t, actionsFake(t), "DDGBOT_REDIS_URL="+srv.URL(), sharedRedisTimeout)
	waitShared(t, []*service{s})
	conv := conversation("+27820001001", msg{"what is reddit?", 1700000100})
	if got := s.pollFor(t, conv, ""); !got.about("Reddit") || len(got.Actions) != 3 {
		t.Fatalf("first poll: %+v", got)
	}
	stop := redistest.Monitor(t, srv.Addr)
	const polls = 100
	for range polls {
		if got := s.pollFor(t, conv, ""); !got.about("Reddit") {
			t.Fatalf("warm poll: %+v", got.Suggested)
		}
	}
	reads := 0
	for _, c := range stop() {
		if strings.HasPrefix(c, `"GET"`) && (strings.Contains(c, ":pin:") || strings.Contains(c, ":nh:")) {
			reads++
		}
	}
	// Without the remembered absences each poll reads both keys (200
	// reads). A version read slower than their 25ms freshness (a loaded
	// machine stretched some to 32 reads) rightly asks again, so the bound
	// is half of what no memory at all would read.
	if reads > polls/2 {
		t.Fatalf("%d reads of pins and marks for %d warm polls", reads, polls)
	}
}

// Ensure a pinned topic keeps the line's own answer first: the question
// still matches it, and the README promises a matched own answer is
// always the first suggestion.
func TestActionsPinnedTopicKeepsOwnAnswer(t *testing.T) {
	t.Parallel()
	path := writeAnswers(t, filepath.Join(t.TempDir(), "answers.yaml"), e2eAnswers)
	s := startWith(t, actionsFake(t), "DDGBOT_ANSWERS_FILE="+path)
	const owner = "+27820001001"
	conv := conversation(owner, msg{"what is reddit?", 1700000100})
	first := s.pollFor(t, conv, "")
	if len(first.Suggested) < 2 || first.Suggested[0].Title != "Our Reddit community" || first.Actions["ddgbot_other_topics"].Options["1"] != "Baidu Tieba" {
		t.Fatalf("first poll: %+v", first)
	}
	s.act(t, "/actions", callbackFixture(t, "action-request-with-option.json", owner,
		first.Actions["ddgbot_other_topics"].Payload, "1", "", 0), "")
	got := s.pollFor(t, conv, "")
	if len(got.Suggested) < 2 || got.Suggested[0].Title != "Our Reddit community" || got.Suggested[1].Title != "DuckDuckGo" {
		t.Fatalf("after pinning a topic: %+v", got.Suggested)
	}
}

// Ensure "not helpful" can be undone from the menu, and that when nothing
// else answers the question the hidden answer's related topics stand in
// instead of nothing at all.
func TestActionsNotHelpfulUndoneAndReplaced(t *testing.T) {
	t.Parallel()
	s := start(t) // the recorded answers only: none for Reddit's related topics
	const owner = "+27820001001"
	conv := conversation(owner, msg{"what is reddit?", 1700000100})
	first := s.pollFor(t, conv, "")
	if !first.about("Reddit") {
		t.Fatalf("first poll: %+v", first.Suggested)
	}
	s.act(t, "/actions", callbackFixture(t, "action-request-with-option.json", owner,
		first.Actions["ddgbot_not_helpful"].Payload, "", "", 0), "")
	hidden := s.pollFor(t, conv, "")
	if len(hidden.Suggested) == 0 || hidden.Suggested[0].Title != "Baidu Tieba" || hidden.Actions["ddgbot_not_helpful"].Payload != nil {
		t.Fatalf("after not helpful: %+v", hidden)
	}
	for _, sg := range hidden.Suggested {
		if strings.HasPrefix(sg.Title, "Reddit") {
			t.Fatalf("hidden topic still offered: %+v", hidden.Suggested)
		}
	}
	undo := hidden.Actions["ddgbot_undo_not_helpful"]
	if undo.Payload == nil {
		t.Fatalf("no undo in %+v", hidden.Actions)
	}
	s.act(t, "/actions", callbackFixture(t, "action-request-with-option.json", owner, undo.Payload, "", "", 0), "")
	if got := s.pollFor(t, conv, ""); !got.about("Reddit") || got.Actions["ddgbot_undo_not_helpful"].Payload != nil {
		t.Fatalf("after undo: %+v", got)
	}
}
