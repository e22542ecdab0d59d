"""Demo data: fictitious, marked, one user per role, logins printed once."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from entraide.accounts.models import User
from entraide.tenancy.models import Authority
from entraide.tenancy.roles import Role
from entraide.testing.factories import JurisdictionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def countries():
    JurisdictionFactory.create(code="KEN", iso2="KE", name_en="Kenya")
    JurisdictionFactory.create(code="SOM", iso2="SO", name_en="Somalia")


def test_demo_creates_marked_authorities_and_one_user_per_role(countries, capsys):
    call_command("load_demo")
    out = capsys.readouterr().out
    authorities = Authority.objects.filter(is_demo=True)
    assert authorities.count() == 4  # a central and a competent authority in each country
    assert all("(demo)" in a.name for a in authorities)
    for country in ("KEN", "SOM"):
        roles = sorted(User.objects.filter(authority__jurisdiction__code=country).values_list("role", flat=True))
        assert roles == sorted(Role.values)
    assert set(User.objects.filter(role=Role.EXECUTOR).values_list("authority__kind", flat=True)) <= {
        Authority.Kind.POLICE,
        Authority.Kind.PROSECUTION,
    }
    assert User.objects.filter(is_demo=True).count() == 10
    assert all("(fictitious)" in u.full_name for u in User.objects.all())
    assert out.count("@demo.entraide.example") == 10


def test_printed_password_signs_in(countries, capsys, client, settings):
    call_command("load_demo")
    line = next(line for line in capsys.readouterr().out.splitlines() if "officer.ke@" in line)
    email, password = line.split()[-2:]
    response = client.post("/accounts/login/", {"login": email, "password": password})
    assert response.status_code == 302
    assert client.get("/").status_code == 200  # demo accounts are not forced to MFA


def test_second_run_changes_nothing_and_prints_no_password(countries, capsys):
    call_command("load_demo")
    capsys.readouterr()
    hashes = dict(User.objects.values_list("email", "password"))
    call_command("load_demo")
    out = capsys.readouterr().out
    assert dict(User.objects.values_list("email", "password")) == hashes
    assert "(unchanged" in out


def test_demo_needs_reference_data():
    with pytest.raises(CommandError, match="load-reference"):
        call_command("load_demo")
