package duckduckgo

import (
	"os"
	"sync"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/config"
)

// shipped loads the settings of the shipped config.yaml, the one home of
// the defaults: tests fill the options they leave zero from it, as the
// binary's wiring does from the loaded config.
var shipped = sync.OnceValue(func() config.Config {
	b, err := os.ReadFile("../config.yaml")
	if err != nil {
		panic(err)
	}
	c, err := config.Load(b, "", nil)
	if err != nil {
		panic(err)
	}
	return c
})

func orDuration(d *time.Duration, v time.Duration) {
	if *d == 0 {
		*d = v
	}
}

func orInt[T int | int64](i *T, v T) {
	if *i == 0 {
		*i = v
	}
}

// serviceOptions returns o with its zero settings from config.yaml.
func serviceOptions(o ServiceOptions) ServiceOptions {
	d, c := shipped().DuckDuckGo, shipped().Cache
	orDuration(&o.TTL, c.TTL)
	orDuration(&o.NegativeTTL, c.NegativeTTL)
	orDuration(&o.StaleFor, c.StaleFor)
	orInt(&o.MaxEntries, c.MaxEntries)
	orInt(&o.MaxBytes, c.MaxBytes)
	orDuration(&o.LookupTimeout, d.LookupTimeout)
	orDuration(&o.AttemptTimeout, d.Timeout)
	orInt(&o.MaxConcurrency, d.MaxConcurrency)
	orInt(&o.MaxPending, d.MaxPending)
	orInt(&o.BreakerFailures, d.BreakerFailures)
	orDuration(&o.BreakerCooldown, d.BreakerCooldown)
	orDuration(&o.MaxRetryAfter, d.MaxRetryAfter)
	return o
}

// sharedOptions returns o with its zero settings from config.yaml.
func sharedOptions(o SharedOptions) SharedOptions {
	d, c := shipped().DuckDuckGo, shipped().Cache
	orDuration(&o.TTL, c.TTL)
	orDuration(&o.NegativeTTL, c.NegativeTTL)
	orDuration(&o.LookupTimeout, d.LookupTimeout)
	orInt(&o.BreakerFailures, d.BreakerFailures)
	orDuration(&o.BreakerCooldown, d.BreakerCooldown)
	orDuration(&o.MaxRetryAfter, d.MaxRetryAfter)
	orDuration(&o.AttemptTimeout, d.Timeout)
	return o
}

// clientOptions returns o with its zero settings from config.yaml.
func clientOptions(o ClientOptions) ClientOptions {
	d := shipped().DuckDuckGo
	if o.BaseURL == "" {
		o.BaseURL = d.BaseURL
	}
	if o.AppName == "" {
		o.AppName = d.AppName
	}
	orDuration(&o.Timeout, d.Timeout)
	return o
}

// Ensure a setting left unset is a programming error named at once, not
// a default kept beside config.yaml's: a second copy could disagree (as
// cache.stale_for: 0 once became 24h), and zero is a value some settings
// take.
func TestOptionsMustBeSet(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]func(){
		"service": func() { NewService(fetcherFunc(nil), ServiceOptions{}) },
		"shared":  func() { NewShared(fetcherFunc(nil), nil, SharedOptions{}) },
		"client":  func() { NewClient(ClientOptions{}) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if r := recover(); r == nil {
					t.Fatal("zero options accepted")
				}
			}()
			f()
		})
	}
	// Filled from config.yaml, they are accepted.
	NewService(fetcherFunc(nil), serviceOptions(ServiceOptions{})).Close()
	NewShared(fetcherFunc(nil), nil, sharedOptions(SharedOptions{})).Close()
	NewClient(clientOptions(ClientOptions{}))
}
