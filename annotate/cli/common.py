"""What every command shares: its messages, output paths checked before any work, and a corpus read whole."""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Generic, TypeVar

if TYPE_CHECKING:
    from annotate.corpus import Article, CorpusStream
    from annotate.scoring.batch import Scored

#: Unreadable corpus records (or label lines) named one by one by the commands that read a corpus whole
#: (export, agreement); the rest are counted. As many as read_labels warns about: enough to see what kind of
#: damage it is and where, few enough that a broken archive does not bury the report's own messages.
PROBLEMS_SHOWN = 20
#: The exit status when stdout (or stderr) was closed early, as by `annotate agreement ... | head -3`: what the
#: shell reports for a tool killed by SIGPIPE (128 + 13), as `yes | head` gives, so `set -o pipefail` scripts
#: see the same from annotate as from any other tool.
BROKEN_PIPE_EXIT = 141

T = TypeVar("T")


def error(message: object) -> int:
    """Print an error the way every command does; returns the exit status 1."""
    print(f"annotate: error: {message}", file=sys.stderr)
    return 1


def warn(messages: Iterable[str]) -> None:
    for message in messages:
        print(f"annotate: warning: {message}", file=sys.stderr)


def plural(count: int, noun: str, many: str | None = None) -> str:
    """``1 article``, ``2 articles``, ``1,200 articles`` (``many`` for an irregular plural)."""
    return f"{count:,} {noun if count == 1 else many or noun + 's'}"


def positive(value: str) -> int:
    """An argparse type: an integer of 1 or more (its error says so, not the function's name)."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid positive integer: {value!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"invalid positive integer: {value!r} (must be 1 or more)")
    return number


def tell(prefix: str, messages: Sequence[str], total: int, what: str) -> None:
    """Print the first PROBLEMS_SHOWN ``messages`` with ``prefix``, then how many more of ``total`` there are."""
    for message in messages[:PROBLEMS_SHOWN]:
        print(f"annotate: {prefix}: {message}", file=sys.stderr)
    if total > min(len(messages), PROBLEMS_SHOWN):
        print(f"annotate: {prefix}: ... and {total - min(len(messages), PROBLEMS_SHOWN):,} more {what}",
              file=sys.stderr)


@dataclass
class CorpusRead(Generic[T]):
    """What reading a corpus whole gave: one item per article, and the records that could not be read."""

    items: list[T] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the first ones (the stream keeps 10,000)
    failed: int = 0  # every record that could not be read, kept in ``problems`` or not

    def tell(self) -> None:
        """Print the problems as ``annotate score`` does (``annotate: failed: WHERE: WHY``), the first ones only."""
        tell("failed", self.problems, self.failed, "corpus records could not be read")


def read_corpus(path: str, take: Callable[[Article], T]) -> CorpusRead[T]:
    """``take(article)`` of every readable article of ``path``, and the records that could not be read.

    As load_corpus: a file that breaks part way (a gzip cut short) keeps what was read before the break and
    counts the break as a problem. CorpusError when the path cannot be read at all (missing, no corpus format)
    or breaks before its first article.
    """
    from annotate.corpus import CorpusError, iter_corpus
    from annotate.corpus.stream import shard_problem

    stream = iter_corpus(path, warn=False)  # problems are told by the caller, in the words `score` uses
    read: CorpusRead[T] = CorpusRead()
    try:
        read.items.extend(take(article) for article in stream)
    except CorpusError as exc:
        if not read.items:
            raise
        read.problems.append(f"{stream.path}: {shard_problem(stream.path, exc)}")
        read.failed += 1
    read.problems[:0] = [str(p) for p in stream.problems]
    read.failed += stream.n_problems
    return read


def _suffix(path: Path) -> str:
    name = path.name.lower()
    return ".jsonl.gz" if name.endswith(".jsonl.gz") else path.suffix.lower()


def check_output(path: str, option: str, accepted: Sequence[str],
                 inputs: Sequence[tuple[str, str]] = ()) -> str | None:
    """Why ``path`` (given as ``option``) cannot be written, or None; checked before any work is done.

    ``accepted`` are the suffixes the command can write. ``inputs`` are (what, path) pairs the command reads:
    the output may not be one of their files, nor lie inside one of their folders (resolving links and
    relative paths), where it would replace what is read or be read as input by the next run.
    """
    out = Path(path)
    if out.is_dir():
        return f"{path}: is a folder, not a file to write ({option} names the file to write)"
    suffix = _suffix(out)
    if suffix not in accepted:
        kinds = " or ".join(accepted)
        found = f"a {suffix} file" if suffix else "a name with no extension"
        return f"{path}: {option} takes a {kinds} file, not {found}"
    target = out.resolve()
    folder = next(p for p in target.parents if p.exists())  # the folders below it are made when writing
    if not folder.is_dir():
        return f"{path}: cannot be written: {folder} is a file, not a folder"
    for what, given in inputs:
        source = Path(given)
        if not source.exists():
            continue  # the command itself says it is missing
        if source.is_dir() and target.is_relative_to(source.resolve()):
            return (f"{path}: {option} lies inside the {what} folder {given}, which the output would become part "
                    "of; write it elsewhere")
        if target == source.resolve() or (out.exists() and os.path.samefile(out, source)):
            return f"{path}: {option} is the {what} itself, which the output would replace; write it elsewhere"
    return None


def new_folders(paths: Sequence[str | None]) -> str:
    """", made the folder X" for the output folders that do not exist yet (writing makes them): said after the
    run, so a mistyped folder is seen rather than quietly created."""
    made = sorted({str(p) for p in (Path(x).resolve().parent for x in paths if x is not None) if not p.exists()})
    return f"; made the folder{'s' if len(made) > 1 else ''} {', '.join(made)}" if made else ""


def check_outputs(outputs: Sequence[tuple[str | None, str]], accepted: Sequence[str],
                  inputs: Sequence[tuple[str, str]] = ()) -> str | None:
    """check_output for each (path, option) given (None: not asked for), and no path given twice."""
    given = [(p, o) for p, o in outputs if p is not None]
    for path, option in given:
        problem = check_output(path, option, accepted, inputs)
        if problem is not None:
            return problem
    targets = [Path(p).resolve() for p, _ in given]
    if len(set(targets)) < len(targets):
        return f"{given[0][0]}: {' and '.join(o for _, o in given)} name the same file; give each its own"
    return None


def quiet_closed_pipe() -> int:
    """After stdout or stderr was closed (``| head``): send what is left to /dev/null, exit BROKEN_PIPE_EXIT.

    Without this, Python's own flush at exit fails again and prints a traceback after the command is done.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # not a real file (a test's capture): nothing is flushed to it
            os.dup2(devnull, stream.fileno())
    os.close(devnull)
    return BROKEN_PIPE_EXIT


