"""Progress of many milestones at once, from a CSV file (staff of an STL).

The template lists the STL's open milestones (of approved or published commitments, below 100 %).
Staff fill in the new completion, the date and what was done, and upload it: every line is checked
first, and a line in error refuses the whole file with a message per line. A good file is shown as
a preview; confirming applies every line in one transaction with ``Milestone.record_progress`` (a
progress update and the milestone, each with its history row and user), or none of them.
"""

import csv
import datetime
import io

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.certainty import DateCertainty

from .models import SHORT_TEXT_LENGTH, Commitment, Milestone, MilestoneUpdate

COLUMNS = ["hito", "compromiso", "entregable", "avance_actual", "nuevo_avance", "fecha", "que_se_hizo",
           "enlace_evidencia", "certeza_fecha"]
# «certeza_fecha» (optional, files made before it still load): how sure the date is (core/certainty.py).
CERTAINTY_WORDS = {"": DateCertainty.CERTAIN, "cierta": DateCertainty.CERTAIN,
                   "ilustrativa": DateCertainty.ILLUSTRATIVE, "desconocida": DateCertainty.UNKNOWN,
                   **{value: value for value in DateCertainty.values}}
REQUIRED = ["hito", "nuevo_avance", "fecha", "que_se_hizo"]
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1000


def open_milestones(stl):
    """The milestones whose progress staff may record: open ones of approved or published commitments."""
    return (Milestone.objects.filter(commitment__plan__stl=stl, completion_percent__lt=100,
                                     commitment__status__in=[Commitment.Status.APPROVED,
                                                             Commitment.Status.PUBLISHED])
            .select_related("commitment").order_by("commitment__title", "commitment_id", "order"))


def template_csv(stl):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # spreadsheet programs read UTF-8 with the mark
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for milestone in open_milestones(stl):
        writer.writerow([milestone.identifier, milestone.commitment.title, milestone.title,
                         milestone.completion_percent, "", "", "", "", ""])
    return buffer.getvalue()


class BulkRefused(Exception):
    def __init__(self, messages):
        self.messages = list(messages)
        super().__init__("\n".join(self.messages))


def _decode(data):
    if len(data) > MAX_BYTES:
        raise BulkRefused([_("El archivo pesa más de 2 MB; divídalo en varios.")])
    if b"\x00" in data:
        raise BulkRefused([_("El archivo no es un CSV de texto (contiene el carácter nulo).")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Spreadsheets on Windows often save CSV in their own code page.
        return data.decode("cp1252", errors="replace")


def parse(data, stl, today=None):
    """The rows to apply, as plain dicts, from the uploaded bytes; BulkRefused with a message per
    bad line otherwise. Lines whose «nuevo_avance» is empty are left out (no change)."""
    today = today or timezone.localdate()
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise BulkRefused([_("Faltan columnas en la primera línea: %(columns)s. Descargue la plantilla y "
                             "use sus columnas.") % {"columns": ", ".join(missing)}])
    reader.fieldnames = header
    known = {m.identifier: m for m in open_milestones(stl)}
    rows, errors, seen = [], [], {}
    validate_url = URLValidator(schemes=["http", "https"])
    try:
        records = list(reader)
    except csv.Error as error:
        raise BulkRefused([_("El archivo no es un CSV válido: %(error)s.") % {"error": error}]) from error
    if len(records) > MAX_ROWS:
        raise BulkRefused([_("El archivo tiene más de %(max)s líneas; divídalo en varios.") % {"max": MAX_ROWS}])
    for index, record in enumerate(records):
        line = index + 2  # the header is line 1
        value = {key: (record.get(key) or "").strip() for key in COLUMNS}
        if not value["nuevo_avance"]:
            continue
        problems = []
        milestone = known.get(value["hito"])
        if milestone is None:
            problems.append(_("el hito «%(id)s» no es un hito abierto de un compromiso aprobado de este "
                              "secretariado") % {"id": value["hito"][:100]})
        elif value["hito"] in seen:
            problems.append(_("el hito ya aparece en la línea %(line)s") % {"line": seen[value["hito"]]})
        else:
            seen[value["hito"]] = line
        try:
            percent = int(value["nuevo_avance"].rstrip("%").strip())
            if not 0 <= percent <= 100:
                raise ValueError
        except ValueError:
            percent = None
            problems.append(_("«nuevo_avance» debe ser un número entero de 0 a 100"))
        day = today
        if value["fecha"]:
            try:
                day = datetime.date.fromisoformat(value["fecha"])
            except ValueError:
                problems.append(_("«fecha» debe ser una fecha AAAA-MM-DD, p. ej. 2021-03-15"))
            else:
                if day > today:
                    problems.append(_("la fecha no puede ser futura"))
        certainty = CERTAINTY_WORDS.get(value["certeza_fecha"].lower())
        if certainty is None:
            problems.append(_("«certeza_fecha» debe ser «cierta», «ilustrativa», «desconocida» o quedar vacía"))
        if not value["que_se_hizo"]:
            problems.append(_("escriba en «que_se_hizo» lo que se hizo"))
        elif len(value["que_se_hizo"]) > SHORT_TEXT_LENGTH:
            problems.append(_("«que_se_hizo» tiene más de %(max)s caracteres") % {"max": SHORT_TEXT_LENGTH})
        if value["enlace_evidencia"]:
            try:
                if len(value["enlace_evidencia"]) > 500:
                    raise ValidationError("long")
                validate_url(value["enlace_evidencia"])
            except ValidationError:
                problems.append(_("«enlace_evidencia» no es una dirección web válida (https://…)"))
        if problems:
            errors.append(_("Línea %(line)s: %(problems)s.") % {"line": line, "problems": "; ".join(problems)})
            continue
        rows.append({"line": line, "milestone": milestone.pk, "identifier": milestone.identifier,
                     "revision": milestone.revision, "commitment": milestone.commitment.title,
                     "title": milestone.title, "before": milestone.completion_percent, "percent": percent,
                     "date": day.isoformat(), "certainty": certainty, "note": value["que_se_hizo"],
                     "url": value["enlace_evidencia"]})
    if errors:
        raise BulkRefused(errors)
    if not rows:
        raise BulkRefused([_("Ninguna línea trae un «nuevo_avance»: no hay nada que guardar.")])
    return rows


@transaction.atomic
def apply(rows, stl):
    """Record every row's progress, or none: a milestone changed since the preview refuses all."""
    milestones = {m.pk: m for m in Milestone.objects.select_for_update().filter(
        pk__in=[row["milestone"] for row in rows], commitment__plan__stl=stl,
        commitment__status__in=[Commitment.Status.APPROVED, Commitment.Status.PUBLISHED])}
    stale = [row for row in rows if row["milestone"] not in milestones
             or milestones[row["milestone"]].revision != row["revision"]]
    if stale:
        raise BulkRefused([_("Línea %(line)s: el hito «%(title)s» cambió después de la vista previa; descargue "
                             "la plantilla de nuevo.") % {"line": row["line"], "title": row["title"]}
                           for row in stale])
    for row in rows:
        update = MilestoneUpdate(date=datetime.date.fromisoformat(row["date"]),
                                 date_certainty=row.get("certainty") or DateCertainty.CERTAIN,
                                 completion_percent=row["percent"],
                                 note=row["note"], evidence_url=row["url"])
        try:
            milestones[row["milestone"]].record_progress(update)
        except ValidationError as error:
            raise BulkRefused([_("Línea %(line)s: %(error)s") % {"line": row["line"],
                                                                   "error": " ".join(error.messages)}]) from error
    return len(rows)
