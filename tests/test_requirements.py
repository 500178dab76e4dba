"""requirements.txt is what runs (the Docker image installs only it); requirements-dev.txt adds the
tools of tests, load tests, fuzzing and benchmarks. Checked from the code's own imports: every
third-party module that the image's code imports (api/, jobs/, scripts/ but the benchmarks,
sanic_app.py) comes from a distribution requirements.txt installs, directly or as a dependency;
and no test tool is a runtime requirement."""
from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent
OWN = {"api", "jobs", "scripts", "sanic_app", "tests", *(path.stem for path in ROOT.glob("scripts/*.py"))}
# Modules the code needs without importing them itself: (a text in the runtime code, the distribution).
INDIRECT = [("stripe.HTTPXClient", "httpx")]  # the Stripe SDK imports httpx only when this client is made
DEV_ONLY = {"pytest", "pytest-asyncio", "sanic-testing", "locust", "schemathesis", "hypothesis",
            "openapi-core", "openapi-spec-validator", "psutil"}


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def requirements(path: Path) -> list[Requirement]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("-r")]


def installed_closure(roots: list[Requirement]) -> set[str]:
    """The distributions these requirements install: themselves and, recursively, what they require
    (with the extras asked for; markers evaluated for this interpreter)."""
    seen: set[str] = set()
    todo = [(canonical(r.name), set(r.extras)) for r in roots]
    while todo:
        name, extras = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for spec in metadata.requires(name) or []:
            requirement = Requirement(spec)
            if requirement.marker and not any(requirement.marker.evaluate({"extra": extra})
                                              for extra in (extras or {""})):
                continue
            todo.append((canonical(requirement.name), set(requirement.extras)))
    return seen


def runtime_files() -> list[Path]:
    files = [*ROOT.glob("api/**/*.py"), *ROOT.glob("jobs/*.py"), ROOT / "sanic_app.py",
             *(path for path in ROOT.glob("scripts/*.py") if not path.name.startswith("bench_"))]
    return sorted(files)


def third_party_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name not in OWN}


def test_the_runtime_code_imports_only_what_requirements_txt_installs():
    installed = installed_closure(requirements(ROOT / "requirements.txt"))
    providers = metadata.packages_distributions()
    missing = {}
    for path in runtime_files():
        for module in third_party_imports(path):
            distributions = {canonical(d) for d in providers.get(module, [])}
            if not distributions & installed:
                missing.setdefault(module, []).append(str(path.relative_to(ROOT)))
    code = "".join(path.read_text() for path in runtime_files())
    for text, distribution in INDIRECT:
        if text in code and canonical(distribution) not in installed:
            missing.setdefault(distribution, []).append(f"needed by {text}")
    assert not missing, f"imported at run time but not installed by requirements.txt: {missing}"


def test_no_test_tool_is_a_runtime_requirement():
    runtime = {canonical(r.name) for r in requirements(ROOT / "requirements.txt")}
    assert not runtime & DEV_ONLY


def test_the_dev_requirements_include_the_runtime_ones_and_the_test_tools():
    text = (ROOT / "requirements-dev.txt").read_text()
    assert re.search(r"(?m)^-r requirements\.txt$", text)
    dev = {canonical(r.name) for r in requirements(ROOT / "requirements-dev.txt")}
    assert DEV_ONLY <= dev
