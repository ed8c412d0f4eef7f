package turn

import (
	"errors"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/turn/turntest"
)

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "turn", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Ensure every recorded or constructed Turn payload decodes and yields the
// expected question.
func TestQuestionFromFixtures(t *testing.T) {
	tests := []struct {
		file      string
		handshake bool
		question  string
	}{
		{"handshake-request.json", true, ""},
		{"constructed-context-request-text-inbound.json", false, "How do I reset my password?"},
		{"context-request-chat-owner-only.json", false, ""},
		{"webhook-inbound-text-with-vnd.json", false, "Hi there!"},
		{"webhook-inbound-text-no-vnd.json", false, "No"},
		{"webhook-inbound-voice-with-vnd.json", false, ""},
		{"webhook-inbound-image-with-bsuid.json", false, ""},
		{"webhook-inbound-unsupported.json", false, ""},
		{"webhook-inbound-system-user-changed-number.json", false, ""},
		{"webhook-outbound-turn-subscription.json", false, ""},
		{"webhook-status-sent.json", false, ""},
		{"webhook-status-failed-with-errors.json", false, ""},
		{"constructed-webhook-inbound-interactive-button-reply.json", false, "red"},
		{"constructed-webhook-inbound-interactive-list-reply.json", false, "row-title-content"},
		{"constructed-webhook-inbound-template-button.json", false, "Yes"},
		{"stacks-event-message-with-nlu-label.json", false, ""},
		{"action-request-full-message.json", false, ""},
		{"action-request-with-option.json", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			r, err := Decode(fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if r.Handshake != tt.handshake {
				t.Errorf("handshake = %v", r.Handshake)
			}
			if got := r.Question(); got != tt.question {
				t.Errorf("question = %q, want %q", got, tt.question)
			}
		})
	}
}

func msg(direction, typ, text string, ts any) turntest.Msg {
	return turntest.Msg{Direction: direction, Type: typ, Text: text, Timestamp: ts}
}

// Ensure the newest inbound message wins whatever the array order, and
// that outbound messages never become the question.
func TestQuestionNewestInbound(t *testing.T) {
	tests := []struct {
		name     string
		messages []turntest.Msg
		want     string
	}{
		{"newest inbound", []turntest.Msg{
			msg("inbound", "text", "old question", "1700000000"),
			msg("inbound", "text", "new question", "1700000100"),
			msg("outbound", "text", "operator reply newest", "1700000200"),
		}, "new question"},
		{"numeric timestamps", []turntest.Msg{
			msg("inbound", "text", "first", 1700000000),
			msg("inbound", "text", "second", 1700000001),
		}, "second"},
		{"mixed timestamp types", []turntest.Msg{
			msg("inbound", "text", "string ts", "1700000005"),
			msg("inbound", "text", "number ts", 1700000001),
		}, "string ts"},
		{"no vnd counts as inbound", []turntest.Msg{
			msg("inbound", "text", "older", "100"),
			msg("", "text", "newer without vnd", "200"),
		}, "newer without vnd"},
		{"newest inbound is an image", []turntest.Msg{
			msg("inbound", "text", "earlier text", "100"),
			msg("inbound", "image", "", "200"),
		}, ""},
		{"only outbound", []turntest.Msg{
			msg("outbound", "text", "hello from us", "100"),
		}, ""},
		{"unknown direction is not inbound", []turntest.Msg{
			msg("inbound", "text", "real", "100"),
			msg("sideways", "text", "odd", "200"),
		}, "real"},
		{"equal timestamps: first in array", []turntest.Msg{
			msg("inbound", "text", "a", "100"),
			msg("inbound", "text", "b", "100"),
		}, "a"},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Shuffle everything but equal-timestamp cases, whose order matters.
			for round := 0; round < 10; round++ {
				msgs := append([]turntest.Msg(nil), tt.messages...)
				if tt.name != "equal timestamps: first in array" {
					rand.Shuffle(len(msgs), func(i, j int) { msgs[i], msgs[j] = msgs[j], msgs[i] })
				}
				body := turntest.Poll(msgs...)
				r, err := Decode(body)
				if err != nil {
					t.Fatal(err)
				}
				if got := r.Question(); got != tt.want {
					t.Fatalf("question = %q, want %q (order %s)", got, tt.want, body)
				}
			}
		})
	}
}

