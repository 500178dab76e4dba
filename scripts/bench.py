"""`make bench`: every benchmark of issue 15 in one go, then one table of figures against the targets.

    .venv/bin/python -m scripts.bench [--only http,tiles,...] [--quick]

Runs, one after the other (each is its own script; its output goes to .data/bench/<step>.log and its
figures to .data/bench/<step>.json):
  search    scripts.bench_search: PostGIS KNN against the seed's Haversine scan (loads the 1M-spot
            bench cluster the first time, about 4 minutes more)
  http      scripts.bench_http, 2 workers: A bare Sanic, B/B' bytes from Redis, C Sanic + asyncpg,
            D pgbench (the same SQL), the search cached and uncached
  tiles     scripts.bench_tiles: vector tiles cached and uncached against a bare ST_AsMVT endpoint
  logins    scripts.bench_logins: the search p99 under a burst of 20 logins/s, login p50/p99
  stampede  scripts.bench_stampede: computations per expiry of a hot key, single flight off and on
  bookings  scripts.bench_bookings: bookings/s on distinct slots, p99 of the 50-way race for one slot
A progress bar shows the step, the time spent and the step's latest line. At the end it prints every
figure with its target and whether it was met, and writes the same table as Markdown to
.data/bench/summary.md (for docs/benchmarks.md). --quick runs each step shorter (a smoke run; its
figures are not the judged ones). About 10 minutes on 2 cores, 3 more the first time.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import threading
import time

from tqdm import tqdm

from scripts import local_services

OUT = local_services.DATA_DIR / "bench"
STEPS = {
    "search": ["scripts.bench_search"],
    "http": ["scripts.bench_http", "--workers", "2", "--rounds", "2"],
    "tiles": ["scripts.bench_tiles", "--rounds", "2"],
    "logins": ["scripts.bench_logins", "--rounds", "2"],
    "stampede": ["scripts.bench_stampede"],
    "bookings": ["scripts.bench_bookings"],
}
QUICK = {
    "search": ["--searches", "50", "--haversine-searches", "3"],
    "http": ["--rounds", "1", "--seconds", "3"],
    "tiles": ["--rounds", "1", "--seconds", "3"],
    "logins": ["--rounds", "1", "--seconds", "4"],
    "stampede": ["--seconds", "3"],
    "bookings": ["--seconds", "3", "--races", "3"],
}


def run_step(name: str, quick: bool, bar: tqdm) -> dict | None:
    """One script, its output to .data/bench/NAME.log; its --summary figures, or None if it failed."""
    summary, log = OUT / f"{name}.json", OUT / f"{name}.log"
    summary.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", *STEPS[name], *(QUICK[name] if quick else []), "--summary", str(summary)]
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
        for text in proc.stdout:
            out.write(text)
            last = text.strip().split("\r")[-1]
            if last:
                bar.set_postfix_str(last[:70], refresh=True)
        proc.wait()
    if proc.returncode != 0 or not summary.exists():
        tqdm.write(f"{name}: FAILED (exit {proc.returncode}); see {log}")
        return None
    return json.loads(summary.read_text())


@contextlib.contextmanager
def _ticking(bar: tqdm):
    """Redraw the bar every second, so its clock moves while a step prints nothing."""
    stop = threading.Event()
    ticker = threading.Thread(target=lambda: [bar.refresh() for _ in iter(lambda: stop.wait(1), True)], daemon=True)
    ticker.start()
    try:
        yield
    finally:
        stop.set()
        ticker.join()


def _verdict(value: float | None, target: float, at_most: bool = False) -> str:
    if value is None:
        return "not measured"
    return "met" if (value <= target if at_most else value >= target) else "MISSED"


def table(figures: dict) -> list[tuple[str, str, str, str]]:
    """(figure, value, target, verdict) rows from the steps' summaries (a missing step: no rows)."""
    rows = []

    def row(label: str, value: float | None, fmt: str, target: float | None = None, at_most: bool = False,
            target_text: str = "") -> None:
        shown = "–" if value is None else format(value, fmt)
        if target is None:
            rows.append((label, shown, "", ""))
        else:
            rows.append((label, shown, target_text or f"{'≤' if at_most else '≥'} {target:g}",
                         _verdict(value, target, at_most)))

    if "search" in figures:
        s = figures["search"]
        row("Haversine scan ÷ PostGIS KNN (medians, ×)", s["ratio"], ",.0f", 250)
        rows.append(("PostGIS KNN median · p99 ms", f"{s['postgis_median_ms']:.2f} · {s['postgis_p99_ms']:.2f}", "", ""))
    if "http" in figures:
        w = figures["http"]["workers"].get("2") or next(iter(figures["http"]["workers"].values()))
        runs, ratios = w["runs"], w["ratios"]
        for run in ("A", "B", "B'", "C", "D", "cached", "uncached"):
            r = runs[run]
            rows.append((f"{run}: req/s · p99 ms · app µs · pg µs", f"{r['rps']:,.0f} · {r['latency']['99']:.1f} · "
                         f"{r['cpu_us']['workers']:.0f} · {r['cpu_us']['postgres']:.0f}", "", ""))
        u = runs["uncached"]
        row("uncached search req/s (2 workers)", u["rps"], ",.0f", 3000)
        row("uncached ÷ D (pgbench, same SQL)", ratios["uncached / D"], ".3f", 0.45)
        row("uncached p99 ms at 64 connections", u["latency"]["99"], ".1f", 50, at_most=True, target_text="< 50")
        row("uncached app CPU µs per request", u["cpu_us"]["workers"], ".0f", 250, at_most=True)
        row("uncached PostgreSQL CPU µs per request", u["cpu_us"]["postgres"], ".0f", 300, at_most=True)
        row("cached ÷ B'", ratios["cached / B'"], ".3f", 0.95)
        row("cached ÷ B (earlier target)", ratios["cached / B"], ".2f", 0.8)
        row("uncached ÷ C (earlier target)", ratios["uncached / C"], ".2f", 0.8)
    if "tiles" in figures:
        t = figures["tiles"]
        row("tiles uncached ÷ bare ST_AsMVT", t["uncached_over_bare"], ".2f", 0.8)
        row("tiles cached ÷ bare ST_AsMVT", t["cached_over_bare"], ".2f")
        rows.append(("tiles/s bare · uncached · cached · clusters",
                     " · ".join(f"{t['tiles_per_s'][k]:,.0f}" for k in ("bare", "uncached", "cached", "clusters")),
                     "", ""))
    if "logins" in figures:
        g = figures["logins"]
        row("search p99 with 20 logins/s ÷ without", g["search_p99_ratio"], ".2f", 1.5, at_most=True)
        row("login p50 ms", g["login_p50_ms"], ".1f")
        row("login p99 ms", g["login_p99_ms"], ".1f")
    if "stampede" in figures:
        st = figures["stampede"]
        row("computations per expiry, single flight off", st["off"]["per_expiry"], ".1f")
        row("computations per expiry, single flight on", st["on"]["per_expiry"], ".2f", 1.05, at_most=True,
            target_text="1")
    if "bookings" in figures:
        b = figures["bookings"]
        row("bookings/s on distinct slots", b.get("distinct_rps"), ",.0f")
        row("booking p99 ms on distinct slots", b.get("distinct_p99_ms"), ".1f")
        row("50-way race for one slot: answer p99 ms", b.get("race_p99_ms"), ".1f")
        row("50-way race: time to the last answer p99 ms", b.get("race_last_p99_ms"), ".1f")
        rows.append(("races ending with one 201 and 49 409s", f"{b.get('race_winners_ok')}/{b.get('races')}",
                     "all", "met" if b.get("race_winners_ok") == b.get("races") else "MISSED"))
    return rows


