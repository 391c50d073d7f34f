"""Web boilerplate: navigation, share bars and footers found line by line, with the rules in lexicons/."""
from annotate.scoring.boilerplate.detect import detect_boilerplate

__all__ = ["detect_boilerplate"]
