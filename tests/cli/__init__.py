"""Tests of annotate.cli."""
