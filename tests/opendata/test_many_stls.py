"""The open-data format with several STLs in one installation: each STL's file is self-contained and
uses natural ids, shared institutions travel by their key, and importing one STL's file adds or updates
that STL only."""

import copy
import io
import json
import re
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from commitments.models import Axis, Commitment
from opendata import format as opendata
from opendata.format import stl_filter
from sessions.models import Session
from tests import factories as f
from tests import snapshots
from tests.conftest import build_world
from tests.opendata.test_opendata import DEMO, assert_valid, rich_record, wipe_database, without_logos
from workgroups.models import Body, Institution, Person

pytestmark = pytest.mark.django_db(transaction=False)

CLASHING = ("infoem", "eje-cultura-gobierno-abierto")


def own_everything(world):
    """Institutions and people made by the factories belong to no STL; these are the world's own."""
    Institution.objects.filter(pk__in=[world.infoem.pk, world.ieem.pk, world.contraloria.pk]).update(stl=world.stl)
    Person.objects.filter(pk__in=[p.pk for p in vars(world.people).values()]).update(stl=world.stl)


@pytest.fixture
def two_stls(_worlds):
    """Two STLs whose records have the same natural ids («infoem», an axis) and one shared court. The
    second STL's clashing records are stored as an import would store them: «stl-b--infoem».

    ``world`` and ``other_world`` built together with all this once per test worker, then inserted again
    row for row (tests/snapshots.py): not snapshots on top of ``world``, as this changes world's rows."""
    built = snapshots.world_for(_worlds, "two_stls", build_two_stls)
    return built.world, built.other_world


def build_two_stls():
    world, other_world = build_world(), build_world("Otra Entidad")
    for key, stl_world in (("stl-a", world), ("stl-b", other_world)):
        Body.objects.filter(pk=stl_world.stl.pk).update(identifier=key)
        stl_world.stl.refresh_from_db()
        own_everything(stl_world)
        rich_record(stl_world)
        prefix = "" if key == "stl-a" else f"{key}{opendata.NAMESPACE}"
        Institution.objects.filter(pk=stl_world.infoem.pk).update(identifier=f"{prefix}infoem")
        Axis.objects.filter(pk=stl_world.axis_infoem.pk).update(identifier=f"{prefix}eje-cultura-gobierno-abierto")
    court = Institution.objects.create(name="Suprema Corte de Justicia de la Nación", acronym="SCJN",
                                       key="scjn", identifier="scjn")
    for stl_world in (world, other_world):
        f.CommitmentFactory(axis=stl_world.axis_infoem, lead_institution=court,
                            title=f"Sentencias abiertas de {stl_world.stl.jurisdiction}")
    return SimpleNamespace(world=world, other_world=other_world)


def export(stl=None, public=False):
    return opendata.dumps(opendata.export_document(public=public, stl=stl))


def ids_in(document):
    found = set()
    for entity in opendata.ENTITIES:
        for record in document.get(entity.key, []):
            found.add(record["id"])
            for child in entity.children:
                if child.with_id:
                    found.update(item["id"] for item in record.get(child.key, []))
    return found


def stored_ids():
    return {model: set(model.objects.values_list("identifier", flat=True))
            for model in (Institution, Person, Body, Axis, Commitment, Session)}


