package metrics

import (
	"testing"
	"time"
)

// Ensure cache and upstream outcomes land in separate series, stale
// answers in their own, and only requests actually sent in the latency
// histogram.
func TestLookupSeries(t *testing.T) {
	m := New("test", "")
	for _, o := range []string{"hit", "miss", "miss", "stale"} {
		m.ObserveCache(o)
	}
	m.ObserveUpstream("server_error", true, 300*time.Millisecond)
	m.ObserveUpstream("shed", false, 0)

	got := gather(t, m)
	want := map[string]float64{
		`ddgbot_duckduckgo_cache_lookups_total{outcome="hit"}`:       1,
		`ddgbot_duckduckgo_cache_lookups_total{outcome="miss"}`:      2,
		`ddgbot_duckduckgo_stale_answers_total`:                      1,
		`ddgbot_duckduckgo_upstream_total{outcome="server_error"}`:   1,
		`ddgbot_duckduckgo_upstream_total{outcome="shed"}`:           1,
		`ddgbot_duckduckgo_upstream_duration_seconds_count`:          1,
		`ddgbot_duckduckgo_cache_lookups_total{outcome="stale"}`:     0,
		`ddgbot_duckduckgo_upstream_total{outcome="miss"}`:           0,
		`ddgbot_duckduckgo_cache_lookups_total{outcome="coalesced"}`: 0,
	}
	for series, v := range want {
		if got[series] != v {
			t.Errorf("%s = %v, want %v", series, got[series], v)
		}
	}
}

// gather returns the lookup series' values by name and outcome label;
// histograms give their sample count as name_count.
func gather(t *testing.T, m *Metrics) map[string]float64 {
	t.Helper()
	mfs, err := m.Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, mf := range mfs {
		for _, s := range mf.GetMetric() {
			name := mf.GetName()
			for _, l := range s.GetLabel() {
				name += `{` + l.GetName() + `="` + l.GetValue() + `"}`
			}
			switch {
			case s.GetCounter() != nil:
				out[name] = s.GetCounter().GetValue()
			case s.GetHistogram() != nil:
				out[name+"_count"] = float64(s.GetHistogram().GetSampleCount())
			}
		}
	}
	return out
}
