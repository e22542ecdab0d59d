"""The roles of a user and the groups of roles that the policies name: the only place a role is named."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    SUPERVISOR = "supervisor", _("Supervisor")
    EXECUTOR = "executor", _("Executor")
    AUDITOR = "auditor", _("Auditor")
    ADMINISTRATOR = "administrator", _("Administrator")


R = Role
ALL = frozenset(R)
# The central authority's case workers: they draft, register and move requests.
OFFICE = frozenset({R.OFFICER, R.SUPERVISOR})
# Four eyes: only a supervisor approves, accepts, refuses or postpones.
SUPERVISORS = frozenset({R.SUPERVISOR})
# Who reports execution: the case workers and the executing (competent) authority.
EXECUTION = frozenset({R.OFFICER, R.SUPERVISOR, R.EXECUTOR})
# Who reads case data: everyone but the administrator, who keeps reference data and users.
CASE_READERS = frozenset({R.OFFICER, R.SUPERVISOR, R.EXECUTOR, R.AUDITOR})
# Who reads the audit trail and the user list.
OVERSIGHT = frozenset({R.AUDITOR, R.ADMINISTRATOR})
ADMINISTRATORS = frozenset({R.ADMINISTRATOR})
# The officer in charge of a request, and the executing authority's staff.
OFFICERS = frozenset({R.OFFICER})
EXECUTORS = frozenset({R.EXECUTOR})
