from django.core.management.base import BaseCommand

from opendata import format as opendata


class Command(BaseCommand):
    help = (
        "Escribe todo el registro en el formato de datos abiertos (un documento JSON). "
        "Con --public solo lo publicado: sin borradores, sin sesiones reservadas, sin correos. "
        "Exportar, importar en una base vacía y volver a exportar da los mismos bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--public", action="store_true", help="Solo lo que es público.")
        parser.add_argument("--output", "-o", help="Archivo de salida (por omisión, la salida estándar).")

    def handle(self, *args, public=False, output=None, **options):
        text = opendata.dumps(opendata.export_document(public=public))
        if output and output != "-":
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Exportado a {output}.")
        else:
            self.stdout.write(text, ending="")
