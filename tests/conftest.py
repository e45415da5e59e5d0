"""Shared fixtures: a small STL like the Estado de México's, and named actors.

``world`` is one STL with four seats (órgano garante, entes públicos with holder and alternate,
sociedad civil, facilitador), its plan and two approved axes (one led by the IEEM, one by the
INFOEM). ``other_world`` is a second STL, for checking that nobody touches another STL's records.
The actors: ``infoem_member``, ``ieem_member``, ``facilitator``, ``staff`` of the first STL and
``other_member`` of the second; each is an Account whose ``user`` logs in with ``PASSWORD``.
"""

import datetime
import io
import os
import sys
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction

from tests import factories as f
from tests import snapshots
from workgroups.models import Account, Institution, Membership, Seat

PASSWORD = "contraseña-de-prueba-1"

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the test
# itself (not by the live server) are safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def build_world(name="Estado de Prueba"):
    stl = f.STLFactory(name=f"Secretariado Técnico Local de {name}", short_name=f"STL {name}",
                       jurisdiction=name)
    infoem = f.InstitutionFactory(name="Órgano garante de prueba", acronym=f"OG-{stl.pk}",
                                  kind=Institution.Kind.GUARANTOR)
    ieem = f.InstitutionFactory(name="Instituto electoral de prueba", acronym=f"IE-{stl.pk}")
    contraloria = f.InstitutionFactory(name="Contraloría de prueba", acronym=f"CT-{stl.pk}")
    seats = SimpleNamespace(
        guarantor=f.SeatFactory(body=stl, label="Representante del órgano garante",
                                role=Seat.Role.GUARANTOR, order=1),
        public_bodies=f.SeatFactory(body=stl, label="Representante de los entes públicos",
                                    role=Seat.Role.PUBLIC_BODIES, order=2),
        civil_society=f.SeatFactory(body=stl, label="Representante de la sociedad civil",
                                    role=Seat.Role.CIVIL_SOCIETY, order=3),
        facilitator=f.SeatFactory(body=stl, label="Facilitador", role=Seat.Role.FACILITATOR, order=4),
    )
    start = datetime.date(2019, 10, 15)
    people = SimpleNamespace(
        guarantor=f.PersonFactory(name="Ana Garante", institution=infoem),
        comptroller=f.PersonFactory(name="Carlos Contralor", institution=contraloria),
        electoral=f.PersonFactory(name="Elena Electoral", institution=ieem),
        civil=f.PersonFactory(name="Sofía Sociedad"),
        facilitator=f.PersonFactory(name="Fernando Facilitador"),
    )
    memberships = SimpleNamespace(
        guarantor=f.MembershipFactory(seat=seats.guarantor, person=people.guarantor, institution=infoem,
                                      start_date=start),
        comptroller=f.MembershipFactory(seat=seats.public_bodies, person=people.comptroller,
                                        institution=contraloria, start_date=start),
        electoral=f.MembershipFactory(seat=seats.public_bodies, person=people.electoral, institution=ieem,
                                      role=Membership.Role.ALTERNATE, start_date=start,
                                      label="Representante Suplente de los Entes Públicos"),
        civil=f.MembershipFactory(seat=seats.civil_society, person=people.civil, institution=None,
                                  start_date=start),
        facilitator=f.MembershipFactory(seat=seats.facilitator, person=people.facilitator, institution=None,
                                        start_date=start),
    )
    group = f.OperationalGroupFactory(parent=stl, name=f"Grupo operativo de {name}")
    table = f.WorkingTableFactory(parent=stl, name=f"Mesa de {name}")
    plan = f.ActionPlanFactory(stl=stl, name=f"Plan de Acción Local de {name} 2019-2021")
    axis_ieem = f.approved_axis(plan, name="Fortalecimiento de la Democracia", lead_institution=ieem,
                                working_table=table, order=1)
    axis_infoem = f.approved_axis(plan, name="Cultura de Gobierno Abierto", lead_institution=infoem, order=2)

    def account(role, institution, username):
        return f.AccountFactory(stl=stl, role=role, institution=institution,
                                user=f.UserFactory(username=username))

    suffix = stl.pk
    return SimpleNamespace(
        stl=stl, infoem=infoem, ieem=ieem, contraloria=contraloria, seats=seats, people=people,
        memberships=memberships, group=group, table=table, plan=plan,
        axis_ieem=axis_ieem, axis_infoem=axis_infoem,
        infoem_member=account(Account.Role.MEMBER, infoem, f"infoem{suffix}"),
        ieem_member=account(Account.Role.MEMBER, ieem, f"ieem{suffix}"),
        facilitator=account(Account.Role.FACILITATOR, None, f"facilitador{suffix}"),
        staff=account(Account.Role.STAFF, ieem, f"personal{suffix}"),
    )


def build_worlds_in_two_states():
    """A ``world`` and an ``other_world`` whose STLs are those of the Estado de México (INEGI key 15) and
    of Chihuahua (08), for the pages that show several STLs (landing map, each STL's own site)."""
    world, other_world = build_world(), build_world("Otra Entidad")
    world.stl.state = "15"
    world.stl.save()
    other_world.stl.state = "08"
    other_world.stl.save()
    return world, other_world