class StreamProblems:
    """The corpus records a streamed command could not read or score: named as they come (the first
    PROBLEMS_SHOWN, in the words `annotate score` uses), then counted."""

    def __init__(self, stream: CorpusStream) -> None:
        self.stream, self.told, self.broken, self.scoring = stream, 0, 0, 0

    @property
    def count(self) -> int:
        return self.stream.n_problems + self.broken + self.scoring

    def _say(self, message: str) -> None:
        if self.told < PROBLEMS_SHOWN:
            print(f"annotate: failed: {message}", file=sys.stderr)
            self.told += 1

    def readable(self) -> Iterator[Article]:
        """The stream's articles; a file that breaks part way (a gzip cut short) keeps what came before."""
        from annotate.corpus import CorpusError
        from annotate.corpus.stream import shard_problem

        try:
            yield from self.stream
        except CorpusError as exc:
            if not self.stream.n_articles:
                raise
            self.broken += 1
            self._say(f"{self.stream.path}: {shard_problem(self.stream.path, exc)}")

    def telling(self, results: Iterable[Scored]) -> Iterator[Scored]:
        seen = 0
        for item in results:
            for problem in self.stream.problems[seen:]:
                self._say(str(problem))
            seen = len(self.stream.problems)
            yield item
        for problem in self.stream.problems[seen:]:
            self._say(str(problem))

    def unscored(self, item: Scored) -> None:
        self.scoring += 1
        self._say(f"{item.where}: scoring failed: {item.error}")

    def tell_rest(self) -> None:
        if self.count > self.told:
            print(f"annotate: failed: ... and {self.count - self.told:,} more corpus records could not be read",
                  file=sys.stderr)
