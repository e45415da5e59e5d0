"""Fill a database with a synthetic record for demonstrations and benchmarks."""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from commitments.models import ActionPlan, Axis, Commitment, Milestone, MilestoneUpdate, RoutePhase
from core.certainty import DateCertainty
from sessions.models import AgendaItem, Agreement, Attendance, Document, DocumentVersion, Session, Vote
from stl_portal.cache import invalidate_pages
from workgroups.models import Body, Institution, Membership, Person, Seat

REASON = "Datos sintéticos (generate_sample_data)"
SYNTHETIC = "Registro sintético generado para demostración y pruebas de rendimiento; no es información real."
BATCH = 1000

THEMES = ["datos abiertos", "contrataciones públicas", "participación juvenil", "presupuesto participativo",
          "transparencia municipal", "archivos públicos", "seguridad ciudadana", "salud comunitaria",
          "agua potable", "movilidad", "educación cívica", "igualdad de género", "medio ambiente",
          "obra pública", "justicia abierta", "protección civil"]
ACTIONS = ["Publicar", "Abrir", "Co-diseñar", "Monitorear", "Digitalizar", "Rendir cuentas de",
           "Consultar a la ciudadanía sobre", "Capacitar en"]
PLACES = ["los municipios", "el congreso local", "la capital", "las zonas rurales", "las escuelas",
          "los hospitales públicos", "las alcaldías", "los organismos autónomos"]
FIRST = ["Ana", "Luis", "María", "José", "Carmen", "Jorge", "Lucía", "Pedro", "Rosa", "Miguel", "Elena", "Raúl"]
LAST = ["García", "Hernández", "López", "Martínez", "Pérez", "Sánchez", "Ramírez", "Torres", "Flores", "Cruz"]
SEATS = [("Representante del órgano garante", Seat.Role.GUARANTOR),
         ("Representante de los entes públicos", Seat.Role.PUBLIC_BODIES),
         ("Representante de la sociedad civil", Seat.Role.CIVIL_SOCIETY),
         ("Facilitador", Seat.Role.FACILITATOR)]


def chunks(items, size=BATCH):
    for start in range(0, len(items), size):
        yield items[start:start + size]


def create(model, objects, when):
    """Bulk insert with one history row per record (simple-history's helper, in batches)."""
    created = []
    for obj in objects:
        if hasattr(obj, "refresh_search_columns"):  # bulk inserts skip save(), which fills them
            obj.refresh_search_columns()
    for batch in chunks(objects):
        created.extend(bulk_create_with_history(batch, model, batch_size=BATCH,
                                                default_change_reason=REASON, default_date=when))
    return created


