"""Fixtures of the report tests: the demo record (the facts of the reference report) and PDF text."""

import re
from types import SimpleNamespace

import pytest

from tests.pdfs import pdf_pages
from workgroups.models import Account, Body, Institution


@pytest.fixture
def demo(demo_record, db):
    """The demo record (loaded once per module, see ``demo_record``) and its named actors."""
    return SimpleNamespace(
        stl=Body.objects.get(identifier="stl-edomex"),
        ieem=Institution.objects.get(identifier="ieem"),
        infoem=Institution.objects.get(identifier="infoem"),
        staff=Account.objects.get(user__username="demo-personal"),
        member=Account.objects.get(user__username="demo-integrante-ieem"),
        facilitator=Account.objects.get(user__username="demo-facilitador"),
    )


FOOTER_START = "Generado el "


def pdf_body_text(data, running_header=None):
    """The text of the pages without their margin boxes (running header from page 2 on, footer),
    which WeasyPrint draws after the page's content: a sentence broken across pages then reads whole."""
    pages = []
    for page in pdf_pages(data):
        # List bullets are drawn after the page's text too.
        text = " ".join(word.text for word in page.words if word.text != "•")
        cuts = [text.rfind(marker) for marker in (running_header, FOOTER_START) if marker]
        cuts = [cut for cut in cuts if cut > 0]
        pages.append(text[:min(cuts)] if cuts else text)
    return squash(" ".join(pages))


def squash(text):
    return re.sub(r"\s+", " ", text).strip()