def _flush_to_migrated_state():
    """Tests that commit (the browser tests' live server, ``transaction=True``) are followed by Django's
    flush, which empties every table (on PostgreSQL with one TRUNCATE of some 80 tables, 0.4–0.6 s)
    and then emits post_migrate to make the content types and permissions again (0.1 s). Here it
    deletes only the rows added after the migrated state (tests/snapshots.py ``flush_statements``:
    ``DELETE … WHERE pk > <highest migrated key>`` where migrate left rows, plain DELETE elsewhere),
    on SQLite and PostgreSQL, and emits post_migrate only when the row counts are not back to the
    migrated ones (a test deleted a content type). The foreign keys are deferred to the flush's
    commit, so the order does not matter; sequences are not reset either way. A flush that resets
    sequences or cascades is Django's own. Only the test run is changed."""
    from django.core.management.commands import flush

    # Through the backend's base module: importing its operations module first is a circular import.
    from django.db.backends.sqlite3.base import DatabaseOperations as SQLiteOperations

    classes = [SQLiteOperations]
    try:
        from django.db.backends.postgresql.operations import DatabaseOperations as PostgreSQLOperations
    except ImportError:  # no psycopg: only SQLite
        pass
    else:
        classes.append(PostgreSQLOperations)

    def patch(cls):
        original = cls.sql_flush

        def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
            statements = None
            if tables and not reset_sequences and not allow_cascade:
                statements = snapshots.flush_statements(self, style, tables)
            if statements is None:
                return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
            return statements

        cls.sql_flush = sql_flush

    for cls in classes:
        patch(cls)
    emit = flush.emit_post_migrate_signal

    def emit_post_migrate_signal(verbosity, interactive, db, **kwargs):
        if not snapshots.at_migrated_state(db):
            emit(verbosity, interactive, db, **kwargs)
            if snapshots.at_migrated_state(db):
                # What post_migrate made again (under new keys) is kept by the next flushes.
                snapshots.remember_clean_state()

    flush.emit_post_migrate_signal = emit_post_migrate_signal


_flush_to_migrated_state()


def pytest_xdist_make_scheduler(config, log):
    """One work unit per test module, all of tests/prod as one, longest first (tests/scheduling.py)."""
    if config.getvalue("dist") == "loadfile":
        from tests.scheduling import ModuleScheduling

        return ModuleScheduling(config, log)
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session):
    """The test loop (pytest-xdist's in a worker, pytest's own without workers) runs inside one large
    frame, so that deep calls stop mapping and unmapping frame memory (tests/stack_room.py). Not in
    pytest-xdist's controller, which runs no test; not with STL_TESTS_WITHOUT_STACK_ROOM set (for
    bench/frame_chunks.py)."""
    from tests import stack_room

    if session.config.pluginmanager.has_plugin("dsession") or os.environ.get("STL_TESTS_WITHOUT_STACK_ROOM"):
        return None
    this = sys.modules[__name__]
    rest = session.config.pluginmanager.subset_hook_caller("pytest_runtestloop", remove_plugins=[this])
    return stack_room.run_in_room(lambda: rest(session=session))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: a test's rolled-back writes leave the write generation
    where they put it, and files cached from them must not reach the next test."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_keepdb(request, django_db_modify_db_settings, django_db_blocker):
    """Each worker's test database is copied from one migrated template (tests/template_db.py) and then
    kept as it is; ``--create-db`` migrates it the usual way, ``--reuse-db`` keeps what is there."""
    if request.config.getvalue("reuse_db"):
        return True
    if request.config.getvalue("create_db"):
        return False
    from tests import template_db

    with django_db_blocker.unblock():
        return template_db.prepare()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, and the row counts of its tables as migrated (tests/snapshots.py)."""
    with django_db_blocker.unblock():
        snapshots.remember_clean_state()


@pytest.fixture
def _worlds(db):
    return snapshots.TestState()


@pytest.fixture
def world(db, _worlds):
    # Built by build_world() once per test worker, then inserted again row for row (tests/snapshots.py).
    return snapshots.world_for(_worlds, "world", build_world)


@pytest.fixture
def other_world(db, _worlds):
    return snapshots.world_for(_worlds, "other_world", lambda: build_world("Otra Entidad"))


@pytest.fixture
def login(client):
    """``login(account)`` logs the test client in as that account's user."""

    def do_login(account):
        client.force_login(account.user)
        return client

    return do_login


@pytest.fixture(scope="module")
def demo_record(django_db_setup, django_db_blocker):
    """The demo record, loaded once per test module that asks for it (the value: what load_demo printed).

    It is loaded inside a transaction that is rolled back when the module ends; each test runs in a
    savepoint within it (pytest-django's ``db``), so whatever a test changes is undone before the
    next one, and tests of other modules never see the demo.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        output = io.StringIO()
        call_command("load_demo", stdout=output)
        yield output.getvalue()
        transaction.set_rollback(True)
