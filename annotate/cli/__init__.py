"""The ``annotate`` command: score, export, agreement, lab and app; nothing in the package imports it."""
from annotate.cli.commands import main

__all__ = ["main"]
