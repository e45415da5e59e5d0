"""Whatever a form receives, the panel answers with a page, never a server error."""

import pytest
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db

GARBAGE = [
    {},
    {"form_token": "nope", "revision_seen": "-3", "order": "uno", "date": "2021-02-30",
     "completion_percent": "1e9", "evidence_url": "javascript:alert(1)", "reason": "x" * 20000},
    {"axis": "0", "lead_institution": "-1", "kind": "<script>", "start_date": "9999-99-99",
     "completion": "everything", "role": "admin", "institution": "abc", "person": "[]"},
    {"title": "\x00nul", "note": "\u202e\ufeff", "username": " ", "password1": "", "password2": "x"},
]


@pytest.mark.parametrize("data", GARBAGE)
def test_every_panel_form_survives_garbage(login, world, data):
    draft = f.CommitmentFactory(axis=world.axis_ieem)
    draft_milestone = f.MilestoneFactory(commitment=draft, order=1)
    published = f.published_commitment(world.axis_ieem)
    milestone = f.MilestoneFactory(commitment=published, order=1)
    urls = [
        reverse("panel:commitment_create"),
        reverse("panel:commitment_edit", args=[draft.identifier]),
        reverse("panel:commitment_edit", args=[published.identifier]),
        reverse("panel:commitment_withdraw", args=[published.identifier]),
        reverse("panel:milestone_create", args=[draft.identifier]),
        reverse("panel:milestone_edit", args=[draft_milestone.identifier]),
        reverse("panel:milestone_progress", args=[milestone.identifier]),
        reverse("panel:account_create"),
        reverse("password_change"),
    ]
    client = login(world.staff)
    for url in urls:
        response = client.post(url, data)
        assert response.status_code in (200, 302), (url, response.status_code)
