from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from core.pdf import PDFRenderError
from reports.activity import ReportTooLarge, build_report, period_problem, stls_of, year_period
from reports.forms import FIRST_YEAR, last_year, parse_iso_date
from reports.render import report_pdf
from workgroups.models import Body, Institution


class Command(BaseCommand):
    help = (
        "Genera en PDF el informe de actividades de una institución en su Secretariado Técnico Local, "
        "armado solo con los registros del portal. Periodo: un año calendario (--year) o fechas "
        "(--from y --to, ambas incluidas). Ejemplo: activity_report --institution IEEM --year 2020 "
        "--output informe.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("--institution", required=True,
                            help="Siglas (p. ej. IEEM) o identificador (p. ej. ieem) de la institución.")
        parser.add_argument("--year", type=int, help="Año calendario del informe, p. ej. 2020.")
        parser.add_argument("--from", dest="start", help="Fecha inicial AAAA-MM-DD.")
        parser.add_argument("--to", dest="end", help="Fecha final AAAA-MM-DD.")
        parser.add_argument("--stl", help="Identificador del secretariado, si la institución está en varios.")
        parser.add_argument("--output", required=True, help="Archivo PDF que se escribirá.")
        parser.add_argument("--interna", action="store_true",
                            help="Versión interna: incluye las sesiones y reuniones reservadas y cada página "
                                 "dice «no publicar». Sin esta opción, el informe es la versión para publicar.")

    def handle(self, *args, **options):
        institution = self.find_institution(options["institution"])
        stl = self.find_stl(institution, options.get("stl"))
        start, end = self.period(options)
        try:
            report = build_report(institution, stl, start, end, internal=options["interna"])
            pdf = report_pdf(report)
        except (ReportTooLarge, PDFRenderError) as error:
            raise CommandError(str(error)) from error
        output = Path(options["output"])
        try:
            output.write_bytes(pdf)
        except OSError as error:
            raise CommandError(f"No se pudo escribir «{output}»: {error.strerror}.") from error
        self.stdout.write(self.style.SUCCESS(
            f"Informe escrito en {output} ({len(pdf)} bytes). Huella SHA-256 de los registros: "
            f"{report.fingerprint}"))

    def find_institution(self, text):
        text = text.strip()
        matches = list(Institution.objects.filter(Q(acronym__iexact=text) | Q(identifier=text))[:2])
        if not matches:
            raise CommandError(f"No hay ninguna institución con las siglas o el identificador «{text}».")
        if len(matches) > 1:
            raise CommandError(f"Varias instituciones responden a «{text}»; use su identificador.")
        return matches[0]

    def find_stl(self, institution, identifier):
        stls = stls_of(institution)
        if identifier:
            stl = Body.objects.stls().filter(identifier=identifier).first()
            if stl is None:
                raise CommandError(f"No hay ningún secretariado con el identificador «{identifier}».")
            if not stls.filter(pk=stl.pk).exists():
                raise CommandError(f"{institution} no forma parte de «{stl}».")
            return stl
        found = list(stls[:2])
        if not found:
            raise CommandError(f"{institution} no forma parte de ningún secretariado.")
        if len(found) > 1:
            raise CommandError(f"{institution} forma parte de varios secretariados; indique uno con --stl.")
        return found[0]

    def period(self, options):
        year, start_text, end_text = options.get("year"), options.get("start"), options.get("end")
        if year is not None and (start_text or end_text):
            raise CommandError("Indique --year o bien --from y --to, no ambos.")
        if year is not None:
            if not FIRST_YEAR <= year <= last_year():
                raise CommandError(f"El año debe estar entre {FIRST_YEAR} y {last_year()}.")
            return year_period(year)
        if not (start_text and end_text):
            raise CommandError("Indique el periodo: --year AAAA, o --from AAAA-MM-DD y --to AAAA-MM-DD.")
        start, end = parse_iso_date(start_text), parse_iso_date(end_text)
        if start is None:
            raise CommandError(f"La fecha inicial «{start_text}» no es válida; use AAAA-MM-DD.")
        if end is None:
            raise CommandError(f"La fecha final «{end_text}» no es válida; use AAAA-MM-DD.")
        for day in (start, end):
            if not FIRST_YEAR <= day.year <= last_year():
                raise CommandError(f"Las fechas deben caer entre {FIRST_YEAR} y {last_year()}.")
        problem = period_problem(start, end)
        if problem:
            raise CommandError(problem)
        return start, end
