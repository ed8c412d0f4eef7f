// Command loadtest measures ddgbot under load on loopback and prints one
// table. Run it from the repository root:
//
//	go run ./cmd/loadtest [-duration 5s] [-workers 32] [-scenarios warm,cold,...]
//
// It builds ddgbot with `go build` into a temporary directory and runs it
// as a subprocess: the same binary, config loading, logging and server
// wiring as in production, in its own runtime, so that its garbage
// collector and scheduler are not shared with the load generator. The fake
// DuckDuckGo (cmd/fakeddg's handler) runs in this process. The ceiling, a
// bare Echo handler returning a fixed answer of the size of ddgbot's warm
// answer, runs as a subprocess too (this program re-executed with
// -serve-ceiling), so both servers compete with the load generator alike.
// Load comes from vegeta, used as a library. Nothing leaves 127.0.0.1.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/labstack/echo/v4"
	vegeta "github.com/tsenart/vegeta/v12/lib"

	"github.com/ddgbot/ddgbot/cmd/fakeddg/fakeapi"
	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// allScenarios, in the order they run.
var allScenarios = []string{"handshake", "warm", "warm-info", "cold", "herd", "hanging", "ceiling"}

type options struct {
	duration    time.Duration
	workers     uint64
	scenarios   []string
	fixtures    string
	src         string
	bin         string
	hangTimeout time.Duration
	coldRate    int
	coldLatency time.Duration
}

// token is the Turn API token every request carries.
const token = "loadtest-token-4f1e2d3c"

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.DurationVar(&o.duration, "duration", 5*time.Second, "length of each timed scenario")
	fs.Uint64Var(&o.workers, "workers", 32, "concurrent connections in the max-throughput scenarios")
	scen := fs.String("scenarios", strings.Join(allScenarios, ","), "comma-separated scenarios to run, of "+strings.Join(allScenarios, ","))
	fs.StringVar(&o.fixtures, "fixtures", "testdata/ddg", "recorded DuckDuckGo answers")
	fs.StringVar(&o.src, "src", ".", "ddgbot's main package, built with go build")
	fs.StringVar(&o.bin, "ddgbot", "", "a ddgbot binary to use instead of building -src")
	fs.DurationVar(&o.hangTimeout, "hang-timeout", time.Second, "turn.response_timeout in the hanging scenario")
	fs.IntVar(&o.coldRate, "cold-rate", 200, "requests per second in the cold scenario")
	fs.DurationVar(&o.coldLatency, "cold-latency", 80*time.Millisecond, "upstream latency in the cold scenario")
	ceilingAnswer := fs.String("serve-ceiling", "", "internal: serve the bare Echo ceiling answering the contents of this file")
	addr := fs.String("addr", "127.0.0.1:0", "internal: listen address with -serve-ceiling")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *ceilingAnswer != "" {
		return serveCeiling(ctx, *ceilingAnswer, *addr)
	}
	for _, s := range strings.Split(*scen, ",") {
		s = strings.TrimSpace(s)
		if !slices.Contains(allScenarios, s) {
			return fmt.Errorf("-scenarios: unknown %q (have %s)", s, strings.Join(allScenarios, ", "))
		}
		o.scenarios = append(o.scenarios, s)
	}
	if o.duration <= 0 || o.workers == 0 {
		return errors.New("-duration and -workers must be positive")
	}
	answers, err := ddgtest.LoadFixtures(o.fixtures)
	if err != nil {
		return fmt.Errorf("%w (run from the repository root, or set -fixtures)", err)
	}
	tmp, err := os.MkdirTemp("", "ddgbot-loadtest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	if o.bin == "" {
		o.bin = filepath.Join(tmp, "ddgbot")
		fmt.Fprintf(stderr, "building %s ...\n", o.src)
		build := exec.CommandContext(ctx, "go", "build", "-o", o.bin, o.src)
		build.Stdout, build.Stderr = stderr, stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("go build %s: %w", o.src, err)
		}
	}
	l := &lab{o: o, answers: answers, tmp: tmp, log: stderr}
	start := time.Now()
	var rows []row
	for _, s := range o.scenarios {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		fmt.Fprintf(stderr, "scenario %s ...\n", s)
		rs, err := l.scenario(ctx, s)
		if err != nil {
			return fmt.Errorf("scenario %s: %w", s, err)
		}
		rows = append(rows, rs...)
	}
	printTable(stdout, rows, l, time.Since(start))
	return nil
}

