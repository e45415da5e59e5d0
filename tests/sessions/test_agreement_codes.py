"""Agreement codes are unique within an STL (two STLs may both have «STL/SO/04/2020-01»), and where
agreements or sub-bodies of several STLs are in view each says its STL."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opendata import format as opendata
from sessions.forms import AgreementForm
from sessions.models import Agreement, Session
from tests import factories as f

CODE = "STL/SO/04/2020-01"
DEMO = Path(settings.BASE_DIR, "data", "demo", "stl-edomex-2019-2020.json")


def public_agreement(stl, code=CODE, **kwargs):
    session = f.session_with_quorum(stl, is_public=True, status=Session.Status.HELD, **kwargs)
    return f.adopted_agreement(stl, session=session, number=1, code=code, title=f"Acuerdo de {stl.short_name}")


@pytest.mark.django_db
def test_two_stls_may_use_the_same_code(world, other_world):
    public_agreement(world.stl)
    second = public_agreement(other_world.stl)
    second.full_clean()  # no error: the code is unique within its STL


@pytest.mark.django_db
def test_the_same_code_twice_in_one_stl_is_refused_in_spanish(world):
    public_agreement(world.stl)
    # A formal session of the STL's operational group belongs to the same STL.
    session = f.session_with_quorum(world.group)
    again = Agreement(session=session, number=1, code=CODE, title="Otro", text="Otro acuerdo")
    with pytest.raises(ValidationError) as error:
        again.full_clean()
    assert error.value.message_dict["code"] == ["Ya existe un acuerdo con esa clave en este secretariado."]


@pytest.mark.django_db
def test_an_imported_file_with_a_code_twice_is_refused_and_writes_nothing():
    document = json.loads(DEMO.read_text(encoding="utf-8"))
    first, second = document["agreements"][0], document["agreements"][1]
    second["code"] = first["code"]
    with pytest.raises(opendata.ImportRefused) as refused:
        opendata.import_document(document)
    assert "Ya existe un acuerdo con esa clave en este secretariado." in "\n".join(refused.value.messages)
    assert Agreement.objects.count() == 0


@pytest.mark.django_db
def test_with_two_stls_lists_and_feeds_show_each_code_with_its_stl(client, world, other_world):
    mine, theirs = public_agreement(world.stl), public_agreement(other_world.stl)
    assert mine.code_with_stl == f"{CODE} ({world.stl.short_name})"
    for address in ("/acuerdos/", f"/buscar/?q={mine.title.split()[-1]}"):
        html = client.get(address).content.decode()
        assert f'{CODE} <span class="code-stl">({world.stl.short_name})</span>' in html, address
    html = client.get("/acuerdos/").content.decode()
    assert f'{CODE} <span class="code-stl">({other_world.stl.short_name})</span>' in html
    feed = client.get("/acuerdos/canal.atom").content.decode()
    assert f"{CODE} ({world.stl.short_name}): {mine.title}" in feed
    assert f"{CODE} ({other_world.stl.short_name}): {theirs.title}" in feed


@pytest.mark.django_db
def test_with_one_stl_codes_stand_alone(client, world):
    agreement = public_agreement(world.stl)
    html = client.get("/acuerdos/").content.decode()
    assert f">{CODE}</a>" in html and "code-stl" not in html
    assert f"<title>{CODE}: {agreement.title}</title>" in client.get("/acuerdos/canal.atom").content.decode()


@pytest.mark.django_db
def test_the_session_filter_names_each_sub_body_with_its_stl(client, world, other_world):
    for body in (world.group, other_world.group):
        f.SessionFactory(body=body, kind="working_meeting", number=1, is_public=True)
    html = client.get("/sesiones/").content.decode()
    assert f"{world.group.name} — {world.stl.short_name}" in html
    assert f"{other_world.group.name} — {other_world.stl.short_name}" in html
    assert world.group.name_with_stl == f"{world.group.name} — {world.stl.short_name}"
    assert world.stl.name_with_stl == world.stl.short_name


@pytest.mark.django_db
def test_the_calendar_of_several_stls_names_each_sessions_stl(client, world, other_world):
    from icalendar import Calendar

    for body in (world.group, other_world.group):
        f.SessionFactory(body=body, kind="working_meeting", number=1, is_public=True)
    calendar = Calendar.from_ical(client.get("/calendario.ics").content)
    summaries = {str(event["summary"]) for event in calendar.walk("VEVENT")}
    assert any(summary.endswith(f"{world.group.name} — {world.stl.short_name}") for summary in summaries)
    assert any(summary.endswith(f"{other_world.group.name} — {other_world.stl.short_name}") for summary in summaries)
    organizers = {event["organizer"].params["cn"] for event in calendar.walk("VEVENT")}
    assert organizers == {world.stl.name, other_world.stl.name}


@pytest.mark.django_db
def test_the_database_lets_two_stls_share_a_code_and_refuses_it_twice_in_one(world, other_world):
    mine = public_agreement(world.stl)
    theirs = public_agreement(other_world.stl)
    assert (mine.stl, theirs.stl) == (world.stl, other_world.stl)
    # A session of the operational group is the STL's: its agreement carries the STL.
    session = f.session_with_quorum(world.group)
    form = AgreementForm({"number": "1", "code": CODE, "title": "Otro", "text": "Otro acuerdo",
                          "result": "adopted"}, session=session)
    assert form.errors["code"] == ["Ya existe un acuerdo con esa clave en este secretariado."]
    with pytest.raises(IntegrityError), transaction.atomic():  # past the checks, the database says no
        Agreement.objects.create(session=session, number=1, code=CODE, title="Otro", text="Otro acuerdo")
    assert Agreement.objects.filter(code=CODE).count() == 2
    kept = Agreement.objects.create(session=session, number=1, code="STL/RT/01/2020-01", title="Otro", text="Otro")
    assert kept.stl == world.stl
