"""The review modes, each a kind of session: labelling a corpus, or adjudicating its disagreements."""
from __future__ import annotations

from pathlib import Path

from annotate.corpus import Corpus
from annotate.labels.codebooks import Codebook
from annotate.review.adjudication import AdjudicationSession
from annotate.review.session import ReviewSession

#: "label": a reviewer labels the corpus; "adjudicate": gold labels for the articles reviewers disagree on.
MODES = ("label", "adjudicate")


def open_session(mode: str, corpus: str | Path | Corpus, reviewer: str, labels_dir: str | Path,
                 codebook: str | Path | Codebook = "policy-frames", order: str = "corpus",
                 seed: int | str | None = None, disagree_on: str = "required") -> ReviewSession:
    """The session for a mode. What a panel shows (role, skip, suggestions, side view) is the session's to say."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if mode == "adjudicate":
        return AdjudicationSession(corpus, reviewer, labels_dir, codebook, order, seed, disagree_on=disagree_on)
    return ReviewSession(corpus, reviewer, labels_dir, codebook, order, seed)
