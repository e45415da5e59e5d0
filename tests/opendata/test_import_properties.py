"""Property-based: whatever a file holds, the importer either loads it or refuses it with a message,
never crashes, and a refused file writes nothing."""

import copy
import json
from pathlib import Path

import pytest
from django.conf import settings
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from commitments.models import Commitment
from opendata import format as opendata
from sessions.models import Session
from workgroups.models import Institution

DEMO = json.loads((Path(settings.BASE_DIR) / "data" / "demo" / "stl-edomex-2019-2020.json").read_text("utf-8"))

JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(2**63), max_value=2**63), st.floats(allow_nan=True),
    st.text(max_size=50), st.text(alphabet="\x00\u202e\U0001f600<>\"'&/\\.", max_size=20),
    st.just("2020-02-30"), st.just("../../etc/passwd"), st.just("x" * 5000), st.just("no-existe"),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def paths(document):
    """(list key, index, field) triples of the demo document's scalar fields."""
    out = []
    for key, value in document.items():
        if isinstance(value, list):
            for index, record in enumerate(value):
                for field in record:
                    out.append((key, index, field))
    return out


PATHS = paths(DEMO)


@st.composite
def mutated_documents(draw):
    document = copy.deepcopy(DEMO)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        key, index, field = draw(st.sampled_from(PATHS))
        if draw(st.booleans()) and field != "id":
            document[key][index].pop(field, None)
        else:
            document[key][index][field] = draw(JUNK)
    return document


def nothing_written():
    return (Institution.objects.count(), Session.objects.count(), Commitment.objects.count(),
            Institution.history.count()) == (0, 0, 0, 0)


@pytest.mark.django_db
@hsettings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow])
@given(document=mutated_documents())
def test_a_mutated_file_is_loaded_or_refused_whole(document):
    try:
        opendata.import_document(document)
    except opendata.ImportRefused as refused:
        assert refused.messages and all(isinstance(m, str) and m for m in refused.messages)
        assert nothing_written()
    else:
        # Accepted: it must round-trip like any good file.
        assert Institution.objects.exists()
    finally:
        from tests.opendata.test_opendata import wipe_database

        wipe_database()


@pytest.mark.django_db
@hsettings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=200), st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_any_text_is_parsed_or_refused_with_a_message(text):
    try:
        opendata.import_document(opendata.parse(text))
    except opendata.ImportRefused as refused:
        assert refused.messages
    assert nothing_written()
