"""Reads of the directory: networks as at a date, shared networks, routing, country profiles, search.

Authorities, contact points and networks are shared data that every signed-in
user may read, so those helpers take no user; country notes and the other library
documents a profile shows are tenant data, read through the library's selectors.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from entraide.library import selectors as library_selectors
from entraide.library.models import Document, Version
from entraide.reference.models import Jurisdiction
from entraide.reference.selectors import UnknownCode, jurisdiction_search_q, resolve_modality
from entraide.tenancy.models import Authority
from entraide.treaties import engine
from entraide.treaties import selectors as treaty_selectors
from entraide.treaties.models import Declaration, Participation

from .models import VERIFICATION_DAYS, ContactPoint, Membership, Network, NetworkRole

if TYPE_CHECKING:
    from entraide.tenancy.policies import AnyUser

# --- networks --------------------------------------------------------------------------


def networks() -> QuerySet[Network]:
    return Network.objects.all()


def get_network(code: str) -> Network:
    """The network with ``code`` (any case), or :class:`UnknownCode` with close matches."""
    code = (code or "").strip()
    if "\x00" in code:  # PostgreSQL text holds no NUL: no network has such a code
        raise UnknownCode("network", code.replace("\x00", "\\x00"))
    found = Network.objects.filter(code__iexact=code).first()
    if found is not None:
        return found
    codes = list(Network.objects.values_list("code", flat=True))
    lowered = {c.lower(): c for c in codes}
    close = difflib.get_close_matches((code or "").lower(), list(lowered), n=3, cutoff=0.5)
    raise UnknownCode("network", code, [(lowered[c], lowered[c]) for c in close])


@dataclass
class NetworkMembers:
    network: Network
    members: list[Membership]
    unconfirmed: list[Membership] = field(default_factory=list)
    liaison: list[Membership] = field(default_factory=list)
    signatories: list[Membership] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        n = self.network
        return {
            "code": n.code,
            "name": n.name,
            "name_en": n.name_en,
            "kind": n.kind,
            "members": [m.jurisdiction_id for m in self.members],
            "member_count": len(self.members),
            "members_detail": [_membership_dict(m) for m in self.members],
            "unconfirmed": [_membership_dict(m) for m in self.unconfirmed],
            "liaison": [m.jurisdiction_id for m in self.liaison],
            "signatories_only": [m.jurisdiction_id for m in self.signatories],
            "observers": list(n.observers),
            "sources": [
                {"title": s.title, "urls": list(s.urls), "source_date": s.source_date} for s in n.sources.all()
            ],
        }


def _membership_dict(m: Membership) -> dict[str, Any]:
    return {
        "jurisdiction": m.jurisdiction_id,
        "name_in_source": m.name_in_source,
        "role": m.role,
        "status": m.status,
        "since": m.since.isoformat() if m.since else None,
        "until": m.until.isoformat() if m.until else None,
        "note": m.note,
        "dates_source": m.dates_source,
        "sources": [s.title for s in m.sources.all()],
    }


def networks_as_at(date: dt.date | None = None) -> list[NetworkMembers]:
    """Every network with its members (alpha-3 order) as at ``date`` (today by default)."""
    date = date or timezone.localdate()
    memberships = (
        Membership.objects.select_related("jurisdiction").prefetch_related("sources").order_by("jurisdiction_id")
    )
    result = []
    for network in Network.objects.prefetch_related("sources", Prefetch("memberships", queryset=memberships)):
        rows = list(network.memberships.all())
        in_effect = {m.pk for m in rows if membership_in_effect(m, date)}
        result.append(
            NetworkMembers(
                network=network,
                members=[m for m in rows if m.role == Membership.Role.MEMBER and m.pk in in_effect],
                unconfirmed=[m for m in rows if m.status == Membership.Status.UNCONFIRMED],
                liaison=[m for m in rows if m.role == Membership.Role.LIAISON and m.pk in in_effect],
                signatories=[m for m in rows if m.role == Membership.Role.SIGNATORY and m.pk in in_effect],
            )
        )
    return result


def membership_in_effect(m: Membership, date: dt.date) -> bool:
    """Mirror of ``MembershipQuerySet.as_at`` over rows already fetched."""
    if m.status == Membership.Status.UNCONFIRMED:
        return False
    return (m.since is None or m.since <= date) and (m.until is None or m.until >= date)


def memberships_of(jurisdiction: Jurisdiction) -> QuerySet[Membership]:
    """All memberships of a jurisdiction, past and present, with their sources."""
    return (
        Membership.objects.filter(jurisdiction=jurisdiction)
        .select_related("network")
        .prefetch_related("sources")
        .order_by("network__code", "role")
    )


def shared_networks(a: str, b: str, date: dt.date | None = None) -> list[Network]:
    """The networks of which both jurisdictions (alpha-3) are members as at ``date``."""
    date = date or timezone.localdate()
    members = Membership.objects.filter(role=Membership.Role.MEMBER).as_at(date)
    of_a = members.filter(jurisdiction_id=a).values("network_id")
    of_b = members.filter(jurisdiction_id=b).values("network_id")
    return list(Network.objects.filter(pk__in=of_a).filter(pk__in=of_b).order_by("code"))


@dataclass
class Matrix:
    """States x networks: which state is a member of which network as at a date."""

    networks: list[Network]
    rows: list[tuple[Jurisdiction, list[bool]]]
    date: dt.date


def membership_matrix(date: dt.date | None = None) -> Matrix:
    date = date or timezone.localdate()
    nets = list(Network.objects.order_by("kind", "code"))
    index = {n.pk: i for i, n in enumerate(nets)}
    cells: dict[str, list[bool]] = defaultdict(lambda: [False] * len(nets))
    for network_id, code in (
        Membership.objects.filter(role=Membership.Role.MEMBER).as_at(date).values_list("network_id", "jurisdiction_id")
    ):
        cells[str(code)][index[network_id]] = True
    jurisdictions = {j.code: j for j in Jurisdiction.objects.filter(code__in=list(cells))}
    rows = sorted(((jurisdictions[c], flags) for c, flags in cells.items()), key=lambda r: r[0].name.casefold())
    return Matrix(networks=nets, rows=rows, date=date)


# --- authorities and contact points ---------------------------------------------------


def authorities() -> QuerySet[Authority]:
    return Authority.objects.select_related("jurisdiction").prefetch_related("languages", "designations")


def authorities_of(jurisdiction: Jurisdiction) -> QuerySet[Authority]:
    return authorities().filter(jurisdiction=jurisdiction).prefetch_related("contact_points__network_roles__network")


def _not_verified(user: AnyUser) -> tuple[QuerySet[Authority], QuerySet[ContactPoint]]:
    since = timezone.localdate() - dt.timedelta(days=VERIFICATION_DAYS)
    stale = Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=since)
    return (
        Authority.objects.restrict(user, "change").filter(stale),
        ContactPoint.objects.restrict(user, "change").filter(stale, is_active=True),
    )


def not_verified(user: AnyUser) -> tuple[list[Authority], list[ContactPoint]]:
    """The authorities and active contact points ``user`` keeps whose details nobody has checked
    for a year (or ever): what the administrator should verify."""
    authorities, contacts = _not_verified(user)
    return (
        list(authorities.select_related("jurisdiction")),
        list(contacts.select_related("authority").order_by("last_verified_on", "name")),
    )


def not_verified_count(user: AnyUser) -> int:
    """How many entries ``not_verified`` lists (for the directory page's link)."""
    authorities, contacts = _not_verified(user)
    return authorities.count() + contacts.count()


def contact_points() -> QuerySet[ContactPoint]:
    return ContactPoint.objects.select_related("authority__jurisdiction").prefetch_related(
        "languages", "network_roles__network"
    )


def network_contact_points(network: Network, codes: list[str] | None = None) -> list[NetworkRole]:
    roles = (
        NetworkRole.objects.filter(network=network)
        .select_related("contact_point__authority__jurisdiction")
        .prefetch_related("contact_point__languages")
    )
    roles = roles.filter(contact_point__is_active=True)
    if codes is not None:
        roles = roles.filter(contact_point__authority__jurisdiction__code__in=codes)
    return list(roles.order_by("contact_point__authority__jurisdiction__code", "contact_point__name"))


def _authority_dict(a: Authority, designated_under: list[str], basis: str) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.name,
        "kind": a.kind,
        "jurisdiction": a.jurisdiction.code,
        "basis": basis,
        "designated_under": designated_under,
        "languages": [lang.code for lang in a.languages.all()],
        "channels": list(a.channels or []),
        "urgent_procedure": a.urgent_procedure,
        "available_24_7": a.available_24_7,
        "office_hours": a.office_hours,
        "time_zone": a.time_zone,
        "address": a.address,
        "website": a.website,
        "email": a.email,
        "telephone": a.telephone,
        "exchange_peer": a.exchange_peer,
        "last_verified_on": a.last_verified_on.isoformat() if a.last_verified_on else None,
        "last_verified_by": a.last_verified_by,
        "is_demo": a.is_demo,
        "contact_points": [contact_point_dict(c) for c in a.contact_points.all() if c.is_active],
    }


