package config

import (
	"strings"
	"testing"
)

// Ensure the integration path, its actions path and the metrics path
// cannot take ddgbot's own endpoints, where they would shadow them or
// escape server.rate_limit.
func TestPathsCollidingWithEndpoints(t *testing.T) {
	t.Parallel()
	token := "DDGBOT_TURN_API_TOKEN=a-long-random-token-0123456789"
	for _, tt := range []struct {
		name string
		env  []string
		key  string
	}{
		{"health", []string{"DDGBOT_SERVER_PATH=/health"}, "server.path"},
		{"health with slash", []string{"DDGBOT_SERVER_PATH=/health/"}, "server.path"},
		{"ready", []string{"DDGBOT_SERVER_PATH=/ready"}, "server.path"},
		{"metrics", []string{"DDGBOT_SERVER_PATH=/metrics"}, "metrics.path"},
		{"metrics on actions", []string{"DDGBOT_METRICS_PATH=/actions"}, "metrics.path"},
		{"metrics on a path's actions", []string{"DDGBOT_SERVER_PATH=/turn", "DDGBOT_METRICS_PATH=/turn/actions"}, "metrics.path"},
		{"metrics on health", []string{"DDGBOT_METRICS_PATH=/health"}, "metrics.path"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load(defaults(t), "", append(tt.env, token))
			if err == nil || !strings.Contains(err.Error(), "config: "+tt.key) {
				t.Fatalf("err = %v, want one naming %s", err, tt.key)
			}
		})
	}
	for _, env := range [][]string{
		{"DDGBOT_SERVER_PATH=/turn"},
		{"DDGBOT_SERVER_PATH=/healthy"},
		{"DDGBOT_SERVER_PATH=/metrics", "DDGBOT_METRICS_ENABLED=false"},
		{"DDGBOT_METRICS_PATH=/actions", "DDGBOT_TURN_ACTIONS=false"},
	} {
		if _, err := Load(defaults(t), "", append(env, token)); err != nil {
			t.Errorf("%v refused: %v", env, err)
		}
	}
}

// Ensure that without a token or secret the service is not reachable
// from other machines by accident: an address without a host becomes
// loopback, one other machines reach is refused saying what to set, and
// server.allow_unauthenticated or a token lifts both.
func TestUnauthenticatedExposure(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name     string
		env      []string
		wantAddr string // "" = refused
	}{
		{"default", nil, "127.0.0.1:8080"},
		{"loopback", []string{"DDGBOT_SERVER_ADDR=127.0.0.1:9000"}, "127.0.0.1:9000"},
		{"localhost", []string{"DDGBOT_SERVER_ADDR=localhost:9000"}, "localhost:9000"},
		{"ipv6 loopback", []string{"DDGBOT_SERVER_ADDR=[::1]:9000"}, "[::1]:9000"},
		{"all interfaces", []string{"DDGBOT_SERVER_ADDR=0.0.0.0:8080"}, ""},
		{"all interfaces v6", []string{"DDGBOT_SERVER_ADDR=[::]:8080"}, ""},
		{"lan address", []string{"DDGBOT_SERVER_ADDR=192.168.1.10:8080"}, ""},
		{"allowed", []string{"DDGBOT_SERVER_ADDR=0.0.0.0:8080", "DDGBOT_SERVER_ALLOW_UNAUTHENTICATED=true"}, "0.0.0.0:8080"},
		{"allowed default", []string{"DDGBOT_SERVER_ALLOW_UNAUTHENTICATED=true"}, ":8080"},
		{"token", []string{"DDGBOT_SERVER_ADDR=0.0.0.0:8080", "DDGBOT_TURN_API_TOKEN=a-long-random-token-0123456789"}, "0.0.0.0:8080"},
		{"token default", []string{"DDGBOT_TURN_API_TOKEN=a-long-random-token-0123456789"}, ":8080"},
		{"secret", []string{"DDGBOT_SERVER_ADDR=0.0.0.0:8080", "DDGBOT_TURN_HMAC_SECRET=a-long-random-secret"}, "0.0.0.0:8080"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := Load(defaults(t), "", tt.env)
			if tt.wantAddr != "" {
				if err != nil || c.Server.Addr != tt.wantAddr {
					t.Fatalf("addr %q, err %v; want %q", c.Server.Addr, err, tt.wantAddr)
				}
				return
			}
			if err == nil {
				t.Fatalf("served unauthenticated on %s", c.Server.Addr)
			}
			for _, want := range []string{"config: server.addr", "DDGBOT_TURN_API_TOKEN", "DDGBOT_SERVER_ALLOW_UNAUTHENTICATED=true", "openssl rand -hex 32"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error lacks %q: %v", want, err)
				}
			}
		})
	}
}
