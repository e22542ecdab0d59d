"""The reusable tenancy check: every view and endpoint of tenant data proves it with this.

    assert_tenant_isolation(users, url, allowed={"administrator"})

signs in as each named user and asserts: the outsider (another authority) gets
404, a user of the owning authority whose role is not allowed gets 403, and an
allowed role gets through. ``method`` and ``data`` test writes the same way;
``expected_ok`` says what "through" means. Pages that show no object (a
"new" form) pass ``outsider_status=403``: there is nothing to hide there, only
a role to refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.http import HttpResponse
from django.test import Client

from entraide.accounts.models import User

from .fixtures import NamedUsers


def _request(user: User, method: str, url: str, data: Any, content_type: str | None) -> HttpResponse:
    client = Client()
    client.force_login(user)
    call: Callable[..., HttpResponse] = getattr(client, method.lower())
    kwargs: dict[str, Any] = {}
    if data is not None:
        kwargs["data"] = data
    if content_type:
        kwargs["content_type"] = content_type
    return call(url, **kwargs)


def assert_tenant_isolation(
    users: NamedUsers,
    url: str,
    *,
    allowed: Iterable[str],
    method: str = "get",
    data: Any = None,
    content_type: str | None = None,
    expected_ok: Iterable[int] = (200, 201, 204, 302, 303),
    outsiders: Iterable[User] = (),
    outsider_status: int = 404,
) -> None:
    allowed = set(allowed)
    ok = set(expected_ok)
    owner = users.home_authority()
    for outsider in [users.outsider, *outsiders]:
        response = _request(outsider, method, url, data, content_type)
        assert response.status_code == outsider_status, (
            f"{method.upper()} {url} as outsider {outsider.email}: expected {outsider_status}, "
            f"got {response.status_code}"
        )
    for user in users.all():
        if user.authority_id != owner.pk:
            continue
        response = _request(user, method, url, data, content_type)
        if user.role in allowed:
            assert response.status_code in ok, (
                f"{method.upper()} {url} as {user.role}: expected one of {sorted(ok)}, got {response.status_code}"
            )
        else:
            assert response.status_code == 403, (
                f"{method.upper()} {url} as {user.role} (wrong role): expected 403, got {response.status_code}"
            )
