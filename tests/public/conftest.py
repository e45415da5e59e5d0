"""A public record with something of every kind, plus drafts that must never show.

``public_record`` builds on ``world``: a held public session with agenda, attendance, minutes and
agreements; a published commitment with a milestone, an update and evidence; an approved document
version with its file. ``drafts`` adds, each carrying ``MARKER``: a draft commitment, an approved
but unpublished one, a withdrawn one, one whose pre-publication history held the marker, a proposed
axis, a reserved session with its agreement, a draft version of a public document and a document
with only drafts, and a person's e-mail.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile

from cocreation.models import Assessment, Consultation, Input, secret_digest
from sessions.models import AgendaItem, Attendance, Correction, DocumentVersion, MinutesRemark, Session
from tests import factories as f
from tests import snapshots

MARKER = "ZQXBORRADOR7731"
MARKER_PREFIX = "ZQXBORRADOR"


def held_session(world, **kwargs):
    session = f.SessionFactory(body=world.stl, **kwargs)
    f.AgendaItemFactory(session=session, order=1, title="Lista de asistencia y quórum")
    f.AgendaItemFactory(session=session, order=2, title="Asuntos a aprobar")
    session.record_attendance([
        Attendance(seat=world.seats.guarantor, status=Attendance.Status.HOLDER, person=world.people.guarantor),
        Attendance(seat=world.seats.public_bodies, status=Attendance.Status.HOLDER,
                   person=world.people.comptroller),
        Attendance(seat=world.seats.civil_society, status=Attendance.Status.HOLDER, person=world.people.civil),
        Attendance(seat=world.seats.facilitator, status=Attendance.Status.ABSENT),
    ])
    return session


@pytest.fixture
def public_record(world, _worlds):
    # Built by build_public_record() once per test worker, then inserted again row for row (tests/snapshots.py).
    return snapshots.world_for(_worlds, "public_record", lambda: build_public_record(world))


@pytest.fixture
def drafts(world, public_record, _worlds):
    # The draft records are built once per test worker, then inserted again row for row (tests/snapshots.py);
    # the change to a row of ``world`` is made afterwards, as a snapshot never replays one.
    built = snapshots.world_for(_worlds, "drafts", lambda: build_draft_records(world, public_record))
    mark_guarantor(world)
    return built


def build_public_record(world):
    session = held_session(world, title="", date=datetime.date(2020, 4, 8), number=3)
    session.minutes.save("acta.pdf", ContentFile(b"%PDF-1.4 acta publica"), save=True)
    session.minutes_status = session.MinutesStatus.PUBLISHED
    session.minutes_pdf.save("acta-registro.pdf", ContentFile(b"%PDF-1.4 acta del registro"), save=True)
    agreement = f.AgreementFactory(session=session, number=1, code="STL/SO/03/2020-01",
                                   title="Aprobación del compromiso de datos abiertos")
    f.VoteFactory(agreement=agreement, seat=world.seats.guarantor, person=world.people.guarantor)
    commitment = f.published_commitment(world.axis_ieem, title="Datos abiertos electorales",
                                        agreement=agreement)
    milestone = f.MilestoneFactory(commitment=commitment, order=1, title="Catálogo de datos publicado")
    milestone.evidence_file.save("evidencia.pdf", ContentFile(b"%PDF-1.4 evidencia"), save=True)
    milestone.record_progress(f.MilestoneUpdateFactory.build(milestone=milestone, completion_percent=40,
                                                             note="Primer catálogo"))
    document = f.DocumentFactory(body=world.stl, title="Mecanismo de Gobernanza")
    version = f.DocumentVersionFactory(document=document, number=1)
    version.file.save("mecanismo.pdf", ContentFile(b"%PDF-1.4 mecanismo"), save=True)
    agreement2 = f.AgreementFactory(session=session, number=2, code="STL/SO/03/2020-02",
                                    title="Aprobación del mecanismo")
    agreement2.approve(version)
    f.RoutePhaseFactory(plan=world.plan, order=1, name="Instalación", actual_start=datetime.date(2020, 1, 5),
                        actual_end=datetime.date(2020, 7, 15), status="done")
    today = datetime.date.today()
    consultation = Consultation.objects.create(
        stl=world.stl, title="Consulta del plan", subject=Consultation.Subject.PLAN, plan=world.plan,
        opens_on=today - datetime.timedelta(days=3), closes_on=today + datetime.timedelta(days=30))
    consultation.publish()
    answered = Input.objects.create(consultation=consultation, author_name="Vecina", email="vecina@example.org",
                                    comment="Publiquen las actas", confirmation_digest=secret_digest("confirm:clave-publica"))
    answered.confirm()
    answered.answer(Input.Response.ADOPTED, "Así se hará", commitment)
    Assessment.objects.create(commitment=commitment, assessed_on=datetime.date(2021, 1, 10), assessor="Evaluadora",
                              verifiable=True, relevant=True, relevant_access=True, potential_impact="moderate")
    return SimpleNamespace(session=session, agreement=agreement, commitment=commitment, milestone=milestone,
                           document=document, version=version, consultation=consultation)


def build_drafts(world, public_record):
    built = build_draft_records(world, public_record)
    mark_guarantor(world)
    return built


def build_draft_records(world, public_record):
    """Every draft record of ``build_drafts`` (new rows only; nothing of ``world`` changed)."""
    axis = world.axis_ieem
    agreement = public_record.agreement
    draft = f.CommitmentFactory(axis=axis, plan=axis.plan, title=f"Compromiso {MARKER}",
                                objective=f"Objetivo {MARKER}")
    f.MilestoneFactory(commitment=draft, order=1, title=f"Hito {MARKER}")
    approved = f.approved_commitment(axis, agreement=agreement, title=f"Aprobado sin publicar {MARKER}")
    withdrawn = f.published_commitment(axis, title=f"Retirado {MARKER}")
    withdrawn.withdraw(f"Motivo {MARKER}")
    renamed = f.CommitmentFactory(axis=axis, plan=axis.plan, title=f"Título previo {MARKER}",
                                  public_problem=f"Problema previo {MARKER}")
    renamed.submit()
    agreement.approve(renamed)
    renamed.title = "Compromiso con nombre definitivo"
    renamed.public_problem = "Problema público definitivo"
    renamed.save()
    renamed.publish()
    renamed.objective = "Objetivo actualizado tras publicarse"
    renamed.save()
    axis_draft = f.AxisFactory(plan=world.plan, name=f"Eje {MARKER}", lead_institution=world.ieem)
    reserved = held_session(world, title=f"Sesión {MARKER}", summary=f"Resumen {MARKER}",
                            is_public=False, kind=Session.Kind.EXTRAORDINARY, number=1)
    reserved.minutes.save("acta.pdf", ContentFile(f"%PDF-1.4 {MARKER}".encode()), save=True)
    f.AgreementFactory(session=reserved, number=1, code=f"STL/SE/01/{MARKER}", title=f"Acuerdo {MARKER}",
                       text=f"Texto {MARKER}")
    draft_version = f.DocumentVersionFactory(document=public_record.document, number=2,
                                             notes=f"Notas {MARKER}", status=DocumentVersion.Status.DRAFT)
    draft_version.file.save("borrador.pdf", ContentFile(f"%PDF-1.4 {MARKER}".encode()), save=True)
    only_drafts = f.DocumentFactory(body=world.group, title=f"Documento de eje {MARKER}")
    f.DocumentVersionFactory(document=only_drafts, number=1, notes=f"Borrador {MARKER}")
    # Co-creation: an unpublished consultation, and inputs of the public one that are not public
    # (unconfirmed; hidden by moderation), an assessment of a draft commitment, an e-mail address.
    today = datetime.date.today()
    Consultation.objects.create(stl=world.stl, title=f"Consulta {MARKER}", subject=Consultation.Subject.PLAN,
                                plan=world.plan, draft_text=f"Borrador {MARKER}", opens_on=today,
                                closes_on=today + datetime.timedelta(days=5))
    consultation = public_record.consultation
    Input.objects.create(consultation=consultation, author_name="Sin confirmar", email=f"{MARKER}@example.org",
                         comment=f"Sin confirmar {MARKER}", confirmation_digest=secret_digest("confirm:clave-borrador"))
    hidden = Input.objects.create(consultation=consultation, author_name=f"Autor {MARKER}", email="x@example.org",
                                  comment=f"Oculto {MARKER}")
    hidden.confirm()
    hidden.hide("Regla 2", "Lenguaje ofensivo")
    Assessment.objects.create(commitment=draft, assessed_on=datetime.date(2021, 1, 10), assessor=f"Eval {MARKER}",
                              potential_impact="minor", explanation=f"Explicación {MARKER}")
    # What is still internal on a public session: a proposed agenda point, remarks on its minutes, a
    # fe de erratas not yet approved.
    public_session = public_record.session
    AgendaItem(session=public_session, order=1000, title=f"Punto propuesto {MARKER}", is_proposal=True,
               proposed_by=world.ieem).save()
    MinutesRemark(session=public_session, institution=world.infoem, text=f"Observación {MARKER}").save()
    Correction(session=public_session, agreement=agreement, original_text=agreement.text,
               corrected_text=f"Texto corregido {MARKER}", reason=f"Motivo {MARKER}").save()
    return SimpleNamespace(draft=draft, approved=approved, withdrawn=withdrawn, renamed=renamed,
                           axis=axis_draft, reserved=reserved, draft_version=draft_version,
                           only_drafts=only_drafts)


def mark_guarantor(world):
    """A person's e-mail carrying the marker."""
    world.people.guarantor.email = f"{MARKER.lower()}@example.org"
    world.people.guarantor.save()


def body_of(response):
    """The response's bytes as text, iCalendar lines unfolded (a fold could split a word)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", "replace").replace("\r\n ", "").replace("\n ", "")