def contact_dict(role: NetworkRole) -> dict[str, Any]:
    return contact_point_dict(role.contact_point, role.role)


def contact_point_dict(c: ContactPoint, role: str = "") -> dict[str, Any]:
    return {
        "id": c.pk,
        "name": c.name,
        "is_function": c.is_function,
        "title": c.title,
        "role": role,
        "authority": c.authority.name,
        "jurisdiction": c.authority.jurisdiction.code,
        "languages": [lang.code for lang in c.languages.all()],
        "available_24_7": c.available_24_7,
        "email": c.email,
        "telephone": c.telephone,
        "last_verified_on": c.last_verified_on.isoformat() if c.last_verified_on else None,
        "is_demo": c.is_demo,
    }


# --- routing ---------------------------------------------------------------------------


def legal_basis(requesting: str, requested: str, modality: str, date: dt.date) -> dict[str, Any]:
    """The legal-basis engine's answer, or a note saying it is not available here."""
    # The codes are already resolved to records here: the question goes to the engine's one
    # entry point (treaties.selectors.legal_basis) without build_query's re-parsing.
    checked = treaty_selectors.CheckedQuery(
        query=engine.Query(requesting, requested, modality, date), snapshot=treaty_selectors.get_snapshot()
    )
    resolution = treaty_selectors.legal_basis(checked)
    data = resolution.as_dict()
    day = date.isoformat()
    # Bound on both sides on that date; whether the offence is in scope is for the request to show.
    binding = [
        o["code"]
        for o in data["options"]
        if o["in_force_for_requesting"]
        and o["in_force_for_requested"]
        and o["in_force_for_requesting"] <= day
        and o["in_force_for_requested"] <= day
    ]
    return {
        "available": True,
        "options": data["options"],
        "binding_both": binding,
        "fallback": data["fallback"],
        "data_as_at": data["data_as_at"],
        "note": "",
    }


