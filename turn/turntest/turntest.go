// Package turntest builds Turn context polls for tests and load tools, so
// every test speaks the same wire format.
package turntest

import (
	"encoding/json"
	"strconv"
)

// Msg is one message of a poll.
type Msg struct {
	Direction string // "inbound", "outbound"; "" sends no _vnd block
	Type      string // "" means "text"
	Text      string // "" sends no text object
	Timestamp any    // a string or a number; nil sends none
}

// Poll returns a poll body with a chat block and msgs.
func Poll(msgs ...Msg) []byte {
	list := make([]any, len(msgs))
	for i, m := range msgs {
		typ := m.Type
		if typ == "" {
			typ = "text"
		}
		w := map[string]any{"type": typ}
		if m.Timestamp != nil {
			w["timestamp"] = m.Timestamp
		}
		if m.Text != "" {
			w["text"] = map[string]any{"body": m.Text}
		}
		if m.Direction != "" {
			w["_vnd"] = map[string]any{"v1": map[string]any{"direction": m.Direction}}
		}
		list[i] = w
	}
	return marshal(map[string]any{"chat": map[string]any{"owner": "+27820001001"}, "messages": list})
}

// Ask returns a short conversation whose newest inbound message is
// question: a greeting, an operator's reply, then the question.
func Ask(question string) []byte {
	return Poll(
		Msg{Direction: "inbound", Text: "hello", Timestamp: "1700000000"},
		Msg{Direction: "outbound", Text: "Hi! How can we help?", Timestamp: "1700000050"},
		Msg{Direction: "inbound", Text: question, Timestamp: "1700000100"},
	)
}

// History returns a poll as Turn sends it, with full chat metadata and n
// messages (n >= 1) carrying vendor blocks, alternating inbound and
// outbound; the last one, the newest, is inbound and asks question. Three
// messages make about 2 KB, like the recorded context request.
func History(n int, question string) []byte {
	msgs := make([]any, n)
	for i := range n {
		// Count from the end so that the newest message is inbound.
		inbound := (n-1-i)%2 == 0
		text, direction, author, typ := "hello, I have a question", "inbound", "Thandi", "OWNER"
		if !inbound {
			text, direction, author, typ = "Hi! How can we help?", "outbound", "Operator Name", "OPERATOR"
		}
		if i == n-1 {
			text = question
		}
		msgs[i] = map[string]any{
			"_vnd": map[string]any{"v1": map[string]any{
				"author":    map[string]any{"id": "27820001001", "name": author, "type": typ},
				"chat":      map[string]any{"assigned_to": nil, "owner": "+27820001001", "state": "OPEN", "state_reason": "Re-opened by inbound message.", "unread_count": 1},
				"direction": direction, "in_reply_to": nil, "inserted_at": "2024-01-31T14:01:56.467839Z", "labels": []any{},
			}},
			"from": "27820001001", "id": "ABGGFAKEMESSAGE" + strconv.Itoa(10000+i),
			"text": map[string]any{"body": text}, "timestamp": strconv.Itoa(1706709600 + 10*i), "type": "text",
		}
	}
	return marshal(map[string]any{
		"chat": map[string]any{
			"owner": "+27820001001", "state": "OPEN", "state_reason": "Re-opened by inbound message.", "unread_count": 1,
			"uuid": "00000000-0000-4000-8000-0000000000c1", "contact_uuid": "00000000-0000-4000-8000-0000000000c2",
			"assigned_to": map[string]any{"id": "00000000-0000-4000-8000-000000000001", "name": "Operator Name", "type": "OPERATOR"},
			"inserted_at": "2024-01-25T09:02:46.684610Z", "updated_at": "2024-01-31T14:01:56.486313Z",
		},
		"messages": msgs,
	})
}

func marshal(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only maps, strings and numbers: cannot fail
	}
	return b
}
