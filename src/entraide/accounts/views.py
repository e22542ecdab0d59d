"""Users of my authority: list and detail (administrators and auditors)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entraide.core.tenancy import require_role

from .models import User
from .selectors import get_user_for_user, users_for_user


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, User, "view")
    page = Paginator(users_for_user(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"page": page})


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(request.user, pk)
    return render(request, "accounts/user_detail.html", {"account": account})