@dataclass
class Route:
    """Who to send a request to, through which channel and network, in which language."""

    requesting: Jurisdiction
    requested: Jurisdiction
    modality: str
    date: dt.date
    legal_basis: dict[str, Any]
    authorities: list[dict[str, Any]]
    declarations: list[dict[str, Any]]
    shared_networks: list[dict[str, Any]]
    unknowns: list[str]

    def as_dict(self) -> dict[str, Any]:
        return {
            "requesting": self.requesting.code,
            "requested": self.requested.code,
            "modality": self.modality,
            "date": self.date.isoformat(),
            "legal_basis": self.legal_basis,
            "authorities": self.authorities,
            "declarations": self.declarations,
            "shared_networks": self.shared_networks,
            "unknowns": self.unknowns,
        }


def route(requesting: Jurisdiction, requested: Jurisdiction, modality: str, date: dt.date | None = None) -> Route:
    """Routing for (requesting, requested, modality) on ``date``: authorities, channels, shared networks."""
    date = date or timezone.localdate()
    modality = resolve_modality(modality)
    basis = legal_basis(requesting.code, requested.code, modality, date)
    # Without an offence the engine marks nothing applicable: the instruments binding both
    # states then decide which designations count.
    applicable = [o["code"] for o in basis["options"] if o.get("applicable")] or basis["binding_both"]
    unknowns: list[str] = []
    if basis["note"]:
        unknowns.append(basis["note"])

    found: list[dict[str, Any]] = []
    # Only the requested State's: the requesting State's own authorities and contact points are not
    # where a request goes.
    candidates = list(authorities().filter(jurisdiction=requested).prefetch_related("contact_points__languages"))
    for a in candidates:
        under = [
            f"{d.instrument_code} {d.articles}".strip()
            for d in a.designations.all()
            if (not d.modalities or modality in d.modalities) and (not applicable or d.instrument_code in applicable)
        ]
        if under:
            found.append(_authority_dict(a, under, "designated"))
    if not found:
        central = [a for a in candidates if a.kind == Authority.Kind.CENTRAL]
        if central:
            unknowns.append(
                _(
                    "No designation under the applicable instruments is recorded; "
                    "the central authorities of %(state)s are listed instead."
                )
                % {"state": requested.name}
            )
        found = [_authority_dict(a, [], "central-authority") for a in central]
    if not candidates:
        unknowns.append(_("No authority of %(state)s is recorded in this directory.") % {"state": requested.name})

    declarations = routing_declarations(requested, applicable)

    shared = []
    for network in shared_networks(requesting.code, requested.code, date):
        contacts = network_contact_points(network, [requested.code])
        shared.append(
            {
                "code": network.code,
                "name": network.name,
                "kind": network.kind,
                "contact_points": {"requested": [contact_dict(r) for r in contacts]},
            }
        )
    return Route(
        requesting=requesting,
        requested=requested,
        modality=modality,
        date=date,
        legal_basis=basis,
        authorities=found,
        declarations=declarations,
        shared_networks=shared,
        unknowns=unknowns,
    )


