import pytest
from django.urls import reverse

from entraide.cases.services import offence_add
from entraide.reference.models import OffenceClass
from entraide.testing.cases import new_incoming, new_outgoing
from entraide.testing.factories import TEST_AS_AT, TEST_SOURCE

pytestmark = pytest.mark.django_db


def _rows(html):
    return html.count('href="/requests/') - html.count('href="/requests/new/') - html.count('href="/requests/list/')


def test_filters(world, client_for):
    fraud = OffenceClass.objects.create(code="07011", level=3, name_en="Fraud", source=TEST_SOURCE, as_at=TEST_AS_AT)
    offence_add(actor=world.users.officer, request=world.outgoing, provision="s. 1", offence_class=fraud)
    client = client_for(world.users.officer)
    url = reverse("cases:request-list")
    by_direction = client.get(url, {"direction": "incoming"}).content.decode()
    assert world.incoming.our_reference in by_direction and world.outgoing.our_reference not in by_direction
    by_offence = client.get(url, {"offence": "0701"}).content.decode()
    assert world.outgoing.our_reference in by_offence and world.incoming.our_reference not in by_offence
    by_status = client.get(url, {"status": "assigned"}).content.decode()
    assert world.incoming.our_reference in by_status and world.unassigned.our_reference not in by_status
    by_counterpart = client.get(url, {"counterpart": "som"}).content.decode()
    assert world.outgoing.our_reference in by_counterpart
    by_officer = client.get(url, {"officer": world.users.supervisor.pk}).content.decode()
    assert world.outgoing.our_reference not in by_officer
    dated = client.get(url, {"created_after": "2000-01-01", "created_before": "2999-01-01"}).content.decode()
    assert world.outgoing.our_reference in dated


def test_list_query_count_does_not_grow_with_rows(users, client_for, django_assert_max_num_queries):
    client = client_for(users.officer)
    url = reverse("cases:request-list")
    new_outgoing(users)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for i in range(30):
        (new_outgoing if i % 2 else new_incoming)(users, title=f"r{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 31


def test_dashboard_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for(world.users.officer)
    url = reverse("cases:dashboard")
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    for i in range(20):
        new_outgoing(world.users, title=f"r{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_dashboard_shows_overdue_first(world, client_for):
    import datetime as dt

    world.incoming.measures.update(due_on=dt.date(2001, 1, 1))
    html = client_for(world.users.officer).get(reverse("cases:dashboard")).content.decode()
    assert html.index('data-testid="overdue"') < html.index('data-testid="request-table"')
    assert world.incoming.our_reference in html[html.index('data-testid="overdue"') : html.index("deadlines-h")]


def test_officer_filter_offers_only_my_colleagues(world, client_for):
    url = reverse("api-request-list")
    client = client_for(world.users.officer)
    mine = client.get(url, {"officer": world.users.officer.pk}).json()["results"]
    assert world.outgoing.our_reference in {row["our_reference"] for row in mine}
    assert client.get(url, {"officer": world.users.outsider.pk}).status_code == 400
    page = client.get(reverse("cases:request-list")).content.decode()
    assert world.users.supervisor.full_name in page and world.users.outsider.full_name not in page