// row is one line of the table.
type row struct {
	name     string
	requests int
	rate     float64 // completed requests per second of wall time
	p50, p99 time.Duration
	max      time.Duration
	non2xx   int
	upstream int    // requests the fake DuckDuckGo received; -1: none involved
	note     string // a target checked, or what the row shows
}

// lab holds what the scenarios share.
type lab struct {
	o       options
	answers map[string][]byte
	tmp     string
	log     io.Writer

	warmAnswer []byte  // ddgbot's answer to the warm question
	warmRate   float64 // ddgbot's max throughput on the warm question
	ceiling    float64 // the bare Echo's max throughput
	logBytes   float64 // info log bytes per request
}

func (l *lab) scenario(ctx context.Context, name string) ([]row, error) {
	switch name {
	case "handshake":
		return l.handshake(ctx)
	case "warm":
		return l.warm(ctx, "warn")
	case "warm-info":
		return l.warm(ctx, "info")
	case "cold":
		return l.cold(ctx)
	case "herd":
		return l.herd(ctx)
	case "hanging":
		return l.hanging(ctx)
	case "ceiling":
		return l.ceilingRun(ctx)
	}
	return nil, fmt.Errorf("unknown scenario")
}

const warmQuestion = "Hi, what is Reddit?"

func (l *lab) handshake(ctx context.Context) ([]row, error) {
	f, err := startFake(l.answers)
	if err != nil {
		return nil, err
	}
	defer f.close()
	b, err := startDdgbot(ctx, l.o.bin, f.url, nil, io.Discard)
	if err != nil {
		return nil, err
	}
	defer b.stop()
	res := attack(ctx, attackSpec{url: b.url, workers: l.o.workers, duration: l.o.duration,
		body: func(uint64) []byte { return []byte(`{"handshake": true}`) }})
	r := res.row("handshake", f.h.Stats().Total)
	r.note = fmt.Sprintf("max rate, %d workers", l.o.workers)
	return []row{r}, nil
}

// warm measures the cached path at max rate and then at half that rate.
// With level "info" ddgbot logs one JSON line per request to a file.
func (l *lab) warm(ctx context.Context, level string) ([]row, error) {
	f, err := startFake(l.answers)
	if err != nil {
		return nil, err
	}
	defer f.close()
	logTo := io.Discard
	var logFile *os.File
	if level == "info" {
		if logFile, err = os.Create(filepath.Join(l.tmp, "ddgbot-info.log")); err != nil {
			return nil, err
		}
		defer logFile.Close()
		logTo = logFile
	}
	b, err := startDdgbot(ctx, l.o.bin, f.url, []string{"DDGBOT_LOG_LEVEL=" + level}, logTo)
	if err != nil {
		return nil, err
	}
	defer b.stop()
	body := pollBody(warmQuestion)
	answer, err := post(ctx, b.url, body)
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(answer, []byte(`"title":"Reddit"`)) {
		return nil, fmt.Errorf("warm question got no suggestion: %s", answer)
	}
	var logBefore int64
	if logFile != nil {
		st, _ := logFile.Stat()
		logBefore = st.Size()
	}
	res := attack(ctx, attackSpec{url: b.url, workers: l.o.workers, duration: l.o.duration,
		body: func(uint64) []byte { return body }})
	name := "warm"
	if level == "info" {
		name = "warm, info log to file"
	}
	full := res.row(name, f.h.Stats().Total)
	full.note = fmt.Sprintf("max rate, %d workers; log.level %s", l.o.workers, level)
	if level == "info" {
		st, _ := logFile.Stat()
		l.logBytes = float64(st.Size()-logBefore) / float64(full.requests)
		full.note += fmt.Sprintf("; %.0f B of log per request", l.logBytes)
		if l.warmRate > 0 {
			full.note += fmt.Sprintf("; %.2f × the warn-level rate", full.rate/l.warmRate)
		}
		return []row{full}, nil
	}
	l.warmAnswer, l.warmRate = answer, full.rate

	half := full.rate / 2
	res = attack(ctx, attackSpec{url: b.url, rate: half, duration: l.o.duration,
		body: func(uint64) []byte { return body }})
	h := res.row(fmt.Sprintf("warm @ %.0f req/s (half of max)", half), f.h.Stats().Total)
	h.note = verdict(h.p99 < 5*time.Millisecond, "p99 < 5 ms")
	return []row{full, h}, nil
}

