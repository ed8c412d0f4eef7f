package cli

import (
	"context"
	"errors"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/reply"
)

var updateScreenshot = flag.Bool("update-screenshot", false, "write the preview page's screenshot to docs/preview.png")

// browser returns the path of a Chromium or Chrome to drive. Without one
// the test is skipped, saying how to install it, except under CI=true,
// where it fails: CI must not pass by skipping.
func browser(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "this test drives a headless Chromium, which is not installed: " +
		"apt-get install chromium (Debian, Ubuntu), or install Google Chrome"
	if os.Getenv("CI") == "true" {
		t.Fatal(msg + "; CI=true, so it fails instead of skipping")
	}
	t.Skip(msg)
	return ""
}

// startPreview runs `ddgbot preview` on a free loopback port against the
// fake DuckDuckGo (recorded answers and the health topics), with env on
// top, and returns its URL.
func startPreview(t *testing.T, env ...string) string {
	t.Helper()
	answers, err := ddgtest.LoadFixtures("../testdata/ddg")
	if err != nil {
		t.Fatal(err)
	}
	if err := ddgtest.LoadTopics(answers, "../testdata/ddg/health"); err != nil {
		t.Fatal(err)
	}
	fake := ddgtest.NewServer(answers)
	t.Cleanup(fake.Close)
	environ := append([]string{"DDGBOT_DUCKDUCKGO_BASE_URL=" + fake.URL, "DDGBOT_LOG_LEVEL=warn"}, env...)
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	var logs syncBuffer
	go func() {
		done <- Run(ctx, Env{Args: []string{"preview", "127.0.0.1:0"}, Environ: environ, Stdout: io.Discard, Stderr: &logs,
			DefaultConfig: defaultConfig(), OnListen: func(a net.Addr) { addr <- a }, Watch: quickWatch()})
	}()
	var url string
	select {
	case a := <-addr:
		url = "http://" + a.String() + "/"
	case err := <-done:
		t.Fatalf("preview: %v\n%s", err, logs.String())
	case <-time.After(60 * time.Second): // building the query extractor takes ~10 s under -race
		t.Fatal("preview did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("preview returned %v", err)
		}
	})
	return url
}

// writePreviewAnswers writes an answers file with the crisis referral and the
// given extra entries.
func writePreviewAnswers(t *testing.T, path, extra string) {
	t.Helper()
	const base = `answers:
  - id: referral
    title: Talk to someone now
    body: |
      You are not alone. *Call our free 24-hour line: 0800 000 000*
  - id: clinic-hours
    title: Clinic opening hours
    match: [clinic hours, opening hours]
    body: Our clinics are open *Monday to Friday, 8:00 to 17:00*.
`
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, []byte(base+extra), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil { // as editors and ConfigMaps replace files
		t.Fatal(err)
	}
}

