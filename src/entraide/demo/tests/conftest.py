"""Fixtures the demo tests share with the directory's."""

import pytest

from entraide.directory.tests.conftest import directory_data  # noqa: F401 (a fixture)


@pytest.fixture(autouse=True)
def _demo_mode(settings: pytest.FixtureRequest) -> None:
    """The demo's commands run only in demo mode; a test of refusing them outside it says so."""
    settings.DEMO = True  # type: ignore[attr-defined]