ROUTING_DECLARATION_KINDS = ("central-authority", "languages", "channels")


def routing_declarations(requested: Jurisdiction, instruments: list[str]) -> list[dict[str, Any]]:
    """The requested state's declarations on authorities, languages and channels under ``instruments``."""
    if not instruments:
        return []
    rows = (
        Declaration.objects.filter(
            participation__jurisdiction_id=requested.code,
            participation__instrument__code__in=instruments,
            kind__in=ROUTING_DECLARATION_KINDS,
        )
        .select_related("participation__instrument")
        .order_by("participation__instrument__code", "kind", "pk")
    )
    return [
        {
            "instrument": d.participation.instrument.code,
            "kind": d.kind,
            "articles": d.articles,
            "text": d.text,
            "source": d.source,
            "as_at": d.as_at.isoformat(),
        }
        for d in rows
    ]


def route_text(r: Route) -> str:
    """The plain-text rendering of a route (for the command line)."""
    lines = [f"{r.requesting.code} -> {r.requested.code}, {r.modality}, {r.date.isoformat()}", ""]
    lines.append("Legal basis:")
    basis = r.legal_basis
    applicable = [o for o in basis["options"] if o.get("applicable")]
    if not basis["available"]:
        lines.append(f"  {basis['note']}")
    elif applicable:
        lines += [f"  {o['code']} art. {', '.join(o['articles'])}" for o in applicable]
    elif basis["binding_both"]:
        lines.append(
            "  binding both states (check that the offence is within scope): " + ", ".join(basis["binding_both"])
        )
    else:
        lines.append(f"  none applicable. {basis['fallback']}")
    lines += ["", f"Authorities of {r.requested.code}:"]
    if not r.authorities:
        lines.append("  unknown (none recorded)")
    for a in r.authorities:
        demo = " [demo]" if a["is_demo"] else ""
        under = f" - designated under {', '.join(a['designated_under'])}" if a["designated_under"] else ""
        lines.append(f"  {a['name']}{demo}{under}")
        lines.append(
            f"    languages: {' '.join(a['languages']) or 'unknown'}; channels: {' '.join(a['channels']) or 'unknown'}"
        )
        for c in a["contact_points"]:
            lines.append(f"    contact: {c['name']} {c['email']} {c['telephone']}".rstrip())
    if r.declarations:
        lines += ["", f"Declarations of {r.requested.code} (authorities, languages, channels):"]
        for d in r.declarations:
            text = " ".join(d["text"].split())
            lines.append(f"  {d['instrument']} {d['kind']}: {text[:300]}{'...' if len(text) > 300 else ''}")
            lines.append(f"    source: {d['source']} (as at {d['as_at']})")
    lines += ["", "Shared networks:"]
    if not r.shared_networks:
        lines.append("  none recorded")
    for n in r.shared_networks:
        lines.append(f"  {n['code']}  {n['name']}")
        for c in n["contact_points"]["requested"]:
            demo = " [demo]" if c["is_demo"] else ""
            lines.append(
                f"    {c['jurisdiction']}: {c['name']}{demo} ({c['role'] or 'contact point'}) "
                f"{c['email']} {c['telephone']}".rstrip()
            )
    if r.unknowns:
        lines += ["", "Unknown:"] + [f"  {u}" for u in r.unknowns]
    return "\n".join(lines)


# --- country profile -------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryItem:
    """A library document as a profile shows it: its version in the reader's language where it has
    one; ``own`` if the reader's authority keeps it."""

    document: Document
    version: Version | None
    own: bool = False


