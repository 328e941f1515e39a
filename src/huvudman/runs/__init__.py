"""Run records: an immutable directory per placement run, and reading it back."""
