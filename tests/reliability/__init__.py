"""Reliability: durability of label files, bounded work on any input, fuzzing."""
