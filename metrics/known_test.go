package metrics_test

import (
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ddgbot/ddgbot/duckduckgo"
	"github.com/ddgbot/ddgbot/metrics"
	"github.com/ddgbot/ddgbot/safety"
)

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

// Ensure the label values created in advance are exactly those the
// producing packages count.
func TestKnownLabelsInStep(t *testing.T) {
	for _, tt := range []struct {
		name      string
		got, want []string
	}{
		{"cache outcomes", metrics.CacheOutcomes, strs(duckduckgo.CacheOutcomes)},
		{"upstream outcomes", metrics.UpstreamOutcomes, strs(duckduckgo.UpstreamOutcomes)},
		{"shared events", metrics.SharedEvents, strs(duckduckgo.SharedEvents)},
		{"filter reasons", metrics.FilterReasons, []string{safety.ReasonBlockedTopic, safety.ReasonSourceNotAllowed}},
	} {
		if !slices.Equal(tt.got, tt.want) {
			t.Errorf("%s: metrics has %q, the producer %q", tt.name, tt.got, tt.want)
		}
	}
}

// Ensure every known label value has its series, at 0, before its first
// event: a fresh replica's scrape already shows them.
func TestKnownLabelsExistFromTheStart(t *testing.T) {
	m := metrics.New("test", "rev")
	m.RegisterGuards()
	m.WatchShared(func() time.Duration { return 0 })
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, mf := range mfs {
		for _, s := range mf.GetMetric() {
			for _, l := range s.GetLabel() {
				have[mf.GetName()+"/"+l.GetValue()] = s.GetCounter().GetValue() == 0
			}
		}
	}
	for name, values := range map[string][]string{
		"ddgbot_duckduckgo_cache_lookups_total": metrics.CacheOutcomes,
		"ddgbot_duckduckgo_upstream_total":      metrics.UpstreamOutcomes,
		"ddgbot_safety_filtered_total":          metrics.FilterReasons,
		"ddgbot_shared_events_total":            metrics.SharedEvents,
		"ddgbot_answers_reloads_total":          {"ok", "refused"},
	} {
		for _, v := range values {
			if !have[name+"/"+v] {
				t.Errorf("no %s{…=%q} at 0 before any event", name, v)
			}
		}
	}
	if t.Failed() {
		t.Logf("series: %s", strings.Join(slices.Sorted(func(yield func(string) bool) {
			for k := range have {
				if !yield(k) {
					return
				}
			}
		}), " "))
	}
}

// Ensure ddgbot_build_info says which build runs: version, commit and Go.
func TestBuildInfo(t *testing.T) {
	m := metrics.New("v1.2.3", "0123abc")
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != "ddgbot_build_info" {
			continue
		}
		got := map[string]string{}
		for _, l := range mf.GetMetric()[0].GetLabel() {
			got[l.GetName()] = l.GetValue()
		}
		if got["version"] != "v1.2.3" || got["revision"] != "0123abc" || got["goversion"] != runtime.Version() || mf.GetMetric()[0].GetGauge().GetValue() != 1 {
			t.Fatalf("ddgbot_build_info %v = %v", got, mf.GetMetric()[0].GetGauge().GetValue())
		}
		return
	}
	t.Fatal("no ddgbot_build_info")
}
