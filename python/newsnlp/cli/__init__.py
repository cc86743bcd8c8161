"""The ``newsnlp`` command.

``newsnlp`` alone analyses the built-in sample corpus and writes its report (``newsnlp
analyze``); ``newsnlp analyze CORPUS ...`` (or ``newsnlp CORPUS ...``) does it for your
corpus. ``tokenize``, ``match``
and ``vectorize`` stream documents to JSONL / CSV / ``.npz`` for pipelines; ``sample``
prints the tokens of the sample.

User errors (a missing file, an unknown field, a malformed line, an empty corpus) print
one line naming the file and line and exit with status 2; Ctrl-C exits with 130. Output
files and folders are written aside and renamed when complete, so neither leaves a
half-written result.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import NewsnlpError
from . import analyze, match, sample, tokenize, vectorize
from ._common import CliError

__all__ = ["CliError", "main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsnlp",
        description="Fast multilingual news text processing. With no command: "
        "`newsnlp analyze` on the built-in sample.",
    )
    parser.add_argument("--version", action="version", version=f"newsnlp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    analyze.add_parser(sub)
    tokenize.add_parser(sub)
    match.add_parser(sub)
    vectorize.add_parser(sub)
    sample.add_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line ``argv`` (default: ``sys.argv[1:]``) and returns the exit
    status: 0, 2 for a user error, 130 when interrupted."""
    parser = _parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"analyze", "tokenize", "match", "vectorize", "sample"}
    if not argv or (argv[0] not in commands and argv[0] not in ("-h", "--help", "--version")):
        argv.insert(0, "analyze")  # `newsnlp`, `newsnlp corpus.jsonl -g g.csv`: analyze
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except (CliError, NewsnlpError) as e:
        print(f"newsnlp: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nnewsnlp: interrupted, nothing written", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of our stdout left (`| head`): not an error
        sys.stderr.close()
        return 0
