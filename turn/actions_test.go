package turn

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// Ensure the recorded callback shapes decode: address, option, payload and
// the message the menu was opened on.
func TestDecodeCallbackFixtures(t *testing.T) {
	tests := []struct {
		file    string
		address string
		option  string
		content string // of the message; "" when there is none
		ts      Timestamp
	}{
		{"action-request-full-message.json", "+271234567890", "other", "hello inbound world", 1551449274},
		{"action-request-with-option.json", "+27820001001", "zul_ZA", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c, err := DecodeCallback(fixture(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			if c.Address != tt.address || c.Option != tt.option {
				t.Errorf("address %q option %q", c.Address, c.Option)
			}
			var p map[string]any
			if err := json.Unmarshal(c.Payload, &p); err != nil || p["registrant_id"] != "mother-uuid" {
				t.Errorf("payload %s: %v", c.Payload, err)
			}
			switch {
			case tt.content == "" && c.Message != nil:
				t.Errorf("message %+v, want none", c.Message)
			case tt.content != "" && (c.Message == nil || c.Message.Content() != tt.content || c.Message.Timestamp != tt.ts):
				t.Errorf("message %+v", c.Message)
			}
		})
	}
}

// Ensure bodies that are not a usable callback fail with ErrMalformed and
// a message that names the problem.
func TestDecodeCallbackRefuses(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"empty", ``, "JSON object"},
		{"array", `[]`, "JSON object"},
		{"truncated", `{"address":"+1","payload":{`, "truncated"},
		{"no address", `{"payload":{"action":"x"}}`, "address is required"},
		{"blank address", `{"address":"  ","payload":{}}`, "address is required"},
		{"address not a string", `{"address":27,"payload":{}}`, "address must not be a JSON number"},
		{"no payload", `{"address":"+1"}`, "payload must be a JSON object"},
		{"null payload", `{"address":"+1","payload":null}`, "payload must be a JSON object"},
		{"string payload", `{"address":"+1","payload":"x"}`, "payload must be a JSON object"},
		{"option not a string", `{"address":"+1","payload":{},"option":3}`, "option must not be a JSON number"},
		{"message not an object", `{"address":"+1","payload":{},"message":[]}`, "message must not be a JSON array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeCallback([]byte(tt.body))
			if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v, want ErrMalformed with %q", err, tt.want)
			}
		})
	}
}

// Ensure a poll answer's actions have the shape Turn reads:
// {id: {description, url, payload[, options]}}.
func TestActionWireShape(t *testing.T) {
	resp := PollResponse{Version: Version, Actions: map[string]Action{
		"a": {Description: "Do it", URL: "/actions", Payload: jsontext.Value(`{"action":"a"}`)},
		"b": {Description: "Pick", URL: "https://x.example/actions", Payload: jsontext.Value(`{}`), Options: map[string]string{"1": "One"}},
	}}
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	want := `"actions":{"a":{"description":"Do it","url":"/actions","payload":{"action":"a"}},` +
		`"b":{"description":"Pick","url":"https://x.example/actions","payload":{},"options":{"1":"One"}}}`
	if !strings.Contains(string(b), want) {
		t.Fatalf("got %s", b)
	}
	b, _ = json.Marshal(PollResponse{Version: Version})
	if strings.Contains(string(b), "actions") {
		t.Fatalf("actions sent without any: %s", b)
	}
}

// Ensure a poll gives the contact's address and the newest inbound
// message's timestamp.
func TestRequestOwnerAndNewest(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		owner  string
		newest Timestamp
	}{
		{"fixture", string(fixture(t, "constructed-context-request-text-inbound.json")), "+27820001001", 1706709716},
		{"owner only", string(fixture(t, "context-request-chat-owner-only.json")), "+27820001001", 0},
		{"outbound newer", `{"chat":{"owner":"+1"},"messages":[{"timestamp":"5","text":{"body":"q"}},` +
			`{"timestamp":"9","text":{"body":"a"},"_vnd":{"v1":{"direction":"outbound"}}}]}`, "+1", 5},
		{"escaped owner", `{"chat":{"owner":"\u002b1"}}`, "+1", 0},
		{"null chat", `{"chat":null,"messages":[]}`, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r, err := Decode([]byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			if r.Owner() != tt.owner || r.Newest() != tt.newest {
				t.Errorf("owner %q newest %d", r.Owner(), r.Newest())
			}
		})
	}
}

// Ensure Inbound lists what the contact wrote, newest first, and
// skips outbound and empty messages.
func TestInbound(t *testing.T) {
	body := `{"messages":[
		{"timestamp":"1","text":{"body":"first"}},
		{"timestamp":"3","type":"image"},
		{"timestamp":"4","text":{"body":"reply"},"_vnd":{"v1":{"direction":"outbound"}}},
		{"timestamp":"2","type":"button","button":{"text":"Yes"}}]}`
	r, err := Decode([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := r.Inbound(), []string{"Yes", "first"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}

// FuzzDecodeCallback checks that any body either fails with ErrMalformed
// or gives a callback with an address and a payload object, without
// panicking.
func FuzzDecodeCallback(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("..", "testdata", "turn", "action-*.json"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	for _, s := range []string{
		`{"address":"+1","payload":{"action":"ddgbot_not_helpful","query":"q","topic":"t","sig":"x"}}`,
		`{"address":"+1","option":"2","payload":{"action":"ddgbot_other_topics","options":["a","b"]}}`,
		`{"address":"+1","payload":{},"message":{"text":{"body":"x"},"timestamp":1e3}}`,
		`{"address":null,"payload":{}}`, `{"address":"+1","payload":[]}`, `{"ADDRESS":"+1","Payload":{}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		c, err := DecodeCallback(body)
		if err != nil {
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error not ErrMalformed: %v", err)
			}
			return
		}
		if strings.TrimSpace(c.Address) == "" || !json.Valid(c.Payload) {
			t.Fatalf("accepted %+v", c)
		}
		if _, err := DecodeCallback(body); err != nil {
			t.Fatalf("second decode failed: %v", err)
		}
	})
}
