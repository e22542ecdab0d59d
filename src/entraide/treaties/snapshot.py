"""The immutable snapshot the legal-basis engine resolves over, and the engine's vocabulary.

Built from the database by ``selectors.build_snapshot`` (or by hand in tests); frozen
dataclasses and read-only mappings, so a snapshot can be shared between threads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from entraide.reference.choices import MODALITIES as MODALITIES  # the engine's vocabulary

# Order of the options after "applicable first": bilateral, regional, multilateral.
TIER = {"bilateral": 0, "regional": 1, "eu-act": 1, "scheme": 1, "multilateral": 2}

SIGNATURE = "signature"
NOT_BOUND = "not-bound"
SUCCESSION = "succession"
# A territory of a party (Hong Kong, the Faroe Islands): the instrument extended to it by a
# declaration, excluded from it, or neither recorded.
TERRITORY_EXTENDED = "territory-extended"
TERRITORY_EXCLUDED = "territory-excluded"
TERRITORY_UNKNOWN = "territory-unknown"


@dataclass(frozen=True, slots=True)
class PartySnap:
    """One jurisdiction's participation in one instrument."""

    jurisdiction: str
    kind: str
    signed_on: dt.date | None = None
    deposited_on: dt.date | None = None
    in_force_on: dt.date | None = None
    party_as_at: dt.date | None = None
    ceases_on: dt.date | None = None
    extradition_requires_treaty: bool | None = None
    accepts_as_extradition_basis: bool | None = None
    # A declaration that limits the instrument as a basis for extradition ("not for its nationals").
    extradition_basis_condition: str = ""
    territory_of: str = ""  # for a territory: the party whose participation it follows
    note: str = ""


@dataclass(frozen=True, slots=True)
class ScopeEntry:
    """An ICCS class (with its sub-classes) within an instrument's scope.

    ``requires``: the class is wider than the instrument's offence, which it covers only if this
    holds ("the victim is an internationally protected person"): a match applies *if*.
    ``covers``: what the entry covers, said when the offence asked about is a wider class.
    """

    iccs: str
    articles: str = ""
    condition: str = ""
    requires: str = ""
    covers: str = ""


@dataclass(frozen=True, slots=True)
class Scope:
    """Which offences an instrument covers.

    ``kind`` is ``any`` (every offence) or ``listed`` (the ICCS classes of ``entries``, and,
    if ``serious_min_years`` is set, any offence punishable by at least that many years).
    ``requires_transnational_ocg``: only where the offence is transnational and involves an
    organized criminal group (UNTOC art. 3(1)).
    """

    kind: str = "any"
    entries: tuple[ScopeEntry, ...] = ()
    serious_min_years: float | None = None
    serious_article: str = ""
    requires_transnational_ocg: bool = False
    transnational_article: str = ""
    # Mutual legal assistance needs only reasonable grounds to suspect both (UNTOC art. 18(1));
    # extradition needs no transnationality where the person sought is in the requested State
    # (art. 16(1)). The articles that say so, for the instrument at hand.
    mla_article: str = ""
    extradition_article: str = ""
    description: str = ""
    condition: str = ""


@dataclass(frozen=True, slots=True)
class ModalityRule:
    """What an instrument says on one modality."""

    articles: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    dual_criminality_article: str = ""
    non_coercive_without_dual_criminality_article: str = ""
    treaty_basis_article: str = ""
    # Set where the article only asks States to consider agreements (UNTOC art. 17): why it is
    # not itself a legal basis. The option is then shown, as not applying.
    not_a_basis: str = ""


@dataclass(frozen=True, slots=True)
class Supersession:
    """Between the parties bound by this instrument, it replaces others for a modality."""

    modality: str
    instruments: tuple[str, ...]  # ("*",) for every other instrument of the modality
    article: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class InstrumentSnap:
    """An instrument as the engine sees it."""

    code: str
    reference: str
    kind: str
    titles: Mapping[str, str]
    entry_into_force: dt.date | None
    modalities: Mapping[str, ModalityRule]
    scope: Scope
    parties: Mapping[str, PartySnap]
    as_at: dt.date | None  # None: the sources are undated
    sources: tuple[str, ...]
    url: str = ""
    parties_known: bool = True
    parties_complete: bool = True
    parties_note: str = ""
    supersedes: tuple[Supersession, ...] = ()
    short_title: str = ""

    def title(self, language: str = "en") -> str:
        return self.titles.get(language) or self.titles.get("en", self.code)


@dataclass(frozen=True, slots=True)
class BilateralSnap:
    """A bilateral treaty between two jurisdictions for one modality."""

    code: str
    parties: frozenset[str]
    modality: str
    title: str
    reference: str
    articles: tuple[str, ...]
    in_force_on: dt.date | None
    terminated_on: dt.date | None
    as_at: dt.date
    sources: tuple[str, ...]
    url: str = ""


@dataclass(frozen=True)
class Snapshot:
    """Everything the engine needs, immutable; ``version`` is the data version it was built from."""

    version: int
    instruments: tuple[InstrumentSnap, ...]
    bilaterals: tuple[BilateralSnap, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    iso2: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    offences: frozenset[str] = frozenset()
    # Parties that are not States (the European Union): bound only within their competence.
    organizations: frozenset[str] = frozenset()
    by_modality: Mapping[str, tuple[InstrumentSnap, ...]] = field(init=False)
    bilateral_index: Mapping[tuple[frozenset[str], str], tuple[BilateralSnap, ...]] = field(init=False)
    by_code: Mapping[str, InstrumentSnap] = field(init=False)
    jurisdictions_set: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        by_modality = {
            modality: tuple(i for i in self.instruments if modality in i.modalities) for modality in MODALITIES
        }
        index: dict[tuple[frozenset[str], str], list[BilateralSnap]] = {}
        for treaty in self.bilaterals:
            index.setdefault((treaty.parties, treaty.modality), []).append(treaty)
        object.__setattr__(self, "by_modality", MappingProxyType(by_modality))
        object.__setattr__(self, "bilateral_index", MappingProxyType({k: tuple(v) for k, v in index.items()}))
        object.__setattr__(self, "by_code", MappingProxyType({i.code: i for i in self.instruments}))
        object.__setattr__(self, "jurisdictions_set", frozenset(self.jurisdictions))
