"""Fixtures for the library: a master key and a media root per test (files are encrypted at rest)."""

from __future__ import annotations

from typing import Any

import pytest

from entraide.core import crypto


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
