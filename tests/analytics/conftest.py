"""Fixtures of the analytics tests: their own named queries (tests/analytics/queries.sql)."""
from __future__ import annotations

from pathlib import Path

import aiosql
import pytest


@pytest.fixture(scope="session")
def aq():
    return aiosql.from_path(Path(__file__).with_name("queries.sql"), "asyncpg")
