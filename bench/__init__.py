"""Benchmarks: ``python -m bench.import_export`` (not part of the test suite)."""
