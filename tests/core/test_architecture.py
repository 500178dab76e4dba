"""The shape of api/ (docs/architecture.md): one package per domain, imports only downward, and
app.ctx holding only what AppContext declares."""
from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

from api.core.context import AppContext

ROOT = Path(__file__).resolve().parents[2]
API = ROOT / "api"

# Which domains each domain may import (besides itself). Keep equal to docs/architecture.md.
MAY_IMPORT = {
    "reviews": {"core", "accounts", "spots", "bookings"},
    "core": set(),
    "accounts": {"core"},
    "spots": {"core", "accounts"},
    "payments": {"core", "accounts"},
    "bookings": {"core", "accounts", "spots", "payments"},
    "realtime": {"core", "accounts"},
}


def imported_domains(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module or ""] if isinstance(node, ast.ImportFrom) and node.level == 0 else []
        for name in names:
            parts = name.split(".")
            if parts[0] == "api" and len(parts) > 1:
                found.add(parts[1])
    return found


def test_every_module_sits_in_a_domain_package_one_level_deep():
    loose = [p.name for p in API.glob("*.py") if p.name != "__init__.py"]
    deep = [str(p.relative_to(API)) for p in API.glob("*/*/*.py")]
    assert (loose, deep) == ([], [])
    assert {p.parent.name for p in API.glob("*/__init__.py")} == set(MAY_IMPORT)


def test_imports_run_only_downward():
    upward = []
    for path in API.glob("*/*.py"):
        domain = path.parent.name
        for target in imported_domains(path) - {domain} - MAY_IMPORT[domain]:
            upward.append(f"{path.relative_to(ROOT)} imports api.{target}")
    assert upward == []


def test_the_architecture_page_lists_the_same_rules():
    page = (ROOT / "docs" / "architecture.md").read_text()
    documented = dict(re.findall(r"^\| `(\w+)` \| ([^|]*) \|", page, re.MULTILINE))
    assert {domain: {d.strip("` ") for d in allowed.split(",") if d.strip("` —-")}
            for domain, allowed in documented.items()} == MAY_IMPORT


def test_nothing_adds_attributes_to_the_app_context():
    declared = {f.name for f in dataclasses.fields(AppContext)}
    assigned = set()
    for path in [*API.glob("*/*.py"), ROOT / "sanic_app.py"]:
        text = path.read_text()
        assert "ctx.__dict__" not in text, f"{path} grows app.ctx through __dict__"
        assigned |= set(re.findall(r"app\.ctx\.(\w+)\s*=[^=]", text))
    assert assigned <= declared, f"undeclared app.ctx attributes: {sorted(assigned - declared)}"
