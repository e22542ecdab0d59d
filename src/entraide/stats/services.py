"""The one write of statistics: the administrator's threshold under which exported counts are suppressed."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from entraide.accounts.models import User
from entraide.audit.services import record
from entraide.cases.errors import CaseValidationError
from entraide.tenancy.models import Authority
from entraide.tenancy.policies import can


@transaction.atomic
def statistics_threshold_set(*, actor: User, authority: Authority, threshold: int) -> Authority:
    if not can(actor, "change", authority) or actor.authority_id != authority.pk:
        raise PermissionError(_("Only the authority's administrator decides this."))
    if threshold < 1:
        raise CaseValidationError(_("The threshold is at least 1."))
    old = authority.statistics_threshold
    authority.statistics_threshold = threshold
    authority.save(update_fields=["statistics_threshold"])
    record(actor, "authority.statistics-threshold-set", authority, detail={"from": old, "to": threshold})
    return authority
