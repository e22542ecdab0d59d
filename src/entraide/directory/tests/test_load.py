"""``directory_load``: the shipped networks, their sources and dated memberships."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from entraide.audit.models import AuditEvent
from entraide.directory.models import Membership, Network
from entraide.directory.selectors import networks_as_at
from entraide.directory.services import NETWORKS_SOURCE_KEY, directory_load

pytestmark = pytest.mark.django_db

DATA = Path(settings.DATA_DIR)

# Member counts as data/networks/README.md tables them (networks.yaml, compiled 2026-11-22).
NETWORKS_YAML_COUNTS = {
    "ICGLR": 12,
    "GLJCN": 12,
    "WACAP": 17,
    "PCJS": 6,
    "IOC-RJP": 5,
    "IberRed": 23,
    "REFCO": 10,
    "OAS-MLA": 35,
    "CNCP": 53,
    "EJN": 27,
    "Eurojust": 27,
    "EAAP": 14,
    "ASEAN-MLAT": 10,
    "CARICOM-CAWT": 3,
    "Medellin-Treaty": 7,
}
# Lengths of the member lists written in seed 003_47e0fd751699b9f6.txt (undated), counted by
# hand in the seed: CNCP (line 13), EJN (27), Eurojust (47), OAS (63), IberRed (104), the IOC
# platform (114), the Sahel platform (128, "currently: Burkina Faso, Mali, Mauritania, and
# Niger") and REFCO (142, "10 prosecution offices").
SEED_003_COUNTS = {
    "CNCP": 53,
    "EJN": 27,
    "Eurojust": 27,
    "OAS-MLA": 34,
    "IberRed": 22,
    "IOC-RJP": 5,
    "PCJS": 4,
    "REFCO": 10,
}


def _yaml(path: str) -> dict:
    return yaml.safe_load((DATA / path).read_text(encoding="utf-8"))


def test_each_network_member_count_equals_networks_yaml_list(directory_data):
    entries = {n["code"]: n for n in _yaml("networks/networks.yaml")["networks"]}
    assert set(entries) == set(NETWORKS_YAML_COUNTS)
    for code, expected in NETWORKS_YAML_COUNTS.items():
        assert len(entries[code]["members"]) == expected, code
        cited = Membership.objects.filter(
            network__code=code, role=Membership.Role.MEMBER, sources__key=NETWORKS_SOURCE_KEY
        ).count()
        assert cited == expected, f"{code}: {cited} memberships cite networks.yaml, its list has {expected}"


def test_each_network_member_count_today_equals_its_latest_source(directory_data):
    today = {item.network.code: len(item.members) for item in networks_as_at(dt.date(2026, 11, 23))}
    assert today == NETWORKS_YAML_COUNTS


def test_each_seed_list_is_kept_with_its_count(directory_data):
    seed = _yaml("directory/seed-003-members.yaml")
    assert {entry["network"]: len(entry["members"]) for entry in seed["lists"]} == SEED_003_COUNTS
    for code, expected in SEED_003_COUNTS.items():
        cited = Membership.objects.filter(network__code=code, sources__key="seed-003").count()
        assert cited == expected, f"{code}: {cited} memberships cite seed 003, its list has {expected}"


def test_seed_names_are_kept_as_written_in_the_seed():
    seed = _yaml("directory/seed-003-members.yaml")
    lines = (DATA / "directory/seed-003_47e0fd751699b9f6.txt").read_text(encoding="utf-8").splitlines()
    for entry in seed["lists"]:
        line = lines[entry["line"] - 1]
        for member in entry["members"]:
            assert member["name"] in line, (entry["network"], member["name"])


def test_united_kingdom_left_ejn_and_eurojust_at_the_end_of_the_transition_and_history_is_kept(directory_data):
    for code in ("EJN", "Eurojust"):
        uk = Membership.objects.get(network__code=code, jurisdiction_id="GBR", role=Membership.Role.MEMBER)
        assert uk.status == Membership.Status.ENDED
        assert uk.until == dt.date(2020, 12, 31)
        assert "withdrawal of the United Kingdom" in uk.dates_source and "transition period" in uk.dates_source
        assert list(uk.sources.values_list("key", flat=True)) == ["seed-003"]
    before = {i.network.code: [m.jurisdiction_id for m in i.members] for i in networks_as_at(dt.date(2020, 12, 31))}
    after = {i.network.code: [m.jurisdiction_id for m in i.members] for i in networks_as_at(dt.date(2021, 1, 1))}
    assert "GBR" in before["EJN"] and "GBR" not in after["EJN"]
    assert len(before["EJN"]) == 28 and len(after["EJN"]) == 27
    liaison = Membership.objects.get(network__code="Eurojust", jurisdiction_id="GBR", role=Membership.Role.LIAISON)
    assert liaison.status == Membership.Status.CURRENT


def test_a_state_on_the_older_list_only_is_unconfirmed_not_a_member(directory_data):
    andorra = Membership.objects.get(network__code="IberRed", jurisdiction_id="AND")
    assert andorra.status == Membership.Status.UNCONFIRMED
    iberred = next(i for i in networks_as_at(dt.date(2026, 11, 23)) if i.network.code == "IberRed")
    assert "AND" not in [m.jurisdiction_id for m in iberred.members]
    assert [m.jurisdiction_id for m in iberred.unconfirmed] == ["AND"]


def test_every_membership_names_a_source_and_every_source_a_date(directory_data):
    assert not Membership.objects.filter(sources__isnull=True).exists()
    for network in Network.objects.prefetch_related("sources"):
        assert network.sources.exists()
        assert all(s.source_date for s in network.sources.all())


def test_load_is_idempotent_and_audited(directory_data):
    report = directory_load()
    assert report.networks_created == report.networks_updated == 0
    assert report.memberships_created == report.memberships_updated == 0
    assert report.memberships_unchanged == Membership.objects.count() == 287
    assert AuditEvent.objects.filter(action="directory.loaded").exists()
