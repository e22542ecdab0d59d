"""Fixtures of the notifications: a master key per test (documents), a supervisor at the other authority."""

from __future__ import annotations

from typing import Any

import pytest

from entraide.accounts.models import User
from entraide.core import crypto
from entraide.tenancy.roles import Role
from entraide.testing.factories import UserFactory
from entraide.testing.fixtures import NamedUsers


@pytest.fixture(autouse=True)
def _documents_at_rest(settings: Any, tmp_path: Any) -> None:
    settings.ENTRAIDE_MASTER_KEY = crypto.generate_key_text()
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def somali_supervisor(users: NamedUsers) -> User:
    return UserFactory.create(
        email="so-supervisor@test.entraide.example",
        full_name="Somali Supervisor (test)",
        authority=users.outsider.authority,
        role=Role.SUPERVISOR,
    )