// Ensure malformed bodies are refused with a message that names the
// problem, and tolerable oddities are accepted.
func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		body string
		ok   bool
	}{
		{"empty", ``, false},
		{"null", `null`, false},
		{"array", `[]`, false},
		{"string", `"hi"`, false},
		{"truncated", `{"messages": [`, false},
		{"garbage", `{nope}`, false},
		{"handshake not bool", `{"handshake": "yes"}`, false},
		{"messages not array", `{"messages": {}}`, false},
		{"message not object", `{"messages": [1]}`, false},
		{"type not string", `{"messages": [{"type": 5}]}`, false},
		{"text not object", `{"messages": [{"text": "hi"}]}`, false},
		{"body not string", `{"messages": [{"text": {"body": 5}}]}`, false},
		{"timestamp object", `{"messages": [{"timestamp": {}}]}`, false},
		{"timestamp word", `{"messages": [{"timestamp": "yesterday"}]}`, false},
		{"timestamp huge", `{"messages": [{"timestamp": 1e300}]}`, false},
		{"trailing garbage", `{} {}`, false},
		{"handshake", `{"handshake": true}`, true},
		{"handshake with name", `{"handshake": true, "name": "ddgbot"}`, true},
		{"vnd None string", `{"messages": [{"_vnd": "None", "text": {"body": "x"}}]}`, true},
		{"vnd null", `{"messages": [{"_vnd": null}]}`, true},
		{"timestamp null", `{"messages": [{"timestamp": null}]}`, true},
		{"timestamp float", `{"messages": [{"timestamp": 1700000000.5}]}`, true},
		{"unknown fields", `{"chat": {"owner": "+1"}, "contact": {}, "x": [1, {"y": null}]}`, true},
		{"duplicate keys", `{"messages": [], "messages": []}`, true},
		{"whitespace around", " \n{}\t", true},
		{"deep nesting", `{"x":` + strings.Repeat("[", 20_000) + strings.Repeat("]", 20_000) + `}`, false},
		{"deep nesting in a message", `{"messages":[{"x":` + strings.Repeat(`{"a":`, 20_000) + "1" + strings.Repeat("}", 20_000) + `}]}`, false},
		{"nesting beyond the scan", `{"messages":[{"text":{"body":"x"},"y":` + strings.Repeat("[", 500) + strings.Repeat("]", 500) + `}]}`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.body))
			if tt.ok && err != nil {
				t.Fatalf("unexpected error %v", err)
			}
			if !tt.ok && !errors.Is(err, ErrMalformed) {
				t.Fatalf("err = %v, want ErrMalformed", err)
			}
		})
	}
}

// Ensure error messages never echo the client's input back.
func TestDecodeErrorDoesNotEchoInput(t *testing.T) {
	_, err := Decode([]byte(`{"messages": [{"timestamp": "secret-message-text"}]}`))
	if err == nil {
		t.Fatal("want error")
	}
	if s := err.Error(); len(s) > 200 || strings.Contains(s, "secret-message-text") {
		t.Fatalf("error echoes input: %s", s)
	}
}

// FuzzDecode checks that any body either fails with ErrMalformed or yields
// a question that is a string from the body, without panicking.
func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "turn", "*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"messages":[{"timestamp":"1","text":{"body":"\u00e9\ud83d\ude4f"},"_vnd":{"v1":{"direction":"inbound"}}}]}`))
	f.Add([]byte(`{"messages":[{"timestamp":1e3,"type":"interactive","interactive":{"list_reply":{"title":"x"}}}]}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := Decode(body)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error not ErrMalformed: %v", err)
			}
			return
		}
		q := r.Question()
		if utf8.Valid(body) && !utf8.ValidString(q) {
			t.Fatalf("invalid UTF-8 question from valid body")
		}
	})
}

// Ensure a value of the wrong type is refused with a message naming the
// field, so whoever sent it can find it.
func TestDecodeErrorNamesField(t *testing.T) {
	tests := []struct{ body, want string }{
		{`{"handshake": "yes"}`, "handshake must not be a JSON string"},
		{`{"messages": {}}`, "messages must not be a JSON object"},
		{`{"messages": [{"text": {"body": 5}}]}`, "messages.0.text.body must not be a JSON number"},
		{`{"messages": [{"timestamp": "soon"}]}`, "messages.0.timestamp must be unix seconds"},
		{`{"messages": [`, "truncated JSON"},
	}
	for _, tt := range tests {
		_, err := Decode([]byte(tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want it to say %q", tt.body, err, tt.want)
		}
	}
}
