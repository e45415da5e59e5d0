"""core/certainty.py: one way to say how sure the record is of a date."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from commitments.forms import ProgressForm
from core.certainty import DateCertainty, date_certainty_of, date_html, date_text
from tests import factories as f

DAY = datetime.date(2020, 6, 18)


def test_a_certain_date_is_the_date_an_illustrative_one_says_so_an_unknown_one_is_not_shown():
    assert date_text(DAY, DateCertainty.CERTAIN) == "18 de junio de 2020"
    assert date_text(DAY, DateCertainty.ILLUSTRATIVE) == "18 de junio de 2020 (fecha ilustrativa)"
    assert date_text(DAY, DateCertainty.UNKNOWN) == "fecha por confirmar"
    assert date_text(None, DateCertainty.UNKNOWN) == "fecha por confirmar"
    assert date_text(None, DateCertainty.CERTAIN) == ""


def test_on_a_page_the_caveat_is_text_in_a_badge_and_the_values_are_escaped():
    assert date_html(DAY, DateCertainty.ILLUSTRATIVE) == (
        '18 de junio de 2020 <span class="badge badge-example">fecha ilustrativa</span>')
    html = date_html(DAY, DateCertainty.UNKNOWN)
    assert "2020" not in html and "fecha por confirmar" in html


def test_sessions_and_route_phases_answer_through_their_older_booleans():
    assert date_certainty_of(f.SessionFactory.build(date_certainty="illustrative"), "date") == "illustrative"
    assert date_certainty_of(f.SessionFactory.build(), "date") == "certain"
    phase = f.RoutePhaseFactory.build(planned_start_certainty="illustrative", planned_end_certainty="illustrative")
    assert date_certainty_of(phase, "planned_start") == "illustrative"
    assert date_certainty_of(phase, "actual_start") == "certain"  # the boolean speaks of the planned dates
    assert date_certainty_of(f.MilestoneUpdateFactory.build(date_certainty="unknown"), "date") == "unknown"


@pytest.mark.django_db
def test_an_illustrative_date_needs_a_date(world):
    membership = world.memberships.civil
    membership.start_date, membership.start_date_certainty = None, DateCertainty.ILLUSTRATIVE
    with pytest.raises(ValidationError) as error:
        membership.full_clean()
    assert "Una fecha ilustrativa necesita una fecha" in str(error.value.message_dict["start_date_certainty"])
    membership.start_date_certainty = DateCertainty.UNKNOWN
    membership.full_clean()


@pytest.mark.django_db
def test_a_form_that_leaves_the_certainty_out_keeps_the_record_s_value_and_a_bad_one_is_refused(world):
    milestone = f.MilestoneFactory(commitment=f.CommitmentFactory(axis=world.axis_ieem))
    data = {"date": "2021-03-01", "completion_percent": "40", "note": "Avance", "form_token":
            "7f1c0d5e-1111-4222-8333-444455556666"}
    form = ProgressForm(data, milestone=milestone)
    assert form.is_valid(), form.errors
    assert form.save().date_certainty == DateCertainty.CERTAIN
    data["form_token"] = "7f1c0d5e-1111-4222-8333-444455556667"
    form = ProgressForm({**data, "date_certainty": ""}, milestone=milestone)  # an empty choice is «cierta»
    assert form.is_valid(), form.errors
    form.save()
    assert milestone.updates.order_by("-pk").values_list("date_certainty", flat=True)[0] == DateCertainty.CERTAIN
    form = ProgressForm({**data, "date_certainty": "quizas"}, milestone=milestone)
    assert not form.is_valid()
    assert "date_certainty" in form.errors
    form = ProgressForm({**data, "date_certainty": "unknown"}, milestone=milestone)
    assert form.is_valid() and form.save(commit=False).date_certainty == DateCertainty.UNKNOWN
    # The select offers the three choices and no empty line.
    assert [value for value, _label in form.fields["date_certainty"].choices] == ["certain", "illustrative", "unknown"]
