"""Keys made on first use in demo and debug mode only, kept under ``ENTRAIDE_VAR_DIR``."""

from __future__ import annotations

import os
from collections.abc import Callable

from django.conf import settings


def dev_key(name: str, generate: Callable[[], str]) -> str:
    """The text of ``VAR_DIR/name``, written once by ``generate()`` (owner-only, never overwritten)."""
    path = settings.VAR_DIR / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(generate())
    return path.read_text(encoding="utf-8").strip()
