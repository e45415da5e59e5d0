from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opendata import format as opendata


class Command(BaseCommand):
    help = (
        "Carga un documento en el formato de datos abiertos. Es una sola transacción: si algún "
        "registro es inválido no se escribe nada y el mensaje dice qué registro y qué campo. "
        "El archivo de un secretariado (export_stl --stl) agrega o actualiza ese secretariado y nada más."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Archivo JSON en el formato de datos abiertos.")
        parser.add_argument("--update-shared", action="store_true",
                            help="Reemplaza los datos de las instituciones y personas compartidas (con clave) "
                                 "que el archivo describe distinto; sin esta opción se dejan como están.")
        parser.add_argument("--convert", metavar="SALIDA",
                            help="No importa: escribe en SALIDA el archivo convertido a la versión "
                                 f"{opendata.VERSION} del formato.")

    def handle(self, *args, file, update_shared=False, convert=None, **options):
        path = Path(file)
        try:
            text = path.read_bytes().decode("utf-8")
        except FileNotFoundError as error:
            raise CommandError(f"No existe el archivo {file}.") from error
        except UnicodeDecodeError as error:
            raise CommandError("El archivo no está codificado en UTF-8.") from error
        verbosity = options.get("verbosity", 1)
        if convert:
            return self.convert(text, convert)

        def progress(key, done, total):
            if verbosity >= 1 and total >= 1000:
                self.stderr.write(f"  {key}: {done}/{total}")

        notes, changes = [], {}
        try:
            counts = opendata.import_document(opendata.parse(text), progress=progress,
                                              reason=f"Importación de {path.name}", update_shared=update_shared,
                                              notes=notes, changes=changes)
        except opendata.ImportRefused as refused:
            raise CommandError("Archivo rechazado; no se escribió nada.\n" + "\n".join(
                f"- {message}" for message in refused.messages)) from refused
        for note in notes:
            self.stderr.write(f"- {note}")
        total = sum(counts.values())
        summary = ", ".join(f"{key}: {count}" for key, count in counts.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Importados {total} registros ({summary})."))
        self.stdout.write(f"Filas nuevas: {changes['created']}; actualizadas: {changes['updated']}; "
                          "lo demás ya estaba igual.")

    def convert(self, text, output):
        try:
            document = opendata.upgrade(opendata.parse(text))
        except opendata.ImportRefused as refused:
            raise CommandError("Archivo rechazado.\n" + "\n".join(f"- {m}" for m in refused.messages)) from refused
        Path(output).write_text(opendata.dumps(document), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"Convertido a la versión {opendata.VERSION}: {output}."))
