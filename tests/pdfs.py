"""The text of our PDFs read back, for the tests: Poppler's ``pdftotext`` (Debian's poppler-utils,
installed by ``make test``) reads a page in a tenth of pypdf's time. ``-raw`` keeps the words in the
order they are drawn (WeasyPrint draws a page's running header and footer after its body, and list
bullets after their text), ``-bbox`` gives each word's box. pypdf still reads the PDF's structure
(tags, fonts, metadata) where a test checks it."""

import html
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest

PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@dataclass(frozen=True)
class Word:
    text: str
    top: float  # points from the top of the page, like the box's other edges
    bottom: float


@dataclass(frozen=True)
class Page:
    height: float
    words: tuple

    @property
    def text(self):
        """The page's words in the order they are drawn, one space apart."""
        return " ".join(word.text for word in self.words)


def pdftotext():
    found = shutil.which("pdftotext")
    if found is None:
        message = "pdftotext is missing (install Debian's poppler-utils; `make test` does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def pdf_pages(data):
    """Each page of the PDF ``data`` (bytes), with its words and their boxes."""
    result = subprocess.run([pdftotext(), "-q", "-raw", "-bbox", "-", "-"], input=data, capture_output=True,
                            timeout=60, check=True)
    return [
        Page(float(height), tuple(Word(html.unescape(text), float(top), float(bottom))
                                  for _left, top, _right, bottom, text in WORD.findall(body)))
        for _width, height, body in PAGE.findall(result.stdout.decode("utf-8"))
    ]


def pdf_text(data):
    """All the text of the PDF ``data``, with runs of white space (line breaks, justification) as one
    space."""
    return re.sub(r"\s+", " ", " ".join(page.text for page in pdf_pages(data))).strip()
