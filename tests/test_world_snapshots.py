"""The ``world`` fixtures inserted again from a snapshot (tests/snapshots.py) give each test what
``build_world`` gives: the same rows, fresh instances, datetimes of the moment; and fall back to
``build_world`` whenever the database is not in the state the snapshot was taken in."""

import datetime
import time

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models.signals import post_migrate
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from commitments.models import Axis, Commitment, Milestone, MilestoneChange
from sessions.models import Session
from tests import factories as f
from tests import snapshots
from tests.conftest import build_world
from tests.opendata.test_opendata import build_rich_world
from tests.public.conftest import build_draft_records, build_public_record
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


# A world built the slow way makes some 140 queries (factories and the portal's rules); inserted again,
# under 40, and with the records built on it under 80.
A_BUILD = 100


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
    assert built_queries > A_BUILD and replayed_queries < 40
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
    assert queries > A_BUILD
    assert world.memberships.guarantor.role == Membership.Role.HOLDER


def flush_after_a_test_that_commits():
    """The flush Django's TransactionTestCase runs after each test with ``transaction=True``."""
    call_command("flush", verbosity=0, interactive=False, database="default", reset_sequences=False,
                 allow_cascade=False, inhibit_post_migrate=False)


@pytest.mark.django_db(transaction=True)
def test_after_a_test_that_commits_the_content_types_stay_and_the_next_world_is_inserted_again():
    migrated = list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model"))
    permissions = Permission.objects.count()
    emitted = []

    def count(**kwargs):
        emitted.append(kwargs["using"])

    snapshots.world_for(snapshots.TestState(), "world", build_world)  # committed, as a browser test's rows
    post_migrate.connect(count, dispatch_uid="count-post-migrate")
    try:
        flush_after_a_test_that_commits()
    finally:
        post_migrate.disconnect(dispatch_uid="count-post-migrate")
    assert Body.objects.count() == 0 and Membership.objects.count() == 0
    assert list(ContentType.objects.order_by("pk").values_list("pk", "app_label", "model")) == migrated
    assert Permission.objects.count() == permissions
    assert emitted == []
    with CaptureQueriesContext(connection) as queries:
        world = snapshots.world_for(snapshots.TestState(), "world", build_world)
    assert len(queries) < 40
    assert world.stl.seats.count() == 4


@pytest.mark.django_db(transaction=True)
def test_a_flush_after_a_test_that_deleted_a_content_type_makes_it_again():
    ContentType.objects.get_for_model(Body).delete()
    ContentType.objects.clear_cache()
    flush_after_a_test_that_commits()
    assert ContentType.objects.filter(app_label="workgroups", model="body").exists()
    assert Permission.objects.filter(codename="change_body").exists()
    assert snapshots.at_migrated_state()


def world_and_record(state):
    world = snapshots.world_for(state, "world", build_world)
    return world, snapshots.world_for(state, "public_record", lambda: build_public_record(world))


def test_a_replayed_public_record_has_the_rows_of_a_built_one_and_points_at_the_test_s_world():
    def one_test():
        state = snapshots.TestState()
        world = snapshots.world_for(state, "world", build_world)
        with CaptureQueriesContext(connection) as queries:
            record = snapshots.world_for(state, "public_record", lambda: build_public_record(world))
        stored = Session.objects.get(pk=record.session.pk)
        probed = (stored.attendances.count(), stored.minutes.read()[:13], record.agreement.session)
        return contents(), len(queries), world, record, probed

    built, built_queries, _, _, _ = in_savepoint(one_test)
    replayed, replayed_queries, world, record, probed = in_savepoint(one_test)
    assert replayed == built
    assert built_queries > A_BUILD and replayed_queries < 60
    # The world's instances in the record are the test's own, as build_public_record left them.
    assert record.session.body == world.stl and record.session.body is world.stl
    assert record.commitment.axis is world.axis_ieem
    assert probed == (4, b"%PDF-1.4 acta", record.session)


def test_a_record_built_on_a_world_stays_later_in_time_than_the_world_when_inserted_again():
    """A snapshot built on top of another keeps its distance in time from it: a feed ordered by last
    update must not put the world's rows after the record's because the record took long to build."""
    def one_test():
        state = snapshots.TestState()
        world = snapshots.world_for(state, "world", build_world)

        def slow_build():
            record = build_public_record(world)
            time.sleep(0.5)  # its rows were written well before the build ended
            return record

        record = snapshots.world_for(state, "public_record", slow_build)
        world_updated = Body.objects.filter(pk=world.stl.pk).values_list("updated_at", flat=True).get()
        record_updated = Commitment.objects.filter(pk=record.commitment.pk).values_list("updated_at", flat=True).get()
        return world_updated < record_updated, record.commitment.updated_at == record_updated

    assert in_savepoint(one_test) == (True, True)  # built
    assert in_savepoint(one_test) == (True, True)  # inserted again


