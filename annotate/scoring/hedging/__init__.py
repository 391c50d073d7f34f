"""Hedges and boosters: the lexicon's cues, with the modal verbs read in their sentence."""
from annotate.scoring.hedging.detect import HedgeScore, score_hedging

__all__ = ["HedgeScore", "score_hedging"]