// cold sends a distinct question per request at a fixed rate, each one a
// miss that waits for the slow fake.
func (l *lab) cold(ctx context.Context) ([]row, error) {
	f, err := startFake(l.answers)
	if err != nil {
		return nil, err
	}
	defer f.close()
	f.h.SetLatency(l.o.coldLatency)
	// The default duckduckgo.max_concurrency (4) deliberately caps
	// upstream calls at 4 / 80 ms = 50 lookups/s to be polite to
	// DuckDuckGo; 200 distinct questions/s need ~16 in flight.
	conc := 2 * l.o.coldRate * int(l.o.coldLatency.Milliseconds()) / 1000
	conc = max(conc, 4)
	b, err := startDdgbot(ctx, l.o.bin, f.url, []string{"DDGBOT_DUCKDUCKGO_MAX_CONCURRENCY=" + strconv.Itoa(conc)}, io.Discard)
	if err != nil {
		return nil, err
	}
	defer b.stop()
	res := attack(ctx, attackSpec{url: b.url, rate: float64(l.o.coldRate), duration: l.o.duration, keepBody: true,
		body: func(i uint64) []byte { return pollBody(fmt.Sprintf("What is topic-%d?", i)) }})
	r := res.row(fmt.Sprintf("cold @ %d req/s, upstream %s", l.o.coldRate, l.o.coldLatency), f.h.Stats().Total)
	limit := l.o.coldLatency + 20*time.Millisecond
	r.note = verdict(r.p99 <= limit, fmt.Sprintf("p99 ≤ %s", limit)) + fmt.Sprintf("; %d without a suggestion; max_concurrency %d", res.unsuggested, conc)
	return []row{r}, nil
}

// herd sends 50 identical new questions at once, to a slow fake.
func (l *lab) herd(ctx context.Context) ([]row, error) {
	f, err := startFake(l.answers)
	if err != nil {
		return nil, err
	}
	defer f.close()
	f.h.SetLatency(300 * time.Millisecond)
	b, err := startDdgbot(ctx, l.o.bin, f.url, nil, io.Discard)
	if err != nil {
		return nil, err
	}
	defer b.stop()
	const n = 50
	body := pollBody("Tell me about topic-4242")
	res := attack(ctx, attackSpec{url: b.url, workers: n, maxHits: n, duration: 30 * time.Second, keepBody: true,
		body: func(uint64) []byte { return body }})
	up := f.h.RequestsFor("topic-4242")
	r := res.row("herd: 50 identical new questions, upstream 300ms", up)
	r.note = verdict(up == 1 && r.requests == n && res.unsuggested == 0, "1 upstream request")
	return []row{r}, nil
}

