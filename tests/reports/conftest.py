"""Fixtures of the report tests: the demo record (the facts of the reference report) and PDF text."""

import io
import re
from types import SimpleNamespace

import pytest
from pypdf import PdfReader

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


def pdf_text(data):
    """All the text of a PDF, with runs of white space (line breaks, justification) as one space."""
    reader = PdfReader(io.BytesIO(data))
    return squash(" ".join(page.extract_text() for page in reader.pages))


FOOTER_START = "Generado el "


def pdf_body_text(data, running_header=None):
    """The text of the pages without their margin boxes (running header from page 2 on, footer),
    which WeasyPrint draws after the page's content: a sentence broken across pages then reads whole."""
    reader = PdfReader(io.BytesIO(data))
    pages = []
    for page in reader.pages:
        text = page.extract_text()
        cuts = [text.rfind(marker) for marker in (running_header, FOOTER_START) if marker]
        cuts = [cut for cut in cuts if cut > 0]
        text = text[:min(cuts)] if cuts else text
        # List bullets come out after the page's text too.
        pages.append("\n".join(line for line in text.splitlines() if line.strip() != "•"))
    return squash(" ".join(pages))


def squash(text):
    return re.sub(r"\s+", " ", text).strip()

