"""manage.py activity_report: the same report from the command line, with Spanish errors."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests import factories as f
from tests.pdfs import pdf_text

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("activity_report", *args, stdout=out)
    return out.getvalue()


def test_it_writes_the_pdf_for_an_institution_by_acronym_and_year(demo, tmp_path):
    output = tmp_path / "informe.pdf"
    message = run("--institution", "IEEM", "--year", "2020", "--output", str(output))
    text = pdf_text(output.read_bytes())
    assert "Tercera Sesión Ordinaria" in text and "140109" in text
    fingerprint = message.rsplit(" ", 1)[-1].strip()
    assert len(fingerprint) == 64 and fingerprint in text


def test_it_takes_an_identifier_and_any_period(demo, tmp_path):
    output = tmp_path / "abril.pdf"
    run("--institution", "ieem", "--from", "2020-04-01", "--to", "2020-04-30", "--output", str(output))
    text = pdf_text(output.read_bytes())
    assert "del 1 de abril de 2020 al 30 de abril de 2020" in text
    assert "Segunda Sesión Ordinaria" in text and "Cuarta Sesión Ordinaria" not in text


@pytest.mark.parametrize(("args", "message"), [
    (["--institution", "NADIE", "--year", "2020"], "No hay ninguna institución"),
    (["--institution", "IEEM", "--year", "1850"], "El año debe estar entre 2000 y"),
    (["--institution", "IEEM"], "Indique el periodo"),
    (["--institution", "IEEM", "--year", "2020", "--from", "2020-01-01"], "no ambos"),
    (["--institution", "IEEM", "--from", "2020-01-01"], "Indique el periodo"),
    (["--institution", "IEEM", "--from", "2020-31-01", "--to", "2020-12-31"], "no es válida"),
    (["--institution", "IEEM", "--from", "2020-06-01", "--to", "2020-01-01"], "no puede ser anterior"),
    (["--institution", "IEEM", "--from", "2001-01-01", "--to", "2020-12-31"], "no puede ser mayor de 5 años"),
    (["--institution", "IEEM", "--year", "2020", "--stl", "otro"], "No hay ningún secretariado"),
])
def test_bad_input_gets_a_clear_spanish_error(demo, tmp_path, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args, "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()


def test_an_institution_outside_any_stl_is_refused(db, tmp_path):
    f.InstitutionFactory(acronym="SOLA")
    with pytest.raises(CommandError, match="no forma parte de ningún secretariado"):
        run("--institution", "SOLA", "--year", "2020", "--output", str(tmp_path / "x.pdf"))


def test_an_unwritable_output_is_reported(demo, tmp_path):
    with pytest.raises(CommandError, match="No se pudo escribir"):
        run("--institution", "IEEM", "--year", "2020", "--output", str(tmp_path / "no-existe" / "x.pdf"))
