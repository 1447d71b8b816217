"""Fictitious data for a first look at the program and for benchmarks (not a use case)."""
