from django.core.management.base import BaseCommand, CommandError

from opendata import format as opendata
from workgroups.models import Body


class Command(BaseCommand):
    help = (
        "Escribe el registro en el formato de datos abiertos (un documento JSON): toda la instalación o, "
        "con --stl, un solo secretariado con sus propios identificadores. "
        "Con --public solo lo publicado: sin borradores, sin sesiones reservadas, sin correos. "
        "Exportar, importar en una base vacía y volver a exportar da los mismos bytes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--public", action="store_true", help="Solo lo que es público.")
        parser.add_argument("--stl", help="Identificador del secretariado que se exporta (p. ej. stl-edomex); "
                                          "sin él, toda la instalación.")
        parser.add_argument("--output", "-o", help="Archivo de salida (por omisión, la salida estándar).")

    def handle(self, *args, public=False, output=None, stl=None, **options):
        try:
            document = opendata.export_document(public=public, stl=stl)
        except Body.DoesNotExist as error:
            known = ", ".join(Body.objects.stls().order_by("identifier").values_list("identifier", flat=True))
            raise CommandError(f"{error} Secretariados: {known or 'ninguno'}.") from error
        text = opendata.dumps(document)
        if output and output != "-":
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Exportado a {output}.")
        else:
            self.stdout.write(text, ending="")
