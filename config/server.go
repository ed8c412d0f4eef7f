package config

import (
	"fmt"
	"math"
	"net"
	"strings"
	"time"
)

// Server configures the HTTP listener.
type Server struct {
	Addr              string        `mapstructure:"addr"`
	Path              string        `mapstructure:"path"`
	ReadHeaderTimeout time.Duration `mapstructure:"read_header_timeout"`
	ReadTimeout       time.Duration `mapstructure:"read_timeout"`
	WriteTimeout      time.Duration `mapstructure:"write_timeout"`
	IdleTimeout       time.Duration `mapstructure:"idle_timeout"`
	ShutdownTimeout   time.Duration `mapstructure:"shutdown_timeout"`
	MaxHeaderBytes    int           `mapstructure:"max_header_bytes"`
	MaxBodyBytes      int64         `mapstructure:"max_body_bytes"`
	RateLimit         float64       `mapstructure:"rate_limit"`
	RateBurst         int           `mapstructure:"rate_burst"`
	// AllowUnauthenticated lets a service without turn.api_token and
	// turn.hmac_secret listen on addresses other machines reach.
	AllowUnauthenticated bool `mapstructure:"allow_unauthenticated"`
}

// reservedPaths are the paths ddgbot serves besides server.path and
// metrics.path, with what serves them: server.path, its actions path and
// metrics.path must not take them, or they would shadow the endpoint (or
// the endpoint them) and escape server.rate_limit.
var reservedPaths = map[string]string{
	"/health": "the health check",
	"/ready":  "the readiness check",
}

// actionsPath is where operators' action callbacks arrive for the
// integration path, as handlers.ActionsPath says: "/actions" for "/",
// "/turn/actions" for "/turn".
func actionsPath(path string) string {
	return strings.TrimSuffix(path, "/") + "/actions"
}

func (c *Config) validateServer(bad func(key, why string)) {
	s := c.Server
	if s.Addr == "" {
		bad("server.addr", "must not be empty")
	} else if _, _, err := net.SplitHostPort(s.Addr); err != nil {
		bad("server.addr", fmt.Sprintf("is %q; want host:port or :port, e.g. :8080 or 127.0.0.1:8080", s.Addr))
	}
	if !strings.HasPrefix(s.Path, "/") {
		bad("server.path", "must start with /")
	}
	for _, d := range []struct {
		key string
		d   time.Duration
	}{
		{"server.read_header_timeout", s.ReadHeaderTimeout},
		{"server.read_timeout", s.ReadTimeout},
		{"server.write_timeout", s.WriteTimeout},
		{"server.idle_timeout", s.IdleTimeout},
		{"server.shutdown_timeout", s.ShutdownTimeout},
	} {
		positive(bad, d.key, d.d)
	}
	if s.WriteTimeout > 0 && s.WriteTimeout <= c.Turn.ResponseTimeout {
		bad("server.write_timeout", "must be longer than turn.response_timeout")
	}
	if s.MaxHeaderBytes < 1024 {
		bad("server.max_header_bytes", "must be at least 1024")
	}
	if s.MaxBodyBytes < 1024 {
		bad("server.max_body_bytes", "must be at least 1024")
	}
	if !(s.RateLimit >= 0) || math.IsInf(s.RateLimit, 0) { // NaN fails >= 0
		bad("server.rate_limit", "must be a finite number, not negative")
	}
	if s.RateLimit > 0 && s.RateBurst < 1 {
		bad("server.rate_burst", "must be at least 1 when server.rate_limit is on")
	}
	c.validatePaths(bad)
	c.validateExposure(bad)
}

// validatePaths refuses an integration, actions or metrics path that
// another endpoint already answers.
func (c *Config) validatePaths(bad func(key, why string)) {
	type route struct{ key, path, what string }
	routes := []route{{"server.path", c.Server.Path, "the integration"}}
	if c.Turn.Actions {
		routes = append(routes, route{"server.path", actionsPath(c.Server.Path), "operators' actions"})
	}
	if c.Metrics.Enabled {
		routes = append(routes, route{"metrics.path", c.Metrics.Path, "the metrics"})
	}
	clean := func(p string) string { return strings.TrimSuffix(p, "/") }
	for i, r := range routes {
		if what, ok := reservedPaths[clean(r.path)]; ok {
			bad(r.key, fmt.Sprintf("puts %s at %s, where ddgbot serves %s; choose another path", r.what, r.path, what))
		}
		for _, o := range routes[:i] {
			if clean(o.path) == clean(r.path) && r.key != o.key {
				bad(r.key, fmt.Sprintf("puts %s at %s, where %s are (%s); choose another path", r.what, r.path, o.what, o.key))
			}
		}
	}
}

// validateExposure refuses to serve without authentication on an address
// other machines can reach, unless server.allow_unauthenticated says so.
// An address without a host (":8080") is narrowed to loopback by Load
// instead, so `go run .` keeps working on the developer's own machine.
func (c *Config) validateExposure(bad func(key, why string)) {
	if c.authenticated() || c.Server.AllowUnauthenticated {
		return
	}
	host, _, err := net.SplitHostPort(c.Server.Addr)
	if err != nil || host == "" || isLoopback(host) {
		return
	}
	bad("server.addr", fmt.Sprintf("is %s, reachable from other machines, but turn.api_token is empty, so anyone "+
		"reaching it could use this service: set %s (in .env, or a Kubernetes Secret) to a long random token "+
		"(e.g. the output of `openssl rand -hex 32`) and enter the same token in Turn as the integration's API Token; "+
		"to serve without authentication on purpose (e.g. behind a proxy that checks it), set %s=true",
		c.Server.Addr, EnvName("turn.api_token"), EnvName("server.allow_unauthenticated")))
}

// authenticated reports whether Turn's calls are checked (a token or a
// signature).
func (c *Config) authenticated() bool { return c.Turn.APIToken != "" || c.Turn.HMACSecret != "" }

// narrowAddr makes an address without a host (":8080") loopback-only when
// nothing authenticates Turn's calls, as validateExposure explains.
func (c *Config) narrowAddr() {
	if c.authenticated() || c.Server.AllowUnauthenticated {
		return
	}
	if host, port, err := net.SplitHostPort(c.Server.Addr); err == nil && host == "" {
		c.Server.Addr = net.JoinHostPort("127.0.0.1", port)
	}
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// positive reports d under key unless it is a positive duration.
func positive(bad func(key, why string), key string, d time.Duration) {
	if d <= 0 {
		bad(key, "must be a positive duration")
	}
}
