"""The public history of a commitment tells events on the day they happened: a record that came in
through an import says «incorporado al registro el …» instead of pretending its milestones were
added that day, and each progress report stands on its own date."""

import datetime

import pytest

from commitments.models import Commitment
from tests import factories as f


@pytest.mark.django_db
def test_an_imported_commitment_keeps_its_own_dates(client, demo_record):
    commitment = Commitment.objects.published().get(identifier="ejemplo-datos-abiertos-participacion")
    response = client.get(commitment.get_absolute_url())
    history = response.context["history"]
    texts = [event["what"] for event in history]
    assert texts[0].startswith("Incorporado al registro el ")
    assert not any(text.startswith("Se agregó el hito") for text in texts)
    assert texts[-1] == "Se publicó el compromiso."
    assert history[-1]["date"].date() == datetime.date(2021, 3, 25)
    reports = [event for event in history if event["what"].startswith("Avance del hito")]
    assert [event["date"] for event in reports] == sorted((event["date"] for event in reports), reverse=True)
    assert reports and all(event["date"].year == 2021 for event in reports)
    page = response.content.decode()
    assert "Incorporado al registro el" in page and "Se agregó el hito" not in page


@pytest.mark.django_db
def test_a_commitment_published_in_the_portal_tells_its_milestone_reports_on_their_dates(client, world):
    commitment = f.published_commitment(world.axis_infoem, title="Seguido en el portal")
    milestone = f.MilestoneFactory(commitment=commitment, order=1)
    milestone.record_progress(f.MilestoneUpdateFactory.build(date=datetime.date(2030, 1, 5), completion_percent=40,
                                                             note="Primer informe"))
    # The module's demo record makes this an installation of two STLs: the plain address moves to the
    # commitment's STL site (301).
    history = client.get(commitment.get_absolute_url(), follow=True).context["history"]
    texts = [event["what"] for event in history]
    assert not any(text.startswith("Incorporado") for text in texts)
    assert texts[0] == f"Avance del hito «{milestone.title}»: 40 %."  # dated 2030, the newest
    assert history[0]["date"] == datetime.date(2030, 1, 5)
    assert f"Se agregó el hito «{milestone.title}»." in texts
    # The milestone's own change to 40 % is the report already listed, not a second event.
    assert not any(text.startswith("Cambió el hito") or text.startswith("Se actualizó") for text in texts)