def test_each_stls_file_uses_natural_ids_and_holds_nothing_of_the_other(two_stls):
    world, other = two_stls
    a_text, b_text = export("stl-a"), export("stl-b")
    a, b = json.loads(a_text), json.loads(b_text)
    for document, key in ((a, "stl-a"), (b, "stl-b")):
        assert_valid(document)
        assert document["version"] == opendata.VERSION == 2
        assert document["stl"] == key
        assert {"infoem", "eje-cultura-gobierno-abierto"} <= ids_in(document)
        assert [body["id"] for body in document["bodies"] if body["kind"] == "stl"] == [key]
        court = next(item for item in document["institutions"] if item.get("key") == "scjn")
        assert court["id"] == "scjn" and court["stl"] is None
        assert all(item["stl"] == key for item in document["institutions"] + document["people"] if not item["key"])
    assert "stl-b--" not in b_text
    assert export(world.stl) == a_text and export(world.table) == a_text  # by the STL or one of its bodies
    # Nothing of one STL in the other's file: no name, no id other than the natural ones they share.
    assert "Otra Entidad" not in a_text and "Estado de Prueba" not in b_text
    assert ids_in(a) & ids_in(b) == {*CLASHING, "scjn"}
    # The installation's file still holds both, with the identifiers as stored.
    whole = json.loads(export())
    assert_valid(whole)
    assert "stl" not in whole
    assert {"infoem", "stl-b--infoem", "scjn"} <= ids_in(whole)


def test_the_public_file_of_one_stl_leaves_out_the_other_and_what_is_not_public(two_stls):
    world, other = two_stls
    text = export("stl-a", public=True)
    assert_valid(json.loads(text))
    assert "MARCADOR-PRIVADO" not in text
    assert "Otra Entidad" not in text
    assert other.axis_ieem.identifier not in text


@pytest.mark.parametrize("first", ["stl-a", "stl-b"])
def test_both_files_round_trip_exactly_into_an_empty_installation_in_either_order(two_stls, first):
    texts = {key: export(key) for key in ("stl-a", "stl-b")}
    second = "stl-b" if first == "stl-a" else "stl-a"
    wipe_database()
    opendata.import_document(json.loads(texts[first]))
    assert export(first) == texts[first]
    opendata.import_document(json.loads(texts[second]))  # beside the other, which has the same ids
    assert export(first) == texts[first]
    assert export(second) == texts[second]
    assert Institution.objects.filter(key="scjn").count() == 1
    assert Institution.objects.filter(name="Suprema Corte de Justicia de la Nación").count() == 1
    # The first keeps the natural ids; the second's clashing ones are namespaced in the installation.
    assert {"infoem", f"{second}--infoem"} <= set(Institution.objects.values_list("identifier", flat=True))
    assert Axis.objects.get(identifier=f"{second}--eje-cultura-gobierno-abierto").plan.stl.identifier == second
    assert Institution.objects.get(identifier="infoem").stl.identifier == first


def test_reimporting_an_stls_file_updates_that_stl_and_never_the_other(two_stls):
    world, other = two_stls
    b_before = export("stl-b")
    document = json.loads(export("stl-a"))
    # The same file again changes nothing: no new history row anywhere.
    rows = Institution.history.count() + Session.history.count() + Commitment.history.count()
    opendata.import_document(copy.deepcopy(document))
    assert Institution.history.count() + Session.history.count() + Commitment.history.count() == rows
    # A changed file updates its own records (namespaced or not) and adds the new ones.
    next(item for item in document["institutions"] if item["id"] == "infoem")["name"] = "Órgano garante renombrado"
    next(item for item in document["axes"] if item["id"] == "eje-cultura-gobierno-abierto")["name"] = "Eje renombrado"
    infoem = next(item for item in document["institutions"] if item["id"] == "infoem")
    document["institutions"].append({**infoem, "id": "tribunal", "name": "Tribunal nuevo", "acronym": "TN"})
    document["institutions"].sort(key=lambda item: item["id"])
    session = next(item for item in document["sessions"] if item["agenda"])
    session["agenda"][0]["title"] = "Orden del día corregido"  # nested rows are replaced when they differ
    milestone = next(item for item in document["milestones"] if item["updates"])
    milestone["updates"].append({**milestone["updates"][0], "id": "avance-nuevo", "date": "2021-12-05",
                                 "note": "Avance importado"})
    opendata.import_document(document)
    stored = Session.objects.get(identifier=session["id"])
    assert stored.agenda_items.get(order=session["agenda"][0]["order"]).title == "Orden del día corregido"
    assert stored.agenda_items.count() == len(session["agenda"])
    assert Institution.objects.get(identifier="infoem").name == "Órgano garante renombrado"
    assert Institution.objects.get(identifier="stl-b--infoem").name == "Órgano garante de prueba"
    assert Axis.objects.get(identifier="eje-cultura-gobierno-abierto").name == "Eje renombrado"
    assert Institution.objects.get(identifier="tribunal").stl == world.stl
    assert Institution.objects.get(identifier="infoem").history.first().history_change_reason == \
        "Importación de datos abiertos"
    assert export("stl-b") == b_before
    assert json.loads(export("stl-a")) == document