// hanging sends distinct questions while the fake never answers: every
// poll must still get 200 within turn.response_timeout.
func (l *lab) hanging(ctx context.Context) ([]row, error) {
	f, err := startFake(l.answers)
	if err != nil {
		return nil, err
	}
	defer f.close()
	f.h.SetFault(ddgtest.Fault{Mode: ddgtest.Hang})
	b, err := startDdgbot(ctx, l.o.bin, f.url, []string{"DDGBOT_TURN_RESPONSE_TIMEOUT=" + l.o.hangTimeout.String()}, io.Discard)
	if err != nil {
		return nil, err
	}
	defer b.stop()
	res := attack(ctx, attackSpec{url: b.url, rate: 50, duration: l.o.duration,
		body: func(i uint64) []byte { return pollBody(fmt.Sprintf("What is topic-%d?", i)) }})
	r := res.row(fmt.Sprintf("hanging upstream, response_timeout %s, 50 req/s", l.o.hangTimeout), f.h.Stats().Total)
	limit := l.o.hangTimeout + 50*time.Millisecond
	r.note = verdict(r.max <= limit && r.non2xx == 0, fmt.Sprintf("all 200 within %s", limit))
	return []row{r}, nil
}

// ceilingRun measures the bare Echo server answering ddgbot's warm answer.
func (l *lab) ceilingRun(ctx context.Context) ([]row, error) {
	if l.warmAnswer == nil {
		if _, err := l.warm(ctx, "warn"); err != nil {
			return nil, err
		}
	}
	file := filepath.Join(l.tmp, "answer.json")
	if err := os.WriteFile(file, l.warmAnswer, 0o600); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	c, err := startProcess(ctx, self, []string{"-serve-ceiling", file}, nil, io.Discard)
	if err != nil {
		return nil, err
	}
	defer c.stop()
	res := attack(ctx, attackSpec{url: c.url, workers: l.o.workers, duration: l.o.duration,
		body: func(uint64) []byte { return pollBody(warmQuestion) }})
	r := res.row(fmt.Sprintf("ceiling: bare Echo, fixed %d B answer", len(l.warmAnswer)), -1)
	r.note = fmt.Sprintf("max rate, %d workers", l.o.workers)
	l.ceiling = r.rate
	return []row{r}, nil
}

func verdict(ok bool, target string) string {
	if ok {
		return "met: " + target
	}
	return "MISSED: " + target
}

// serveCeiling is the re-executed ceiling process: Echo with one route
// and no middleware, until SIGTERM.
func serveCeiling(ctx context.Context, answerFile, addr string) error {
	answer, err := os.ReadFile(answerFile)
	if err != nil {
		return err
	}
	e := echo.New()
	e.HideBanner, e.HidePort = true, true
	e.POST("/", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, answer) })
	e.GET("/health", func(c echo.Context) error { return c.JSONBlob(http.StatusOK, []byte(`{"status":"ok"}`)) })
	srv := &http.Server{Addr: addr, Handler: e, ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.ListenAndServe() }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// fake is the fake DuckDuckGo on a loopback port.
type fake struct {
	h   *fakeapi.Handler
	srv *http.Server
	url string
}

func startFake(answers map[string][]byte) (*fake, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	f := &fake{h: fakeapi.New(answers), url: "http://" + ln.Addr().String() + "/"}
	f.srv = &http.Server{Handler: f.h, ReadHeaderTimeout: 5 * time.Second}
	go func() { _ = f.srv.Serve(ln) }()
	return f, nil
}

func (f *fake) close() {
	f.h.Close()
	_ = f.srv.Close()
}

// process is a server started as a subprocess on a loopback port.
type process struct {
	cmd  *exec.Cmd
	url  string
	done chan error
}

// startDdgbot runs ddgbot against the fake with the load test's settings
// (token on, logs at warn unless env says otherwise) plus env.
func startDdgbot(ctx context.Context, bin, fakeURL string, env []string, logTo io.Writer) (*process, error) {
	env = append([]string{
		"DDGBOT_TURN_API_TOKEN=" + token,
		"DDGBOT_DUCKDUCKGO_BASE_URL=" + fakeURL,
		"DDGBOT_LOG_LEVEL=warn",
	}, env...)
	return startProcess(ctx, bin, nil, env, logTo)
}

