"""Labels: codebooks, the label files' format, the append-only store, and merging reviewers' labels."""
from annotate.labels.codebooks import Codebook, CodebookError, Field, bundled_codebooks, load_codebook
from annotate.labels.format import LabelStoreError
from annotate.labels.merge import final_labels, read_labels
from annotate.labels.store import LabelStore, labels_dir_from_env

__all__ = [
    "Codebook",
    "CodebookError",
    "Field",
    "LabelStore",
    "LabelStoreError",
    "bundled_codebooks",
    "final_labels",
    "labels_dir_from_env",
    "load_codebook",
    "read_labels",
]
