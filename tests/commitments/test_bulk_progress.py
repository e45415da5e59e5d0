"""Staff record the progress of many milestones at once from a CSV: a template prefilled with the
STL's open milestones, a preview before saving, all or nothing, a history row per change."""

import csv
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from commitments.models import Milestone, MilestoneUpdate
from tests import factories as f

pytestmark = pytest.mark.django_db

PAGE = reverse("panel:bulk_progress")
TEMPLATE = reverse("panel:bulk_progress_template")
CONFIRM = reverse("panel:bulk_progress_confirm")


@pytest.fixture
def milestones(world, other_world):
    published = f.published_commitment(world.axis_ieem, title="Micrositio electoral")
    approved = f.approved_commitment(world.axis_infoem, title="Capacitación en gobierno abierto")
    draft = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Borrador ZQXBORRADOR")
    foreign = f.published_commitment(other_world.axis_ieem, title="Compromiso de otra entidad ZQXAJENO")
    return {
        "first": f.MilestoneFactory(commitment=published, order=1, title="Diagnóstico"),
        "second": f.MilestoneFactory(commitment=published, order=2, title="Micrositio en línea"),
        "done": f.MilestoneFactory(commitment=published, order=3, title="Hito concluido", completion_percent=100),
        "approved": f.MilestoneFactory(commitment=approved, order=1, title="Talleres"),
        "draft": f.MilestoneFactory(commitment=draft, order=1, title="Hito ZQXBORRADOR"),
        "foreign": f.MilestoneFactory(commitment=foreign, order=1, title="Hito ZQXAJENO"),
    }


def csv_file(rows, delimiter=",", encoding="utf-8-sig"):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["hito", "compromiso", "entregable", "avance_actual", "nuevo_avance", "fecha", "que_se_hizo",
                     "enlace_evidencia"])
    for row in rows:
        writer.writerow(row)
    return SimpleUploadedFile("avance.csv", buffer.getvalue().encode(encoding), content_type="text/csv")


def row(milestone, percent, day="2021-03-15", note="Se avanzó.", url=""):
    return [milestone.identifier, "", milestone.title, milestone.completion_percent, percent, day, note, url]


def test_the_permission_ladder_of_every_bulk_view(login, world, other_world, milestones):
    for url in (PAGE, TEMPLATE):
        assert Client().get(url).status_code == 302
        for account in (world.ieem_member, world.infoem_member, world.facilitator):
            assert login(account).get(url).status_code == 403
        assert login(world.staff).get(url).status_code == 200
    assert Client().post(CONFIRM).status_code == 302
    assert login(world.ieem_member).post(CONFIRM).status_code == 403
    assert login(world.ieem_member).post(PAGE, {"file": csv_file([row(milestones["first"], 50)])}).status_code == 403
    assert login(world.staff).get(CONFIRM).status_code == 405
    # Staff of another STL see only their own milestones and cannot update ours.
    assert milestones["first"].identifier not in login(other_world.staff).get(TEMPLATE).content.decode()
    response = login(other_world.staff).post(PAGE, {"file": csv_file([row(milestones["first"], 50)])})
    assert "no es un hito abierto" in "\n".join(response.context["problems"])
    assert not MilestoneUpdate.objects.exists()


