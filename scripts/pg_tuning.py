"""PostgreSQL settings for the project's own clusters, sized from the machine's memory.

`make run`'s private cluster and the benchmark cluster (.data/bench-pg) both get them (through
scripts/local_services.py: the file tuning.conf in the data folder, included by postgresql.conf), so
benchmark figures are what `make run` serves. docs/operations.md explains them for production.
Throwaway test clusters do not: they hold a few rows and start dozens of times per test run.

    .venv/bin/python -m scripts.pg_tuning          # prints the file this machine gets

Measured on the 1M-spot benchmark (docs/benchmarks.md):
- shared_buffers: PostgreSQL's default 128 MB holds a sixth of the 811 MB spots heap, so random
  searches read most pages from the OS cache (a cold 2 km search: 233 pages read, 15 ms). A quarter of
  the memory (PostgreSQL's own advice for a dedicated server), at most 8 GB, holds it all here.
- effective_cache_size: what the OS cache and shared buffers hold together; the planner prices index
  scans by it. Three quarters of the memory.
- random_page_cost 1.1, effective_io_concurrency 200: SSD or better, where a random read costs about
  what a sequential one does.
- jit off: no query of the app's hot paths reaches jit_above_cost except the zoomed-out map tiles,
  where compiling took 21 ms and saved nothing (a zoom-8 tile of New York: 916 ms with, 711 ms
  without). An analyst may `set jit = on` for a long query.
- max_wal_size 2 GB: bulk loads (the demo data, a restore) checkpoint less often.
"""
from __future__ import annotations

import argparse
import os

MiB = 2**20


def machine_memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def settings(memory: int | None = None) -> dict[str, str]:
    """The settings for a machine with `memory` bytes (this one's by default), as postgresql.conf lines."""
    mib = (memory or machine_memory()) // MiB
    return {
        "shared_buffers": f"{min(max(mib // 4, 128), 8192)}MB",
        "effective_cache_size": f"{max(mib * 3 // 4, 512)}MB",
        "random_page_cost": "1.1",
        "effective_io_concurrency": "200",
        "jit": "off",
        "max_wal_size": "2GB",
    }


def conf_text(memory: int | None = None) -> str:
    return "# written by scripts/pg_tuning.py for this machine; changed settings apply at the next start\n" + \
        "".join(f"{key} = {value}\n" for key, value in settings(memory).items())


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(prog="python -m scripts.pg_tuning", description=__doc__,
                            formatter_class=argparse.RawDescriptionHelpFormatter).parse_args(argv)
    print(conf_text(), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
