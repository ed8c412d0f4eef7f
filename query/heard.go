package query

// Heard returns how often an English word (lower case) is heard in the
// embedded frequency list (SUBTLEX-US: per 51 million words of speech), 0
// when the list lacks it. A rare word says more about what a text is
// about than a frequent one.
func (e *Extractor) Heard(word string) int { return int(e.vocab.count(word)) }
