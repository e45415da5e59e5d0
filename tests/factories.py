"""Factories for every model. Records in an approved state are made the way the portal makes
them: by an adopted agreement of a held session of the same STL (see ``approved_by_agreement``)."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from commitments.models import ActionPlan, Axis, Commitment, Milestone, MilestoneUpdate, RoutePhase
from reports.models import ProgrammeActivity, ReportText
from sessions.models import AgendaItem, Agreement, Attendance, Document, DocumentVersion, Session, Vote
from workgroups.models import Account, Body, Institution, Membership, Person, Seat


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution

    name = factory.Sequence(lambda n: f"Institución de prueba {n}")
    acronym = factory.Sequence(lambda n: f"INST{n}")
    kind = Institution.Kind.PUBLIC_BODY


class STLFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = Body.Kind.STL
    name = factory.Sequence(lambda n: f"Secretariado Técnico Local de prueba {n}")
    short_name = factory.Sequence(lambda n: f"STL {n}")
    jurisdiction = "Entidad de prueba"
    session_prefix = "STL"


class OperationalGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = Body.Kind.OPERATIONAL_GROUP
    name = factory.Sequence(lambda n: f"Grupo operativo {n}")
    parent = factory.SubFactory(STLFactory)


class WorkingTableFactory(OperationalGroupFactory):
    kind = Body.Kind.WORKING_TABLE
    name = factory.Sequence(lambda n: f"Mesa de trabajo {n}")


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    body = factory.SubFactory(STLFactory)
    label = factory.Sequence(lambda n: f"Asiento {n}")
    role = Seat.Role.OTHER
    order = factory.Sequence(lambda n: n)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Faker("name", locale="es_MX")
    email = factory.Sequence(lambda n: f"persona{n}@example.org")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    seat = factory.SubFactory(SeatFactory)
    body = factory.SelfAttribute("seat.body")
    person = factory.SubFactory(PersonFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Membership.Role.HOLDER
    start_date = datetime.date(2019, 1, 1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"usuario{n}")
    email = factory.Sequence(lambda n: f"usuario{n}@example.org")
    password = factory.PostGenerationMethodCall("set_password", "contraseña-de-prueba-1")

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    user = factory.SubFactory(UserFactory)
    stl = factory.SubFactory(STLFactory)
    institution = factory.SubFactory(InstitutionFactory)
    role = Account.Role.MEMBER


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    body = factory.SubFactory(STLFactory)
    kind = Session.Kind.ORDINARY
    # Far from the numbers tests write by hand (1–1100), so a generated one never collides with them.
    number = factory.Sequence(lambda n: n + 5001)
    date = datetime.date(2020, 4, 8)
    status = Session.Status.HELD
    is_public = True
    modality = Session.Modality.IN_PERSON
    place = "Sala de juntas"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Punto {n}")


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    status = Attendance.Status.PARTICIPANT
    note = "Participante"


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    session = factory.SubFactory(SessionFactory)
    stl = factory.LazyAttribute(lambda agreement: agreement.session.body.stl)
    # Far from the numbers tests write by hand (1–1100), so a generated one never collides with them.
    number = factory.Sequence(lambda n: n + 5001)
    # Codes are unique per STL in the database: far from the codes tests write by hand («…-01»).
    code = factory.Sequence(lambda n: f"STL/SO/01/2020-{n + 5001}")
    title = factory.Sequence(lambda n: f"Acuerdo {n}")
    text = "Se aprueba lo propuesto."
    result = Agreement.Result.ADOPTED


class VoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vote

    agreement = factory.SubFactory(AgreementFactory)
    seat = factory.SubFactory(SeatFactory, body=factory.SelfAttribute("..agreement.session.body"))
    option = Vote.Option.YES


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    body = factory.SubFactory(STLFactory)
    title = factory.Sequence(lambda n: f"Documento {n}")
    kind = Document.Kind.OTHER


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    # Far from the numbers tests write by hand (1–1100), so a generated one never collides with them.
    number = factory.Sequence(lambda n: n + 5001)
    date = datetime.date(2020, 7, 1)
    status = DocumentVersion.Status.DRAFT


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    stl = factory.SubFactory(STLFactory)
    name = factory.Sequence(lambda n: f"Plan de Acción Local {n}")
    start_year = 2019
    end_year = 2021


class RoutePhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoutePhase

    plan = factory.SubFactory(ActionPlanFactory)
    order = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Fase {n}")
    planned_start = datetime.date(2020, 1, 1)
    planned_end = datetime.date(2020, 6, 30)


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    plan = factory.SubFactory(ActionPlanFactory)
    name = factory.Sequence(lambda n: f"Eje {n}")
    lead_institution = factory.SubFactory(InstitutionFactory)
    status = Axis.Status.PROPOSED


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    axis = factory.SubFactory(AxisFactory)
    plan = factory.SelfAttribute("axis.plan")
    title = factory.Sequence(lambda n: f"Compromiso {n}")
    kind = Commitment.Kind.CO_CREATED
    status = Commitment.Status.DRAFT
    lead_institution = factory.SelfAttribute("axis.lead_institution")
    public_problem = "Problema público de prueba."
    objective = "Objetivo de prueba."
    solution = "Solución de prueba."
    start_date = datetime.date(2021, 1, 1)
    end_date = datetime.date(2021, 12, 31)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    commitment = factory.SubFactory(CommitmentFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Entregable {n}")
    start_date = datetime.date(2021, 1, 1)
    end_date = datetime.date(2021, 6, 30)


class MilestoneUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneUpdate

    milestone = factory.SubFactory(MilestoneFactory)
    date = datetime.date(2021, 3, 1)
    completion_percent = 50
    note = "Avance de prueba."


class ProgrammeActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeActivity

    institution = factory.SubFactory(InstitutionFactory)
    stl = factory.SubFactory(STLFactory)
    year = 2020
    unit = "Unidad de Transparencia"
    code = factory.Sequence(lambda n: f"{140100 + n}")
    name = "Actividad de prueba"


class ReportTextFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportText

    institution = factory.SubFactory(InstitutionFactory)
    stl = factory.SubFactory(STLFactory)
    start_date = datetime.date(2020, 1, 1)
    end_date = datetime.date(2020, 12, 31)


# Helpers that build records the way the portal's rules want them -------------------------------


def adopted_agreement(stl, **kwargs):
    """An adopted agreement of a held ordinary session of ``stl``."""
    session = kwargs.pop("session", None) or session_with_quorum(stl)
    return AgreementFactory(session=session, **kwargs)


def session_with_quorum(body, **kwargs):
    """A held session whose recorded attendance reached quorum (approvals need it): every seat's
    holder present; a body without seats gets the stored figures only."""
    session = SessionFactory(body=body, **kwargs)
    seats = list(body.seats.all())
    if not seats:
        session.quorum_present, session.quorum_required, session.has_quorum = 1, 1, True
        session.save()
        return session
    # Each seat's first holder on that day (what ``seat.members_on(day, HOLDER).first()`` gives), in one query.
    holders = {}
    for membership in (Membership.objects.active_on(session.date)
                       .filter(seat__in=seats, role=Membership.Role.HOLDER).select_related("person")):
        holders.setdefault(membership.seat_id, membership)
    rows = []
    for seat in seats:
        holder = holders.get(seat.pk)
        rows.append(Attendance(seat=seat, status=Attendance.Status.HOLDER if holder else Attendance.Status.ABSENT,
                               person=holder.person if holder else None))
    session.record_attendance(rows)
    return session


def approved_axis(plan, **kwargs):
    axis = AxisFactory(plan=plan, **kwargs)
    adopted_agreement(plan.stl).approve(axis)
    return axis


def approved_commitment(axis, agreement=None, **kwargs):
    commitment = CommitmentFactory(axis=axis, plan=axis.plan, **kwargs)
    commitment.submit()
    (agreement or adopted_agreement(axis.plan.stl)).approve(commitment)
    return commitment


def published_commitment(axis, **kwargs):
    commitment = approved_commitment(axis, **kwargs)
    commitment.publish()
    return commitment


def now():
    return timezone.now()
