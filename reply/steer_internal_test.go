package reply

import (
	"reflect"
	"testing"

	"github.com/ddgbot/ddgbot/instant"
)

// Ensure related topics are named as DuckDuckGo names their pages, groups
// flattened and lists left out.
func TestRelated(t *testing.T) {
	t.Parallel()
	a := instant.Answer{RelatedTopics: []instant.Topic{
		{FirstURL: "https://duckduckgo.com/c/Reddit"},
		{FirstURL: "https://duckduckgo.com/Apple_Inc."},
		{Name: "Places", Topics: []instant.Topic{{FirstURL: "http://duckduckgo.com/%C3%87at_Dam"}, {FirstURL: "http://duckduckgo.com/d/Apple_River"}}},
		{FirstURL: "https://example.org/Elsewhere"},
		{FirstURL: "https://duckduckgo.com/"},
	}}
	if got, want := appendRelated(nil, &a), []string{"Apple Inc.", "Çat Dam"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q, want %q", got, want)
	}
}
