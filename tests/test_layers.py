"""Every import points down (docs/architecture.md): the project on top, then the open data and the
reports, the record apps, and core at the bottom, which knows no app."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ["stl_portal", "opendata", "reports", "cocreation", "alerts", "commitments", "sessions", "workgroups",
            "core"]
# What each package may import from the project's own packages (itself always).
ALLOWED = {
    "core": set(),
    "workgroups": {"core"},
    # The one two-way tie of the record apps: an agreement's form lists what it may approve.
    "sessions": {"core", "workgroups", "commitments"},
    "commitments": {"core", "workgroups", "sessions"},
    # Co-creation builds on the plan and its records (consultations on drafts, assessments).
    "cocreation": {"core", "workgroups", "sessions", "commitments"},
    "reports": {"core", "workgroups", "sessions", "commitments", "cocreation"},
    "opendata": {"core", "workgroups", "sessions", "commitments", "reports", "cocreation"},
    # E-mail alerts follow the record apps' saves; nothing below knows they exist.
    "alerts": {"core", "workgroups", "sessions", "commitments"},
    "stl_portal": set(PACKAGES),
}


def imported_packages(path):
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in PACKAGES:
                yield top, node.lineno


@pytest.mark.parametrize("package", PACKAGES)
def test_imports_point_down(package):
    wrong = []
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts or path.name.startswith("settings"):
            continue
        for imported, line in imported_packages(path):
            if imported != package and imported not in ALLOWED[package]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {imported}")
    assert not wrong, "\n".join(wrong)


def test_every_package_is_placed_in_a_layer():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists() or (p / "__init__.py").exists()}
    apps -= {"tests", "bench", "docs", "data", "static", "templates", "node_modules"}
    assert apps <= set(PACKAGES), f"place {sorted(apps - set(PACKAGES))} in tests/test_layers.py"
