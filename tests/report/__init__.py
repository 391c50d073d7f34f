"""Tests of annotate.report."""
