"""A session's date may be certain, illustrative or unknown (the shared certainty choice). An unknown
date keeps a day to sort by but is never shown: pages say «fecha por confirmar», the calendar leaves
the session out, the agreements' feed does not date an agreement by it. Rows marked illustrative by
the older boolean keep their meaning through the migration."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.state import ProjectState
from django.urls import reverse
from icalendar import Calendar

from sessions.forms import SessionForm
from sessions.models import Session
from tests import factories as f
from tests.sessions.test_panel_session_form import edit_data

DAY = datetime.date(2021, 9, 23)
WORDS = "23 de septiembre de 2021"


def unknown_session(world, **kwargs):
    return f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=7, date=DAY,
                            date_certainty="unknown", start_time=datetime.time(10, 30), **kwargs)


@pytest.mark.django_db
def test_the_panel_form_offers_the_three_certainties_in_spanish_and_saves_unknown(login, world):
    form = SessionForm(stl=world.stl)
    assert list(form.fields["date_certainty"].choices) == [
        ("certain", "Cierta"), ("illustrative", "Ilustrativa"), ("unknown", "Desconocida")]
    session = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=7, date=DAY,
                               is_public=False, status=Session.Status.SCHEDULED)
    response = login(world.staff).post(reverse("panel:session_edit", args=[session.identifier]),
                                       edit_data(session, date_certainty="unknown"))
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.date_certainty == "unknown" and session.date == DAY  # the day stays, to sort by
    assert session.history.first().history_user == world.staff.user


@pytest.mark.django_db
def test_an_unknown_session_date_is_never_shown(client, login, world):
    session = unknown_session(world)
    for address in (session.get_absolute_url(), "/sesiones/", "/"):
        html = client.get(address).content.decode()
        assert "fecha por confirmar" in html, address
        assert WORDS not in html and "10:30" not in html, address
    assert str(session).endswith("fecha por confirmar")
    panel = login(world.staff)
    for address in (reverse("panel:session_detail", args=[session.identifier]), reverse("panel:session_list")):
        html = panel.get(address).content.decode()
        assert "fecha por confirmar" in html and WORDS not in html, address


@pytest.mark.django_db
def test_an_illustrative_session_date_is_shown_with_its_caveat_once(client, world):
    session = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=8, date=DAY,
                               date_certainty="illustrative")
    html = client.get(session.get_absolute_url()).content.decode()
    assert WORDS in html and html.count("fecha ilustrativa") == 1


@pytest.mark.django_db
def test_the_calendar_leaves_out_a_session_whose_date_nobody_knows(client, world):
    unknown = unknown_session(world)
    illustrative = f.SessionFactory(body=world.stl, kind=Session.Kind.EXTRAORDINARY, number=8, date=DAY,
                                    date_certainty="illustrative")
    calendar = Calendar.from_ical(client.get("/calendario.ics").content)
    uids = {str(event["uid"]).split("@")[0]: event for event in calendar.walk("VEVENT")}
    assert unknown.identifier not in uids
    assert "Fecha ilustrativa" in str(uids[illustrative.identifier]["description"])


@pytest.mark.django_db
def test_the_feed_does_not_date_an_agreement_by_an_unknown_session_date(client, world):
    session = f.session_with_quorum(world.stl, kind=Session.Kind.EXTRAORDINARY, number=7, date=DAY,
                                    is_public=True, status=Session.Status.HELD)
    session.date_certainty = "unknown"
    session.save()
    f.adopted_agreement(world.stl, session=session, number=1, code="STL/SE/07/2021-01")
    feed = client.get("/acuerdos/canal.atom").content.decode()
    assert "STL/SE/07/2021-01" in feed and "2021-09-23" not in feed


def related_closure(state, app_labels):
    """The model states of these apps and of every model they point to, directly or not."""
    models = {key: model for key, model in state.models.items() if key[0] in app_labels}
    pending = list(models.values())
    while pending:
        model = pending.pop()
        targets = [field.remote_field.model for field in model.fields.values() if field.remote_field]
        for target in [*targets, *(base for base in model.bases if isinstance(base, str))]:
            key = tuple(target.lower().split("."))
            if key not in models:
                models[key] = state.models[key]
                pending.append(models[key])
    return models


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_illustrative_rows_illustrative():
    # Only the two migrations under test are unapplied and reapplied (nothing depends on them), on
    # one state computed and rendered once: migrating the whole database back and forth rendered
    # every model of the project dozens of times.
    executor = MigrationExecutor(connection)
    # The migrations under test, as the databases made before the squashed migrations ran them: the
    # graph of the replaced migrations, without the squashed ones (a new database runs those instead).
    executor.loader = MigrationLoader(connection, replace_migrations=False)
    for key, squashed in executor.loader.replacements.items():
        executor.loader.graph.remove_replacement_node(key, squashed.replaces)
    graph = executor.loader.graph
    sessions_0007 = graph.nodes["stl_sessions", "0007_uncertain_dates_and_agreement_stl"]
    commitments_0007 = graph.nodes["commitments", "0007_route_phase_date_certainty"]
    under_test = {(m.app_label, m.name) for m in (sessions_0007, commitments_0007)}
    assert not any(graph.node_map[key].children for key in under_test), "unapply their dependants too"
    before = [("stl_sessions", "0006_date_certainty"), ("commitments", "0006_date_certainty")]
    # The project with both migrations unapplied, cut down to the two apps and the models they
    # point to (models pointing at them change no statement these migrations run), rendered once.
    whole = executor.loader.project_state(
        [*(key for key in graph.leaf_nodes() if key not in under_test), *before])
    state = ProjectState(related_closure(whole, {"stl_sessions", "commitments"}), real_apps=whole.real_apps)
    old = state.apps
    try:
        # Backwards in the reverse of the forward order, each from the state the database is in.
        executor.unapply_migration(commitments_0007.mutate_state(state), sessions_0007)
        executor.unapply_migration(state, commitments_0007)
        # Bodies are not rolled back: today's models write them.
        stl = f.STLFactory()
        group = f.OperationalGroupFactory(parent=stl)
        OldSession = old.get_model("stl_sessions", "Session")
        common = {"kind": "ordinary", "year": 2020, "date": datetime.date(2020, 4, 8)}
        marked = OldSession.objects.create(body_id=stl.pk, number=1, identifier="s-1", date_is_illustrative=True, **common)
        plain = OldSession.objects.create(body_id=stl.pk, number=2, identifier="s-2", **common)
        meeting = OldSession.objects.create(body_id=group.pk, number=1, identifier="s-3", **{**common, "kind": "working_meeting"})
        agreement = old.get_model("stl_sessions", "Agreement").objects.create(
            session=meeting, number=1, code="STL/RT/01/2020-01", title="A", text="A", identifier="a-1")
        plan = old.get_model("commitments", "ActionPlan").objects.create(
            stl_id=stl.pk, name="Plan", start_year=2020, end_year=2021, identifier="plan-migracion")
        phase = old.get_model("commitments", "RoutePhase").objects.create(
            plan=plan, order=1, name="Fase", dates_are_illustrative=True, identifier="fase-1")
        state = executor.apply_migration(state, commitments_0007)
        new = executor.apply_migration(state, sessions_0007).apps
        sessions = new.get_model("stl_sessions", "Session").objects
        assert sessions.get(pk=marked.pk).date_certainty == "illustrative"
        assert sessions.get(pk=plain.pk).date_certainty == "certain"
        assert new.get_model("stl_sessions", "Agreement").objects.get(pk=agreement.pk).stl_id == stl.pk
        moved = new.get_model("commitments", "RoutePhase").objects.get(pk=phase.pk)
        assert (moved.planned_start_certainty, moved.planned_end_certainty) == ("illustrative", "illustrative")
    finally:
        # The following tests need the whole schema: finish any migration left unapplied.
        if not under_test <= set(executor.recorder.applied_migrations()):
            executor = MigrationExecutor(connection)
            executor.migrate(executor.loader.graph.leaf_nodes())
