"""``manage.py onboard_stl``: a new STL in one step (README «A new STL»).

Creates the secretariat with its operational group and its standard seats, the institution of its
first staff person (or uses an existing one), that person's staff account with no password, an empty
action plan in construction, and e-mails the person a one-time link to choose a password (through
the background worker). All or nothing: a refusal writes nothing."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from stl_portal.onboarding import onboard
from workgroups.onboarding import institution_for

REASON = "Alta del secretariado (manage.py onboard_stl)"


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        this_year = datetime.date.today().year
        parser.add_argument("--name", required=True,
                            help="p. ej. «Secretariado Técnico Local de Gobierno Abierto de Jalisco»")
        parser.add_argument("--short-name", required=True, help="p. ej. «STL Jalisco»")
        parser.add_argument("--jurisdiction", required=True, help="La entidad, p. ej. «Jalisco»")
        parser.add_argument("--identifier", default="", help="Identificador (por omisión stl-<entidad>)")
        parser.add_argument("--prefix", default="STL", help="Prefijo de las claves de acuerdo (STL/SO/01/2027-01)")
        parser.add_argument("--institution", required=True,
                            help="Institución de la persona del personal técnico: identificador o siglas de "
                                 "una existente, o el nombre de una nueva (con --institution-acronym), que se "
                                 "registra como órgano garante")
        parser.add_argument("--institution-acronym", default="", help="Siglas de la institución nueva")
        parser.add_argument("--staff-username", required=True)
        parser.add_argument("--staff-email", required=True)
        parser.add_argument("--staff-name", required=True, help="Nombre completo de la persona")
        parser.add_argument("--plan-name", default="", help="Nombre del primer plan de acción (vacío: sin plan)")
        parser.add_argument("--plan-start", type=int, default=this_year)
        parser.add_argument("--plan-end", type=int, default=this_year + 2)
        parser.add_argument("--base-url", default=settings.STL_PUBLIC_URL,
                            help="Dirección pública del portal para el enlace de la invitación (por omisión "
                                 "STL_PUBLIC_URL), p. ej. https://gobiernoabierto.example.org")

    def handle(self, *args, **options):
        if not options["base_url"].startswith(("https://", "http://")):
            raise CommandError("Indique --base-url, la dirección pública del portal (https://...), para el "
                               "enlace de la invitación.")
        try:
            done, plan = onboard(
                name=options["name"], short_name=options["short_name"],
                jurisdiction=options["jurisdiction"], identifier=options["identifier"],
                session_prefix=options["prefix"], institution=institution_for(options["institution"]),
                new_institution_name=options["institution"],
                new_institution_acronym=options["institution_acronym"],
                staff_username=options["staff_username"], staff_email=options["staff_email"],
                staff_name=options["staff_name"], plan_name=options["plan_name"],
                plan_start=options["plan_start"], plan_end=options["plan_end"],
                base_url=options["base_url"], reason=REASON)
        except ValidationError as error:
            messages = [f"{field}: {message}" for field, items in error.message_dict.items() for message in items] \
                if hasattr(error, "error_dict") else error.messages
            raise CommandError("No se dio de alta nada:\n  " + "\n  ".join(messages)) from error
        self.stdout.write(f"Secretariado «{done.stl.name}» ({done.stl.identifier}) creado, con su grupo operativo "
                          f"y {len(done.seats)} asientos.")
        if plan:
            self.stdout.write(f"Plan de acción «{plan.name}» ({plan.start_year}-{plan.end_year}) en construcción.")
        self.stdout.write(f"Cuenta del personal técnico «{done.account.user.username}»: la invitación para "
                          f"elegir contraseña sale a {done.account.user.email} con el siguiente trabajo en "
                          f"segundo plano (manage.py jobs_worker).")
