"""The ``world`` fixtures inserted again from a snapshot (tests/snapshots.py) give each test what
``build_world`` gives: the same rows, fresh instances, datetimes of the moment; and fall back to
``build_world`` whenever the database is not in the state the snapshot was taken in."""

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Axis
from tests import factories as f
from tests import snapshots
from tests.conftest import build_world
from workgroups.models import Body, Membership

pytestmark = pytest.mark.django_db


def contents():
    """Every row of every table, without the datetimes (they move to the moment of each test)."""
    found = {}
    for model in snapshots._models():
        names = [fld.attname for fld in model._meta.concrete_fields if fld.get_internal_type() != "DateTimeField"]
        found[model._meta.db_table] = sorted(model._base_manager.values_list(*names), key=repr)
    return found


def in_savepoint(action):
    """``action()`` inside a savepoint rolled back afterwards, as the next test would see the database."""
    savepoint = transaction.savepoint()
    try:
        return action()
    finally:
        transaction.savepoint_rollback(savepoint)


def build_twice(names, probe):
    """The database contents, queries and ``probe(worlds)`` of ``names`` asked for by two tests in turn."""
    results = []
    for _ in range(2):
        def one_test():
            state = snapshots.TestState()
            with CaptureQueriesContext(connection) as queries:
                worlds = [snapshots.world_for(state, name, lambda name=name: build_world(
                    "Estado de Prueba" if name == "world" else "Otra Entidad")) for name in names]
            return contents(), len(queries), probe(*worlds)
        results.append(in_savepoint(one_test))
    return results


@pytest.fixture(autouse=True)
def _clean_snapshots(monkeypatch):
    """These tests take their own snapshots: they start from none and leave the suite's alone."""
    monkeypatch.setattr(snapshots, "_SNAPSHOTS", {})


def test_a_replayed_world_has_the_rows_of_a_built_one_in_a_fraction_of_the_queries():
    def probe(world):
        return world.stl.seats.count(), Axis.objects.get(pk=world.axis_ieem.pk).status, world.axis_ieem.status

    (built, built_queries, _), (replayed, replayed_queries, probed) = build_twice(["world"], probe)
    assert replayed == built
    assert built_queries > 150 and replayed_queries < 40
    assert probed == (4, Axis.Status.APPROVED, Axis.Status.APPROVED)


def test_world_and_other_world_together_are_replayed_side_by_side():
    def probe(world, other):
        return world.stl.pk != other.stl.pk, Body.objects.filter(kind=Body.Kind.STL).count()

    (built, _, _), (replayed, queries, probed) = build_twice(["world", "other_world"], probe)
    assert replayed == built
    assert queries < 80
    assert probed == (True, 2)


def test_each_test_gets_fresh_instances_with_the_datetimes_of_its_moment():
    def first():
        world = snapshots.world_for(snapshots.TestState(), "world", build_world)
        world.stl.name = "Cambiado en memoria"
        world.stl.save()
        return world

    def second():
        return snapshots.world_for(snapshots.TestState(), "world", build_world)

    changed = in_savepoint(first)
    started = timezone.now()
    world = in_savepoint(second)
    assert world.stl is not changed.stl
    assert world.stl.name == "Secretariado Técnico Local de Estado de Prueba"
    # Instances that point at each other still do, as build_world made them.
    assert world.memberships.guarantor.seat is world.seats.guarantor
    assert started - datetime.timedelta(minutes=2) < world.stl.updated_at <= timezone.now()


def test_the_histories_and_datetimes_in_the_database_are_of_the_moment_of_the_test():
    in_savepoint(lambda: snapshots.world_for(snapshots.TestState(), "world", build_world))

    def replay():
        started = timezone.now()
        world = snapshots.world_for(snapshots.TestState(), "world", build_world)
        stored = Body.objects.get(pk=world.stl.pk)
        assert stored.updated_at == world.stl.updated_at
        # As if built a moment ago (the snapshot's datetimes moved by the time since it was taken).
        assert started - datetime.timedelta(minutes=2) < stored.updated_at <= timezone.now()
        assert stored.history.count() == 1
        assert started - datetime.timedelta(minutes=2) < stored.history.get().history_date <= timezone.now()

    in_savepoint(replay)


def test_a_database_not_in_the_snapshot_state_gets_a_world_built_by_build_world():
    in_savepoint(lambda: snapshots.world_for(snapshots.TestState(), "world", build_world))

    def with_a_row_before():
        f.InstitutionFactory(name="Escrita antes del mundo")
        with CaptureQueriesContext(connection) as queries:
            world = snapshots.world_for(snapshots.TestState(), "world", build_world)
        return len(queries), world

    queries, world = in_savepoint(with_a_row_before)
    assert queries > 150
    assert world.memberships.guarantor.role == Membership.Role.HOLDER
