package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ddgbot/ddgbot/handlers"
	"github.com/ddgbot/ddgbot/query"
)

const badHMACSecret = "e2e-hmac-secret"

// badCase is one hostile or malformed request and what ddgbot must answer.
// By default it is a POST to / with a JSON content type and the right
// token; header values of "" delete the header. raw, when set, is sent
// as is over a TCP connection ("HOST" is replaced by the server address),
// for requests net/http's client refuses to send.
type badCase struct {
	name    string
	srv     string // "" (token only), "hmac" (token and signature), "slow" (short read timeouts)
	method  string
	path    string
	body    string
	header  map[string]string
	chunked bool   // send the body without Content-Length
	raw     string // the whole request, written as is
	want    int
	// plain marks answers net/http gives before the request reaches
	// ddgbot's router (bad framing, huge headers): text/plain, not JSON.
	plain bool
	// upstream allows DuckDuckGo lookups; everything else must cause none.
	upstream bool
	// check, when set, looks at the 2xx answer body.
	check func(t *testing.T, s *service, body string)
}

// Ensure every malformed, hostile or unauthenticated request gets a clear
// status (4xx in ddgbot's JSON error shape where ddgbot answers), costs no
// upstream request, and leaves the server answering /health.
func TestBadInput(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts three servers and sends megabytes")
	}
	servers := map[string]*service{
		"":     start(t),
		"hmac": start(t, "DDGBOT_TURN_HMAC_SECRET="+badHMACSecret),
		"slow": start(t, "DDGBOT_SERVER_READ_HEADER_TIMEOUT=500ms", "DDGBOT_SERVER_READ_TIMEOUT=1s"),
	}
	const limit = 1 << 20 // server.max_body_bytes default
	handshake := `{"handshake":true}`
	oversized := `{"handshake":true,"x":"` + strings.Repeat("a", limit) + `"}`

	cases := []badCase{
		// Method, path, content type.
		{name: "GET on the integration path", method: http.MethodGet, body: "", want: 405},
		{name: "PUT", method: http.MethodPut, body: handshake, want: 405},
		{name: "DELETE", method: http.MethodDelete, want: 405},
		{name: "unknown path", path: "/admin", body: handshake, want: 404},
		{name: "path traversal", raw: "POST /../../etc/passwd HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer " + e2eToken + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", want: 404},
		{name: "encoded path traversal", raw: "POST /%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer " + e2eToken + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", want: 404},
		{name: "encoded slash traversal", raw: "POST /%2e%2e%2f HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer " + e2eToken + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", want: 404},
		{name: "form content type", body: handshake, header: map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, want: 415},
		{name: "text/plain content type", body: handshake, header: map[string]string{"Content-Type": "text/plain"}, want: 415},
		{name: "unparsable content type", body: handshake, header: map[string]string{"Content-Type": "application/json;;=;"}, want: 415},
		{name: "missing content type is accepted", body: handshake, header: map[string]string{"Content-Type": ""}, want: 200},
		{name: "JSON with charset", body: handshake, header: map[string]string{"Content-Type": "application/json; charset=utf-8"}, want: 200},

		// Bodies that are not a Turn request.
		{name: "empty body", body: "", want: 400},
		{name: "whitespace body", body: " \r\n\t ", want: 400},
		{name: "null", body: "null", want: 400},
		{name: "array", body: `[{"handshake":true}]`, want: 400},
		{name: "string", body: `"handshake"`, want: 400},
		{name: "number", body: `42`, want: 400},
		{name: "truncated JSON", body: `{"messages":[{"type":"text","text":{"body":"what is reddit`, want: 400},
		{name: "trailing garbage", body: handshake + `}`, want: 400},
		{name: "invalid UTF-8 outside strings", body: "{\"handshake\":true,\xff:1}", want: 400},
		{name: "NUL byte", body: "{\"handshake\":\x00true}", want: 400},
		{name: "JavaScript comment", body: "{/* hi */\"handshake\":true}", want: 400},
		{name: "single quotes", body: `{'handshake':true}`, want: 400},

		// Wrong types for every field ddgbot reads.
		{name: "handshake as string", body: `{"handshake":"true"}`, want: 400},
		{name: "handshake as number", body: `{"handshake":1}`, want: 400},
		{name: "messages as object", body: `{"messages":{"type":"text"}}`, want: 400},
		{name: "messages as string", body: `{"messages":"what is reddit"}`, want: 400},
		{name: "message as number", body: `{"messages":[1]}`, want: 400},
		{name: "message as string", body: `{"messages":["what is reddit"]}`, want: 400},
		{name: "type as number", body: `{"messages":[{"type":5,"text":{"body":"what is reddit"}}]}`, want: 400},
		{name: "text as string", body: `{"messages":[{"type":"text","text":"what is reddit"}]}`, want: 400},
		{name: "body as number", body: `{"messages":[{"type":"text","text":{"body":42}}]}`, want: 400},
		{name: "body as array", body: `{"messages":[{"type":"text","text":{"body":["what","is"]}}]}`, want: 400},
		{name: "timestamp as bool", body: `{"messages":[{"type":"text","timestamp":true,"text":{"body":"what is reddit"}}]}`, want: 400},
		{name: "timestamp as object", body: `{"messages":[{"type":"text","timestamp":{},"text":{"body":"what is reddit"}}]}`, want: 400},
		{name: "timestamp as words", body: `{"messages":[{"type":"text","timestamp":"yesterday","text":{"body":"what is reddit"}}]}`, want: 400},
		{name: "_vnd.v1 as string", body: `{"messages":[{"type":"text","text":{"body":"what is reddit"},"_vnd":{"v1":"inbound"}}]}`, want: 400},
		{name: "_vnd direction as number", body: `{"messages":[{"type":"text","text":{"body":"what is reddit"},"_vnd":{"v1":{"direction":1}}}]}`, want: 400},
		{name: "interactive as string", body: `{"messages":[{"type":"interactive","interactive":"Reddit"}]}`, want: 400},
		{name: "button_reply as string", body: `{"messages":[{"type":"interactive","interactive":{"type":"button_reply","button_reply":"Reddit"}}]}`, want: 400},
		{name: "button as array", body: `{"messages":[{"type":"button","button":["Reddit"]}]}`, want: 400},
		// _vnd is documented as tolerant: a non-object is an empty block.
		{name: "_vnd as number is tolerated", body: `{"messages":[{"type":"text","text":{"body":"thanks"},"_vnd":5}]}`, want: 200},

		// Numbers, duplicates, depth, size.
		{name: "huge timestamp", body: `{"messages":[{"type":"text","timestamp":1e400,"text":{"body":"what is reddit"}}]}`, want: 400},
		{name: "timestamp beyond int64", body: `{"messages":[{"type":"text","timestamp":"99999999999999999999999","text":{"body":"what is reddit"}}]}`, want: 400},
		{name: "huge number in an unknown field", body: `{"handshake":true,"n":1e999999,"m":-123456789012345678901234567890}`, want: 200},
		{name: "duplicate keys: last wins", body: `{"handshake":false,"handshake":true}`, want: 200,
			check: func(t *testing.T, _ *service, body string) { wantHandshake(t, body) }},
		{name: "deep nesting in an unknown field", body: `{"x":` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `}`, want: 400},
		{name: "deep nesting of objects", body: strings.Repeat(`{"a":`, 20_000) + "1" + strings.Repeat("}", 20_000), want: 400},
		{name: "body over the limit with Content-Length", body: oversized, want: 413},
		{name: "body over the limit, chunked", body: oversized, chunked: true, want: 413},
		{name: "body over the limit, unauthenticated", body: oversized, header: map[string]string{"Authorization": ""}, want: 401},
		{name: "Content-Length over the limit, no body sent", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer " + e2eToken + "\r\nContent-Type: application/json\r\nContent-Length: 99999999999\r\n\r\n", want: 413},
		{name: "100k messages", body: manyMessages(100_000), want: 200, upstream: true,
			check: func(t *testing.T, s *service, body string) { wantSuggestion(t, body, "Reddit") }},
		{name: "100k text messages over the limit", body: manyTextMessages(100_000), want: 413},
		{name: "1 MB text body", body: pollBody("what is " + strings.Repeat("reddit ", (limit-1024)/7)), want: 200, upstream: true,
			check: func(t *testing.T, s *service, _ string) { wantShortUpstreamQuery(t, s) }},
		{name: "1 MB word", body: pollBody(strings.Repeat("é", (limit-1024)/2)), want: 200, upstream: true,
			check: func(t *testing.T, s *service, _ string) { wantShortUpstreamQuery(t, s) }},
		{name: "invalid UTF-8 inside a string", body: "{\"messages\":[{\"type\":\"text\",\"text\":{\"body\":\"what is \xff\xfe reddit\"}}]}", want: 200, upstream: true},

		// Authentication and signature.
		{name: "missing token", body: handshake, header: map[string]string{"Authorization": ""}, want: 401},
		{name: "wrong token", body: handshake, header: map[string]string{"Authorization": "Bearer not-the-token"}, want: 401},
		{name: "token in wrong case", body: handshake, header: map[string]string{"Authorization": "Bearer " + strings.ToUpper(e2eToken)}, want: 401},
		{name: "wrong auth scheme", body: handshake, header: map[string]string{"Authorization": "Basic " + e2eToken}, want: 401},
		{name: "token without scheme", body: handshake, header: map[string]string{"Authorization": e2eToken}, want: 401},
		{name: "token scheme for bearer", body: handshake, header: map[string]string{"Authorization": "Token " + e2eToken}, want: 401},
		{name: "scheme in lower case", body: handshake, header: map[string]string{"Authorization": "bearer " + e2eToken}, want: 200},
		{name: "unauthenticated question", body: pollBody("what is reddit"), header: map[string]string{"Authorization": "Bearer guess"}, want: 401},
		{name: "unauthenticated malformed body", body: `{"messages":`, header: map[string]string{"Authorization": ""}, want: 401},
		{name: "unauthenticated wrong content type", body: handshake, header: map[string]string{"Authorization": "", "Content-Type": "text/plain"}, want: 401},
		{name: "signed handshake", srv: "hmac", body: handshake, want: 200},
		{name: "missing signature", srv: "hmac", body: handshake, header: map[string]string{handlers.SignatureHeader: ""}, want: 401},
		{name: "signature of another body", srv: "hmac", body: pollBody("what is reddit"),
			header: map[string]string{handlers.SignatureHeader: handlers.Sign(badHMACSecret, []byte(handshake))}, want: 401},
		{name: "signature with another secret", srv: "hmac", body: handshake,
			header: map[string]string{handlers.SignatureHeader: handlers.Sign("other", []byte(handshake))}, want: 401},
		{name: "signed but wrong token", srv: "hmac", body: handshake, header: map[string]string{"Authorization": "Bearer guess"}, want: 401},
		{name: "signed malformed body", srv: "hmac", body: `{"messages":`, want: 400},
		{name: "replayed handshake, first", body: handshake, want: 200, check: func(t *testing.T, _ *service, b string) { wantHandshake(t, b) }},
		{name: "replayed handshake, second", body: handshake, want: 200, check: func(t *testing.T, _ *service, b string) { wantHandshake(t, b) }},

		// Framing and headers: raw bytes net/http's client would not send.
		{name: "huge header", body: handshake, header: map[string]string{"X-Junk": strings.Repeat("a", 64<<10)}, want: 431, plain: true},
		{name: "many headers over the limit", raw: "POST / HTTP/1.1\r\nHost: HOST\r\n" + manyHeaders(3000) + "Content-Length: 2\r\n\r\n{}", want: 431, plain: true},
		{name: "many small headers under the limit", body: handshake, header: headerMap(200), want: 200},
		{name: "NUL in a header value", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nX-Bad: a\x00b\r\nContent-Length: 2\r\n\r\n{}", want: 400, plain: true},
		{name: "space in a header name", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nBad Header: x\r\nContent-Length: 2\r\n\r\n{}", want: 400, plain: true},
		{name: "header without colon", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nnonsense\r\nContent-Length: 2\r\n\r\n{}", want: 400, plain: true},
		{name: "not HTTP at all", raw: "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 hello\r\n\r\n", want: 400, plain: true},
		{name: "two different Content-Lengths", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nContent-Length: 2\r\nContent-Length: 18\r\n\r\n" + handshake, want: 400, plain: true},
		{name: "non-numeric Content-Length", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nContent-Length: lots\r\n\r\n{}", want: 400, plain: true},
		// net/http follows RFC 9112 6.3: chunked wins, Content-Length is
		// dropped and the connection is closed after the answer.
		{name: "Content-Length and chunked", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer " + e2eToken + "\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n12\r\n" + handshake + "\r\n0\r\n\r\n", want: 200},
		{name: "Content-Length shorter than the body", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer " + e2eToken + "\r\nContent-Type: application/json\r\nContent-Length: 10\r\n\r\n" + handshake, want: 400},
		{name: "Content-Length longer than the body", raw: "POST / HTTP/1.1\r\nHost: HOST\r\nAuthorization: Bearer " + e2eToken + "\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n" + handshake + "\r\n", want: 400},
		{name: "HTTP/1.1 without Host", raw: "POST / HTTP/1.1\r\nAuthorization: Bearer " + e2eToken + "\r\nContent-Length: 18\r\n\r\n" + handshake, want: 400, plain: true},
		{name: "body read slower than read_timeout", srv: "slow", raw: "slow-body", want: 408},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := servers[tc.srv]
			before := s.fake.Requests()
			begin := time.Now()
			code, ct, body := s.send(t, tc)
			took := time.Since(begin)
			if code != tc.want {
				t.Fatalf("status %d, want %d: %.300s", code, tc.want, body)
			}
			if took > 5*time.Second {
				t.Errorf("answered after %v", took)
			}
			if code >= 400 && !tc.plain {
				wantJSONError(t, ct, body)
			}
			if tc.check != nil {
				tc.check(t, s, body)
			}
			if n := s.fake.Requests() - before; n != 0 && !tc.upstream {
				t.Errorf("%d upstream requests, want none", n)
			}
			s.wantHealthy(t)
		})
	}

	// Failed attempts are counted by reason.
	for srv, want := range map[string][]string{
		"":     {`reason="missing_token"`, `reason="bad_token"`, `reason="bad_scheme"`},
		"hmac": {`reason="bad_signature"`, `reason="bad_token"`},
	} {
		m := servers[srv].metrics(t)
		for _, w := range want {
			if !strings.Contains(m, "ddgbot_auth_failures_total{"+w+"}") {
				t.Errorf("server %q: metrics lack ddgbot_auth_failures_total{%s}", srv, w)
			}
		}
	}
}

// Ensure a client that sends its headers a byte at a time, slower than
// server.read_header_timeout, is cut off before its headers are complete,
// with no answer but net/http's own 4xx, and others are still served.
func TestSlowloris(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("waits for the header timeout")
	}
	s := start(t, "DDGBOT_SERVER_READ_HEADER_TIMEOUT=500ms")
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// Sent whole, at 50 ms a byte, the headers would take 10 s.
	request := "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + e2eToken + "\r\nX-Slow: " + strings.Repeat("s", 150) + "\r\n\r\n"
	type readResult struct {
		data string
		err  error
	}
	closed := make(chan readResult, 1)
	go func() {
		b, err := io.ReadAll(io.LimitReader(conn, 512)) // returns when the server closes
		closed <- readResult{string(b), err}
	}()
	sent := 0
	var got readResult
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
wait:
	for sent < len(request) {
		select {
		case got = <-closed:
			break wait
		case <-tick.C:
			if _, err := conn.Write([]byte{request[sent]}); err != nil {
				got = <-closed
				break wait
			}
			if sent++; sent%20 == 0 {
				s.wantHealthy(t) // others are served meanwhile
			}
		}
	}
	if sent == len(request) {
		t.Fatalf("the whole slow request was accepted (%d bytes)", sent)
	}
	// net/http may send a plain 4xx before closing; ddgbot must not answer.
	if got.data != "" && (!strings.HasPrefix(got.data, "HTTP/1.1 4") || !strings.Contains(got.data, "Connection: close")) {
		t.Fatalf("the server answered a request it should have cut off: %q", got.data)
	}
	if s.fake.Requests() != 0 {
		t.Fatal("slow client caused upstream work")
	}
	s.wantHealthy(t)
}

// Ensure server.rate_limit answers a burst from one client with 429 and
// Retry-After in the JSON error shape, before authentication (so floods of
// bad tokens are limited too), limits each client IP alone, and serves
// again once tokens refill.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	const rate, burst = 2, 3
	s := start(t, fmt.Sprint("DDGBOT_SERVER_RATE_LIMIT=", rate), fmt.Sprint("DDGBOT_SERVER_RATE_BURST=", burst))
	codes := map[int]int{}
	var limited *http.Response
	var limitedBody string
	begin := time.Now()
	for i := 0; i < 8; i++ {
		tc := badCase{body: `{"handshake":true}`}
		if i%2 == 1 {
			tc.header = map[string]string{"Authorization": "Bearer guess"}
		}
		resp, body := s.do(t, tc)
		codes[resp.StatusCode]++
		if resp.StatusCode == http.StatusTooManyRequests && limited == nil {
			limited, limitedBody = resp, body
		}
	}
	// The burst, and what refilled while the requests were sent: a slow
	// machine only loosens the bound.
	if served := burst + 1 + int(rate*time.Since(begin).Seconds()); codes[429] < 8-served || codes[200]+codes[401] > served {
		t.Fatalf("statuses %v for 8 requests in %v with burst %d at %d/s", codes, time.Since(begin).Round(time.Millisecond), burst, rate)
	}
	if ra := limited.Header.Get("Retry-After"); ra != "1" {
		t.Fatalf("Retry-After %q, want 1", ra)
	}
	wantJSONError(t, limited.Header.Get("Content-Type"), limitedBody)
	if s.fake.Requests() != 0 {
		t.Fatal("upstream work for handshakes")
	}
	s.wantHealthy(t) // health checks are never limited

	// Another client address (all of 127/8 is loopback) has its own
	// tokens: it reads the metrics while the first is still limited.
	other := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{
		DialContext: (&net.Dialer{LocalAddr: &net.TCPAddr{IP: net.IPv4(127, 0, 0, 2)}}).DialContext,
	}}
	resp, err := other.Get(s.url + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	m, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(m), `ddgbot_http_requests_total{code="429",route="/"}`) {
		t.Errorf("from another address: %d; 429 answers counted:\n%s", resp.StatusCode, grepLines(string(m), "ddgbot_http_requests_total"))
	}

	// Tokens refill at 2/s: the first client is served again within
	// Retry-After; the bound below is for a broken limiter, not a timing check.
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, _ := s.do(t, badCase{body: `{"handshake":true}`})
		if resp.StatusCode == 200 {
			break
		}
		if resp.StatusCode != http.StatusTooManyRequests || time.Now().After(deadline) {
			t.Fatalf("after the burst: %d", resp.StatusCode)
		}
		time.Sleep(time.Second / 4)
	}
}

// send runs one case and returns status, content type and body.
func (s *service) send(t *testing.T, tc badCase) (int, string, string) {
	t.Helper()
	if tc.raw == "slow-body" {
		return s.slowBody(t)
	}
	if tc.raw != "" {
		resp, body := s.raw(t, strings.ReplaceAll(tc.raw, "HOST", strings.TrimPrefix(s.url, "http://")))
		return resp.StatusCode, resp.Header.Get("Content-Type"), body
	}
	if tc.srv == "hmac" {
		if tc.header == nil {
			tc.header = map[string]string{}
		}
		if _, set := tc.header[handlers.SignatureHeader]; !set {
			tc.header[handlers.SignatureHeader] = handlers.Sign(badHMACSecret, []byte(tc.body))
		}
	}
	resp, body := s.do(t, tc)
	return resp.StatusCode, resp.Header.Get("Content-Type"), body
}

// do sends tc through net/http's client, with the token and JSON content
// type unless tc.header overrides them.
func (s *service) do(t *testing.T, tc badCase) (*http.Response, string) {
	t.Helper()
	method, path := tc.method, tc.path
	if method == "" {
		method = http.MethodPost
	}
	if path == "" {
		path = "/"
	}
	var body io.Reader = strings.NewReader(tc.body)
	if tc.chunked {
		body = io.MultiReader(strings.NewReader(tc.body)) // unknown length: chunked
	}
	req, err := http.NewRequest(method, s.url+path, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+e2eToken)
	for k, v := range tc.header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, string(raw)
}

// raw writes request over a new connection and reads one response. The
// write runs alongside the read, as the server may answer (413) before
// the request is fully sent; the client half-closes after writing.
func (s *service) raw(t *testing.T, request string) (*http.Response, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	go func() {
		_, _ = io.WriteString(conn, request)
		_ = conn.(*net.TCPConn).CloseWrite()
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	return resp, string(body)
}

// slowBody sends valid headers, then a body one byte per 300ms, longer in
// total than server.read_timeout.
func (s *service) slowBody(t *testing.T) (int, string, string) {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	body := `{"handshake":true}`
	fmt.Fprintf(conn, "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n", e2eToken, len(body))
	go func() {
		for i := 0; i < len(body); i++ {
			if _, err := conn.Write([]byte{body[i]}); err != nil {
				return
			}
			time.Sleep(300 * time.Millisecond)
		}
	}()
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no response: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header.Get("Content-Type"), string(raw)
}

// wantHealthy fails t unless /health answers 200 on a new connection.
func (s *service) wantHealthy(t *testing.T) {
	t.Helper()
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	resp, err := c.Get(s.url + "/health")
	if err != nil {
		t.Fatalf("health: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("health: %d", resp.StatusCode)
	}
}

// metrics returns the /metrics page, or only the families it names.
func (s *service) metrics(t *testing.T, families ...string) string {
	t.Helper()
	resp, err := s.client.Get(s.url + "/metrics?" + url.Values{"name[]": families}.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

// wantJSONError fails t unless body is {"error": "...", "request_id": "..."}.
func wantJSONError(t *testing.T, contentType, body string) {
	t.Helper()
	if !strings.HasPrefix(contentType, "application/json") {
		t.Errorf("error content type %q, want JSON: %.200s", contentType, body)
	}
	var e map[string]any
	if err := json.Unmarshal([]byte(body), &e); err != nil {
		t.Fatalf("error body is not JSON: %v: %.200s", err, body)
	}
	msg, _ := e["error"].(string)
	id, _ := e["request_id"].(string)
	if msg == "" || id == "" || len(e) != 2 {
		t.Fatalf("error body %s, want exactly error and request_id", body)
	}
}

func wantHandshake(t *testing.T, body string) {
	t.Helper()
	if !strings.Contains(body, `"suggested_responses":true`) {
		t.Fatalf("not a handshake answer: %s", body)
	}
}

func wantSuggestion(t *testing.T, body, title string) {
	t.Helper()
	var out struct {
		Suggested []suggestion `json:"suggested_responses"`
	}
	if err := json.Unmarshal([]byte(body), &out); err != nil {
		t.Fatalf("%v: %.300s", err, body)
	}
	if len(out.Suggested) == 0 || !strings.Contains(out.Suggested[0].Body, title) {
		t.Fatalf("want a suggestion about %s, got %.300s", title, body)
	}
}

// wantShortUpstreamQuery fails t unless the last upstream query was cut to
// query.MaxRunes.
func wantShortUpstreamQuery(t *testing.T, s *service) {
	t.Helper()
	r, ok := s.fake.LastRequest()
	if !ok {
		t.Fatal("no upstream request")
	}
	q := r.URL.Query().Get("q")
	if n := utf8.RuneCountInString(q); n == 0 || n > query.MaxRunes {
		t.Fatalf("upstream query of %d runes, want 1..%d", n, query.MaxRunes)
	}
	if len(r.URL.RawQuery) > 8*query.MaxRunes+200 {
		t.Fatalf("upstream URL query of %d bytes", len(r.URL.RawQuery))
	}
	if _, err := url.ParseQuery(r.URL.RawQuery); err != nil {
		t.Fatal(err)
	}
}

// manyMessages is a poll with n-1 empty messages and one question, newest,
// at the end.
func manyMessages(n int) string {
	var b strings.Builder
	b.WriteString(`{"messages":[`)
	for range n - 1 {
		b.WriteString(`{},`)
	}
	b.WriteString(`{"type":"text","timestamp":"2","text":{"body":"what is reddit?"}}]}`)
	return b.String()
}

func manyTextMessages(n int) string {
	var b strings.Builder
	b.WriteString(`{"messages":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"text","timestamp":"%d","text":{"body":"what is topic %d"}}`, i, i)
	}
	b.WriteString(`]}`)
	return b.String()
}

func manyHeaders(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "X-H%d: v\r\n", i)
	}
	return b.String()
}

func headerMap(n int) map[string]string {
	m := make(map[string]string, n)
	for i := range n {
		m[fmt.Sprintf("X-H%d", i)] = "v"
	}
	return m
}

// Ensure strange but valid payloads are answered 200 with what a person
// would expect: unknown fields and a missing _vnd are ignored, timestamps
// may be numbers or strings, any script works, and every WhatsApp message
// type as the newest inbound message gives suggestions from its text or
// title, or none (media and the like) without a lookup.
func TestStrangeButValid(t *testing.T) {
	t.Parallel()
	s := start(t)
	older := `{"type":"text","timestamp":"1700000000","text":{"body":"what is duckduckgo?"},"_vnd":{"v1":{"direction":"inbound"}}}`
	newest := func(m string) string { return `{"messages":[` + older + `,` + m + `]}` }
	tests := []struct {
		name   string
		body   string
		want   string              // a word of the first suggestion; "" = none
		lookup bool                // an upstream lookup is expected (new or cached)
		script *unicode.RangeTable // when set, the upstream query must be letters of this script
	}{
		{name: "unknown fields everywhere", body: `{"chat":{"owner":"+27","x":[1,{"y":null}]},"contacts":[{"wa_id":"27"}],"future":{"a":1},"messages":[{"id":"wamid.1","from":"27","type":"text","timestamp":"1700000000","text":{"body":"what is reddit?","preview_url":false},"context":{"id":"x"},"_vnd":{"v1":{"direction":"inbound","author":{"id":1},"labels":[],"new":"field"}},"extra":true}]}`, want: "Reddit", lookup: true},
		{name: "missing _vnd", body: `{"messages":[{"type":"text","timestamp":"1700000000","text":{"body":"what is reddit?"}}]}`, want: "Reddit", lookup: true},
		{name: "_vnd null", body: `{"messages":[{"type":"text","text":{"body":"what is reddit?"},"_vnd":null}]}`, want: "Reddit", lookup: true},
		{name: "_vnd \"None\"", body: `{"messages":[{"type":"text","text":{"body":"what is reddit?"},"_vnd":"None"}]}`, want: "Reddit", lookup: true},
		{name: "missing timestamp and type", body: `{"messages":[{"text":{"body":"what is reddit?"}}]}`, want: "Reddit", lookup: true},
		{name: "numeric timestamp is newest", body: `{"messages":[{"type":"text","timestamp":1700000200,"text":{"body":"what is reddit"}},{"type":"text","timestamp":"1700000100","text":{"body":"what is duckduckgo"}}]}`, want: "Reddit", lookup: true},
		{name: "string timestamp is newest", body: `{"messages":[{"type":"text","timestamp":1700000100,"text":{"body":"what is reddit"}},{"type":"text","timestamp":"1700000200","text":{"body":"what is duckduckgo"}}]}`, want: "DuckDuckGo", lookup: true},
		{name: "exponent timestamp", body: `{"messages":[{"type":"text","timestamp":1.7000002e9,"text":{"body":"what is reddit"}},{"type":"text","timestamp":"1700000100","text":{"body":"what is duckduckgo"}}]}`, want: "Reddit", lookup: true},
		{name: "null and empty timestamps", body: `{"messages":[{"type":"text","timestamp":null,"text":{"body":"what is duckduckgo"}},{"type":"text","timestamp":"","text":{"body":"what is reddit"}}]}`, want: "DuckDuckGo", lookup: true},
		{name: "newest first in the array", body: `{"messages":[{"type":"text","timestamp":"1700000300","text":{"body":"what is reddit"}},{"type":"text","timestamp":"1700000100","text":{"body":"what is duckduckgo"}}]}`, want: "Reddit", lookup: true},
		{name: "newest is outbound", body: newest(`{"type":"text","timestamp":"1700000100","text":{"body":"what is reddit"},"_vnd":{"v1":{"direction":"outbound"}}}`), want: "DuckDuckGo", lookup: true},
		{name: "emoji around the question", body: pollBody("🤔 what is reddit? 🙏🏽"), want: "Reddit", lookup: true},
		{name: "emoji only", body: pollBody("👍🏽🙏"), want: ""},
		{name: "Arabic", body: pollBody("ما هو مرض السل؟"), lookup: true, script: unicode.Arabic},
		{name: "Hebrew", body: pollBody("מה זה שחפת?"), lookup: true, script: unicode.Hebrew},
		{name: "Chinese", body: pollBody("什么是疟疾？"), lookup: true, script: unicode.Han},
		{name: "right-to-left override", body: pollBody("\u202ewhat is reddit\u202c"), want: "Reddit", lookup: true},
		{name: "escaped unicode", body: `{"messages":[{"type":"text","text":{"body":"what is \u0052eddit \ud83d\ude4f"}}]}`, want: "Reddit", lookup: true},
		{name: "newest text", body: newest(`{"type":"text","timestamp":"1700000100","text":{"body":"tell me about reddit"}}`), want: "Reddit", lookup: true},
		{name: "newest image with caption", body: newest(`{"type":"image","timestamp":"1700000100","image":{"id":"i","mime_type":"image/jpeg","caption":"what is reddit"}}`)},
		{name: "newest audio", body: newest(`{"type":"audio","timestamp":"1700000100","audio":{"id":"a","mime_type":"audio/mpeg"}}`)},
		{name: "newest voice", body: newest(`{"type":"voice","timestamp":"1700000100","voice":{"id":"v","mime_type":"audio/ogg; codecs=opus"}}`)},
		{name: "newest video", body: newest(`{"type":"video","timestamp":"1700000100","video":{"id":"v","mime_type":"video/mp4"}}`)},
		{name: "newest document", body: newest(`{"type":"document","timestamp":"1700000100","document":{"id":"d","filename":"reddit.pdf"}}`)},
		{name: "newest sticker", body: newest(`{"type":"sticker","timestamp":"1700000100","sticker":{"id":"s","animated":false}}`)},
		{name: "newest location", body: newest(`{"type":"location","timestamp":"1700000100","location":{"latitude":-33.9,"longitude":18.4,"name":"Cape Town"}}`)},
		{name: "newest contacts", body: newest(`{"type":"contacts","timestamp":"1700000100","contacts":[{"name":{"formatted_name":"Reddit"},"phones":[{"phone":"+1"}]}]}`)},
		{name: "newest reaction", body: newest(`{"type":"reaction","timestamp":"1700000100","reaction":{"message_id":"wamid.1","emoji":"👍"}}`)},
		{name: "newest system", body: newest(`{"type":"system","timestamp":"1700000100","system":{"body":"User changed number","type":"user_changed_number"}}`)},
		{name: "newest unsupported", body: newest(`{"type":"unsupported","timestamp":"1700000100","errors":[{"code":131051,"title":"Message type is not currently supported."}]}`)},
		{name: "newest interactive button_reply", body: newest(`{"type":"interactive","timestamp":"1700000100","interactive":{"type":"button_reply","button_reply":{"id":"b1","title":"What is Reddit?"}}}`), want: "Reddit", lookup: true},
		{name: "newest interactive list_reply", body: newest(`{"type":"interactive","timestamp":"1700000100","interactive":{"type":"list_reply","list_reply":{"id":"r1","title":"What is Reddit?","description":"the site"}}}`), want: "Reddit", lookup: true},
		{name: "newest template button", body: newest(`{"type":"button","timestamp":"1700000100","button":{"payload":"p","text":"What is Reddit?"}}`), want: "Reddit", lookup: true},
		{name: "newest of an unknown future type", body: newest(`{"type":"hologram","timestamp":"1700000100","hologram":{"id":"h"}}`)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := s.fake.Requests()
			code, sugg, raw := s.post(t, tt.body)
			if code != 200 || !strings.Contains(raw, `"suggested_responses":[`) {
				t.Fatalf("got %d %s", code, raw)
			}
			if tt.want == "" && tt.script == nil && len(sugg) != 0 {
				t.Fatalf("want no suggestions, got %s", raw)
			}
			if tt.want != "" && (len(sugg) == 0 || !strings.Contains(sugg[0].Body, tt.want)) {
				t.Fatalf("want a suggestion about %s, got %s", tt.want, raw)
			}
			for _, sg := range sugg {
				if !utf8.ValidString(sg.Body) || sg.Confidence <= 0 || sg.Confidence > 1 {
					t.Fatalf("bad suggestion %+v", sg)
				}
			}
			if !tt.lookup && s.fake.Requests() != before {
				t.Fatal("looked up, want no lookup")
			}
			if tt.script != nil {
				r, ok := s.fake.LastRequest()
				q := r.URL.Query().Get("q")
				if !ok || s.fake.Requests() == before || q == "" || !utf8.ValidString(q) {
					t.Fatalf("upstream query %q", q)
				}
				for _, c := range q {
					if unicode.IsLetter(c) && !unicode.Is(tt.script, c) {
						t.Fatalf("upstream query %q has %q from another script", q, c)
					}
				}
			}
		})
	}
}

// Ensure many connections that announce a large body and send one byte
// cost memory for the bytes received, not for the size announced: each
// would otherwise hold server.max_body_bytes (1 MiB) until
// server.read_timeout ends it with 408. Over real sockets; the heap is
// sampled until every connection has its answer, so nothing depends on
// timing beyond the read timeout itself.
func TestSlowBodiesMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("holds hundreds of connections for the read timeout")
	}
	const conns = 400
	// The read timeout need only outlast dialling every connection, which
	// takes a tenth of it even under the race detector (logged below).
	s := start(t, "DDGBOT_SERVER_READ_TIMEOUT=1s", "DDGBOT_LOG_LEVEL=warn")
	s.wantHealthy(t)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)

	addr := strings.TrimPrefix(s.url, "http://")
	request := "POST / HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + e2eToken +
		"\r\nContent-Type: application/json\r\nContent-Length: 1048576\r\n\r\n{"
	statuses := make(chan int, conns)
	dialing := time.Now()
	for range conns {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := io.WriteString(conn, request); err != nil {
			t.Fatal(err)
		}
		go func() {
			_ = conn.SetReadDeadline(time.Now().Add(30 * time.Second)) // a bound for a broken server, not a timing check
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	t.Logf("dialled %d connections in %v", conns, time.Since(dialing).Round(time.Millisecond))
	s.wantHealthy(t) // served while the connections wait

	var peak uint64
	sample := func() {
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		peak = max(peak, m.HeapInuse)
	}
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	codes := map[int]int{}
	for n := 0; n < conns; {
		select {
		case code := <-statuses:
			codes[code]++
			n++
		case <-tick.C:
			sample()
		}
	}
	sample()
	if codes[http.StatusRequestTimeout] != conns {
		t.Errorf("statuses %v, want %d × 408", codes, conns)
	}
	growth := int64(peak) - int64(before.HeapInuse)
	t.Logf("%d connections announcing 1 MiB: heap in use grew by %.1f MiB at most", conns, float64(growth)/(1<<20))
	// About 20 KiB a connection (buffers, goroutine, request) and the
	// 16 KiB reserved for its body are expected; reserving the announced
	// size would be 400 MiB.
	if limit := int64(conns) * 100 << 10; growth > limit {
		t.Fatalf("heap grew by %d MiB for %d connections announcing 1 MiB each (limit %d MiB)", growth>>20, conns, limit>>20)
	}
	s.wantHealthy(t)
}
