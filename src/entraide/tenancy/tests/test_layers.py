"""The layer order of DESIGN.md holds: no app imports from an app above it (pyproject's contract)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


def test_no_app_imports_from_a_higher_layer(monkeypatch):
    importlinter = pytest.importorskip("importlinter.cli")
    monkeypatch.chdir(ROOT)  # the contract lives in pyproject.toml
    assert importlinter.lint_imports() == 0, "an import crosses the layers: run lint-imports for the details"


def test_no_role_is_decided_outside_the_policies():
    """Views, services, filters and templates ask ``can()``; only tenancy.roles names a role."""
    import re

    src = ROOT / "src" / "entraide"
    role_names = r"officer|supervisor|executor|auditor|administrator"
    decided = re.compile(rf"""\.role\s*(==|!=|in\b)|\brole\s+in\s*[\[{{(]|role__in=\[|role=["']({role_names})["']""")
    offenders = [
        f"{path.relative_to(src)}:{number}"
        for path in [*src.rglob("*.py"), *src.rglob("*.html")]
        if not {"tests", "testing", "migrations"} & set(path.parts) and path.name != "roles.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if decided.search(line) and "Membership.Role" not in line
    ]
    assert offenders == []
