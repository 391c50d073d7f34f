"""Root conftest: every test and nbval kernel writes labels to a fresh temporary folder, never labels/."""
from __future__ import annotations

import os
import tempfile

# Set at import, before nbval starts kernels: with --nbval-current-env they inherit this environment.
# An explicit ANNOTATE_LABELS_DIR (a CI artefact folder, say) is respected.
if not os.environ.get("ANNOTATE_LABELS_DIR"):
    os.environ["ANNOTATE_LABELS_DIR"] = tempfile.mkdtemp(prefix="annotate-labels-")
