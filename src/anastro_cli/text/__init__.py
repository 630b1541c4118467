"""Words and characters: folding, stemming, the word lists, sanitising. A leaf: no domain types."""
