"""Where a py-spy profile's time went: python profile_summary.py FILE (py-spy record --format raw).

Prints the functions with the most samples on top of the stack (self) and the functions found
anywhere in the stack (inclusive, counted once per sample), as shares of the samples.
"""
from __future__ import annotations

import re
import sys
from collections import Counter

SHOWN = 18


def short(frame: str) -> str:
    """'send (redis/asyncio/connection.py:123)' -> 'send (redis/asyncio/connection.py)'."""
    frame = re.sub(r":\d+\)$", ")", frame)
    return re.sub(r"\(.*?(site-packages|lib/python3\.\d+|/work/main)/", "(", frame)


def main(path: str) -> None:
    own, inclusive, total = Counter(), Counter(), 0
    for line in open(path):
        stack, _, count = line.rstrip().rpartition(" ")
        if not stack:
            continue
        frames, count = [short(f) for f in stack.split(";")], int(count)
        total += count
        own[frames[-1]] += count
        for frame in set(frames):
            inclusive[frame] += count
    print(f"{path}: {total} samples of the worker's busy time")
    for title, counter in (("self", own), ("inclusive", inclusive)):
        print(f"  top {title}:")
        for frame, count in counter.most_common(SHOWN):
            print(f"    {count / total * 100:5.1f} %  {frame}")


if __name__ == "__main__":
    main(sys.argv[1])
