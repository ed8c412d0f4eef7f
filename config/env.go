package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// EnvPrefix starts every environment variable that overrides a key.
const EnvPrefix = "DDGBOT_"

// EnvName is the environment variable that overrides key, e.g.
// turn.api_token → DDGBOT_TURN_API_TOKEN.
func EnvName(key string) string {
	return EnvPrefix + strings.ToUpper(strings.ReplaceAll(key, ".", "_"))
}

// Keys lists every setting's dotted key, from Config's mapstructure tags.
func Keys() []string { return settingKeys(reflect.TypeFor[Config](), "") }

func settingKeys(t reflect.Type, prefix string) []string {
	var keys []string
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue // not a setting
		}
		key := prefix + f.Tag.Get("mapstructure")
		if f.Type.Kind() == reflect.Struct && f.Type != durationType {
			keys = append(keys, settingKeys(f.Type, key+".")...)
		} else {
			keys = append(keys, key)
		}
	}
	return keys
}

// mapKeys are the settings whose value is a map: one variable holds the
// whole map, written as a YAML flow mapping or JSON.
func mapKeys() map[string]bool {
	m := map[string]bool{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			if !f.IsExported() {
				continue // not a setting
			}
			key := prefix + f.Tag.Get("mapstructure")
			switch {
			case f.Type.Kind() == reflect.Map:
				m[key] = true
			case f.Type.Kind() == reflect.Struct && f.Type != durationType:
				walk(f.Type, key+".")
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	return m
}

// applyEnv sets every key that has a DDGBOT_* variable in environ, and
// refuses a DDGBOT_* variable that matches no key, naming the nearest one:
// a misspelt DDGBOT_TURN_API_TOKEN would otherwise leave the service open.
// The variables Kubernetes sets for a Service whose name starts with
// ddgbot are left alone (see kubernetesVar).
func applyEnv(v *viper.Viper, environ []string) error {
	keys := make(map[string]string) // env name → key
	for _, key := range Keys() {
		keys[EnvName(key)] = key
	}
	maps := mapKeys()
	var errs []error
	for _, kv := range environ {
		name, val, ok := strings.Cut(kv, "=")
		if !ok || !strings.HasPrefix(name, EnvPrefix) {
			continue
		}
		if key, ok := keys[name]; ok {
			if !maps[key] {
				v.Set(key, val)
				continue
			}
			m, err := parseMap(val)
			if err != nil {
				errs = append(errs, fmt.Errorf("config: %s (from %s) %w", key, name, err))
				continue
			}
			v.Set(key, m)
			continue
		}
		if kubernetesVar(name, val) {
			continue
		}
		errs = append(errs, fmt.Errorf("config: unknown environment variable %s (%s); settings are %s<SECTION>_<KEY> for the keys in config.yaml",
			name, unknownHint(name, keys, maps), EnvPrefix))
	}
	return errors.Join(errs...)
}

// unknownHint says what an unknown variable may have meant.
func unknownHint(name string, keys map[string]string, maps map[string]bool) string {
	for key := range maps {
		if env := EnvName(key); strings.HasPrefix(name, env+"_") {
			return fmt.Sprintf("%s is a map, set whole: %s='{%q: [...]}' (JSON or a YAML flow mapping)",
				key, env, strings.ToLower(strings.TrimPrefix(name, env+"_")))
		}
	}
	if n, d := nearest(name, keys); d <= len(name)/3 {
		return "did you mean " + n + "?"
	}
	return "no setting has a similar name"
}

// parseMap reads a map setting from one environment variable: a YAML flow
// mapping or JSON object, e.g. {"en": ["nobody would miss me"]}. Empty
// is the empty map.
func parseMap(val string) (map[string]any, error) {
	if strings.TrimSpace(val) == "" {
		return map[string]any{}, nil
	}
	var m map[string]any
	if err := yaml.Unmarshal([]byte(val), &m); err != nil || m == nil {
		// The value is not repeated: it is the operator's, and could be long.
		return nil, errors.New(`is not a mapping; write it as JSON or a YAML flow mapping, e.g. {"en": ["nobody would miss me"], "sw": ["nitajinyonga"]}`)
	}
	return m, nil
}

// Kubernetes sets, in every pod of a namespace, variables describing each
// Service there: for a Service named ddgbot, DDGBOT_SERVICE_HOST,
// DDGBOT_SERVICE_PORT (and DDGBOT_SERVICE_PORT_<PORT NAME>), DDGBOT_PORT
// and DDGBOT_PORT_<port>_<PROTO> with _PROTO, _PORT and _ADDR; for one
// named ddgbot-redis the same after DDGBOT_REDIS_. Each shape is matched
// with the shape of its value, so a setting mistyped into one of these
// names is still refused.
var kubeVars = []struct {
	name  *regexp.Regexp
	value func(string) bool
}{
	{regexp.MustCompile(`^DDGBOT(_[A-Z0-9_]+)?_SERVICE_HOST$`), isIP},
	{regexp.MustCompile(`^DDGBOT(_[A-Z0-9_]+)?_SERVICE_PORT(_[A-Z0-9_]+)?$`), isPort},
	{regexp.MustCompile(`^DDGBOT(_[A-Z0-9_]+)?_PORT(_[0-9]+_(TCP|UDP|SCTP))?$`), isServiceURL},
	{regexp.MustCompile(`^DDGBOT(_[A-Z0-9_]+)?_PORT_[0-9]+_(TCP|UDP|SCTP)_PROTO$`), isProto},
	{regexp.MustCompile(`^DDGBOT(_[A-Z0-9_]+)?_PORT_[0-9]+_(TCP|UDP|SCTP)_PORT$`), isPort},
	{regexp.MustCompile(`^DDGBOT(_[A-Z0-9_]+)?_PORT_[0-9]+_(TCP|UDP|SCTP)_ADDR$`), isIP},
}

// kubernetesVar reports whether name=val is one of the variables
// Kubernetes sets for a Service (see kubeVars).
func kubernetesVar(name, val string) bool {
	for _, k := range kubeVars {
		if k.name.MatchString(name) && k.value(val) {
			return true
		}
	}
	return false
}

func isIP(s string) bool { return net.ParseIP(s) != nil }

func isProto(s string) bool {
	switch strings.ToLower(s) {
	case "tcp", "udp", "sctp":
		return true
	}
	return false
}

// isServiceURL reports whether s is proto://ip:port.
func isServiceURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && isProto(u.Scheme) && isIP(u.Hostname()) && isPort(u.Port()) &&
		u.User == nil && u.Path == "" && u.RawQuery == "" && u.Fragment == ""
}

func isPort(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && n > 0 && n < 65536 && strconv.Itoa(n) == s
}

// nearest returns the name in names closest to s and its edit distance.
func nearest(s string, names map[string]string) (string, int) {
	best, bestD := "", -1
	for n := range names {
		if d := editDistance(s, n); bestD < 0 || d < bestD || (d == bestD && n < best) {
			best, bestD = n, d
		}
	}
	return best, bestD
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

var durationType = reflect.TypeFor[time.Duration]()
