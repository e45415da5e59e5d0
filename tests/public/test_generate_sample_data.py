import pytest
from django.core.management import CommandError, call_command

from commitments.models import Axis, Commitment, Milestone
from opendata import format as opendata
from sessions.models import Agreement, DocumentVersion, Session
from workgroups.models import Body


@pytest.fixture
def generated(db):
    call_command("generate_sample_data", commitments=40, sessions=15, stls=2, prefix="t", stdout=None)


def test_it_creates_several_stls_with_sessions_agreements_commitments_and_milestones(generated):
    assert Body.objects.stls().count() == 2
    assert Commitment.objects.count() == 40
    assert Session.objects.count() == 15
    assert Agreement.objects.exists() and Milestone.objects.exists()
    assert Commitment.objects.published().count() >= 30
    assert DocumentVersion.objects.public().count() == 6 and DocumentVersion.objects.count() == 12


def test_every_record_is_marked_as_synthetic(generated):
    assert all(c.is_example for c in Commitment.objects.all())
    assert all(s.is_example and s.date_certainty == "illustrative" for s in Session.objects.all())
    assert all("ejemplo" in b.name for b in Body.objects.stls())


def test_every_record_has_history_and_some_changed_after_publication(generated):
    for model in (Body, Session, Agreement, Axis, Commitment, Milestone):
        assert model.history.count() >= model.objects.count()
    changed = Commitment.history.filter(history_type="~").values_list("id", flat=True)
    assert changed and all(c.status == "published" for c in Commitment.objects.filter(pk__in=changed))


def test_the_records_pass_the_models_validation_and_the_open_data_schema(generated):
    for model in (Body, Session, Agreement, Axis, Commitment, Milestone, DocumentVersion):
        for record in model.objects.all()[:30]:
            record.full_clean()
    assert opendata._check_schema(opendata.export_document()) == []


def test_it_refuses_to_add_the_same_prefix_twice(generated):
    with pytest.raises(CommandError, match="prefijo"):
        call_command("generate_sample_data", commitments=1, sessions=1, prefix="t", stdout=None)
