"""The ``annotate`` command line: its parser and the dispatch to score, export, agreement, lab and app."""
from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from importlib.metadata import PackageNotFoundError, version

from annotate.cli import app as cli_app
from annotate.cli import report as cli_report
from annotate.cli import score as cli_score
from annotate.cli.common import quiet_closed_pipe

#: What `annotate --help` says, in a reader's words.
DESCRIPTION = ("Score news articles for artifacts, hedging, quotes and readability, report on reviewers' labels "
               "(export, agreement), and open the review panel (lab) or serve it to a team (app).")


def _version() -> str:
    try:
        return version("annotate")
    except PackageNotFoundError:
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annotate", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)
    cli_score.add_parsers(sub)
    cli_report.add_parsers(sub)
    cli_app.add_parsers(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            args = build_parser().parse_args(argv)
        except SystemExit:  # --help, --version or a usage error: what it printed must reach the reader, or fail here
            sys.stdout.flush()
            raise
        with _stopped_cleanly(args.command in STOPPABLE):
            status = _run(args)
        sys.stdout.flush()  # here, not at exit: a reader gone (`| head`) is then met where it can be handled
        return status
    except BrokenPipeError:  # the reader of stdout (or stderr) stopped reading: no traceback, nothing more
        return quiet_closed_pipe()
    except Stopped as stop:
        print(f"annotate: stopped by {signal.Signals(stop.signum).name}: no output file was written or changed",
              file=sys.stderr)
        return 128 + stop.signum  # what a shell reports for a process killed by the signal


#: The commands that stop cleanly on SIGTERM (a scheduler's kill, `timeout`) and Ctrl-C: their output files are
#: temporary until the run ends (AtomicTable), so unwinding removes them and stops the scoring processes, where
#: SIGTERM's default left a hidden .tmp file beside the output and the pool's workers running.
STOPPABLE = ("score", "export", "agreement")


class Stopped(KeyboardInterrupt):
    """A run stopped by a signal: raised where the main thread is, so every ``with`` and ``finally`` runs."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def _stopped_cleanly(active: bool) -> Iterator[None]:
    """SIGTERM raises :class:`Stopped` in the main thread for the run's length, and so does Ctrl-C (SIGINT),
    whose KeyboardInterrupt printed a traceback; a library caller's own handlers are put back afterwards."""
    if not active or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise_stopped) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _run(args: argparse.Namespace) -> int:
    if args.command == "score":
        return cli_score.run_score(args)
    if args.command == "export":
        return cli_report.run_export(args)
    if args.command == "agreement":
        return cli_report.run_agreement(args)
    if args.command == "lab":
        return cli_app.run_lab(args)
    if args.command == "app":
        return cli_app.run_app(args)
    return 2  # unreachable: argparse enforces the sub-command


if __name__ == "__main__":
    sys.exit(main())
