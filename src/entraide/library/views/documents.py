"""Documents: add one (typed or uploaded), read it by sections, add a language version, edit."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def document_new(request: HttpRequest) -> HttpResponse:
    raise Http404


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def version_new(request: HttpRequest, pk: int) -> HttpResponse:
    raise Http404


def version_file(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    raise Http404