// startProcess runs bin on a free loopback port (passed as
// DDGBOT_SERVER_ADDR and -addr) and waits until GET /health answers.
func startProcess(ctx context.Context, bin string, args, env []string, logTo io.Writer) (*process, error) {
	addr, err := freePort()
	if err != nil {
		return nil, err
	}
	if args != nil {
		args = append(args, "-addr", addr)
	}
	cmd := exec.Command(bin, args...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DDGBOT_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, "DDGBOT_SERVER_ADDR="+addr)
	cmd.Env = append(cmd.Env, env...)
	if logTo != io.Discard { // nil: straight to /dev/null, no copying goroutine
		cmd.Stdout, cmd.Stderr = logTo, logTo
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{cmd: cmd, url: "http://" + addr + "/", done: make(chan error, 1)}
	go func() { p.done <- cmd.Wait() }()
	deadline := time.Now().Add(15 * time.Second)
	for {
		resp, err := http.Get(p.url + "health")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return p, nil
			}
		}
		select {
		case err := <-p.done:
			return nil, fmt.Errorf("%s exited: %v", filepath.Base(bin), err)
		case <-ctx.Done():
			p.stop()
			return nil, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("%s did not become healthy on %s", filepath.Base(bin), addr)
		}
	}
}

// stop asks the process to shut down gracefully, and kills it if it has
// not within 10 s.
func (p *process) stop() {
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	p.done <- nil // later calls return at once
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// post sends one poll and returns the answer body.
func post(ctx context.Context, url string, body []byte) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = headers()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("status %d: %s", resp.StatusCode, b)
	}
	return bytes.TrimSpace(b), err
}

func headers() http.Header {
	return http.Header{
		"Content-Type":  {"application/json"},
		"Authorization": {"Bearer " + token},
	}
}

// pollBody is a conversation poll as Turn sends it: chat metadata and
// three messages with their vendor blocks, the newest inbound one asking
// question (about 2 KB, like the recorded context request).
func pollBody(question string) []byte {
	vnd := func(direction, author, typ string) map[string]any {
		return map[string]any{"v1": map[string]any{
			"author":    map[string]any{"id": "27820001001", "name": author, "type": typ},
			"chat":      map[string]any{"assigned_to": nil, "owner": "+27820001001", "state": "OPEN", "state_reason": "Re-opened by inbound message.", "unread_count": 1},
			"direction": direction, "in_reply_to": nil, "inserted_at": "2024-01-31T14:01:56.467839Z", "labels": []any{},
		}}
	}
	msg := func(id, ts, text, direction, author, typ string) map[string]any {
		return map[string]any{"_vnd": vnd(direction, author, typ), "from": "27820001001", "id": id,
			"text": map[string]any{"body": text}, "timestamp": ts, "type": "text"}
	}
	b, _ := json.Marshal(map[string]any{
		"chat": map[string]any{
			"owner": "+27820001001", "state": "OPEN", "state_reason": "Re-opened by inbound message.", "unread_count": 1,
			"uuid": "00000000-0000-4000-8000-0000000000c1", "contact_uuid": "00000000-0000-4000-8000-0000000000c2",
			"assigned_to": map[string]any{"id": "00000000-0000-4000-8000-000000000001", "name": "Operator Name", "type": "OPERATOR"},
			"inserted_at": "2024-01-25T09:02:46.684610Z", "updated_at": "2024-01-31T14:01:56.486313Z",
		},
		"messages": []any{
			msg("ABGGFAKEINBOUND0001", "1706709600", "hello", "inbound", "Thandi", "OWNER"),
			msg("ABGGFAKEOUTBOUND001", "1706709650", "Hi! How can we help?", "outbound", "Operator Name", "OPERATOR"),
			msg("ABGGFAKEINBOUND0002", "1706709716", question, "inbound", "Thandi", "OWNER"),
		},
	})
	return b
}

// attackSpec describes one vegeta attack. rate 0 means max rate with a
// fixed pool of workers; otherwise requests are paced at rate per second
// and vegeta adds workers as needed.
type attackSpec struct {
	url      string
	rate     float64
	workers  uint64
	duration time.Duration
	maxHits  uint64 // stop after this many requests; 0: no limit
	keepBody bool   // read answers (to count those without suggestions)
	body     func(i uint64) []byte
}

// capped stops a pacer after max hits.
type capped struct {
	vegeta.Pacer
	max uint64
}

