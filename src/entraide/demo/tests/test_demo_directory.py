"""Demo contact points: fictitious functions, marked demo, only in networks their state belongs to."""

from __future__ import annotations

import pytest

from entraide.demo.services import demo_load
from entraide.directory.models import ContactPoint

pytestmark = pytest.mark.django_db


def test_demo_contact_points_are_fictitious_and_marked(directory_data):
    demo_load()
    contacts = ContactPoint.objects.filter(authority__is_demo=True).order_by("name")
    assert contacts.count() == 2
    for contact in contacts:
        assert contact.is_demo and contact.is_function and "(demo)" in contact.name
        assert contact.email.endswith("@demo.entraide.example")
    roles = {(c.authority.jurisdiction.code, r.network.code) for c in contacts for r in c.network_roles.all()}
    assert roles == {("KEN", "CNCP"), ("KEN", "EAAP"), ("SOM", "EAAP")}
    demo_load()  # idempotent
    assert ContactPoint.objects.filter(authority__is_demo=True).count() == 2
