import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from opendata import format as opendata
from workgroups.models import Account, Body, Institution, SocialLink

DEMO_FILE = Path(settings.BASE_DIR) / "data" / "demo" / "stl-edomex-2019-2020.json"
# The demo STL's logo: its initials, made for the demo (not the secretariat's own emblem).
DEMO_LOGO = Path(settings.BASE_DIR) / "data" / "demo" / "stl-edomex-logo.png"
DEMO_WEBSITE = "https://stl-edomex.example.org"
DEMO_STL = "stl-edomex"

# (username, role, institution identifier or None, superuser)
DEMO_ACCOUNTS = [
    ("demo-integrante-ieem", Account.Role.MEMBER, "ieem", False),
    ("demo-integrante-infoem", Account.Role.MEMBER, "infoem", False),
    ("demo-facilitador", Account.Role.FACILITATOR, None, False),
    ("demo-personal", Account.Role.STAFF, "ieem", False),
    ("demo-seguimiento", Account.Role.MONITOR, None, False),
    ("demo-admin", Account.Role.STAFF, None, True),
]


class Command(BaseCommand):
    help = (
        "Carga el registro de demostración (STL Estado de México, 2019-2020) desde "
        "data/demo/stl-edomex-2019-2020.json y crea una cuenta de demostración por rol con una "
        "contraseña aleatoria que se muestra una sola vez. Cargarlo dos veces no cambia nada."
    )

    def handle(self, *args, **options):
        if Body.objects.filter(identifier=DEMO_STL).exists():
            self.stdout.write("El registro de demostración ya estaba cargado; no se cambió nada.")
        else:
            try:
                document = opendata.parse(DEMO_FILE.read_text(encoding="utf-8"))
                counts = opendata.import_document(document, reason="Registro de demostración")
            except opendata.ImportRefused as refused:
                raise CommandError("\n".join(refused.messages)) from refused
            self.stdout.write(self.style.SUCCESS(
                f"Registro de demostración cargado: {sum(counts.values())} registros."))
        self.add_identity()
        self.create_accounts()

    @transaction.atomic
    def add_identity(self):
        """The logo (a file, which the open-data format does not carry) and a website link."""
        stl = Body.objects.get(identifier=DEMO_STL)
        if not stl.logo:
            with DEMO_LOGO.open("rb") as handle:
                stl.logo = File(handle, name="logotipo.png")
                stl._change_reason = "Registro de demostración"
                stl.full_clean()
                stl.save()
        if not stl.social_links.exists():
            link = SocialLink(stl=stl, network=SocialLink.Network.WEBSITE, url=DEMO_WEBSITE)
            link._change_reason = "Registro de demostración"
            link.full_clean()
            link.save()

    @transaction.atomic
    def create_accounts(self):
        user_model = get_user_model()
        stl = Body.objects.get(identifier=DEMO_STL)
        created = []
        for username, role, institution_id, superuser in DEMO_ACCOUNTS:
            if user_model.objects.filter(username=username).exists():
                continue
            password = secrets.token_urlsafe(12)
            user = user_model.objects.create_user(
                username=username, password=password, is_staff=superuser, is_superuser=superuser)
            institution = Institution.objects.get(identifier=institution_id) if institution_id else None
            account = Account(user=user, stl=stl, role=role, institution=institution)
            account._change_reason = "Cuenta de demostración"
            account.full_clean()
            account.save()
            created.append((username, account.get_role_display() + (" y administración" if superuser else ""),
                            password))
        if created:
            self.stdout.write("\nCuentas de demostración (las contraseñas no se vuelven a mostrar):")
            for username, role, password in created:
                self.stdout.write(f"  {username:<24} {role:<40} {password}")
            self.stdout.write("")
        else:
            self.stdout.write("Las cuentas de demostración ya existían; sus contraseñas no cambiaron.")
