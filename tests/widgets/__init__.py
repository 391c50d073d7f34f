"""Tests of annotate.widgets."""
