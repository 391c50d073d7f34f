"""Benchmarks: speed and memory as ratios against a reference run in the same process."""
