"""Benchmarks: `make bench` prints figures; nothing here is asserted by the test suite."""
