"""Tests of annotate.labels."""
