"""Reference data loaded once per test module, rolled back at the module's end.

Each test still runs in its own savepoint (pytest-django's ``db``), so what a test
changes is undone before the next one.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import transaction

from entraide.reference.services import LoadCounts, load_reference


@pytest.fixture(scope="module")
def reference_data(django_db_setup: None, django_db_blocker: pytest.FixtureRequest) -> Iterator[dict[str, LoadCounts]]:
    with django_db_blocker.unblock(), transaction.atomic():  # type: ignore[attr-defined]
        counts = load_reference()
        yield counts
        transaction.set_rollback(True)