def test_a_record_that_would_land_after_the_moment_of_the_test_is_built_again(monkeypatch):
    # The world lands at the very moment of the test: a record kept at its distance from it would be
    # updated in the future, so it is built again instead.
    monkeypatch.setattr(snapshots, "FIRST_IN_THE_PAST", datetime.timedelta(0))

    def one_test():
        state = snapshots.TestState()
        world = snapshots.world_for(state, "world", build_world)
        with CaptureQueriesContext(connection) as queries:
            record = snapshots.world_for(state, "public_record", lambda: build_public_record(world))
        updated = Commitment.objects.filter(pk=record.commitment.pk).values_list("updated_at", flat=True).get()
        return len(queries), updated <= timezone.now()

    built_queries, _ = in_savepoint(one_test)
    queries, in_the_past = in_savepoint(one_test)
    assert built_queries > A_BUILD and queries > A_BUILD and in_the_past


def test_a_public_record_is_built_again_when_the_world_is_not_in_its_state():
    in_savepoint(lambda: world_and_record(snapshots.TestState()))

    def with_a_row_between():
        state = snapshots.TestState()
        world = snapshots.world_for(state, "world", build_world)
        f.InstitutionFactory(name="Escrita entre el mundo y el registro")
        with CaptureQueriesContext(connection) as queries:
            record = snapshots.world_for(state, "public_record", lambda: build_public_record(world))
        return len(queries), record.session.attendances.count()

    queries, attendances = in_savepoint(with_a_row_between)
    assert queries > A_BUILD
    assert attendances == 4


def test_a_public_record_is_built_again_when_its_world_was_built_with_other_keys():
    def with_world_built():
        state = snapshots.TestState()
        extra = f.InstitutionFactory(name="Borrada antes del registro")
        world = build_world()  # built after an extra row: its keys are not the snapshot's
        extra.delete()
        snapshots._remember(state, "world", world, snapshots._table_stats(), {})
        with CaptureQueriesContext(connection) as queries:
            record = snapshots.world_for(state, "public_record", lambda: build_public_record(world))
        return len(queries), record.session.body_id == world.stl.pk, Session.objects.get(pk=record.session.pk).body

    in_savepoint(lambda: world_and_record(snapshots.TestState()))
    queries, *points_at_world = in_savepoint(with_world_built)
    assert queries > A_BUILD
    assert points_at_world[0] and points_at_world[1].name.endswith("Estado de Prueba")


def test_what_changes_the_world_it_builds_on_is_never_replayed():
    def renamed(world):
        world.stl.name = "Renombrado por el registro"
        world.stl.save()
        return build_public_record(world)

    def one_test():
        state = snapshots.TestState()
        world = snapshots.world_for(state, "world", build_world)
        with CaptureQueriesContext(connection) as queries:
            snapshots.world_for(state, "renamed_record", lambda: renamed(world))
        return len(queries), Body.objects.get(pk=world.stl.pk).name

    in_savepoint(one_test)
    queries, name = in_savepoint(one_test)
    assert queries > A_BUILD and name == "Renombrado por el registro"


def replayed_after_built(build):
    """``build(state)`` by two tests in turn: the first builds, the second gets the snapshots."""
    def one_test():
        state = snapshots.TestState()
        with CaptureQueriesContext(connection) as queries:
            built = build(state)
        return contents(), len(queries), built

    first = in_savepoint(one_test)
    return first, in_savepoint(one_test)


def test_the_draft_records_change_nothing_they_build_on_and_are_replayed_pointing_at_it():
    def build(state):
        world, record = world_and_record(state)
        drafts = snapshots.world_for(state, "drafts", lambda: build_draft_records(world, record))
        return world, record, drafts

    (built, built_queries, _), (replayed, replayed_queries, (world, record, drafts)) = replayed_after_built(build)
    assert replayed == built
    assert built_queries > 600 and replayed_queries < 100
    assert drafts.draft.axis is world.axis_ieem and drafts.draft_version.document is record.document


def test_worlds_changed_as_they_are_built_are_one_snapshot_of_their_own():
    def build(state):
        rich = snapshots.world_for(state, "rich_world", build_rich_world)
        # The history of the milestone change that removed a milestone points at it, deleted, as built.
        removal = MilestoneChange.history.get(action="remove", history_type="+")
        return rich, Milestone.objects.filter(pk=removal.milestone_id).exists()

    (built, built_queries, _), (replayed, replayed_queries, (rich, removed_exists)) = replayed_after_built(build)
    assert replayed == built
    assert built_queries > 300 and replayed_queries < 60
    assert rich.published.axis is rich.world.axis_infoem
    assert not removed_exists
