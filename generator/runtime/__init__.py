"""Hand-written runtime copied verbatim into every generated Graph client package."""