func (c capped) Pace(elapsed time.Duration, hits uint64) (time.Duration, bool) {
	if c.max > 0 && hits >= c.max {
		return 0, true
	}
	return c.Pacer.Pace(elapsed, hits)
}

type results struct {
	lat         []time.Duration
	non2xx      int
	unsuggested int // 200 answers with an empty suggestion list
	wall        time.Duration
}

func attack(ctx context.Context, s attackSpec) results {
	opts := []func(*vegeta.Attacker){vegeta.Timeout(30 * time.Second), vegeta.KeepAlive(true)}
	if !s.keepBody {
		opts = append(opts, vegeta.MaxBody(0))
	}
	var pacer vegeta.Pacer = vegeta.ConstantPacer{} // max rate
	if s.rate > 0 {
		per := time.Second
		freq := s.rate
		for freq < 100 && per < time.Hour { // keep precision for low rates
			freq, per = freq*10, per*10
		}
		pacer = vegeta.ConstantPacer{Freq: int(freq), Per: per}
	} else {
		opts = append(opts, vegeta.Workers(s.workers), vegeta.MaxWorkers(s.workers))
	}
	a := vegeta.NewAttacker(opts...)
	hdr := headers()
	var i atomic.Uint64
	targeter := func(t *vegeta.Target) error {
		t.Method, t.URL, t.Header, t.Body = http.MethodPost, s.url, hdr, s.body(i.Add(1))
		return nil
	}
	var r results
	start := time.Now()
	var last time.Time
	stop := context.AfterFunc(ctx, func() { a.Stop() })
	defer stop()
	for res := range a.Attack(targeter, capped{pacer, s.maxHits}, s.duration, "") {
		r.lat = append(r.lat, res.Latency)
		if res.Code < 200 || res.Code > 299 || res.Error != "" {
			r.non2xx++
		} else if s.keepBody && bytes.Contains(res.Body, []byte(`"suggested_responses":[]`)) {
			r.unsuggested++
		}
		if end := res.End(); end.After(last) {
			last = end
		}
	}
	r.wall = last.Sub(start)
	return r
}

func (r results) row(name string, upstream int) row {
	lat := slices.Clone(r.lat)
	slices.Sort(lat)
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		i := int(p*float64(len(lat))+0.999999) - 1 // nearest rank
		return lat[max(0, min(i, len(lat)-1))]
	}
	out := row{name: name, requests: len(lat), p50: q(0.50), p99: q(0.99), non2xx: r.non2xx, upstream: upstream}
	if len(lat) > 0 {
		out.max = lat[len(lat)-1]
	}
	if r.wall > 0 {
		out.rate = float64(len(lat)) / r.wall.Seconds()
	}
	return out
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + " ms"
}

func printTable(w io.Writer, rows []row, l *lab, took time.Duration) {
	fmt.Fprintln(w, "| scenario | requests | req/s | p50 | p99 | max | non-2xx | upstream requests | notes |")
	fmt.Fprintln(w, "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
	for _, r := range rows {
		up := "–"
		if r.upstream >= 0 {
			up = strconv.Itoa(r.upstream)
		}
		fmt.Fprintf(w, "| %s | %d | %.0f | %s | %s | %s | %d | %s | %s |\n",
			r.name, r.requests, r.rate, ms(r.p50), ms(r.p99), ms(r.max), r.non2xx, up, r.note)
	}
	fmt.Fprintln(w)
	if l.warmRate > 0 && l.ceiling > 0 {
		ratio := l.warmRate / l.ceiling
		fmt.Fprintf(w, "ddgbot warm throughput = %.2f × the bare Echo ceiling (%s)\n", ratio, verdict(ratio >= 0.7, "≥ 0.70"))
	}
	fmt.Fprintf(w, "ddgbot ran as a subprocess at log.level warn (stderr discarded) unless the row says otherwise; "+
		"%d CPUs, %s, total %s\n", runtime.NumCPU(), runtime.Version(), took.Round(time.Second))
}
