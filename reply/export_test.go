package reply

import "context"

// Queries exposes queries to the tests: the lookups of chosen queries
// that pins and the next best use.
func (s *Service) Queries(ctx context.Context, queries []string) Result {
	return s.queries(ctx, queries)
}
