"""Tests of annotate.review."""
