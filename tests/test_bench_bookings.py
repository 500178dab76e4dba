"""scripts/bench_bookings.py runs end to end with tiny settings (its own throwaway PostgreSQL, Redis
and server) and its summary holds sane figures: no distinct booking refused, one winner per race."""
from __future__ import annotations

import json

from scripts import bench_bookings


def test_tiny_run_writes_a_sane_summary(tmp_path, capsys):
    summary = tmp_path / "summary.json"
    code = bench_bookings.main(["--workers", "1", "--seconds", "1", "--connections", "4", "--race", "5",
                                "--races", "2", "--summary", str(summary)])
    printed = capsys.readouterr().out
    assert code == 0, printed
    figures = json.loads(summary.read_text())
    assert figures["distinct_errors"] == 0
    assert figures["distinct_bookings"] > 0 and figures["distinct_rps"] > 0
    assert 0 < figures["distinct_p50_ms"] <= figures["distinct_p90_ms"] <= figures["distinct_p99_ms"]
    assert figures["distinct_cpu_us"]["workers"] > 0 and figures["distinct_cpu_us"]["postgres"] > 0
    assert (figures["races"], figures["race_size"], figures["race_winners_ok"]) == (2, 5, 2)
    assert figures["race_deviations"] == []
    assert 0 < figures["race_p50_ms"] <= figures["race_p99_ms"] <= figures["race_last_p99_ms"]
    assert figures["database_agrees"] is True
    assert "2/2 with exactly one 201 and 4 409s" in printed
