"""The review panel and the team app: the only package that imports ipywidgets and anywidget."""
from annotate.widgets.app import ReviewApp
from annotate.widgets.panel import ReviewPanel

__all__ = ["ReviewApp", "ReviewPanel"]
