"""Users of my authority: list and detail (administrators and auditors), creation and
deactivation (administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entraide.audit.services import record_read
from entraide.tenancy.policies import require_role

from .forms import UserActiveForm, UserCreateForm
from .models import User
from .selectors import get_user_for_user, users_for_user
from .services import user_create, user_set_active


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    require_role(request.user, User, "view")
    page = Paginator(users_for_user(request.user), 50).get_page(request.GET.get("page"))
    can_change = User.tenancy.allows(request.user, "change")
    return render(request, "accounts/user_list.html", {"page": page, "can_change": can_change})


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(request.user, pk)
    record_read(request.user, account)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "can_change": User.tenancy.allows(request.user, "change") and account.pk != request.user.pk,
            "active_form": UserActiveForm(initial={"active": not account.is_active}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    require_role(request.user, User, "change")
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = user_create(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                authority=request.user.authority,  # type: ignore[union-attr]
                role=data["role"],
                password=data["password"],
            )
        except IntegrityError:
            # Two submissions raced past the form's check: the first one won.
            form.add_error("email", _("A user with this e-mail address already exists."))
        else:
            messages.success(request, _("User created. They will set up two-factor authentication at first sign-in."))
            return redirect("accounts:user-detail", pk=account.pk)
    return render(request, "accounts/user_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_POST
def user_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_user_for_user(request.user, pk, action="change")
    form = UserActiveForm(request.POST)
    if account.pk == request.user.pk:
        messages.error(request, _("You cannot deactivate your own account."))
    elif form.is_valid():
        user_set_active(
            actor=request.user,
            user=account,
            active=form.cleaned_data["active"],
            justification=form.cleaned_data["justification"],
        )
        messages.success(request, _("Account activated.") if account.is_active else _("Account deactivated."))
    else:
        messages.error(request, _("Give a reason for the change."))
    return redirect("accounts:user-detail", pk=account.pk)
