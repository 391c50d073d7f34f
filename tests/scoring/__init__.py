"""Tests of annotate.scoring."""
