"""The ``annotate`` command line: its parser and the dispatch to score, export, agreement, lab and app."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
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
        status = _run(args)
        sys.stdout.flush()  # here, not at exit: a reader gone (`| head`) is then met where it can be handled
        return status
    except BrokenPipeError:  # the reader of stdout (or stderr) stopped reading: no traceback, nothing more
        return quiet_closed_pipe()


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