// Ensure the preview page, in a real browser, shows for a typed message
// what an operator would see (suggested replies, context card, action
// menu) and why (language, crisis check, own answer, candidates), for a
// lookup, a crisis message and an own answer, and picks up an edited
// answers file without a restart.
func TestPreviewInBrowser(t *testing.T) {
	t.Parallel()
	chrome := browser(t)
	dir := t.TempDir()
	answersFile := filepath.Join(dir, "answers.yaml")
	writePreviewAnswers(t, answersFile, "")
	url := startPreview(t, "DDGBOT_ANSWERS_FILE="+answersFile, "DDGBOT_SAFETY_CRISIS_ANSWER=referral",
		"DDGBOT_TURN_CONTEXT_CARD=true")

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chrome),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1600, 950),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	defer cancelTimeout()

	// ask types text into the page, waits for its answer and returns the
	// text of each part of the page.
	ask := func(t *testing.T, text string) map[string]string {
		t.Helper()
		_, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("[data-testid=message]").value = ""`))
		if err != nil {
			t.Fatal(err)
		}
		err = chromedp.Do(ctx,
			chromedp.SendKeys(chromedp.CSS(`[data-testid=message]`), text),
			chromedp.Click(chromedp.CSS(`[data-testid=send]`)),
			chromedp.WaitVisible(chromedp.CSS(`[data-testid=why-outcome]`)),
		)
		if err == nil {
			_, err = chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector("[data-testid=sent]").textContent === `+jsString(text)+
				` && !document.querySelector("[data-testid=send]").disabled`))
		}
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		got := map[string]string{}
		for part, id := range map[string]string{
			"suggestions": "suggestions", "card": "card", "menu": "menu", "language": "why-language",
			"crisis": "why-crisis", "own": "why-own-answer", "candidates": "why-candidates", "answers": "answers",
		} {
			if got[part], err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`[data-testid=`+id+`]`))); err != nil {
				t.Fatalf("%q: %s: %v", text, part, err)
			}
		}
		return got
	}
	contains := func(t *testing.T, got map[string]string, part, want string) {
		t.Helper()
		if !strings.Contains(got[part], want) {
			t.Errorf("%s lacks %q: %q", part, want, got[part])
		}
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS(`[data-testid=message]`))); err != nil {
		t.Fatal(err)
	}

	t.Run("lookup", func(t *testing.T) {
		got := ask(t, "Hello, my cousin has been coughing for weeks. What is tuberculosis?")
		contains(t, got, "suggestions", "Tuberculosis")
		contains(t, got, "suggestions", "Mycobacterium tuberculosis")
		contains(t, got, "card", "Looked up")
		contains(t, got, "card", "tuberculosis")
		contains(t, got, "language", "en")
		contains(t, got, "crisis", "none")
		contains(t, got, "candidates", "tuberculosis")
		contains(t, got, "menu", "Other topics")
		contains(t, got, "menu", "Not helpful")
		contains(t, got, "answers", "2 answers")
		if *updateScreenshot {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll("../docs", 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile("../docs/preview.png", png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote docs/preview.png (%d bytes)", len(png))
		}
	})
	t.Run("crisis", func(t *testing.T) {
		got := ask(t, "i want to kill myself tonight")
		contains(t, got, "suggestions", "Talk to someone now")
		if strings.Contains(got["suggestions"], "Wikipedia") {
			t.Errorf("a crisis message got a looked-up suggestion: %q", got["suggestions"])
		}
		contains(t, got, "crisis", "Category")
		contains(t, got, "crisis", "Tier")
		contains(t, got, "own", "referral")
	})
	t.Run("own answer", func(t *testing.T) {
		got := ask(t, "what are the clinic hours on saturday?")
		contains(t, got, "suggestions", "Clinic opening hours")
		contains(t, got, "own", "clinic-hours")
		contains(t, got, "own", "clinic hours")
	})
	t.Run("answers file edited", func(t *testing.T) {
		writePreviewAnswers(t, answersFile, `  - id: ors
    title: Oral rehydration solution
    match: [ors, oral rehydration]
    body: Mix one sachet of ORS in one litre of clean water.
`)
		deadline := time.Now().Add(30 * time.Second)
		for {
			got := ask(t, "how do i make ORS at home")
			if strings.Contains(got["suggestions"], "Oral rehydration solution") && strings.Contains(got["answers"], "3 answers") {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the edited answers file was not picked up: %q, %q", got["suggestions"], got["answers"])
			}
			time.Sleep(50 * time.Millisecond) // the file watcher reloads in the background
		}
	})
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

// Ensure the preview listens on loopback only and answers only requests
// naming a loopback host (a page elsewhere cannot reach it through a DNS
// name pointed at 127.0.0.1), and takes questions only as JSON.
func TestPreviewLoopbackOnly(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:8090", ":8090", "192.0.2.1:8090", "example.org:8090"} {
		_, stderr, code := runCLI(t, []string{"preview", addr})
		if code != 2 || !strings.Contains(stderr, "loopback only") {
			t.Errorf("preview %s: exit %d, %q", addr, code, stderr)
		}
	}
	url := startPreview(t)
	for _, tt := range []struct {
		name, host, method, ctype string
		want                      int
	}{
		{"page", "", http.MethodGet, "", 200},
		{"page by localhost", "localhost", http.MethodGet, "", 200},
		{"rebound name", "attacker.example:80", http.MethodGet, "", 403},
		{"form post", "", http.MethodPost, "application/x-www-form-urlencoded", 415},
		{"json post", "", http.MethodPost, "application/json", 200},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := url
			if tt.method == http.MethodPost {
				path += "answer"
			}
			req, _ := http.NewRequest(tt.method, path, strings.NewReader(`{"text":"thanks!"}`))
			if tt.host != "" {
				req.Host = tt.host
			}
			if tt.ctype != "" {
				req.Header.Set("Content-Type", tt.ctype)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.want)
			}
		})
	}
}

// Ensure the fields the page shows on their own are fields of the use
// case's result (a renamed one would otherwise vanish from the page), and
// that otherFields adds only fields not shown otherwise, by name.
func TestPreviewShowsOtherFields(t *testing.T) {
	rt := reflect.TypeFor[reply.Result]()
	for name := range shownFields {
		if _, ok := rt.FieldByName(name); !ok {
			t.Errorf("shownFields names %s, which reply.Result no longer has", name)
		}
	}
	res := reply.Result{Outcome: reply.Suggested, Query: "malaria", StateErr: errors.New("store down")}
	if got := otherFields(res); len(got) != 0 {
		t.Fatalf("fields shown twice, or logged only: %+v", got)
	}
}