def markdown(rows: list[tuple[str, str, str, str]], loads: dict[str, float]) -> str:
    lines = ["| figure | value | target | |", "|---|---|---|---|"]
    lines += [f"| {' | '.join(r)} |" for r in rows]
    lines.append("\nLoad average (1 min) at the end of each step: "
                 + ", ".join(f"{step} {load:.2f}" for step, load in loads.items()))
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help=f"comma-separated steps of {','.join(STEPS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="shorter runs: a smoke run, not the judged figures")
    args = parser.parse_args(argv)
    steps = args.only.split(",") if args.only else list(STEPS)
    unknown = set(steps) - set(STEPS)
    if unknown:
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}")
    OUT.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the start; logs in {OUT}")
    figures, failed, started = {}, [], time.monotonic()
    with tqdm(total=len(steps), unit="step", bar_format="{desc} {n}/{total} [{elapsed}] {postfix}") as bar, \
            _ticking(bar):
        for name in steps:
            bar.set_description(f"{name:<9}")
            got = run_step(name, args.quick, bar)
            if got is None:
                failed.append(name)
            else:
                figures[name] = got
            bar.update()
    rows = table(figures)
    width = max(len(r[0]) for r in rows) if rows else 10
    print(f"\nall steps in {(time.monotonic() - started) / 60:.1f} min" + (" (quick: not judged)" if args.quick else ""))
    for label, value, target, verdict in rows:
        print(f"{label:<{width}}  {value:>28}  {target:>6}  {verdict}")
    loads = {name: got.get("load_average_after", float("nan")) for name, got in figures.items()}
    (OUT / "summary.md").write_text(markdown(rows, loads))
    print(f"\nthe same as Markdown: {OUT / 'summary.md'}")
    if failed:
        print(f"failed steps: {', '.join(failed)} (their logs are in {OUT})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
