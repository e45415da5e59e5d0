"""Property-based: whatever a member posts to any form of the panel or the reports, the portal answers
without a server error, and a refused form (anything but a redirect) saves nothing at all."""

import datetime
import re

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests import factories as f

APPS = ["workgroups", "stl_sessions", "commitments", "reports"]

VALUE = st.one_of(
    st.text(max_size=40),
    st.text(alphabet="\x00\u202e\u200f\U0001f600<>\"'&/\\.:;=%", max_size=30),
    st.sampled_from([
        "", "0", "-1", "99999999999999999999", "1e309", "2020-02-30", "31/12/2020", "25:61",
        "../x", "javascript:alert(1)", "<script>alert(1)</script>", "\" onerror=\"alert(1)",
        "file:///etc/passwd", "http://127.0.0.1:8000/", "ابتسامة", "x" * 100_000,
    ]),
    st.integers(min_value=-(2**40), max_value=2**40).map(str),
)


def record_counts():
    """The rows of every table of the four apps (their history tables included), in one query."""
    models = [model for label in APPS for model in apps.get_app_config(label).get_models()]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(model._meta.db_table)})" for model in models))
        return dict(zip((model._meta.label for model in models), cursor.fetchone(), strict=True))


def field_names(html):
    names = set(re.findall(r'name="([^"]+)"', html)) - {"csrfmiddlewaretoken"}
    return sorted(names)


def hidden_values(html):
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html))


@pytest.fixture
def stage(world):
    session = f.SessionFactory(body=world.stl, number=1, date=datetime.date(2023, 3, 1))
    commitment = f.CommitmentFactory(axis=world.axis_ieem, plan=world.plan, title="Borrador")
    milestone = f.MilestoneFactory(commitment=commitment)
    approved = f.approved_commitment(world.axis_ieem, title="Aprobado")
    approved_milestone = f.MilestoneFactory(commitment=approved)
    published = f.published_commitment(world.axis_infoem, title="Publicado")
    agreement = f.adopted_agreement(world.stl, session=session, number=7)
    return {
        "panel:session_create": [],
        "panel:session_edit": [session.identifier],
        "panel:session_attendance": [session.identifier],
        "panel:agreement_create": [session.identifier],
        "panel:agreement_edit": [session.identifier, agreement.identifier],
        "panel:draft_version_create": [session.identifier],
        "panel:commitment_create": [],
        "panel:commitment_edit": [commitment.identifier],
        "panel:commitment_withdraw": [published.identifier],
        "panel:milestone_create": [commitment.identifier],
        "panel:milestone_edit": [milestone.identifier],
        "panel:milestone_progress": [approved_milestone.identifier],
        "panel:account_create": [],
        "password_change": [],
        "reports:index": [],
    }


ROUTES = [
    "panel:session_create", "panel:session_edit", "panel:session_attendance", "panel:agreement_create",
    "panel:agreement_edit", "panel:draft_version_create", "panel:commitment_create", "panel:commitment_edit",
    "panel:commitment_withdraw", "panel:milestone_create", "panel:milestone_edit", "panel:milestone_progress",
    "panel:account_create", "password_change", "reports:index",
]


@pytest.mark.parametrize("route", ROUTES)
def test_no_post_to_a_form_gives_a_server_error_or_a_partial_save(route, world, stage, login):
    client = login(world.staff)
    client.raise_request_exception = False
    url = reverse(route, args=stage[route])
    page = client.get(url)
    assert page.status_code == 200, url
    html = page.content.decode()
    names = field_names(html)
    base = hidden_values(html)
    assert names, f"{url} shows no form fields"

    @hsettings(max_examples=8, deadline=None, derandomize=True,
               suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                      HealthCheck.data_too_large])
    @given(st.dictionaries(st.sampled_from(names), VALUE, min_size=1, max_size=len(names)))
    def post_junk(junk):
        before = record_counts()
        response = client.post(url, {**base, **junk})
        assert response.status_code < 500, (url, junk)
        if response.status_code != 302:
            assert record_counts() == before, (url, junk)

    post_junk()
