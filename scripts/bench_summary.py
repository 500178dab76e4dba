"""--summary FILE for the benchmark scripts: their figures as JSON, for `make bench` (scripts/bench.py),
which runs them all and judges the targets of issue 15 in one table."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


def argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--summary", type=Path, help="also write the figures to FILE (JSON), for scripts/bench.py")


def write(args: argparse.Namespace, figures: dict) -> None:
    """The figures, with the load average at the end of the run, to args.summary if it was given."""
    if getattr(args, "summary", None):
        args.summary.write_text(json.dumps({**figures, "load_average_after": os.getloadavg()[0]}, indent=1))
