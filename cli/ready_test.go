package cli

import (
	"net/http"
	"strings"
	"testing"
)

// Ensure a running replica is ready, over a real socket, even with its
// Redis unreachable: it then answers on its own, so taking it out of
// rotation would only turn a slower service into none.
func TestReadyWithRedisDown(t *testing.T) {
	t.Parallel()
	s := start(t, "DDGBOT_REDIS_URL=redis://127.0.0.1:1/0", "DDGBOT_REDIS_TIMEOUT=20ms")
	for _, path := range []string{"/ready", "/health"} {
		resp, err := s.client.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: status %d with Redis down", path, resp.StatusCode)
		}
	}
	if code, sugg, body := s.post(t, pollBody("what is reddit?")); code != 200 || len(sugg) == 0 {
		t.Fatalf("poll with Redis down: %d %s", code, body)
	}
}

// Ensure `suggest` exits 2 without text and 1 when the lookup failed, so a
// script can tell "nothing to suggest" from "DuckDuckGo unreachable".
func TestSuggestExitCodes(t *testing.T) {
	t.Parallel()
	unreachable := []string{"DDGBOT_DUCKDUCKGO_BASE_URL=http://127.0.0.1:1/", "DDGBOT_DUCKDUCKGO_MAX_RETRIES=0"}
	for _, tt := range []struct {
		name     string
		args     []string
		env      []string
		wantCode int
		want     string
	}{
		{"no text", []string{"suggest"}, nil, 2, "suggest needs the text of a message"},
		{"blank text", []string{"suggest", "  "}, nil, 2, "suggest needs the text of a message"},
		{"lookup failed", []string{"suggest", "what is malaria?"}, unreachable, 1, "error: duckduckgo"},
		{"chit-chat, nothing looked up", []string{"suggest", "thanks!"}, unreachable, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runCLI(t, tt.args, tt.env...)
			if code != tt.wantCode || !strings.Contains(stdout+stderr, tt.want) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.wantCode, stdout, stderr)
			}
		})
	}
}
