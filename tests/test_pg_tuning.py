"""The project's own clusters (make run's, the benchmark's) run with settings sized for the machine
(scripts/pg_tuning.py); throwaway test clusters keep PostgreSQL's defaults."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import psycopg
import pytest

from scripts import local_services, pg_tuning

GiB = 2**30


@pytest.mark.parametrize("memory, shared_buffers, cache_size", [
    (GiB // 4, "128MB", "512MB"),        # never below PostgreSQL's default, nor a silly cache size
    (2 * GiB, "512MB", "1536MB"),         # a quarter, three quarters
    (24 * GiB, "6144MB", "18432MB"),
    (128 * GiB, "8192MB", "98304MB"),     # shared_buffers stops at 8 GB; the OS cache does the rest
])
def test_memory_settings_follow_the_machine(memory, shared_buffers, cache_size):
    got = pg_tuning.settings(memory)
    assert (got["shared_buffers"], got["effective_cache_size"]) == (shared_buffers, cache_size)
    assert got["jit"] == "off" and got["random_page_cost"] == "1.1"


def show(url: str, *names: str) -> list[str]:
    with psycopg.connect(url) as conn:
        return [conn.execute(f"show {name}").fetchone()[0] for name in names]


@pytest.fixture
def folder():
    path = Path(tempfile.mkdtemp(prefix="parkingspots-tuning-"))
    path.chmod(0o755)  # the postgres user reaches its data folder when the tests run as root
    yield path
    for cluster in path.iterdir():
        local_services.stop_postgres(cluster)
    shutil.rmtree(path, ignore_errors=True)


def test_the_project_clusters_start_tuned_and_restart_when_the_settings_change(folder, monkeypatch):
    port, wanted = local_services.free_port(), pg_tuning.settings()
    older = "shared_buffers = 128MB\njit = on\n"  # what an older version (or another machine) wrote
    monkeypatch.setattr(pg_tuning, "conf_text", lambda memory=None: older)
    url = local_services.start_postgres(folder / "own", port, "postgres")
    assert show(url, "shared_buffers", "jit") == ["128MB", "on"]
    monkeypatch.undo()
    local_services.start_postgres(folder / "own", port, "postgres")  # running: rewrites the file, restarts
    names = ("shared_buffers", "effective_cache_size", "jit", "random_page_cost")
    assert show(url, *names) == [_pretty(wanted["shared_buffers"]), _pretty(wanted["effective_cache_size"]),
                                 "off", "1.1"]


def test_throwaway_clusters_keep_postgresql_defaults(folder):
    url = local_services.start_postgres(folder / "throwaway", local_services.free_port(), "postgres", throwaway=True)
    assert show(url, "shared_buffers", "jit") == ["128MB", "on"]
    assert not (folder / "throwaway" / "tuning.conf").exists()


def _pretty(value: str) -> str:
    """How SHOW prints a size: 6144MB -> 6GB."""
    mb = int(value.removesuffix("MB"))
    return f"{mb // 1024}GB" if mb % 1024 == 0 else value