class Command(BaseCommand):
    help = (
        "Llena la base de datos con un registro sintético y claramente marcado como ejemplo: varios "
        "secretariados con sus integrantes, ejes, sesiones, acuerdos, compromisos con hitos y avances, "
        "e historial. Sirve para demostraciones y pruebas de rendimiento; cada registro queda marcado "
        "«Ejemplo» o «sintético». Rápido incluso con 10 000 compromisos (inserciones por lotes que "
        "escriben su historial)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--commitments", type=int, default=200, help="Número de compromisos (p. ej. 10000).")
        parser.add_argument("--sessions", type=int, default=60, help="Número de sesiones y reuniones (p. ej. 1000).")
        parser.add_argument("--stls", type=int, default=3, help="Número de secretariados sintéticos.")
        parser.add_argument("--prefix", default="sintetico", help="Prefijo de los identificadores.")
        parser.add_argument("--seed", type=int, default=2019, help="Semilla para obtener el mismo registro.")

    def handle(self, *args, commitments, sessions, stls, prefix, seed, **options):
        if commitments < 0 or sessions < 0 or stls < 1:
            raise CommandError("Los números deben ser positivos y debe haber al menos un secretariado.")
        if Body.objects.filter(identifier__startswith=f"{prefix}-stl-").exists():
            raise CommandError(f"Ya hay datos sintéticos con el prefijo «{prefix}»; use otro con --prefix.")
        self.random = random.Random(seed)
        self.prefix = prefix
        self.now = timezone.now()
        with transaction.atomic():
            totals = self.generate(commitments, sessions, stls)
            # Bulk inserts send no post_save: forget cached pages and files (now and on commit).
            invalidate_pages()
            if connection.vendor == "postgresql":
                # After a bulk load PostgreSQL's planner still thinks the tables are empty and picks
                # nested loops that take minutes; fresh statistics give it the real sizes.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(
            "Datos sintéticos creados: " + ", ".join(f"{n} {name}" for name, n in totals.items())))

    def ident(self, *parts):
        return "-".join([self.prefix, *map(str, parts)])

    def generate(self, n_commitments, n_sessions, n_stls):
        rnd, now = self.random, self.now
        worlds = []
        institutions_all, seats_all, people_all, memberships_all = [], [], [], []
        for s in range(1, n_stls + 1):
            stl = Body(identifier=self.ident("stl", s), revision=1, kind=Body.Kind.STL,
                       name=f"Secretariado Técnico Local de la Entidad Sintética {s} (ejemplo)",
                       short_name=f"STL Sintético {s}", jurisdiction=f"Entidad Sintética {s}",
                       description=SYNTHETIC, session_prefix=f"STL{s}")
            worlds.append({"n": s, "stl": stl})
        create(Body, [w["stl"] for w in worlds], now)
        children = []
        for w in worlds:
            s = w["n"]
            w["group"] = Body(identifier=self.ident("grupo", s), revision=1, kind=Body.Kind.OPERATIONAL_GROUP,
                              parent=w["stl"], name=f"Grupo operativo del STL Sintético {s}", description=SYNTHETIC)
            w["tables"] = [Body(identifier=self.ident("mesa", s, t), revision=1, kind=Body.Kind.WORKING_TABLE,
                                parent=w["stl"], name=f"Mesa de trabajo {t} del STL Sintético {s}",
                                description=SYNTHETIC) for t in range(1, 3)]
            children += [w["group"], *w["tables"]]
            w["institutions"] = [
                Institution(identifier=self.ident("inst", s, i), revision=1, name=f"{name} Sintético {s}",
                            acronym=f"{acronym}{s}", kind=kind)
                for i, (name, acronym, kind) in enumerate([
                    ("Instituto de Transparencia", "ITS", Institution.Kind.GUARANTOR),
                    ("Contraloría", "CS", Institution.Kind.PUBLIC_BODY),
                    ("Instituto Electoral", "IES", Institution.Kind.PUBLIC_BODY),
                    ("Universidad", "US", Institution.Kind.ACADEMIA)], start=1)]
            institutions_all += w["institutions"]
            w["seats"] = [Seat(identifier=self.ident("asiento", s, i), revision=1, body=w["stl"], label=label,
                               role=role, order=i) for i, (label, role) in enumerate(SEATS, start=1)]
            seats_all += w["seats"]
            w["people"] = [Person(identifier=self.ident("persona", s, i), revision=1,
                                  name=f"{rnd.choice(FIRST)} {rnd.choice(LAST)} {rnd.choice(LAST)} (ficticia)")
                           for i in range(1, 6)]
            people_all += w["people"]
        create(Body, children, now)
        create(Institution, institutions_all, now)
        create(Seat, seats_all, now)
        create(Person, people_all, now)
        start = datetime.date(2019, 10, 15)
        for w in worlds:
            s, inst, seats, people = w["n"], w["institutions"], w["seats"], w["people"]
            rows = [(seats[0], people[0], inst[0], Membership.Role.HOLDER),
                    (seats[1], people[1], inst[1], Membership.Role.HOLDER),
                    (seats[1], people[2], inst[2], Membership.Role.ALTERNATE),
                    (seats[2], people[3], None, Membership.Role.HOLDER),
                    (seats[3], people[4], None, Membership.Role.HOLDER)]
            w["holders"] = {seat.pk: person for seat, person, _i, role in rows if role == Membership.Role.HOLDER}
            memberships_all += [Membership(identifier=self.ident("integracion", s, i), revision=1, body=w["stl"],
                                           seat=seat, person=person, institution=institution, role=role,
                                           start_date=start)
                                for i, (seat, person, institution, role) in enumerate(rows, start=1)]
        create(Membership, memberships_all, now)

        # Sessions: about a third formal (of the STL), the rest working meetings and events.
        sessions, numbers = [], {}
        for index in range(n_sessions):
            w = worlds[index % len(worlds)]
            day = start + datetime.timedelta(days=int(index / max(1, n_sessions) * 2500) + rnd.randint(0, 20))
            if index % 3 == 0:
                body, kind = w["stl"], Session.Kind.ORDINARY
            elif index % 7 == 1:
                body, kind = rnd.choice(w["tables"]), Session.Kind.PUBLIC_EVENT
            else:
                body, kind = w["group"], Session.Kind.WORKING_MEETING
            key = (body.pk, kind, day.year)
            numbers[key] = numbers.get(key, 0) + 1
            sessions.append(Session(
                identifier=self.ident("sesion", index + 1), revision=1, body=body, kind=kind, number=numbers[key],
                year=day.year, date=day, start_time=datetime.time(10, 0), modality=rnd.choice(
                    [Session.Modality.IN_PERSON, Session.Modality.VIDEOCONFERENCE]),
                status=Session.Status.HELD if day <= now.date() else Session.Status.SCHEDULED,
                place="Sala de sesiones (ficticia)", summary=SYNTHETIC, is_example=True,
                title=f"Foro sobre {rnd.choice(THEMES)} (ejemplo)" if kind == Session.Kind.PUBLIC_EVENT else "",
                is_public=index % 17 != 5, date_certainty=DateCertainty.ILLUSTRATIVE))
        sessions = create(Session, sessions, now)
        agenda, attendance, agreements = [], [], []
        for session in sessions:
            agenda += [AgendaItem(identifier=f"{session.identifier}-punto-{o}", revision=1, session=session,
                                  order=o, title=title)
                       for o, title in enumerate(["Lista de asistencia", f"Avance en {rnd.choice(THEMES)}",
                                                  "Asuntos generales"], start=1)]
            if session.kind == Session.Kind.ORDINARY and session.status == Session.Status.HELD:
                w = next(w for w in worlds if w["stl"].pk == session.body_id)
                for seat in w["seats"]:
                    attendance.append(Attendance(identifier=f"{session.identifier}-asistencia-{seat.order}",
                                                 revision=1, session=session, seat=seat,
                                                 status=Attendance.Status.HOLDER, person=w["holders"][seat.pk]))
                session.quorum_present, session.quorum_required, session.has_quorum = 4, 3, True
                for number in (1, 2):
                    agreements.append(Agreement(
                        identifier=f"{session.identifier}-acuerdo-{number}", revision=1, session=session, stl=w["stl"],
                        number=number, code=f"{w['stl'].session_prefix}/SO/{session.number:02d}/{session.year}-{number:02d}",
                        title=f"Aprobación de compromisos de {rnd.choice(THEMES)} (ejemplo)",
                        text=f"Se aprueba lo propuesto. {SYNTHETIC}", result=Agreement.Result.ADOPTED,
                        unanimous=True))
        create(AgendaItem, agenda, now)
        create(Attendance, attendance, now)
        formal = [s for s in sessions if s.quorum_present]
        for batch in chunks(formal):
            bulk_update_with_history(batch, Session, ["quorum_present", "quorum_required", "has_quorum"],
                                     batch_size=BATCH, default_change_reason=REASON, default_date=now)
        agreements = create(Agreement, agreements, now)
        votes = []
        for agreement in agreements:
            w = next(w for w in worlds if w["stl"].pk == agreement.session.body_id)
            votes += [Vote(identifier=f"{agreement.identifier}-voto-{seat.order}", revision=1, agreement=agreement,
                           seat=seat, option=Vote.Option.YES, person=w["holders"][seat.pk]) for seat in w["seats"]]
        create(Vote, votes, now)
        for w in worlds:
            w["agreements"] = [a for a in agreements if a.session.body_id == w["stl"].pk] or [None]

        # Documents: each STL's governance rules, route and methodology, version 1 approved and a
        # version 2 still a draft (never public).
        documents, versions = [], []
        for w in worlds:
            for order, (kind, title) in enumerate([
                    (Document.Kind.GOVERNANCE, "Mecanismo de Gobernanza"), (Document.Kind.ROUTE, "Ruta del plan"),
                    (Document.Kind.METHODOLOGY, "Metodología para la construcción del plan")], start=1):
                documents.append(Document(identifier=self.ident("documento", w["n"], order), revision=1,
                                          body=w["stl"], kind=kind, title=f"{title} (ejemplo {w['n']})",
                                          description=SYNTHETIC))
        documents = create(Document, documents, now)
        for document in documents:
            w = next(w for w in worlds if w["stl"].pk == document.body_id)
            approving = w["agreements"][0]
            versions.append(DocumentVersion(
                identifier=f"{document.identifier}-v1", revision=1, document=document, number=1,
                date=datetime.date(2019, 11, 11), notes="Versión aprobada (ejemplo).",
                status=DocumentVersion.Status.APPROVED if approving else DocumentVersion.Status.DRAFT,
                approved_by=approving))
            versions.append(DocumentVersion(
                identifier=f"{document.identifier}-v2", revision=1, document=document, number=2,
                date=datetime.date(2020, 6, 1), notes="Borrador de actualización (ejemplo).",
                status=DocumentVersion.Status.DRAFT))
        create(DocumentVersion, versions, now)

        # Plans, routes, axes.
        plans = [ActionPlan(identifier=self.ident("plan", w["n"]), revision=1, stl=w["stl"],
                            name=f"Plan de Acción Local Sintético {w['n']} 2020-2026 (ejemplo)", start_year=2020,
                            end_year=2026, description=SYNTHETIC,
                            status=ActionPlan.Status.APPROVED if w["agreements"][0] else ActionPlan.Status.IN_CONSTRUCTION,
                            approved_by=w["agreements"][0], route_approved_by=w["agreements"][0])
                 for w in worlds]
        plans = create(ActionPlan, plans, now)
        phases, axes = [], []
        for w, plan in zip(worlds, plans, strict=True):
            w["plan"] = plan
            for order, name in enumerate(["Instalación", "Diagnóstico", "Mesas de cocreación", "Aprobación del plan",
                                          "Implementación", "Evaluación"], start=1):
                planned = datetime.date(2020, 1, 1) + datetime.timedelta(days=(order - 1) * 180)
                done = planned + datetime.timedelta(days=150 + rnd.randint(0, 60)) < now.date()
                phases.append(RoutePhase(
                    identifier=self.ident("fase", w["n"], order), revision=1, plan=plan, order=order, name=name,
                    planned_start=planned, planned_end=planned + datetime.timedelta(days=150),
                    actual_start=planned + datetime.timedelta(days=rnd.randint(0, 40)) if done else None,
                    actual_end=planned + datetime.timedelta(days=150 + rnd.randint(0, 60)) if done else None,
                    status=RoutePhase.Status.DONE if done else RoutePhase.Status.PENDING,
                    planned_start_certainty=DateCertainty.ILLUSTRATIVE,
                    planned_end_certainty=DateCertainty.ILLUSTRATIVE))
            for order in range(1, 5):
                theme = THEMES[(w["n"] * 4 + order) % len(THEMES)]
                approved = w["agreements"][0] is not None
                axes.append(Axis(identifier=self.ident("eje", w["n"], order), revision=1, plan=plan,
                                 name=f"Eje de {theme} (ejemplo)", description=SYNTHETIC,
                                 lead_institution=w["institutions"][order % 4],
                                 working_table=w["tables"][order % 2], order=order,
                                 status=Axis.Status.APPROVED if approved else Axis.Status.PROPOSED,
                                 approved_by=w["agreements"][0]))
        create(RoutePhase, phases, now)
        axes = create(Axis, axes, now)

        # Commitments with milestones and updates; a fifth changed after publication.
        commitments = []
        for index in range(n_commitments):
            w = worlds[index % len(worlds)]
            axis = axes[(index // len(worlds)) % 4 + 4 * (index % len(worlds))]
            agreement = rnd.choice(w["agreements"])
            status = Commitment.Status.PUBLISHED if agreement and index % 10 < 8 else (
                Commitment.Status.APPROVED if agreement and index % 10 == 8 else Commitment.Status.DRAFT)
            theme, action, place = rnd.choice(THEMES), rnd.choice(ACTIONS), rnd.choice(PLACES)
            begin = datetime.date(2021, 1, 1) + datetime.timedelta(days=rnd.randint(0, 900))
            commitments.append(Commitment(
                identifier=self.ident("compromiso", index + 1), revision=1, plan=w["plan"], axis=axis,
                title=f"{action} {theme} en {place} ({index + 1}, ejemplo)",
                kind=rnd.choice(Commitment.Kind.values), status=status,
                lead_institution=axis.lead_institution, other_actors="Organizaciones de la sociedad civil (ficticias)",
                public_problem=f"La información sobre {theme} en {place} es escasa y difícil de usar. {SYNTHETIC}",
                objective=f"{action} {theme} para que la ciudadanía pueda vigilar y participar.",
                solution="Publicar datos, abrir espacios de diálogo y rendir cuentas periódicamente.",
                relevance_transparency="Publica información antes reservada o dispersa.",
                relevance_participation="Incluye mesas con la ciudadanía.",
                relevance_accountability="Establece informes periódicos.",
                relevance_technology="Usa formatos abiertos.",
                start_date=begin, end_date=begin + datetime.timedelta(days=365),
                completion=rnd.choice(Commitment.Completion.values), is_example=True,
                submitted_at=now if status != Commitment.Status.DRAFT else None,
                approved_by=agreement if status != Commitment.Status.DRAFT else None,
                published_at=now if status == Commitment.Status.PUBLISHED else None))
        commitments = create(Commitment, commitments, now)
        milestones = []
        for commitment in commitments:
            for order in range(1, rnd.randint(2, 3) + 1):
                milestones.append(Milestone(
                    identifier=f"{commitment.identifier}-hito-{order}", revision=1, commitment=commitment,
                    order=order, title=f"Entregable {order}: informe público de avance (ejemplo)",
                    start_date=commitment.start_date, end_date=commitment.end_date,
                    completion_percent=rnd.choice([0, 10, 25, 50, 75, 100])))
        milestones = create(Milestone, milestones, now)
        updates = [MilestoneUpdate(identifier=f"{m.identifier}-avance-1", revision=1, milestone=m,
                                   date=m.start_date + datetime.timedelta(days=60),
                                   completion_percent=m.completion_percent,
                                   note="Se entregó el avance comprometido (ejemplo).")
                   for m in milestones if m.completion_percent]
        create(MilestoneUpdate, updates, now)
        later = now + datetime.timedelta(seconds=1)
        changed = [c for c in commitments if c.status == Commitment.Status.PUBLISHED][::5]
        for commitment in changed:
            commitment.completion = Commitment.Completion.SUBSTANTIAL
            commitment.revision = 2
            commitment.updated_at = later
        for batch in chunks(changed):
            bulk_update_with_history(batch, Commitment, ["completion", "revision", "updated_at"],
                                     batch_size=BATCH, default_change_reason=REASON, default_date=later)
        return {"secretariados": len(worlds), "sesiones": len(sessions), "acuerdos": len(agreements),
                "documentos": len(documents),
                "compromisos": len(commitments), "hitos": len(milestones), "avances": len(updates)}
