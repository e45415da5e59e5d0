"""Open data without defects: one ``id`` column, rows for every dataset the record fills (public
people included, private ones not), formulas neutralised as OWASP advises, Spanish names with stable
English file names, a data dictionary per dataset, developer commands in the linked guide."""

import csv
import io

import pytest

from opendata.views import datasets
from tests import factories as f
from tests.public.conftest import body_of


def read_csv(response):
    return list(csv.reader(io.StringIO(body_of(response).lstrip("\ufeff"))))


@pytest.mark.django_db
def test_no_csv_has_a_column_twice(client, public_record):
    for dataset in datasets():
        header = read_csv(client.get(f"/datos/{dataset['slug']}.csv"))[0]
        assert len(header) == len(set(header)), dataset["slug"]
        if dataset["child"] is None:
            assert header[0] == "id"


@pytest.mark.django_db
def test_every_dataset_the_record_fills_has_rows_and_people_are_public_ones(client, world, public_record):
    hidden = f.PersonFactory(name="Solo titular de una cuenta", email="oculta@example.org")
    page = client.get("/datos/")
    counts = {d["slug"]: d["count"] for d in page.context["datasets"]}
    for dataset in datasets():
        rows = read_csv(client.get(f"/datos/{dataset['slug']}.csv"))[1:]
        assert len(rows) == counts[dataset["slug"]], dataset["slug"]
    people = read_csv(client.get("/datos/people.csv"))
    names = {row[1] for row in people[1:]}
    assert world.people.guarantor.name in names  # holds a seat
    assert hidden.name not in names
    assert "oculta@example.org" not in body_of(client.get("/datos/people.csv"))
    assert counts["people"] >= 4 and counts["commitments"] >= 1 and counts["sessions-attendance"] >= 1


@pytest.mark.django_db
@pytest.mark.parametrize("dangerous", ["=HYPERLINK(\"http://x\",\"clic\")", "+1+1", "-2+3", "@SUM(A1)",
                                       "\tTAB", "\rCR"])
def test_cells_a_spreadsheet_would_run_are_neutralised(client, world, dangerous):
    f.published_commitment(world.axis_infoem, title=dangerous)
    rows = read_csv(client.get("/datos/commitments.csv"))
    column = rows[0].index("title")
    assert [row[column] for row in rows[1:]] == ["'" + dangerous]
    # JSON carries the text as it is.
    assert dangerous in client.get("/datos/commitments.json").json()["records"][0]["title"]


@pytest.mark.django_db
def test_the_data_page_speaks_spanish_keeps_file_names_and_says_how_formulas_are_handled(client, public_record):
    text = client.get("/datos/").content.decode()
    assert "Avances de hitos" in text and "/datos/milestones-updates.csv" in text
    assert "Actividades del programa anual" in text and "/datos/programme_activities.csv" in text
    assert "apóstrofo" in text and "OWASP" in text
    assert "export_stl" not in text and "manage.py" not in text
    assert "/datos/guia-tecnica.md" in text
    guide = client.get("/datos/guia-tecnica.md")
    assert guide.status_code == 200 and "export_stl --public" in guide.content.decode()
    assert client.get("/datos/esquema.json").json()["$defs"]["commitments"]


@pytest.mark.django_db
def test_each_dataset_has_a_data_dictionary(client, public_record):
    for dataset in datasets():
        page = client.get(f"/datos/{dataset['slug']}/")
        assert page.status_code == 200, dataset["slug"]
        dictionary = read_csv(client.get(f"/datos/{dataset['slug']}/diccionario.csv"))
        header = read_csv(client.get(f"/datos/{dataset['slug']}.csv"))[0]
        assert dictionary[0] == ["columna", "nombre", "tipo", "descripcion", "valores"]
        assert [row[0] for row in dictionary[1:]] == header  # one line per column, same order
    page = client.get("/datos/commitments/").content.decode()
    assert "<code>public_problem</code>" in page and "Problema público" in page
    kinds = {row[0]: row for row in read_csv(client.get("/datos/commitments/diccionario.csv"))}
    assert kinds["kind"][4] == "co_created | proactive"
    assert kinds["start_date"][2] == "fecha (AAAA-MM-DD)"
    assert "email" not in kinds
    assert client.get("/datos/passwords/").status_code == 404
