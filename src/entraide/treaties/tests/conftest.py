"""Treaty test data.

- ``treaty_data`` (entraide.testing.fixtures): the real reference and treaty data.
- ``snapshot``: a small hand-built snapshot for the pure engine: no database at all.
"""

from __future__ import annotations

import datetime as dt
from types import MappingProxyType

import pytest

from entraide.treaties import engine

D = dt.date


def party(code: str, kind: str = "ratification", **kwargs: object) -> engine.PartySnap:
    return engine.PartySnap(jurisdiction=code, kind=kind, **kwargs)  # type: ignore[arg-type]


def instrument(
    code: str,
    *,
    kind: str = "multilateral",
    parties: dict[str, engine.PartySnap] | None = None,
    modalities: dict[str, engine.ModalityRule] | None = None,
    scope: engine.Scope | None = None,
    **kwargs: object,
) -> engine.InstrumentSnap:
    return engine.InstrumentSnap(
        code=code,
        reference=f"REF {code}",
        kind=kind,
        titles=MappingProxyType({"en": f"Title of {code}", "fr": f"Titre de {code}"}),
        entry_into_force=kwargs.pop("entry_into_force", D(2003, 9, 29)),  # type: ignore[arg-type]
        modalities=MappingProxyType(modalities or {"mla": engine.ModalityRule(articles=("18",))}),
        scope=scope or engine.Scope(),
        parties=MappingProxyType(parties or {}),
        as_at=kwargs.pop("as_at", D(2015, 3, 14)),  # type: ignore[arg-type]
        sources=(f"source of {code}",),
        **kwargs,  # type: ignore[arg-type]
    )


UNTOC_SCOPE = engine.Scope(
    kind="listed",
    entries=(
        engine.ScopeEntry("0905", "5"),
        engine.ScopeEntry("07041", "6", "Laundering of proceeds of crime (art. 6)."),
    ),
    serious_min_years=4,
    serious_article="2(b)",
    requires_transnational_ocg=True,
    transnational_article="3(1)",
    mla_article="18(1)",
    extradition_article="16(1)",
    description="UNTOC offences and serious crime",
)


@pytest.fixture
def snapshot() -> engine.Snapshot:
    """KEN and TZA bound by everything; SOM by little; FRA and DEU in the EU."""
    untoc = instrument(
        "UNTOC",
        scope=UNTOC_SCOPE,
        modalities={
            "mla": engine.ModalityRule(articles=("18",), dual_criminality_article="18(9)"),
            "extradition": engine.ModalityRule(articles=("16",), treaty_basis_article="16(4)-(5)"),
        },
        parties={
            "KEN": party("KEN", "accession", deposited_on=D(2004, 6, 16), in_force_on=D(2004, 7, 16)),
            "TZA": party("TZA", deposited_on=D(2006, 5, 24), in_force_on=D(2006, 6, 23)),
            "SOM": party("SOM", "signature", signed_on=D(2001, 1, 1)),
            "NOR": party(
                "NOR",
                in_force_on=D(2004, 1, 1),
                extradition_requires_treaty=True,
                accepts_as_extradition_basis=False,
            ),
            "LAT": party("LAT", deposited_on=D(2024, 4, 20), in_force_on=D(2024, 5, 20)),
            "FRA": party("FRA", in_force_on=D(2003, 9, 29)),
            "DEU": party("DEU", in_force_on=D(2006, 7, 14)),
        },
    )
    uncac = instrument(
        "UNCAC",
        entry_into_force=D(2005, 12, 14),
        scope=engine.Scope(kind="listed", entries=(engine.ScopeEntry("0703", "15-22"),), description="corruption"),
        modalities={
            "mla": engine.ModalityRule(
                articles=("46",),
                non_coercive_without_dual_criminality_article="46(9)(b)",
                dual_criminality_article="46(9)(b)-(c)",
            )
        },
        parties={
            "KEN": party("KEN", in_force_on=D(2005, 12, 14)),
            "TZA": party("TZA", in_force_on=D(2005, 12, 14)),
        },
    )
    drugs = instrument(
        "DRUGS",
        scope=engine.Scope(kind="listed", entries=(engine.ScopeEntry("06012", "3(1)(a)"),), description="drugs"),
        parties={"KEN": party("KEN", in_force_on=D(1993, 1, 17)), "TZA": party("TZA", in_force_on=D(1996, 7, 15))},
    )
    regional = instrument(
        "REGIONAL-MLA",
        kind="regional",
        parties={"KEN": party("KEN", party_as_at=D(2019, 4, 19)), "TZA": party("TZA", party_as_at=D(2019, 4, 19))},
    )
    unknown = instrument("UNKNOWN-PARTIES", kind="regional", parties_known=False, parties_note="no list")
    eio = instrument(
        "EU-EIO",
        kind="eu-act",
        parties={
            "FRA": party("FRA", "membership", in_force_on=D(2017, 5, 22)),
            "DEU": party("DEU", "membership", in_force_on=D(2017, 5, 22)),
            "DNK": party("DNK", "not-bound", note="Denmark is not bound (recital 45)."),
        },
        supersedes=(engine.Supersession("mla", ("CETS-030",), "34(1)", "use an EIO."),),
    )
    cets = instrument(
        "CETS-030",
        kind="regional",
        modalities={"mla": engine.ModalityRule(articles=("1",), dual_criminality_article="5(1)")},
        parties={
            "FRA": party("FRA", in_force_on=D(1967, 8, 21)),
            "DEU": party("DEU", in_force_on=D(1977, 1, 1)),
            "DNK": party("DNK", in_force_on=D(1962, 9, 11)),
        },
    )
    bilateral = engine.BilateralSnap(
        code="KEN-TZA-MLA",
        parties=frozenset({"KEN", "TZA"}),
        modality="mla",
        title="Kenya-Tanzania MLA treaty (test)",
        reference="test",
        articles=("1",),
        in_force_on=D(2010, 1, 1),
        terminated_on=None,
        as_at=D(2020, 1, 1),
        sources=("test",),
    )
    return engine.Snapshot(
        version=1,
        instruments=(untoc, uncac, drugs, regional, unknown, eio, cets),
        bilaterals=(bilateral,),
        jurisdictions=("DEU", "DNK", "FRA", "KEN", "LAT", "NOR", "SOM", "TZA"),
    )
