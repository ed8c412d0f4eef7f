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
// {id: {description, url, payload[, options]}}, in the order given.
func TestActionWireShape(t *testing.T) {
	resp := PollResponse{Version: Version, Actions: Actions{
		{ID: "b", Description: "Pick", URL: "https://x.example/actions", Payload: jsontext.Value(`{}`),
			Options: []Option{{Key: "2", Label: "Two"}, {Key: "1", Label: "One"}}},
		{ID: "a", Description: "Do it", URL: "/actions", Payload: jsontext.Value(`{"action":"a"}`)},
	}}
	b, err := json.Marshal(resp)
	if err != nil {
		t.Fatal(err)
	}
	want := `"actions":{"b":{"description":"Pick","url":"https://x.example/actions","payload":{},"options":{"2":"Two","1":"One"}},` +
		`"a":{"description":"Do it","url":"/actions","payload":{"action":"a"}}}`
	if !strings.Contains(string(b), want) {
		t.Fatalf("got %s", b)
	}
	for _, empty := range []Actions{nil, {}} {
		b, _ = json.Marshal(PollResponse{Version: Version, Actions: empty})
		if strings.Contains(string(b), "actions") {
			t.Fatalf("actions sent without any: %s", b)
		}
	}
	if _, err := json.Marshal(Actions{{ID: "a", Payload: jsontext.Value(`{"x":`)}}); err == nil {
		t.Fatal("invalid payload encoded")
	}
}

// Ensure Actions encode byte for byte as encoding/json encodes the same
// menu held in maps (keys given in sorted order), whatever the strings
// hold: quotes, HTML, control and line-separator characters, invalid
// UTF-8 (replaced by U+FFFD either way; encoding/json writes it escaped),
// a nil payload.
func TestActionsEncodeAsMaps(t *testing.T) {
	type mapAction struct {
		Description string            `json:"description"`
		URL         string            `json:"url"`
		Payload     jsontext.Value    `json:"payload"`
		Options     map[string]string `json:"options,omitempty"`
	}
	odd := []string{"", `"quoted" \ back`, "<b>&amp;</b>", "tab\tnl\n\x01", "line\u2028sep\u2029", "bad \xff utf-8", "Ü…"}
	for i, s := range odd {
		as := Actions{
			{ID: "a" + s, Description: s, URL: "/u?" + s, Payload: jsontext.Value(`{"a":"<&>"}`),
				Options: []Option{{Key: "1", Label: s}, {Key: "2" + s, Label: "x"}}},
			{ID: "b", Description: "d", URL: s},
		}
		m := map[string]mapAction{}
		for _, a := range as {
			ma := mapAction{Description: a.Description, URL: a.URL, Payload: a.Payload}
			for _, o := range a.Options {
				if ma.Options == nil {
					ma.Options = map[string]string{}
				}
				ma.Options[o.Key] = o.Label
			}
			m[a.ID] = ma
		}
		got, err := json.Marshal(PollResponse{Actions: as})
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(struct {
			Version            string               `json:"version"`
			SuggestedResponses []SuggestedResponse  `json:"suggested_responses"`
			Actions            map[string]mapAction `json:"actions"`
		}{Actions: m})
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != strings.ReplaceAll(string(want), `\ufffd`, "\uFFFD") {
			t.Errorf("%d: got  %s\nwant %s", i, got, want)
		}
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
