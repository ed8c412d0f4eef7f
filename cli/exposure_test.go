package cli

import (
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
)

// Ensure a service started without a token listens on loopback only when
// its address names no host, and answers there.
func TestUnauthenticatedServesLoopbackOnly(t *testing.T) {
	t.Parallel()
	s := start(t, "DDGBOT_SERVER_ADDR=:0", "DDGBOT_TURN_API_TOKEN=")
	host, _, err := net.SplitHostPort(strings.TrimPrefix(s.url, "http://"))
	if err != nil || !net.ParseIP(host).IsLoopback() {
		t.Fatalf("listening on %s without a token; want loopback only", s.url)
	}
	req, _ := http.NewRequest(http.MethodPost, s.url+"/", strings.NewReader(pollBody("what is malaria")))
	req.Header.Set("Content-Type", "application/json")
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
}

// Ensure start-up stops, naming the key and what to set, for settings
// that would expose the service without authentication or hide one of
// its endpoints behind the integration path.
func TestStartRefusesExposureAndCollisions(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name string
		env  []string
		want []string
	}{
		{"all interfaces without a token", []string{"DDGBOT_SERVER_ADDR=0.0.0.0:0"},
			[]string{"server.addr", "DDGBOT_TURN_API_TOKEN", "DDGBOT_SERVER_ALLOW_UNAUTHENTICATED=true"}},
		{"integration on /health", []string{"DDGBOT_SERVER_ADDR=127.0.0.1:0", "DDGBOT_TURN_API_TOKEN=" + e2eToken, "DDGBOT_SERVER_PATH=/health"},
			[]string{"server.path", "/health"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			listened := false
			err := run(context.Background(), nil, tt.env, io.Discard, io.Discard, func(net.Addr) { listened = true })
			if err == nil || listened {
				t.Fatalf("started (listened %v, err %v)", listened, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q: %v", w, err)
				}
			}
		})
	}
}
