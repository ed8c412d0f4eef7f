package cli

import (
	"context"
	"flag"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/cmd/fakeddg/fakeapi"
	"github.com/ddgbot/ddgbot/cmd/soak/load"
	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

// soak is how long TestSoak runs; 0 skips it. It runs alone and for a
// fixed time, so it is not part of the default run: cmd/soak runs the
// long version.
var soak = flag.Duration("soak", 0, "run TestSoak for this long (e.g. 5s)")

// Ensure a soak (cmd/soak's load, for -soak) against ddgbot in this
// process gets the expected status for every kind of request, no transport
// errors, and no goroutine or heap growth after warm-up.
func TestSoak(t *testing.T) {
	if *soak <= 0 {
		t.Skip("a fixed-length run; go test -run TestSoak ./cli -soak=5s runs it")
	}
	answers, err := ddgtest.LoadFixtures("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	fake := fakeapi.New(answers)
	// The soak counts goroutines in this process, which holds the fake too:
	// without keep-alives no idle upstream connection (three goroutines
	// each) is left to be taken for a leak.
	fakeSrv := httptest.NewUnstartedServer(fake)
	fakeSrv.Config.SetKeepAlivesEnabled(false)
	fakeSrv.Start()
	defer fakeSrv.Close()
	defer fake.Close()
	s := start(t, "DDGBOT_DUCKDUCKGO_BASE_URL="+fakeSrv.URL+"/", "DDGBOT_CACHE_MAX_ENTRIES=50", "DDGBOT_LOG_LEVEL=info",
		// Background lookups end within this, well inside the soak's 10 s
		// settling time for goroutines, however busy the machine is.
		"DDGBOT_DUCKDUCKGO_LOOKUP_TIMEOUT=3s")

	rep, err := load.Run(context.Background(), load.Options{
		Target: s.url, Token: e2eToken, Rate: 50, Duration: *soak, Concurrency: 200,
		Warmup: *soak * 2 / 5, Interval: 500 * time.Millisecond, Seed: 1,
	})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	rep.Format(&out)
	t.Log("\n" + out.String())
	if !rep.Pass() {
		t.Fatalf("soak failed: %v", rep.Failures)
	}
	if want := int(soak.Seconds() * 50 * 4 / 5); rep.Sent+rep.Dropped < want {
		t.Fatalf("only %d requests issued in %v at 50/s, want %d", rep.Sent+rep.Dropped, *soak, want)
	}
	for _, kind := range []string{"poll-new", "bad-auth", "malformed", "oversized"} {
		if len(rep.Statuses[kind]) == 0 {
			t.Errorf("no %s requests in the mix", kind)
		}
	}
	if fake.Stats().Total == 0 || rep.End.CacheEntries > 50 {
		t.Errorf("%d upstream requests, %.0f cache entries (max 50)", fake.Stats().Total, rep.End.CacheEntries)
	}
}

// Ensure the soak refuses to send load anywhere but loopback.
func TestSoakLoopbackOnly(t *testing.T) {
	for _, target := range []string{"http://192.0.2.1:8080", "http://example.org", "https://127.0.0.1:1"} {
		if _, err := load.Run(context.Background(), load.Options{Target: target, Token: "x", Duration: time.Second}); err == nil {
			t.Errorf("%s accepted", target)
		}
	}
}
