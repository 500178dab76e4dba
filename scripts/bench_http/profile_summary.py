"""Where a py-spy profile's time went: python profile_summary.py FILE (py-spy record --format raw).

Prints the share of samples spent in each component (by the file of the frame on top of the
stack; Sanic's "touched-up" methods compiled at start have no file: they count as Sanic) and the
functions with the most samples on top of the stack (self) and anywhere in it (inclusive). Under
uvloop a task's stack starts at its coroutine, so the time in the event loop's C code (epoll,
socket reads and writes) shows as the loop's own frame, _run_server_forever.
"""
from __future__ import annotations

import argparse
import re
from collections import Counter

COMPONENTS = [("event loop (uvloop C code: epoll, socket I/O)", "_run_server_forever"),
              ("redis-py", "(redis/"), ("asyncpg", "(asyncpg/"), ("aiosql", "(aiosql/"),
              ("pydantic", "(pydantic"), ("orjson/json encoding", "(api/jsonio.py"), ("the app (api/)", "(api/"),
              ("sanic-ext", "(sanic_ext/"), ("sanic", "(sanic/"), ("asyncio (Python part)", "(asyncio/")]
SHOWN = 20


def component(frame: str) -> str:
    for name, marker in COMPONENTS:
        if marker in frame:
            return name
    if re.search(r"\(\w+:\d+\)$", frame):  # no file: a method Sanic compiled at start
        return "sanic"
    return "other"


def short(frame: str) -> str:
    """'send (redis/asyncio/connection.py:123)' -> 'send (redis/asyncio/connection.py)'."""
    return re.sub(r":\d+\)$", ")", frame)


def main(path: str) -> None:
    parts, leaves, inclusive, total = Counter(), Counter(), Counter(), 0
    with open(path) as profile:
        lines = profile.readlines()
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack:
            continue
        leaf, count = stack.split(";")[-1], int(count)
        total += count
        parts[component(leaf)] += count
        leaves[short(leaf)] += count
        for frame in {short(f) for f in stack.split(";")}:
            inclusive[frame] += count
    print(f"{path}: {total} samples of the worker's busy time (idle waits excluded)")
    print("  by component (frame on top of the stack):")
    for name, count in parts.most_common():
        print(f"    {count / total * 100:5.1f} %  {name}")
    for title, counter in (("self", leaves), ("inclusive", inclusive)):
        print(f"  top functions ({title}):")
        for frame, count in [(f, c) for f, c in counter.most_common() if c < total][:SHOWN]:
            print(f"    {count / total * 100:5.1f} %  {frame}")  # frames in every sample left out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", help="a py-spy profile recorded with --format raw")
    main(parser.parse_args().file)
