"""EJN and Eurojust memberships dated from EU accession and exit and from each body's own start."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from entraide.directory.models import Membership
from entraide.directory.selectors import networks_as_at, shared_networks
from entraide.directory.services import DirectoryDataError, directory_load

pytestmark = pytest.mark.django_db

D = dt.date
EU_BODIES = ("EJN", "Eurojust")
# The ten states that joined the EU on 1 May 2004 (Act of Accession 2003).
ACCESSION_2004 = {"CYP", "CZE", "EST", "HUN", "LVA", "LTU", "MLT", "POL", "SVK", "SVN"}


def members(date: dt.date) -> dict[str, set[str]]:
    return {
        item.network.code: {m.jurisdiction_id for m in item.members}
        for item in networks_as_at(date)
        if item.network.code in EU_BODIES
    }


def test_croatia_is_a_member_from_its_accession_not_before(directory_data):
    before, after = members(D(2012, 12, 31)), members(D(2013, 7, 1))
    for code in EU_BODIES:
        assert "HRV" not in before[code], code
        assert "HRV" in after[code], code
    assert members(D(2013, 6, 30))["EJN"] == after["EJN"] - {"HRV"}


def test_the_2004_members_are_members_from_1_may_2004(directory_data):
    before, after = members(D(2004, 4, 30)), members(D(2004, 5, 1))
    for code in EU_BODIES:
        assert not ACCESSION_2004 & before[code], code
        assert after[code] >= ACCESSION_2004, code
    assert "BGR" not in after["EJN"] and "BGR" in members(D(2007, 1, 1))["EJN"]


def test_no_member_before_the_body_existed(directory_data):
    assert members(D(1998, 1, 1))["EJN"] == set()
    assert members(D(2001, 12, 31))["Eurojust"] == set()
    # The fifteen Member States of the day, the United Kingdom among them, from the founding act.
    assert len(members(D(1998, 8, 7))["EJN"]) == 15 and "GBR" in members(D(1998, 8, 7))["EJN"]
    assert len(members(D(2002, 3, 6))["Eurojust"]) == 15


def test_the_united_kingdom_is_a_member_until_the_end_of_the_transition_period(directory_data):
    last_day, first_day_out = members(D(2020, 12, 31)), members(D(2021, 1, 1))
    for code in EU_BODIES:
        assert "GBR" in last_day[code], code
        assert "GBR" not in first_day_out[code], code
    assert [n.code for n in shared_networks("GBR", "FRA", D(2020, 12, 31))] == ["EJN", "Eurojust"]
    assert [n.code for n in shared_networks("GBR", "FRA", D(2021, 1, 1))] == []


def test_every_date_names_its_source(directory_data):
    croatia = Membership.objects.get(network__code="EJN", jurisdiction_id="HRV", role=Membership.Role.MEMBER)
    assert croatia.since == D(2013, 7, 1) and "Accession to the EU on 2013-07-01" in croatia.dates_source
    france = Membership.objects.get(network__code="Eurojust", jurisdiction_id="FRA", role=Membership.Role.MEMBER)
    assert france.since == D(2002, 3, 6) and "2002/187/JHA" in france.dates_source
    assert france.until is None
    for m in Membership.objects.filter(network__code__in=EU_BODIES, role=Membership.Role.MEMBER):
        assert m.since is not None and m.dates_source, m


def test_an_eu_body_is_dated_in_one_place_only(directory_data, tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(settings.DATA_DIR, data)
    history = data / "directory" / "membership-history.yaml"
    history.write_text(
        history.read_text(encoding="utf-8")
        + "- network: EJN\n  iso3: GBR\n  until: 2020-01-31\n  source: a second, conflicting date\n",
        encoding="utf-8",
    )
    with pytest.raises(DirectoryDataError, match="EJN is dated by"):
        directory_load(data_dir=data)
