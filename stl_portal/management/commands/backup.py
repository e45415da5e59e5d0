from django.core.management.base import BaseCommand

from stl_portal import backup


class Command(BaseCommand):
    help = (
        "Respalda toda la base de datos en un archivo: registros, bitácora, cuentas y sesiones. "
        "SQLite: copia en línea con la API de respaldo de SQLite; PostgreSQL: pg_dump en formato "
        "personalizado. El archivo solo lo lee su dueño. Se carga con `restore` en una base vacía."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", "-o",
                            help="Archivo de salida (por omisión var/backups/portal-FECHA.sqlite3 o .dump).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, output=None, database="default", **options):
        output = output or backup.default_backup_path(database)
        size = backup.backup(output, database)
        self.stdout.write(f"Respaldo escrito en {output} ({size} bytes).")
