"""What each modality and each kind of measure asks for, as data: the request writer's steps.

``Request.details`` holds the keys of its modality's fields, ``Measure.details`` those of its
kind's fields. The guided screens, the quality rules (``field`` paths such as
``measure:bank-records.account_numbers`` or ``request.details.person_description``) and the
letters all read these tables, so a new field is added here once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from entraide.reference.choices import Modality

from .models import Measure


@dataclass(frozen=True)
class Field:
    key: str
    label: str | Promise
    kind: str = "text"  # text (one line), textarea, date, bool, choice
    help: str | Promise = ""
    choices: tuple[tuple[str, str | Promise], ...] = ()


YES_NO_UNKNOWN: tuple[tuple[str, str | Promise], ...] = (
    ("yes", _("Yes")),
    ("no", _("No")),
    ("unknown", _("Not known")),
)

K = Measure.Kind
MEASURE_FIELDS: dict[str, tuple[Field, ...]] = {
    K.BANK_RECORDS: (
        Field("bank", _("bank or financial institution")),
        Field("account_holder", _("account holder")),
        Field("account_numbers", _("account numbers (IBAN or other)"), "textarea"),
        Field("period_from", _("period from"), "date"),
        Field("period_to", _("period to"), "date"),
    ),
    K.WITNESS_HEARING: (
        Field("person", _("person to be heard")),
        Field(
            "capacity",
            _("heard as"),
            "choice",
            choices=(
                ("witness", _("Witness")),
                ("suspect", _("Suspect")),
                ("expert", _("Expert")),
                ("victim", _("Victim")),
            ),
        ),
        Field("questions", _("questions to be put"), "textarea"),
        Field("defence_may_attend", _("the defence may attend"), "choice", choices=YES_NO_UNKNOWN),
    ),
    K.VIDEO_HEARING: (
        Field("person", _("person to be heard")),
        Field(
            "capacity",
            _("heard as"),
            "choice",
            choices=(("witness", _("Witness")), ("expert", _("Expert")), ("victim", _("Victim"))),
        ),
        Field("questions", _("questions to be put"), "textarea"),
        Field("why_not_in_person", _("why the person cannot appear in person (UNTOC 18(18))"), "textarea"),
        Field("judicial_authority", _("judicial authority conducting the hearing")),
        Field("proposed_dates", _("proposed dates and time zone")),
    ),
    K.SEARCH_SEIZURE: (
        Field("premises", _("premises or place to be searched"), "textarea"),
        Field("items", _("items to be seized"), "textarea"),
        Field("court_order", _("order of a court of the requesting State (reference)")),
    ),
    K.PRODUCTION: (
        Field("holder", _("person or body holding the documents")),
        Field("documents", _("documents or records sought"), "textarea"),
        Field("certified_copies", _("certified copies needed"), "choice", choices=YES_NO_UNKNOWN),
    ),
    K.SERVICE: (
        Field("recipient", _("person to be served")),
        Field("address", _("address for service"), "textarea"),
        Field("documents", _("documents to be served"), "textarea"),
        Field("return_date", _("date by which proof of service is needed"), "date"),
    ),
    K.FREEZING: (
        Field("assets", _("assets to be frozen or seized"), "textarea"),
        Field("owner", _("owner or holder of the assets")),
        Field("value", _("estimated value and currency")),
        Field("link_to_offence", _("link between the assets and the offence"), "textarea"),
        Field("order", _("freezing or seizure order (reference)")),
    ),
    K.CONFISCATION: (
        Field("assets", _("assets to be confiscated"), "textarea"),
        Field("order", _("confiscation order (court, date, reference)")),
        Field("order_final", _("the order is final"), "choice", choices=YES_NO_UNKNOWN),
        Field("value", _("value and currency")),
        Field("asset_sharing", _("proposal on asset sharing or return"), "textarea"),
    ),
    K.LOCATION: (
        Field("person", _("person to be identified or located")),
        Field("last_known_address", _("last known address or whereabouts"), "textarea"),
        Field("identifiers", _("identifiers known (date of birth, documents, telephone)"), "textarea"),
    ),
    K.TEMPORARY_TRANSFER: (
        Field("person", _("detained person")),
        Field("place_of_detention", _("place of detention")),
        Field("purpose", _("purpose of the transfer (UNTOC 18(10))"), "textarea"),
        Field("consent", _("the person consents"), "choice", choices=YES_NO_UNKNOWN),
        Field("return_by", _("date of return"), "date"),
    ),
    K.PROVISIONAL_ARREST: (
        Field("person", _("person sought")),
        Field("location", _("where the person is believed to be")),
        Field("urgency", _("why arrest is urgent"), "textarea"),
        Field("warrant", _("warrant or judgment (court, date, reference)")),
    ),
    K.SPONTANEOUS: (
        Field("information", _("information transmitted"), "textarea"),
        Field("conditions", _("conditions on its use (UNTOC 18(5))"), "textarea"),
    ),
    K.OTHER: (),
}

M = Modality
MODALITY_FIELDS: dict[str, tuple[Field, ...]] = {
    M.MLA: (),
    M.JIT: (),
    M.SPONTANEOUS_INFORMATION: (),
    M.EXTRADITION: (
        Field("person_description", _("description of the person sought"), "textarea"),
        Field("nationality", _("nationality of the person")),
        Field("location", _("where the person is believed to be")),
        Field("warrant", _("warrant or judgment (court, date, reference)")),
        Field("offence_text", _("text of the offence and of the penalty"), "textarea"),
        Field("limitation", _("limitation: the prosecution or penalty is not time-barred because"), "textarea"),
        Field("sentence_remaining", _("sentence remaining to be served (if convicted)")),
        Field("assurances", _("assurances given (death penalty, fair trial, speciality)"), "textarea"),
    ),
    M.CONFISCATION: (
        Field("assets", _("assets concerned"), "textarea"),
        Field("order", _("order to be enforced (court, date, reference)")),
        Field("order_final", _("the order is final"), "choice", choices=YES_NO_UNKNOWN),
    ),
    M.SENTENCED_PERSONS: (
        Field("person_description", _("sentenced person"), "textarea"),
        Field("judgment", _("judgment (court, date, reference)")),
        Field("sentence_remaining", _("sentence remaining to be served")),
        Field("consent", _("the person consents"), "choice", choices=YES_NO_UNKNOWN),
        Field("ties", _("ties of the person to the administering State"), "textarea"),
    ),
    M.PROCEEDINGS: (
        Field("proceedings_stage", _("stage of the proceedings")),
        Field("reasons", _("why the proceedings are better conducted there"), "textarea"),
        Field("file_contents", _("the file transmitted"), "textarea"),
    ),
}


def measure_fields(kind: str) -> tuple[Field, ...]:
    return MEASURE_FIELDS.get(kind, ())


# Asked of every modality where the chosen legal basis lets the requested State require it.
COMMON_FIELDS: tuple[Field, ...] = (
    Field(
        "dual_criminality",
        _("how the conduct is also an offence in the requested State (dual criminality)"),
        "textarea",
    ),
)


def modality_fields(modality: str) -> tuple[Field, ...]:
    return MODALITY_FIELDS.get(modality, ()) + COMMON_FIELDS


def clean_details(fields: tuple[Field, ...], values: dict[str, object], what: str) -> dict[str, str]:
    """Keep the known keys with text values; refuse an unknown key or a choice out of its list."""
    from django.utils.translation import gettext as _

    known = {f.key: f for f in fields}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise ValueError(_("%(what)s has no field %(keys)s.") % {"what": what, "keys": ", ".join(unknown)})
    cleaned: dict[str, str] = {}
    for key, value in values.items():
        text = "" if value is None else str(value).strip()
        field = known[key]
        if text and field.choices and text not in {c for c, _label in field.choices}:
            raise ValueError(
                _("%(label)s: %(value)s is not one of the choices.") % {"label": field.label, "value": text}
            )
        if text:
            cleaned[key] = text
    return cleaned
