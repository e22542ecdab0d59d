"""django-allauth's sign-in, code, re-authentication and reset forms, each with its rate limit
(``ACCOUNT_FORMS`` and ``MFA_FORMS`` in settings): the budget is checked before the credential is,
and a failed check (or a reset asked for) is spent from it. See :mod:`entraide.accounts.throttle`."""

from __future__ import annotations

from typing import Any

from allauth.account import forms as account_forms
from allauth.core import context
from allauth.mfa.base import forms as mfa_forms

from . import throttle


class ThrottledFormMixin:
    """Check the budget before the form validates; spend it when the check fails."""

    check = "password"
    spend_always = False  # a reset is spent when asked for, a credential when it fails
    credential_field: str | None = None  # the field whose error is a failed check (None: any error)

    def throttle_budget(self) -> throttle.Budget:
        return throttle.resets() if self.spend_always else throttle.failures()

    def throttle_account(self) -> Any:
        user = getattr(self, "user", None)
        return user.email if user is not None else ""

    def full_clean(self) -> None:
        if not self.is_bound:  # type: ignore[attr-defined]
            super().full_clean()  # type: ignore[misc]
            return
        request, budget, account = context.request, self.throttle_budget(), self.throttle_account()
        throttle.check(request, budget, self.check, account)
        super().full_clean()  # type: ignore[misc]
        errors = self._errors  # type: ignore[attr-defined]
        if self.spend_always or (errors and (self.credential_field is None or self.credential_field in errors)):
            throttle.count(request, budget, self.check, account, getattr(self, "user", None))


class LoginForm(ThrottledFormMixin, account_forms.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # allauth puts a "forgot your password?" link under the field; the page has its own, once.
        self.fields["password"].help_text = ""

    def throttle_account(self) -> Any:
        return self.data.get("login", "")


class ReauthenticateForm(ThrottledFormMixin, account_forms.ReauthenticateForm):
    credential_field = "password"


class ChangePasswordForm(ThrottledFormMixin, account_forms.ChangePasswordForm):
    credential_field = "oldpassword"


class ResetPasswordForm(ThrottledFormMixin, account_forms.ResetPasswordForm):
    check = "password-reset"
    spend_always = True

    def throttle_account(self) -> Any:
        return self.data.get("email", "")


class AuthenticateForm(ThrottledFormMixin, mfa_forms.AuthenticateForm):
    check = "code"
    credential_field = "code"


class MFAReauthenticateForm(ThrottledFormMixin, mfa_forms.ReauthenticateForm):
    check = "code"
    credential_field = "code"
