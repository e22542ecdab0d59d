"""The request writer's API: findings, review, letters, translations (under /api/requests/)."""

from django.urls import URLPattern, path  # noqa: F401

urlpatterns: list[URLPattern] = []
