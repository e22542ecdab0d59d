from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def search(request: HttpRequest) -> HttpResponse:
    """The library's home: one search box with facets (placeholder until search is written)."""
    return render(request, "library/search.html", {})
