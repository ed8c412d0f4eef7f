package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo/ddgtest"
	"github.com/ddgbot/ddgbot/instant"
	"github.com/ddgbot/ddgbot/query"
)

// start runs fakeddg on a loopback port with args and returns its base URL.
func start(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan net.Addr, 1)
	done := make(chan error, 1)
	args = append([]string{"-addr", "127.0.0.1:0", "-fixtures", "../../testdata/ddg"}, args...)
	go func() { done <- run(ctx, args, io.Discard, func(a net.Addr) { addr <- a }) }()
	var base string
	select {
	case a := <-addr:
		base = "http://" + a.String() + "/"
	case err := <-done:
		t.Fatalf("run: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("fakeddg did not start")
	}
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("run returned %v", err)
		}
	})
	return base
}

func get(t *testing.T, base, q string) (int, http.Header, []byte) {
	t.Helper()
	resp, err := http.Get(base + "?format=json&q=" + url.QueryEscape(q))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, body
}

// Ensure the fake serves recorded answers, generated topics and the empty
// answer with the real API's content type, and counts them at /stats.
func TestServe(t *testing.T) {
	t.Parallel()
	base := start(t)
	tests := []struct {
		name, q     string
		wantType    string
		wantHeading string
	}{
		{"fixture", "TypeScript", "A", "Typescript"},
		{"generated topic", "topic-42", "A", "Topic 42"},
		{"unknown", "quasiparticle physics", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, h, body := get(t, base, tt.q)
			if code != 200 || h.Get("Content-Type") != ddgtest.ContentType {
				t.Fatalf("status %d, content type %q", code, h.Get("Content-Type"))
			}
			a, err := instant.Decode(body)
			if err != nil {
				t.Fatal(err)
			}
			if a.Type != tt.wantType || a.Heading != tt.wantHeading {
				t.Fatalf("type %q heading %q", a.Type, a.Heading)
			}
			if tt.wantType == "A" && (a.AbstractSource != "Wikipedia" || !strings.HasPrefix(a.AbstractURL, "https://en.wikipedia.org/wiki/") || len(a.AbstractText) < 100) {
				t.Fatalf("generated article %+v", a)
			}
			if tt.wantType == "" && !a.Empty() {
				t.Fatalf("unknown query got a non-empty answer %+v", a)
			}
		})
	}
	get(t, base, "topic-42")

	resp, err := http.Get(base + "stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var s struct {
		Total    int
		Statuses map[string]int
		Distinct int
		Top      []struct {
			Q string
			N int
		}
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		t.Fatal(err)
	}
	if s.Total != 4 || s.Statuses["200"] != 4 || s.Distinct != 3 || len(s.Top) != 3 || s.Top[0].Q != "topic-42" || s.Top[0].N != 2 {
		t.Fatalf("stats %+v", s)
	}
}

// Ensure the fault and latency flags reach every query, generated topics
// included.
func TestFaultFlags(t *testing.T) {
	t.Parallel()
	if code, _, _ := get(t, start(t, "-fault", "500"), "topic-1"); code != 500 {
		t.Fatalf("-fault 500: status %d", code)
	}
	code, _, body := get(t, start(t, "-fault", "202"), "topic-1")
	if code != 202 || len(body) != 0 {
		t.Fatalf("-fault 202: status %d, %d bytes", code, len(body))
	}
	flaky := start(t, "-fault", "flaky")
	if code, _, _ := get(t, flaky, "topic-1"); code != 500 {
		t.Fatalf("-fault flaky, 1st: status %d", code)
	}
	if code, _, body := get(t, flaky, "topic-1"); code != 200 || !strings.Contains(string(body), "Topic 1") {
		t.Fatalf("-fault flaky, 2nd: status %d", code)
	}
	slow := start(t, "-latency", "150ms")
	t0 := time.Now()
	get(t, slow, "topic-1")
	if d := time.Since(t0); d < 150*time.Millisecond {
		t.Fatalf("-latency 150ms answered in %v", d)
	}
	if err := run(context.Background(), []string{"-fault", "nope"}, io.Discard, nil); err == nil {
		t.Fatal("unknown -fault accepted")
	}
}

// Ensure a hanging fake still shuts down promptly.
func TestHangShutdown(t *testing.T) {
	t.Parallel()
	base := start(t, "-fault", "hang")
	c := &http.Client{Timeout: 200 * time.Millisecond}
	if _, err := c.Get(base + "?q=topic-1"); err == nil {
		t.Fatal("hang answered")
	}
}

// Ensure the demo has something to show for a health question: the query
// ddgbot makes of each message finds the fake's health topic.
func TestHealthTopics(t *testing.T) {
	t.Parallel()
	base := start(t)
	extract := query.NewFor(query.Config{})
	for msg, heading := range map[string]string{
		"what is tuberculosis?":                 "Tuberculosis",
		"hi, my son has fever. is it malaria??": "Malaria",
		"Diabetes":                              "Diabetes",
		"how do you get HIV":                    "HIV",
	} {
		qs := extract.Queries(msg)
		if len(qs) == 0 {
			t.Errorf("%q: no query", msg)
			continue
		}
		_, _, body := get(t, base, qs[0])
		a, err := instant.Decode(body)
		if err != nil {
			t.Fatal(err)
		}
		if a.Type != "A" || a.Heading != heading || a.AbstractSource != "Wikipedia" || len(a.AbstractText) < 100 {
			t.Errorf("%q: looked up %q, got type %q heading %q", msg, qs[0], a.Type, a.Heading)
		}
	}
}
