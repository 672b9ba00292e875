"""Security tests: the access matrix and fuzzed input."""
