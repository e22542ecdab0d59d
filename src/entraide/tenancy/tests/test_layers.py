"""The layer order of DESIGN.md holds: no app imports from an app above it (pyproject's contract)."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[4]


def test_no_app_imports_from_a_higher_layer(monkeypatch):
    importlinter = pytest.importorskip("importlinter.cli")
    monkeypatch.chdir(ROOT)  # the contract lives in pyproject.toml
    assert importlinter.lint_imports() == 0, "an import crosses the layers: run lint-imports for the details"
