"""Fixtures for the requests app: a master key and a media root per test, and ready-made requests."""

from __future__ import annotations

from typing import Any

import pytest

from entraide.core import crypto
from entraide.testing.cases import CaseWorld, make_world


@pytest.fixture(autouse=True)
def _documents_at_rest(settings: Any, tmp_path: Any) -> None:
    settings.ENTRAIDE_MASTER_KEY = crypto.generate_key_text()
    settings.ENTRAIDE_MASTER_KEY_PREVIOUS = ""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def world(users: Any) -> CaseWorld:
    return make_world(users)
