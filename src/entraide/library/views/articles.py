"""The shipped treaty texts, by article: every article has its own address."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse


def instrument_text(request: HttpRequest, code: str) -> HttpResponse:
    raise Http404


def article(request: HttpRequest, code: str, number: str) -> HttpResponse:
    raise Http404
