"""The request page's parts and the reminders, each read through its model's policy."""

import pytest

from entraide.cases import selectors
from entraide.cases.models import Measure, Reminder, TimelineEntry
from entraide.cases.services import measure_add

pytestmark = pytest.mark.django_db


def _other_measure(world):
    """A measure of the assigned incoming request that goes to another authority than the executor's."""
    return measure_add(
        actor=world.users.officer,
        request=world.incoming,
        kind="witness-hearing",
        assigned_authority=world.users.officer.authority,
    )


def test_executor_does_not_see_reminders_about_measures_hidden_from_it(world):
    users, request = world.users, world.incoming
    mine = Measure.objects.get(request=request, assigned_authority=users.executor.authority)
    hidden = _other_measure(world)
    about_request = Reminder.objects.create(request=request, kind="no-answer", key="r", message="request")
    about_mine = Reminder.objects.create(request=request, measure=mine, kind="measure-overdue", key="m", message="m")
    about_hidden = Reminder.objects.create(
        request=request, measure=hidden, kind="measure-overdue", key="h", message="h"
    )
    seen = set(Reminder.objects.restrict(users.executor))
    assert seen == {about_request, about_mine}
    assert set(Reminder.objects.restrict(users.officer)) == {about_request, about_mine, about_hidden}
    assert about_hidden not in selectors.request_page(users.executor, request)["reminders"]


def test_timeline_has_a_policy_that_hides_other_authorities_measures(world):
    users, request = world.users, world.incoming
    hidden = _other_measure(world)
    everything = set(TimelineEntry.objects.filter(request=request))
    executor_sees = set(TimelineEntry.objects.restrict(users.executor).filter(request=request))
    assert executor_sees == {entry for entry in everything if entry.measure_id != hidden.pk}
    assert set(TimelineEntry.objects.restrict(users.officer).filter(request=request)) == everything
    assert not TimelineEntry.objects.restrict(users.outsider).filter(request=request).exists()
    assert set(selectors.request_page(users.executor, request)["timeline"]) == executor_sees


def test_each_role_sees_the_right_parts_of_the_request_page(world):
    users = world.users
    _other_measure(world)
    for user in (users.officer, users.supervisor, users.executor, users.auditor):
        for request in (world.outgoing, world.incoming):
            if not selectors.requests_for_user(user).filter(pk=request.pk).exists():
                continue
            page = selectors.request_page(user, request)
            for name, model in (("measures", Measure), ("timeline", TimelineEntry)):
                expected = list(model.objects.restrict(user).filter(request=request))  # in Meta.ordering
                assert page[name] == expected, (user.role, name)
    executor_measures = selectors.request_page(users.executor, world.incoming)["measures"]
    assert len(executor_measures) == 1 < len(selectors.request_page(users.officer, world.incoming)["measures"])
