"""Labels of three reviewers who disagree on some seed articles: shared by the adjudication tests."""
from __future__ import annotations

from pathlib import Path

from annotate.corpus import Corpus
from annotate.labels import LabelStore

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
CODEBOOK = "policy-frames"
A0, A1, A2, A3, A4 = ("000-abu-dhabi-talks-wrap-up-second-day", "001-peace-talks-resume-in-abu-dhabi",
                      "002-rokna-second-round-of-us-mediated-talks", "003-second-day-of-us-brokered-talks",
                      "004-chief-editor-progress-on-ending-the-war")
NOTE = "<b>unsure</b> & \"close\""


def write_disagreements(folder: Path, corpus: Corpus) -> Path:
    """Three reviewers: they agree on 000, 003 and 004, and disagree on the primary frame of 001 and 002."""
    r1, r2, r3 = (LabelStore(folder, CODEBOOK, r) for r in ("r1", "r2", "r3"))
    by_id = {a.id: a for a in corpus}
    # 000: same primary frame; tone (optional) differs, which is no disagreement on a required field.
    r1.save(by_id[A0], {"primary_frame": "Economic", "tone": "negative"})
    r2.save(by_id[A0], {"primary_frame": "Economic", "tone": "positive"})
    r3.save(by_id[A0], {"primary_frame": "Economic"})
    # 001: 2 to 1, so the majority is Economic.
    r1.save(by_id[A1], {"primary_frame": "Economic", "secondary_frames": ["Political", "Morality"],
                        "source_quality": 4, "notes": NOTE})
    r2.save(by_id[A1], {"primary_frame": "Economic", "tone": "neutral", "notes": "plain"})
    r3.save(by_id[A1], {"primary_frame": "Political", "confidence": 1})
    # 002: a tie (r3 skipped it): nothing to prefill.
    r1.save(by_id[A2], {"primary_frame": "Morality"})
    r2.save(by_id[A2], {"primary_frame": "Political"})
    r3.save(by_id[A2], None, action="skip")
    # 003: r3's different label is retracted, so only r1's stands.
    r1.save(by_id[A3], {"primary_frame": "Crime and punishment"})
    r3.save(by_id[A3], {"primary_frame": "Morality"})
    r3.save(by_id[A3], None, action="retract")
    # 004: r2 changed their mind; their latest label agrees with r1.
    r1.save(by_id[A4], {"primary_frame": "Health and safety"})
    r2.save(by_id[A4], {"primary_frame": "Security and defense"})
    r2.save(by_id[A4], {"primary_frame": "Health and safety"})
    # The adjudicator's own label is not a vote: it would otherwise make 000 a disagreement.
    LabelStore(folder, CODEBOOK, "ada").save(by_id[A0], {"primary_frame": "Political"})
    return folder