@dataclass
class CountryProfile:
    jurisdiction: Jurisdiction
    authorities: list[Authority]
    memberships: list[Membership]
    participations: list[Any]
    declarations: list[Any]
    languages: list[Any]
    channels: list[str]
    notes: list[LibraryItem]
    documents: list[LibraryItem]
    treaties_available: bool

    @property
    def has_own_note(self) -> bool:
        return any(item.own for item in self.notes)


def country_profile(jurisdiction: Jurisdiction, user: AnyUser | None = None) -> CountryProfile:
    """Everything a practitioner needs to ask ``jurisdiction``; with a user, the country notes and the
    other library documents about it that the user may see."""
    auths = list(authorities_of(jurisdiction))
    languages: dict[str, Any] = {}
    channels: list[str] = []
    for a in auths:
        for lang in a.languages.all():
            languages.setdefault(lang.code, lang)
        for label in a.channel_labels():
            if label not in channels:
                channels.append(label)
    participations = list(
        Participation.objects.filter(jurisdiction_id=jurisdiction.code)
        .select_related("instrument")
        .order_by("instrument__code")
    )
    declarations = list(
        Declaration.objects.filter(participation__jurisdiction_id=jurisdiction.code)
        .select_related("participation__instrument")
        .order_by("participation__instrument__code", "kind")
    )
    notes: list[LibraryItem] = []
    documents: list[LibraryItem] = []
    if user is not None:
        own = getattr(user, "authority_id", None)
        notes = [
            LibraryItem(d, library_selectors.version_for(d), own=d.authority_id == own)
            for d in library_selectors.country_notes(user, jurisdiction)
        ]
        documents = [
            LibraryItem(d, library_selectors.version_for(d))
            for d in library_selectors.documents_about(user, jurisdiction)
        ]
    return CountryProfile(
        jurisdiction=jurisdiction,
        authorities=auths,
        memberships=list(memberships_of(jurisdiction)),
        participations=participations,
        declarations=declarations,
        languages=list(languages.values()),
        channels=channels,
        notes=notes,
        documents=documents,
        treaties_available=True,  # treaties is always installed (below directory); kept for the template
    )


# --- search ----------------------------------------------------------------------------


@dataclass
class SearchResults:
    query: str
    authorities: list[Authority]
    contact_points: list[ContactPoint]
    networks: list[Network]
    jurisdictions: list[Jurisdiction]

    @property
    def count(self) -> int:
        return len(self.authorities) + len(self.contact_points) + len(self.networks) + len(self.jurisdictions)


SEARCH_LIMIT = 50
# Authorities' other names are searched per language key: SQLite keeps non-ASCII JSON
# escaped, so a search over the whole document would miss "Autorité".
NAME_LANGUAGES = ("en", "fr", "es", "pt", "ar")


def _names_q(query: str) -> Q:
    q = Q()
    for lang in NAME_LANGUAGES:
        q |= Q(**{f"names__{lang}__icontains": query})
    return q


def search(query: str) -> SearchResults:
    """One search across authorities, contact points, networks (and countries, for their profiles)."""
    q = (query or "").replace("\x00", "").strip()[:200]  # PostgreSQL text holds no NUL
    if not q:
        return SearchResults(q, list(authorities()[:SEARCH_LIMIT]), [], list(networks()), [])
    place = jurisdiction_search_q(q)
    in_place = Q(jurisdiction__in=Jurisdiction.objects.filter(place))
    auths = authorities().filter(
        Q(name__icontains=q) | _names_q(q) | Q(email__icontains=q) | Q(address__icontains=q) | in_place
    )[:SEARCH_LIMIT]
    contacts = (
        contact_points()
        .filter(
            Q(name__icontains=q)
            | Q(title__icontains=q)
            | Q(email__icontains=q)
            | Q(authority__name__icontains=q)
            | Q(network_roles__network__code__iexact=q)
            | Q(authority__jurisdiction__in=Jurisdiction.objects.filter(place))
        )
        .distinct()[:SEARCH_LIMIT]
    )
    nets = networks().filter(
        Q(code__icontains=q)
        | Q(name_en__icontains=q)
        | Q(name_fr__icontains=q)
        | Q(name_es__icontains=q)
        | Q(scope__icontains=q)
        | Q(secretariat__icontains=q)
    )[:SEARCH_LIMIT]
    places = Jurisdiction.objects.filter(place)[:10]
    return SearchResults(q, list(auths), list(contacts), list(nets), list(places))
