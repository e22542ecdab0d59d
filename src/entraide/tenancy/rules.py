"""Who may do what: the policy of every kind of tenant data, in one place.

A model names its policy here (``tenancy = rules.REQUEST``). Each policy says which field ties a
row to its authority and which groups of roles (``roles``) may do each action; ``can()`` and
``restrict()`` read nothing else. Actions: ``view``, ``change``, and the verbs of each kind of data.
"""

from __future__ import annotations

from . import roles
from .policies import CasePolicy, NodePolicy, PersonalPolicy, PublishedPolicy, SharedPolicy, TenantPolicy

# The directory's authorities: every member reads them; an administrator changes their own.
AUTHORITY = SharedPolicy(authority_lookup="pk", roles={"view": roles.ALL, "change": roles.ADMINISTRATORS})

# The directory's contact points: every member reads them; an administrator keeps their own authority's.
CONTACT_POINT = SharedPolicy(roles={"view": roles.ALL, "change": roles.ADMINISTRATORS})

USER = TenantPolicy(roles={"view": roles.OVERSIGHT, "change": roles.ADMINISTRATORS})

AUDIT_EVENT = TenantPolicy(roles={"view": roles.OVERSIGHT})

# The library: an authority's documents are its own unless it shares them with the node or makes
# them public (the treaty texts Entraide ships are public and belong to no authority). Its office
# and its administrator add and keep them.
_LIBRARY_ROLES = {
    "view": roles.ALL,
    "add": roles.OFFICE | roles.ADMINISTRATORS,
    "change": roles.OFFICE | roles.ADMINISTRATORS,
}
LIBRARY_DOCUMENT = PublishedPolicy(node_values=("node",), public_values=("public",), roles=_LIBRARY_ROLES)
LIBRARY_PART = PublishedPolicy(
    authority_lookup="document__authority",
    visibility_lookup="document__visibility",
    node_values=("node",),
    public_values=("public",),
    roles=_LIBRARY_ROLES,
)
LIBRARY_PART_OF_VERSION = PublishedPolicy(
    authority_lookup="version__document__authority",
    visibility_lookup="version__document__visibility",
    node_values=("node",),
    public_values=("public",),
    roles=_LIBRARY_ROLES,
)

# A request: the owning authority's office drafts and moves it ("create", "change"); its officer
# in charge is an officer ("handle"); the executing authority reports on it ("execute").
REQUEST = CasePolicy(
    authority_lookup="authority",
    assigned_lookup="assigned_authority",
    roles={
        "view": roles.CASE_READERS,
        "change": roles.OFFICE,
        "create": roles.OFFICE,
        "approve": roles.SUPERVISORS,
        # Figures: supervisors, auditors and the administrator of the authority; an executor,
        # the figures of what is assigned to its own authority.
        "statistics": roles.SUPERVISORS | roles.OVERSIGHT | roles.EXECUTORS,
        "handle": roles.OFFICERS,
        "transition": roles.EXECUTION,
        "execute": roles.EXECUTION,
    },
)

# The parts of a request (offences, persons, deadlines) follow the request.
REQUEST_PART = CasePolicy(
    authority_lookup="request__authority",
    assigned_lookup="request__assigned_authority",
    roles={"view": roles.CASE_READERS, "change": roles.OFFICE},
)

# A measure follows its own executing authority, which may differ from the request's.
MEASURE = CasePolicy(
    authority_lookup="request__authority",
    assigned_lookup="assigned_authority",
    roles={"view": roles.CASE_READERS, "change": roles.OFFICE, "execute": roles.EXECUTION},
)

# Rows about a request or one of its measures: an executor sees those of a measure assigned to it
# and those of a request assigned to it; one rule, so a reminder never shows a hidden measure.
TIMELINE_ENTRY = CasePolicy(
    authority_lookup="authority",
    assigned_lookup="request__assigned_authority",
    measure_lookup="measure",
    roles={"view": roles.CASE_READERS},
)
REMINDER = CasePolicy(
    authority_lookup="request__authority",
    assigned_lookup="request__assigned_authority",
    measure_lookup="measure",
    roles={"view": roles.CASE_READERS, "change": roles.EXECUTION},
)

# Documents: the executing authority sees only those shared with it; "share" is choosing whether
# a document is shared (what the executing authority uploads is shared with it by nature).
DOCUMENT = CasePolicy(
    authority_lookup="request__authority",
    assigned_lookup="request__assigned_authority",
    shared_lookup="shared_with_executor",
    roles={"view": roles.EXECUTION, "change": roles.OFFICE, "upload": roles.EXECUTION, "share": roles.OFFICE},
)

# How long my authority waits for each counterpart before a reminder.
REMINDER_POLICY = TenantPolicy(roles={"view": roles.OFFICE | roles.ADMINISTRATORS, "change": roles.OFFICE})

# An authority's letter templates and signing certificate: its office reads them (letters are
# generated with them), its administrator changes them.
LETTER_TEMPLATE = TenantPolicy(roles={"view": roles.OFFICE | roles.ADMINISTRATORS, "change": roles.ADMINISTRATORS})
SIGNING_CERTIFICATE = TenantPolicy(roles={"view": roles.OFFICE | roles.ADMINISTRATORS, "change": roles.ADMINISTRATORS})


# The exchange. The node's keys, its peers and the log of refused envelopes belong to the node: its
# administrators keep them, auditors read them. The messages of a request belong to the authority on
# this node that sent or received them: those who read its requests read them; its office (or its
# administrator, who watches the outbox) sends a failed message again.
NODE_EXCHANGE = NodePolicy(roles={"view": roles.OVERSIGHT, "change": roles.ADMINISTRATORS})
EXCHANGE_CONVERSATION = TenantPolicy(
    roles={"view": roles.CASE_READERS | roles.OVERSIGHT, "retry": roles.OFFICE | roles.ADMINISTRATORS}
)
EXCHANGE_PART = TenantPolicy(
    authority_lookup="conversation__authority",
    roles={"view": roles.CASE_READERS | roles.OVERSIGHT, "retry": roles.OFFICE | roles.ADMINISTRATORS},
)
# A message's evidences: the message's authority, one step further.
EXCHANGE_EVIDENCE = TenantPolicy(authority_lookup="message__conversation__authority", roles=EXCHANGE_PART.roles)


# A user's notifications and notification preferences: their own, read and changed by them alone.
NOTIFICATION = PersonalPolicy(owner_lookup="recipient", roles={"view": roles.ALL, "change": roles.ALL})
NOTIFICATION_PREFERENCE = PersonalPolicy(owner_lookup="user", roles={"view": roles.ALL, "change": roles.ALL})
