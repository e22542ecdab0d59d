"""Rows that are never written without an audit event in the same transaction.

An app registers such a model and its time field (the cases app: the timeline, which every
transition writes). ``verify_log`` then knows that while one of these rows exists the log cannot be
empty or headless, and that the log cannot end before the newest of them: a wiped log, or a tail
cut off and an older signed head put back, shows against the data it was meant to record."""

from __future__ import annotations

from django.db import models

_REGISTRY: dict[type[models.Model], str] = {}


def register(model: type[models.Model], time_field: str) -> None:
    _REGISTRY[model] = time_field


def registered() -> list[tuple[type[models.Model], str]]:
    return list(_REGISTRY.items())