def test_an_institution_of_no_stl_becomes_the_reimporting_stls_own_without_a_copy(two_stls):
    world, other = two_stls
    Institution.objects.filter(pk=world.contraloria.pk).update(stl=None)  # written before version 2
    document = json.loads(export("stl-a"))
    assert next(item for item in document["institutions"] if item["id"] == world.contraloria.identifier)["stl"] == "stl-a"
    count = Institution.objects.count()
    opendata.import_document(document)
    assert Institution.objects.count() == count
    world.contraloria.refresh_from_db()
    assert world.contraloria.stl == world.stl
    assert json.loads(export("stl-a")) == document


def test_the_second_stl_reimported_updates_its_namespaced_records(two_stls):
    a_before = export("stl-a")
    document = json.loads(export("stl-b"))
    next(item for item in document["institutions"] if item["id"] == "infoem")["acronym"] = "NUEVO"
    opendata.import_document(document)
    assert Institution.objects.get(identifier="stl-b--infoem").acronym == "NUEVO"
    assert export("stl-a") == a_before


def test_a_shared_institution_is_not_overwritten_unless_asked(two_stls):
    document = json.loads(export("stl-b"))
    next(item for item in document["institutions"] if item["id"] == "scjn")["name"] = "Otro nombre"
    notes = []
    opendata.import_document(copy.deepcopy(document), notes=notes)
    assert Institution.objects.get(key="scjn").name == "Suprema Corte de Justicia de la Nación"
    assert len(notes) == 1 and "«scjn» es compartido" in notes[0] and "--update-shared" in notes[0]
    opendata.import_document(document, update_shared=True)
    assert Institution.objects.get(key="scjn").name == "Otro nombre"
    assert Institution.objects.filter(key="scjn").count() == 1


def test_a_shared_institution_cited_by_its_key_alone(two_stls):
    document = json.loads(export("stl-b"))
    court = next(item for item in document["institutions"] if item["id"] == "scjn")
    document["institutions"][document["institutions"].index(court)] = {"id": "scjn", "key": "scjn"}
    assert_valid(document)
    wipe_database()
    refused = refuse(document, "institutions[", "«scjn»", "clave «scjn»", "no puede crearse")
    assert refused


def refuse(document, *expected):
    """The file is refused whole: a Spanish message naming the record, and nothing written."""
    before = stored_ids()
    history = Institution.history.count() + Body.history.count()
    with pytest.raises(opendata.ImportRefused) as refused:
        opendata.import_document(document)
    text = "\n".join(refused.value.messages)
    for part in expected:
        assert part in text, text
    assert stored_ids() == before
    assert Institution.history.count() + Body.history.count() == history
    return text


def test_an_unknown_shared_key_is_refused_and_changes_nothing(two_stls):
    document = json.loads(export("stl-b"))
    document["institutions"].append({"id": "tsj", "key": "tribunal-superior"})
    document["commitments"][0]["lead_institution"] = "tsj"
    refuse(document, "«tsj»", "campo «key»", "clave «tribunal-superior»")