def test_the_template_lists_the_open_milestones_of_my_stl(login, world, milestones):
    response = login(world.staff).get(TEMPLATE)
    assert response["Content-Type"].startswith("text/csv")
    assert "avance-de-hitos.csv" in response["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0][:5] == ["hito", "compromiso", "entregable", "avance_actual", "nuevo_avance"]
    listed = {line[0] for line in lines[1:]}
    assert listed == {milestones[name].identifier for name in ("first", "second", "approved")}
    assert "ZQX" not in response.content.decode()


def test_staff_preview_then_save_every_change_with_its_history(login, world, milestones):
    client = login(world.staff)
    response = client.post(PAGE, {"file": csv_file([
        row(milestones["first"], 60, note="Diagnóstico entregado", url="https://example.org/diagnostico"),
        row(milestones["second"], "", note=""),  # empty: no change
        row(milestones["approved"], "25 %", day=""),
    ])})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Vista previa: aún no se guarda nada" in text and "Diagnóstico entregado" in text
    assert [r["percent"] for r in response.context["rows"]] == [60, 25]
    assert not MilestoneUpdate.objects.exists()
    response = client.post(CONFIRM, {"key": response.context["key"]})
    assert response.status_code == 302
    first, approved = (Milestone.objects.get(pk=milestones[n].pk) for n in ("first", "approved"))
    assert first.completion_percent == 60 and approved.completion_percent == 25
    assert first.evidence_url == "https://example.org/diagnostico"
    update = first.updates.get()
    assert update.date == datetime.date(2021, 3, 15) and update.note == "Diagnóstico entregado"
    assert approved.updates.get().date == datetime.date.today()
    assert first.history.first().history_user == world.staff.user
    assert update.history.first().history_user == world.staff.user
    assert Milestone.objects.get(pk=milestones["second"].pk).updates.count() == 0
    assert "Se registró el avance de 2 hitos." in client.get(PAGE).content.decode()
    # Sending the confirmation again saves nothing twice.
    client.post(CONFIRM, {"key": response.wsgi_request.POST["key"]})
    assert MilestoneUpdate.objects.count() == 2


def test_bad_lines_are_named_in_spanish_and_nothing_is_saved(login, world, milestones):
    response = login(world.staff).post(PAGE, {"file": csv_file([
        row(milestones["first"], 60),
        row(milestones["foreign"], 10),
        row(milestones["draft"], 10),
        row(milestones["second"], 150, day="2099-01-01", note=""),
        row(milestones["approved"], "x", day="15/03/2021", url="javascript:alert(1)"),
        row(milestones["first"], 70),
    ])})
    problems = response.context["problems"]
    text = "\n".join(problems)
    assert response.context["rows"] is None
    assert "Línea 3: el hito" in text and "no es un hito abierto" in text
    assert "Línea 4:" in text
    assert "Línea 5: «nuevo_avance» debe ser un número entero de 0 a 100; la fecha no puede ser futura" in text
    assert "escriba en «que_se_hizo»" in text
    assert "Línea 6:" in text and "AAAA-MM-DD" in text and "no es una dirección web válida" in text
    assert "Línea 7: el hito ya aparece en la línea 2" in text
    assert not any(p.startswith("Línea 2:") for p in problems)
    assert "El archivo no se guardó" in response.content.decode()
    assert not MilestoneUpdate.objects.exists()


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("x.csv", b"a,b\n1,2\n"), "Faltan columnas"),
    (SimpleUploadedFile("x.csv", b"\x00\x01\x02"), "carácter nulo"),
    (SimpleUploadedFile("x.csv", b"hito,nuevo_avance,fecha,que_se_hizo\n"), "no hay nada que guardar"),
])
def test_a_file_that_is_not_the_template_is_refused(login, world, milestones, upload, message):
    response = login(world.staff).post(PAGE, {"file": upload})
    assert message in "\n".join(response.context["problems"])
    assert not MilestoneUpdate.objects.exists()


def test_a_spreadsheet_with_semicolons_in_windows_encoding_is_read(login, world, milestones):
    client = login(world.staff)
    response = client.post(PAGE, {"file": csv_file([row(milestones["first"], 40, note="Revisión técnica")],
                                                   delimiter=";", encoding="cp1252")})
    assert [r["note"] for r in response.context["rows"]] == ["Revisión técnica"]


def test_a_milestone_changed_after_the_preview_refuses_the_whole_file(login, world, milestones):
    client = login(world.staff)
    response = client.post(PAGE, {"file": csv_file([row(milestones["first"], 60), row(milestones["second"], 30)])})
    key = response.context["key"]
    second = milestones["second"]
    second.record_progress(f.MilestoneUpdateFactory.build(milestone=second, completion_percent=10))
    response = client.post(CONFIRM, {"key": key})
    assert "Línea 3: el hito «Micrositio en línea» cambió después de la vista previa" in "\n".join(
        response.context["problems"])
    assert Milestone.objects.get(pk=milestones["first"].pk).completion_percent == 0
    assert MilestoneUpdate.objects.count() == 1  # only the one recorded meanwhile
