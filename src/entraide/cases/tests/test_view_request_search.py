"""Search of the request list by a person's or entity's name and by either reference."""

import re

import pytest
from django.urls import reverse

from entraide.cases.models import Person
from entraide.cases.services import person_add
from entraide.testing.cases import new_outgoing

pytestmark = pytest.mark.django_db


def _search(client, q):
    """The requests the list shows for ``q``, as their page addresses."""
    html = client.get(reverse("cases:request-list"), {"q": q}).content.decode()
    table = html.split('data-testid="request-table"', 1)[1]
    return " ".join(re.findall(r'href="(/requests/\d+/)"', table))


def _url(request):
    return reverse("cases:request-detail", args=[request.pk])


def test_a_request_is_found_by_a_persons_or_an_entitys_name(world, client_for):
    person_add(actor=world.users.officer, request=world.outgoing, role=Person.Role.SUSPECT, name="Amina Fictitious")
    person_add(
        actor=world.users.officer,
        request=world.incoming,
        role=Person.Role.WITNESS,
        name="Shell Trading Ltd (fictitious)",
        is_entity=True,
    )
    client = client_for(world.users.officer)
    by_person = _search(client, "amina fict")
    assert _url(world.outgoing) in by_person and _url(world.incoming) not in by_person
    by_entity = _search(client, "shell trading")
    assert _url(world.incoming) in by_entity and _url(world.outgoing) not in by_entity


def test_a_request_is_found_by_our_reference_or_theirs(world, client_for):
    theirs = new_outgoing(world.users, title="Another", their_reference="SOM/MLA/77-2026")
    client = client_for(world.users.officer)
    assert _url(theirs) in _search(client, "mla/77")
    found = _search(client, world.outgoing.our_reference)
    assert _url(world.outgoing) in found and _url(theirs) not in found


def test_another_authoritys_requests_never_match(world, client_for):
    person_add(actor=world.users.outsider, request=world.theirs, role=Person.Role.SUSPECT, name="Zed Fictitious")
    person_add(actor=world.users.officer, request=world.outgoing, role=Person.Role.SUSPECT, name="Zed Fictitious")
    found = _search(client_for(world.users.officer), "zed fict")
    assert _url(world.outgoing) in found and _url(world.theirs) not in found
    # The reference of their request does not find it either.
    assert _url(world.theirs) not in _search(client_for(world.users.officer), world.theirs.our_reference)
    # And the API, with the same filter, answers the same.
    api = client_for(world.users.officer).get(reverse("api-request-list"), {"q": "zed fict"}).json()
    refs = {row["our_reference"] for row in api["results"]}
    assert refs == {world.outgoing.our_reference}
