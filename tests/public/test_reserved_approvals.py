"""Reserved is reserved (issue 15): an agreement of a reserved (non-public) session may approve things
that are public — an axis, a commitment, a change to a commitment, the plan, its route, a document
version. The public side then says that they were approved, never by which agreement: no public page,
feed, calendar, search or open-data file names its code, its identifier or its session."""

import datetime

import pytest

from commitments.models import CommitmentChange
from opendata.format import export_document
from sessions.models import Correction, DocumentVersion, Session
from tests import factories as f
from tests.public.conftest import body_of
from tests.public.test_no_drafts_leak import candidates, fill, public_patterns

pytestmark = pytest.mark.django_db

SECRET_CODE = "STL/SE/09/2020-01"
SECRET_SESSION = "Novena Sesión Extraordinaria"
NEUTRAL = "acuerdo del Secretariado"


@pytest.fixture
def reserved_approvals(world, public_record):
    session = f.session_with_quorum(world.stl, kind=Session.Kind.EXTRAORDINARY, number=9,
                                    date=datetime.date(2020, 9, 2), is_public=False)
    agreement = f.AgreementFactory(session=session, number=1, code=SECRET_CODE, title="Acuerdo reservado")
    axis = f.AxisFactory(plan=world.plan, name="Eje aprobado en reserva", lead_institution=world.ieem, order=3)
    agreement.approve(axis)
    f.published_commitment(axis, agreement=agreement, title="Compromiso aprobado en reserva")
    change = CommitmentChange(commitment=public_record.commitment, justification="Cambio de fechas.",
                              new_end_date=datetime.date(2021, 12, 15))
    change.full_clean()
    change.save()
    agreement.approve(change)
    agreement.approve(world.plan)
    agreement.approve(world.plan.route)
    version = f.DocumentVersionFactory(document=public_record.document, number=2,
                                       status=DocumentVersion.Status.DRAFT)
    agreement.approve(version)
    # A fe de erratas of the public session (its minutes approved and published) approved in reserve.
    Correction(session=public_record.session, agreement=public_record.agreement,
               original_text=public_record.agreement.text, corrected_text="Texto corregido en reserva",
               reason="Error de captura", status=Correction.Status.APPROVED, approved_by=agreement).save()
    # It also approved the minutes of the public session.
    agreement.minutes_of = public_record.session
    agreement.save()
    return agreement


def _secrets(agreement):
    return (SECRET_CODE, agreement.identifier, agreement.session.identifier, SECRET_SESSION)


def test_the_reserved_agreement_approved_public_records(world, public_record, reserved_approvals):
    """What the walk below looks at: public records that the reserved agreement approved."""
    agreement = reserved_approvals
    assert not agreement.is_public and public_record.agreement.is_public
    assert agreement.approved_axes.get().is_public
    assert agreement.approved_commitments.get().is_public
    assert agreement.approved_commitment_changes.get().status == CommitmentChange.Status.APPROVED
    assert agreement.approved_plans.get() == agreement.approved_routes.get() == world.plan
    assert agreement.approved_versions.get().is_public
    assert agreement.approved_corrections.get().session.is_public


def test_public_pages_say_approved_without_naming_the_reserved_agreement(client, world, public_record,
                                                                         reserved_approvals):
    agreement = reserved_approvals
    commitment = agreement.approved_commitments.get()
    pages = {
        "axis": agreement.approved_axes.get().get_absolute_url(),
        "commitment": commitment.get_absolute_url(),
        "changed commitment": public_record.commitment.get_absolute_url(),
        "plan": world.plan.get_absolute_url(),
        "document": public_record.document.get_absolute_url(),
        "corrected agreement": public_record.agreement.get_absolute_url(),
        "corrected session": public_record.session.get_absolute_url(),
    }
    for what, url in pages.items():
        page = body_of(client.get(url))
        for secret in _secrets(agreement):
            assert secret not in page, (what, secret)
        assert NEUTRAL.lower() in page.lower(), what
    # A public agreement is still named, with its link.
    page = body_of(client.get(public_record.commitment.get_absolute_url()))
    assert public_record.agreement.code in page and public_record.agreement.get_absolute_url() in page


def test_no_public_url_names_the_reserved_agreement(client, world, public_record, reserved_approvals):
    agreement = reserved_approvals
    values = candidates()
    checked = 0
    for route, _pattern in public_patterns():
        for url in fill(route, values):
            response = client.get(url)
            checked += 1
            assert response.status_code in (200, 404), f"{url} answered {response.status_code}"
            body = body_of(response)
            for secret in _secrets(agreement):
                assert secret not in body, f"{url} names «{secret}»"
    assert checked > 100


def test_the_public_file_points_to_no_agreement_it_leaves_out(world, public_record, reserved_approvals):
    agreement = reserved_approvals
    public = export_document(public=True)
    listed = {record["id"] for record in public["agreements"]}
    assert agreement.identifier not in listed and public_record.agreement.identifier in listed
    pointers = []
    for key, fields in (("axes", ["approved_by"]), ("commitments", ["approved_by"]),
                        ("action_plans", ["approved_by", "route_approved_by"]),
                        ("commitment_changes", ["approved_by"]), ("corrections", ["approved_by"])):
        for record in public[key]:
            pointers += [record[name] for name in fields if record.get(name)]
    for document in public["documents"]:
        pointers += [version["approved_by"] for version in document["versions"] if version["approved_by"]]
    assert pointers and set(pointers) <= listed
    assert agreement.identifier not in str(public)
    # The complete file keeps the link.
    complete = export_document(public=False)
    axis = next(a for a in complete["axes"] if a["name"] == "Eje aprobado en reserva")
    assert axis["approved_by"] == agreement.identifier