def test_a_file_that_would_overwrite_another_stls_record_is_refused(two_stls):
    world, other = two_stls
    text = export("stl-a").replace('"stl-a"', json.dumps(other.group.identifier))
    message = refuse(json.loads(text), "sobrescribiría un registro de otro secretariado")
    assert other.group.identifier in message
    # The installation's file (no «stl») cannot take an id another STL's record has either.
    whole = json.loads(export())
    whole["bodies"] = [body for body in whole["bodies"] if body["id"] == other.group.identifier][:1]
    for key in whole:
        if isinstance(whole[key], list) and key != "bodies":
            whole[key] = []
    whole["bodies"][0]["parent"] = "stl-b"
    refuse(whole, "ya existe un registro con el identificador")


def test_a_file_of_one_stl_carrying_another_stl_is_refused(two_stls):
    document = json.loads(export("stl-a"))
    stl = next(body for body in document["bodies"] if body["id"] == "stl-a")
    document["bodies"].append({**stl, "id": "stl-c", "name": "Otro secretariado"})
    refuse(document, "un solo secretariado", "«stl-c»")


def test_an_old_version_file_imports_and_converts(tmp_path, two_stls):
    """Version 1 (the demo record): it still imports as it is, and --convert makes it an STL's file that
    imports beside another STL using the same natural ids («infoem»)."""
    old = json.loads(DEMO.read_text(encoding="utf-8"))
    assert old["version"] == 1 and "stl" not in old
    converted_path = tmp_path / "v2.json"
    out = io.StringIO()
    call_command("import_stl", str(DEMO), "--convert", str(converted_path), stdout=out)
    assert "versión 2" in out.getvalue()
    converted = json.loads(converted_path.read_text(encoding="utf-8"))
    assert converted["version"] == 2 and converted["stl"] == "stl-edomex"
    assert all(item["stl"] == "stl-edomex" for item in converted["institutions"])
    assert_valid(converted)
    assert not Body.objects.filter(identifier="stl-edomex").exists()
    opendata.import_document(converted)  # «infoem» is stl-a's: the demo's is stored apart
    edomex = Body.objects.get(identifier="stl-edomex")
    assert Institution.objects.get(identifier="stl-edomex--infoem").stl == edomex
    document = json.loads(export("stl-edomex"))
    assert "infoem" in ids_in(document) and "stl-edomex--" not in json.dumps(document)
    assert Session.objects.filter(stl_filter(Session, edomex)).count() == 16


def test_an_old_version_file_imports_into_an_empty_installation(db):
    counts = opendata.import_document(json.loads(DEMO.read_text(encoding="utf-8")))
    assert counts["sessions"] == 16
    edomex = Body.objects.get(identifier="stl-edomex")
    assert set(Institution.objects.values_list("stl", flat=True)) == {edomex.pk}
    assert set(Person.objects.values_list("stl", flat=True)) <= {edomex.pk}


def test_the_demo_record_loads_and_its_stls_file_round_trips(db):
    call_command("load_demo", stdout=io.StringIO())
    first = export("stl-edomex")
    assert_valid(json.loads(first))
    assert export("stl-edomex") == first  # stable: a second export gives the same bytes
    wipe_database()
    opendata.import_document(json.loads(first))
    assert export("stl-edomex") == without_logos(first)


