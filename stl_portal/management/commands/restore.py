from django.core.management.base import BaseCommand

from stl_portal import backup


class Command(BaseCommand):
    help = (
        "Carga un respaldo hecho con `backup` en una base de datos vacía (la de DATABASE_URL). "
        "Se niega si la base ya tiene tablas. Después, el mismo `export_stl` y la misma bitácora."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="El archivo de respaldo (.sqlite3 o .dump).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, file, database="default", **options):
        backup.restore(file, database)
        self.stdout.write(f"Respaldo {file} restaurado.")
