"""In Chromium: staff download the progress template, fill it, upload it, see the preview, confirm,
and the milestones move; a bad file names its lines. The pages pass axe-core's WCAG 2.1 AA rules."""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from commitments.models import Milestone
from tests import factories as f
from tests.browser.conftest import axe_violations, browser_login

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_update_milestones_from_a_csv(page, live_server, world, tmp_path):
    commitment = f.published_commitment(world.axis_ieem, title="Micrositio electoral")
    first = f.MilestoneFactory(commitment=commitment, order=1, title="Diagnóstico")
    second = f.MilestoneFactory(commitment=commitment, order=2, title="Micrositio en línea")
    browser_login(page, live_server, world.staff)
    page.wait_for_url(re.compile(r"/panel/$"))
    page.goto(f"{live_server.url}/panel/compromisos/")
    page.get_by_role("link", name="Registrar avances desde un archivo").click()
    assert page.locator("h1").inner_text() == "Avance de hitos desde un archivo"
    assert axe_violations(page) == []

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Descargar la plantilla (CSV)").click()
    download = download_info.value
    assert download.suggested_filename == "avance-de-hitos.csv"
    rows = list(csv.DictReader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert [row["entregable"] for row in rows] == ["Diagnóstico", "Micrositio en línea"]

    # A bad line first: the page names it and nothing is saved.
    rows[0].update(nuevo_avance="150", fecha="2021-03-15", que_se_hizo="Diagnóstico entregado")
    bad = tmp_path / "avance-malo.csv"
    write(bad, rows)
    page.get_by_label("Archivo CSV con los avances").set_input_files(str(bad))
    page.get_by_role("button", name="Ver la vista previa").click()
    assert "Línea 2: «nuevo_avance» debe ser un número entero de 0 a 100" in page.locator("#errores").inner_text()
    assert axe_violations(page) == []

    rows[0]["nuevo_avance"] = "60"
    good = tmp_path / "avance.csv"
    write(good, rows)
    page.get_by_label("Archivo CSV con los avances").set_input_files(str(good))
    page.get_by_role("button", name="Ver la vista previa").click()
    expect(page.get_by_role("heading", name="Vista previa: aún no se guarda nada")).to_be_visible()
    expect(page.get_by_role("cell", name="Diagnóstico entregado")).to_be_visible()
    assert axe_violations(page) == []
    first.refresh_from_db()
    assert first.completion_percent == 0

    page.get_by_role("button", name="Confirmar y guardar los avances").click()
    expect(page.get_by_text("Se registró el avance de 1 hito.")).to_be_visible()
    first.refresh_from_db()
    assert first.completion_percent == 60
    assert first.history.first().history_user == world.staff.user
    assert Milestone.objects.get(pk=second.pk).completion_percent == 0


def write(path, rows):
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
