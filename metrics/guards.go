package metrics

import "github.com/prometheus/client_golang/prometheus"

// Guards are the series of the crisis check, the topic and source rules
// and own-answer reloads.
type Guards struct {
	Crisis   *prometheus.CounterVec // crisis messages by language, category and tier of the entry that matched
	Filtered *prometheus.CounterVec // answers the rules took something out of, by reason
	Reloads  *prometheus.CounterVec // own-answer reloads by result: ok or refused
}

// RegisterGuards registers the guard series on m's registry. Call it once.
func (m *Metrics) RegisterGuards() *Guards {
	g := &Guards{
		Crisis: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_crisis_messages_total",
			Help: "Messages taken for a crisis (the crisis answer first; nothing about the crisis looked up), by language, category and tier (certain, unsure) of the list entry that matched.",
		}, []string{"language", "category", "tier"}),
		Filtered: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_safety_filtered_total",
			Help: "DuckDuckGo answers that lost something to safety.block_topics (blocked-topic) or safety.allowed_sources (source-not-allowed).",
		}, []string{"reason"}),
		Reloads: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ddgbot_answers_reloads_total",
			Help: "Reloads of the own-answers file by result: ok (in use) or refused (previous answers stay).",
		}, []string{"result"}),
	}
	known(g.Reloads, "ok", "refused")
	known(g.Filtered, FilterReasons...)
	m.Registry.MustRegister(g.Crisis, g.Filtered, g.Reloads)
	return g
}
