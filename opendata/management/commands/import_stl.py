from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata import format as opendata


class Command(BaseCommand):
    help = (
        "Carga un documento en el formato de datos abiertos. Es una sola transacción: si algún "
        "registro es inválido no se escribe nada y el mensaje dice qué registro y qué campo."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Archivo JSON en el formato de datos abiertos.")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"No existe el archivo {file}.") from error
        except UnicodeDecodeError as error:
            raise CommandError("El archivo no está codificado en UTF-8.") from error
        verbosity = options.get("verbosity", 1)

        def progress(key, done, total):
            if verbosity >= 1 and total >= 1000:
                self.stderr.write(f"  {key}: {done}/{total}")

        try:
            counts = opendata.import_document(opendata.parse(text), progress=progress,
                                              reason=f"Importación de {path.name}")
        except opendata.ImportRefused as refused:
            raise CommandError("Archivo rechazado; no se escribió nada.\n" + "\n".join(
                f"- {message}" for message in refused.messages)) from refused
        total = sum(counts.values())
        summary = ", ".join(f"{key}: {count}" for key, count in counts.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Importados {total} registros ({summary})."))
