from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Prepara una versión para servirla: `check --deploy` (se detiene si algo falla), `migrate` y "
        "`collectstatic`, en un solo proceso. `collectstatic` vuelve a comprimir solo los archivos "
        "estáticos que cambiaron. Es lo que `make serve` corre antes de gunicorn."
    )

    def add_arguments(self, parser):
        parser.add_argument("--fail-level", default="ERROR",
                            choices=["CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"],
                            help="Nivel de los avisos de `check --deploy` que detienen la preparación "
                                 "(ERROR por omisión; WARNING detiene también ante avisos de seguridad).")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("check", deploy=True, fail_level=options["fail_level"], verbosity=verbosity)
        call_command("migrate", interactive=False, verbosity=verbosity)
        call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0))
