from django.core.management.base import BaseCommand
from django.db import transaction

from workgroups.models import Body

from ...jobs import send_compliance_digest


class Command(BaseCommand):
    help = ("Pone en cola el correo semanal de obligaciones de OGP Local (foro sin sesionar en seis meses, "
            "sitio sin actualizar, hitos vencidos, informes de fin de compromiso pendientes, consultas "
            "cerradas sin respuesta) para el personal de cada secretariado. Para cron, una vez por semana; "
            "lo envía `manage.py jobs_worker`.")

    def handle(self, *args, **options):
        with transaction.atomic():
            stls = list(Body.objects.stls().values_list("pk", flat=True))
            for stl_id in stls:
                send_compliance_digest.enqueue(stl_id)
        self.stdout.write(f"{len(stls)} correos en cola.")
