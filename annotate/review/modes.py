"""The review modes, each a kind of session: labelling a corpus, or adjudicating its disagreements."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from annotate.corpus import Corpus
from annotate.labels.codebooks import Codebook
from annotate.review.adjudication import AdjudicationSession
from annotate.review.session import ReviewSession

#: Each mode's session. A new mode is a ReviewSession subclass added here: the panel and the app's task
#: choice ask the session for everything else (its title, role, skip, suggestions and side view).
MODES: dict[str, type[ReviewSession]] = {"label": ReviewSession, "adjudicate": AdjudicationSession}


def open_session(mode: str, corpus: str | Path | Corpus, reviewer: str, labels_dir: str | Path,
                 codebook: str | Path | Codebook = "policy-frames", order: str = "corpus",
                 seed: int | str | None = None, **options: Any) -> ReviewSession:
    """The session for a mode; ``options`` a mode does not take (``disagree_on`` when labelling) are ignored."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    cls = MODES[mode]
    taken = {name: value for name, value in options.items() if name in cls.options}
    return cls(corpus, reviewer, labels_dir, codebook, order, seed, **taken)