def test_the_commands_export_one_stl_and_name_the_stls_when_it_is_unknown(two_stls, tmp_path):
    out = io.StringIO()
    call_command("export_stl", "--stl", "stl-b", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(export("stl-b"))
    with pytest.raises(CommandError) as error:
        call_command("export_stl", "--stl", "stl-z", stdout=io.StringIO())
    assert "No hay ningún secretariado con el identificador «stl-z»" in str(error.value)
    assert "stl-a, stl-b" in str(error.value)
    path = tmp_path / "b.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    document = json.loads(out.getvalue())
    next(item for item in document["institutions"] if item["id"] == "scjn")["name"] = "Otro nombre"
    path.write_text(json.dumps(document), encoding="utf-8")
    err, out = io.StringIO(), io.StringIO()
    call_command("import_stl", str(path), stdout=out, stderr=err)
    assert "«scjn» es compartido" in err.getvalue()
    assert "Filas nuevas: 0; actualizadas: 0" in out.getvalue()  # the rest of the file was the same


def test_a_shared_institution_belongs_to_no_single_stl(world):
    from django.core.exceptions import ValidationError

    court = Institution(name="Tribunal Superior de Justicia", key="tsj", stl=world.stl)
    with pytest.raises(ValidationError) as refused:
        court.full_clean()
    assert "no pertenece a un solo secretariado" in str(refused.value)
    person = Person(name="Ana", stl=world.group)
    with pytest.raises(ValidationError) as refused:
        person.full_clean()
    assert "secretariado" in str(refused.value)
    court.stl, court.key = None, ""
    court.full_clean()
    court.save()
    assert court.key is None  # an empty key is no key: several institutions can lack one


def test_an_stls_file_carries_its_identity_and_brings_it_back(two_stls, settings):
    """Short name, logo (an absolute address; null without one), accent, contact and social links travel
    in the STL's record; an import restores all but the logo's file, which is uploaded again."""
    from tests.workgroups.test_identity import with_identity
    from workgroups.models import SocialLink

    settings.STL_PUBLIC_URL = "https://portal.example.org"
    world, other = two_stls
    with_identity(world.stl)
    SocialLink.objects.create(stl=world.stl, network=SocialLink.Network.WEBSITE, url="https://stl.example.org",
                              order=2)
    document = json.loads(export("stl-a"))
    assert_valid(document)
    stl = next(body for body in document["bodies"] if body["id"] == "stl-a")
    assert re.fullmatch(r"https://portal\.example\.org/organos/stl-a/logotipo\?v=\w{10}", stl["logo"])
    assert (stl["short_name"], stl["accent"], stl["contact_email"], stl["contact_phone"], stl["contact_address"]) == (
        world.stl.short_name, "morado", "contacto@stl-prueba.example.org", "+52 722 123 4567",
        "Av. Independencia 100, Toluca")
    assert stl["social_links"] == [{"network": "x", "url": "https://x.com/stl_prueba", "order": 0},
                                   {"network": "website", "url": "https://stl.example.org", "order": 2}]
    assert next(body for body in json.loads(export("stl-b"))["bodies"] if body["id"] == "stl-b")["logo"] is None
    popolo = next(o for o in opendata_popolo(world.stl)["organizations"] if o["id"] == "stl-a")
    assert popolo["image"] == stl["logo"] and {"url": "https://stl.example.org", "note": "website"} in popolo["links"]
    assert {"type": "email", "value": "contacto@stl-prueba.example.org"} in popolo["contact_details"]

    wipe_database()
    opendata.import_document(copy.deepcopy(document))
    imported = Body.objects.get(identifier="stl-a")
    assert (imported.short_name, imported.accent, imported.contact_email, imported.contact_phone) == (
        world.stl.short_name, "morado", "contacto@stl-prueba.example.org", "+52 722 123 4567")
    assert imported.contact_address == "Av. Independencia 100, Toluca"
    assert list(imported.social_links.values_list("network", "url", "order")) == [
        ("x", "https://x.com/stl_prueba", 0), ("website", "https://stl.example.org", 2)]
    assert not imported.logo  # the logo's file is not imported
    again = json.loads(export("stl-a"))
    assert next(body for body in again["bodies"] if body["id"] == "stl-a")["logo"] is None
    document["bodies"] = [{key: value for key, value in body.items() if key != "social_links"}
                          for body in document["bodies"]]
    opendata.import_document(document)  # a file without the list leaves the links as they are
    assert imported.social_links.count() == 2


def opendata_popolo(stl):
    from django.test import RequestFactory

    from opendata.views import popolo_document

    request = RequestFactory().get("/datos/popolo.json")
    request.stl, request.stl_count = stl, 2
    return popolo_document(request)
