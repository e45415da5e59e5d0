"""Open-data files, feeds and calendars: cached under the write generation, ETag from their bytes."""

import datetime

import pytest
from django.utils import timezone

from commitments.models import Commitment
from tests import factories as f


@pytest.mark.django_db
def test_a_change_to_a_private_record_keeps_the_etag_and_last_modified(client, public_record, drafts):
    urls = ["/datos/commitments.csv", "/datos/registro-publico.json", "/acuerdos/canal.atom",
            "/calendario.ics"]
    first = {url: client.get(url) for url in urls}
    draft = drafts.draft
    draft.objective = "Otro objetivo del borrador"
    draft.save()
    reserved = f.SessionFactory(body=public_record.session.body, is_public=False)
    reserved.summary = "Sesión reservada"
    reserved.save()
    for url in urls:
        again = client.get(url)
        assert again.status_code == 200, url
        assert again["ETag"] == first[url]["ETag"], url
        assert again["Last-Modified"] == first[url]["Last-Modified"], url
        assert client.get(url, HTTP_IF_NONE_MATCH=first[url]["ETag"]).status_code == 304, url
        assert client.get(url, HTTP_IF_MODIFIED_SINCE=first[url]["Last-Modified"]).status_code == 304, url


@pytest.mark.django_db
def test_a_withdrawal_whose_history_row_is_older_shows_at_once(client, public_record, world):
    """A slow transaction writes its history row with the time it started, earlier than rows other
    transactions committed meanwhile: the file must still change when it commits."""
    commitment = public_record.commitment
    f.InstitutionFactory(name="Escrita por otra transacción")  # the newest history row
    first = client.get("/datos/commitments.json")
    assert commitment.identifier in first.content.decode()
    commitment.withdraw("Se revisa su redacción")
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    Commitment.history.filter(id=commitment.pk, status="approved").update(history_date=long_ago)
    again = client.get("/datos/commitments.json", HTTP_IF_NONE_MATCH=first["ETag"],
                       HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert again.status_code == 200
    assert commitment.identifier not in again.content.decode()
    assert again["ETag"] != first["ETag"]
    newer = client.get("/datos/commitments.json", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert newer.status_code == 200
