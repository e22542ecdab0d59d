"""Fixtures the demo tests share with the directory's."""

from entraide.directory.tests.conftest import directory_data  # noqa: F401 (a fixture)
