"""The report's sentences, written from the records with the grammar of core/grammar.py.

Each function takes gathered data (``reports.activity``) and returns plain text that the templates
print escaped. Record values (names, agreement texts) are joined with connecting words only; nothing
is stated that the records do not hold, and a date the records mark as illustrative is never
written as a fact.
"""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext

from core.certainty import DateCertainty, date_certainty_of, is_uncertain
from core.grammar import Named, capfirst, guess_article, join_list, of, quantity, with_article
from core.spanish import cardinal, long_date, month_year
from sessions.models import Agreement, Session

MODALITY = {
    Session.Modality.IN_PERSON: lambda: _("de manera presencial"),
    Session.Modality.VIDEOCONFERENCE: lambda: _("en la modalidad de videoconferencia"),
    Session.Modality.HYBRID: lambda: _("en modalidad híbrida (presencial y a distancia)"),
}


def short(body):
    """A body by its short name, read with the article of its full name («el STL Estado de México»)."""
    article = body.grammatical_article
    return Named(body.short_name or body.name, article)


def unconfirmed():
    return _("fecha por confirmar: el registro no consigna la fecha exacta")


def _plain(text):
    return re.sub(r"\s+", " ", (text or "").strip().lower())


def _as_clause(text):
    """«Se aprueba X.» → «por el que se aprueba X»; other texts are quoted."""
    text = (text or "").strip()
    if re.match(r"^Se\s", text):
        return _("por el que %(text)s") % {"text": "s" + text[1:].rstrip(".")}
    return "«" + text.rstrip(".") + "»"


_APPROVED_KINDS = {
    # kind: (singular, plural) of «Con él se aprobó …»
    "axis": (_lazy("Con él se incorporó el eje %(items)s."), _lazy("Con él se incorporaron los ejes %(items)s.")),
    "document": (_lazy("Con él se aprobó el documento %(items)s."), _lazy("Con él se aprobaron los documentos %(items)s.")),
    "route": (_lazy("Con él se aprobó la ruta del %(items)s."), _lazy("Con él se aprobaron las rutas de %(items)s.")),
    "plan": (_lazy("Con él se aprobó el %(items)s."), _lazy("Con él se aprobaron los planes %(items)s.")),
    "commitment": (_lazy("Con él se aprobó el compromiso %(items)s."),
                   _lazy("Con él se aprobaron los compromisos %(items)s.")),
}


def _approved_rest(item):
    """What the agreement approved that its own text does not already name: said once, one sentence
    per kind of thing."""
    text = _plain(item["agreement"].text)
    by_kind = {}
    for thing in item["approved"]:
        if _plain(thing["name"]) in text:
            continue
        name = f"«{thing['name']}»"
        if thing["lead"] is not None:
            name += ", " + _("a cargo %(lead)s") % {"lead": of(thing["lead"])}
        by_kind.setdefault(thing["kind"], []).append(name)
    sentences = []
    for kind, names in by_kind.items():
        singular, plural = _APPROVED_KINDS[kind]
        template = singular if len(names) == 1 else plural
        joined = join_list(names) if not any(", a cargo" in n for n in names) else "; ".join(names[:-1]) + (
            " " + _("y") + " " + names[-1] if len(names) > 1 else names[-1])
        sentences.append(str(template) % {"items": joined})
    return " ".join(sentences)


def _result_clause(agreement):
    if agreement.result == Agreement.Result.ADOPTED:
        return _as_clause(agreement.text) + (_(", por unanimidad") if agreement.unanimous else "")
    if agreement.result == Agreement.Result.DEFERRED:
        return _("«%(title)s», que se difirió") % {"title": agreement.title}
    return _("«%(title)s», que no fue aprobado") % {"title": agreement.title}


def session_sentence(entry, with_agreements=True):
    """One sentence for a session: when (or that its date is not confirmed), what, which body, how,
    and its agreements when there is exactly one (more make a list: ``agreement_items``)."""
    session = entry.session
    if session.kind == Session.Kind.PUBLIC_EVENT:
        name = entry.name
        what = _("se llevó a cabo %(event)s, a cargo %(body)s") % {
            "event": with_article(Named(name, guess_article(name))), "body": of(session.body)}
    elif session.kind == Session.Kind.WORKING_MEETING:
        what = _("se llevó a cabo la %(name)s %(body)s") % {"name": entry.name, "body": of(session.body)}
    else:
        what = _("se celebró la %(name)s %(body)s") % {"name": entry.name, "body": of(short(session.body))}
    if entry.illustrative:
        text = capfirst(what) + " (" + unconfirmed() + ")"
    else:
        text = _("El %(date)s %(what)s") % {"date": long_date(session.date), "what": what}
    modality = MODALITY.get(session.modality)
    if modality:
        text += ", " + modality()
    if entry.axis is not None:
        text += ", " + _("como parte de los trabajos del eje «%(axis)s», a cargo %(lead)s") % {
            "axis": entry.axis.name, "lead": of(entry.axis_lead or entry.axis.lead_institution)}
    agreements = entry.agreements if with_agreements else []
    if len(agreements) == 1:
        item = agreements[0]
        agreement = item["agreement"]
        verb = _("se adoptó") if agreement.result == Agreement.Result.ADOPTED else _("se trató")
        text += ", " + _("en la que %(verb)s el acuerdo %(code)s, %(clause)s.") % {
            "verb": verb, "code": agreement.code, "clause": _result_clause(agreement)}
        rest = _approved_rest(item)
        return text + (" " + rest if rest else "")
    if len(agreements) > 1:
        adopted = sum(1 for item in agreements if item["agreement"].result == Agreement.Result.ADOPTED)
        if adopted == len(agreements):
            count = quantity(adopted, _("acuerdo"), _("acuerdos"))
            return text + ", " + _("en la que se adoptaron %(count)s:") % {"count": count}
        count = quantity(len(agreements), _("asunto"), _("asuntos"))
        return text + ", " + _("en la que se trataron %(count)s:") % {"count": count}
    return text + "."


def agreement_items(entry):
    """The list items of a session with more than one agreement."""
    if len(entry.agreements) < 2:
        return []
    items = []
    for item in entry.agreements:
        agreement = item["agreement"]
        line = f"{agreement.code}, {_result_clause(agreement)}."
        rest = _approved_rest(item)
        items.append(line + (" " + rest if rest else ""))
    return items


def installation_sentence(report):
    session = report.installation
    what = _("se llevó a cabo la %(name)s %(stl)s") % {"name": session.display_name, "stl": of(report.stl)}
    if report.installation_illustrative:
        text = capfirst(what) + " (" + unconfirmed() + ")"
    else:
        text = _("El %(date)s %(what)s") % {"date": long_date(session.date), "what": what}
    codes = [item["agreement"] for item in report.installation_agreements]
    if len(codes) == 1:
        text += ", " + _("en la que se adoptó el acuerdo %(code)s, «%(title)s»") % {
            "code": codes[0].code, "title": codes[0].title}
    elif codes:
        text += ", " + _("en la que se adoptaron los acuerdos %(codes)s") % {
            "codes": join_list([a.code for a in codes])}
    return text + "."


def older_sessions_sentence(report):
    """Formal sessions more than a year before the period: counted, told in earlier reports."""
    count = report.older_sessions
    if not count:
        return ""
    since = report.background_since
    before = (_("Antes de %(year)s") % {"year": since.year}) if (since.month, since.day) == (1, 1) else (
        _("Antes del %(date)s") % {"date": long_date(since)})
    return ngettext(
        "%(before)s, %(stl)s celebró además %(count)s, que consta en informes anteriores.",
        "%(before)s, %(stl)s celebró además %(count)s, que constan en informes anteriores.",
        count) % {"before": before, "stl": with_article(short(report.stl)),
                  "count": quantity(count, _("sesión formal"), _("sesiones formales"), feminine=True)}


def composition_intro(report):
    return _("Durante el periodo, %(stl)s se integró como sigue:") % {"stl": with_article(short(report.stl))}


def _since(membership):
    """«, desde el 15 de octubre de 2019», or that the start is not confirmed (never the date)."""
    if is_uncertain(membership, "start_date"):
        return _(", desde una fecha por confirmar")
    return _(", desde el %(date)s") % {"date": long_date(membership.start_date)} if membership.start_date else ""


def _until(membership):
    if is_uncertain(membership, "end_date"):
        return _(" y hasta una fecha por confirmar")
    return _(" y hasta el %(date)s") % {"date": long_date(membership.end_date)}


def composition_item(membership, report=None):
    who = membership.institution.display_name if membership.institution else ""
    label = membership.label or str(membership.seat)
    role = membership.get_role_display().lower()
    since = _since(membership)
    if membership.end_date and (report is None or membership.end_date <= report.end):
        since += _until(membership)
    return f"{label}: {who} ({role}{since})." if who else f"{label} ({role}{since})."


def seat_sentence(report, membership):
    """«El IEEM integra el STL con el carácter de …, desde el …»: present while the membership runs at
    the period's end, past when it ended within it."""
    still = membership.end_date is None or membership.end_date >= report.end
    verb = _("integra") if still else _("integró")
    text = _("%(institution)s %(verb)s %(stl)s con el carácter de %(label)s (%(role)s)") % {
        "institution": with_article(report.institution, capitalize=True), "verb": verb,
        "stl": with_article(report.stl), "label": membership.label or str(membership.seat),
        "role": membership.get_role_display().lower()}
    text += _since(membership)
    if not still:
        text += _until(membership)
    return text + "."


def no_seat_sentence(report):
    return _("%(institution)s no ocupó un asiento %(stl)s durante el periodo; su participación consta en "
             "los registros que se detallan enseguida.") % {
        "institution": with_article(report.institution, capitalize=True), "stl": of(short(report.stl))}


def meetings_paragraphs(report):
    """One sentence per body whose working meetings the report counts."""
    by_body = {}
    for meeting in report.meetings:
        by_body.setdefault(meeting.body_id, []).append(meeting)
    sentences = []
    for meetings in by_body.values():
        body = meetings[0].body
        count = quantity(len(meetings), _("reunión de trabajo"), _("reuniones de trabajo"), feminine=True)
        verb = ngettext("se llevó a cabo", "se llevaron a cabo", len(meetings))
        confirmed = [m for m in meetings if not is_uncertain(m, "date")]
        if len(confirmed) == len(meetings):
            first, last = month_year(meetings[0].date), month_year(meetings[-1].date)
            when = (_("En %(month)s") % {"month": first}) if first == last else (
                _("Entre %(first)s y %(last)s") % {"first": first, "last": last})
            sentence = _("%(when)s %(verb)s %(count)s %(body)s.") % {
                "when": when, "verb": verb, "count": count, "body": of(body)}
        else:
            missing = len(meetings) - len(confirmed)
            if not confirmed:
                caveat = ngettext("el registro no confirma su fecha exacta, por lo que no se consigna aquí",
                                  "el registro no confirma sus fechas exactas, por lo que no se consignan aquí",
                                  len(meetings))
            else:
                caveat = ngettext("el registro no confirma la fecha exacta de una de ellas",
                                  "el registro no confirma la fecha exacta de %(n)s de ellas", missing) % {
                    "n": cardinal(missing)}
            sentence = _("En el periodo %(verb)s %(count)s %(body)s; %(caveat)s.") % {
                "verb": verb, "count": count, "body": of(body), "caveat": caveat}
        participants = participants_sentence(report, body.pk)
        sentences.append(sentence + (" " + participants if participants else ""))
    return sentences


def participants_sentence(report, body_id):
    names = report.meeting_participants.get(body_id, [])
    if not names:
        return ""
    return _("Asistieron: %(names)s.") % {"names": "; ".join(names)}


def drafts_closing(report):
    documents = report.draft_documents
    drafts = [d for d in documents if d["all_drafts"]]
    if not drafts:
        return ""
    if len(drafts) == 1:
        return _("Ese proyecto no ha sido aprobado formalmente ni tiene carácter definitivo.")
    return _("Esos proyectos no han sido aprobados formalmente ni tienen carácter definitivo.")


def names_agreement(report, agreement):
    """Whether the report may name ``agreement`` (its code, its session): always in the internal
    version; in the one to publish only when its session is public (a reserved one stays unnamed)."""
    return report.internal or agreement.is_public


def axis_sentence(report, axis):
    lead = of(getattr(axis, "lead_in_report", axis.lead_institution))
    if not names_agreement(report, axis.approved_by):
        return _("El eje «%(name)s», a cargo %(lead)s, se incorporó por acuerdo del Secretariado.") % {
            "name": axis.name, "lead": lead}
    return _("El eje «%(name)s», a cargo %(lead)s, se incorporó en la %(session)s (acuerdo %(code)s).") % {
        "name": axis.name, "lead": lead, "session": axis.approved_by.session.display_name,
        "code": axis.approved_by.code}


def activity_sentence(report, activity):
    unit = of(Named(activity.unit, guess_article(activity.unit))) + " " if activity.unit else ""
    return _("Estos trabajos derivan de la Actividad: %(code)s «%(name)s», incluida en el %(programme)s "
             "%(unit)s%(institution)s, para el año %(year)s.") % {
        "code": activity.code, "name": activity.name, "programme": activity.programme, "unit": unit,
        "institution": of(report.institution.short_label), "year": activity.year}


def commitment_sentence(report, entry):
    """One sentence per commitment, opened by its title: axis, who leads it (and that the institution
    takes part, when it does not lead it), the approving agreement and its progress at the period's end."""
    commitment = entry.commitment
    parts = [_("«%(title)s» forma parte del eje «%(axis)s»") % {"title": commitment.title, "axis": commitment.axis.name}]
    lead = entry.lead or commitment.lead_institution
    if report.is_stl_report or entry.role == "lead":
        parts.append(_("lo encabeza %(lead)s") % {"lead": with_article(lead)})
    else:
        parts.append(_("lo encabeza %(lead)s y %(institution)s participa en su implementación") % {
            "lead": with_article(lead),
            "institution": with_article(report.institution.short_label)})
    for earlier, until in entry.earlier_leads:  # before a succession, under the name of its day
        parts.append(_("hasta el %(date)s lo encabezó %(lead)s") % {"date": long_date(until),
                                                                    "lead": with_article(earlier)})
    if commitment.approved_by_id and names_agreement(report, commitment.approved_by):
        parts.append(_("se aprobó mediante el acuerdo %(code)s") % {"code": commitment.approved_by.code})
    elif commitment.approved_by_id:
        parts.append(_("se aprobó por acuerdo del Secretariado"))
    percent = entry.percent_at_end
    if percent is None:
        parts.append(_("no tiene hitos registrados"))
    else:
        parts.append(_("su avance al %(date)s es de %(percent)s %% (promedio de sus hitos)") % {
            "date": long_date(report.end), "percent": percent})
    if commitment.is_example:
        parts.append(_("es un registro de ejemplo del portal"))
    return "; ".join(parts) + "."


def no_commitments_sentence(report, kind_label):
    return _("El registro no consigna compromisos %(kind)s %(institution)s aprobados al %(date)s.") % {
        "kind": kind_label, "institution": of(report.institution.short_label), "date": long_date(report.end)}


def nothing_in_period(report):
    return _("El registro no consigna actividad %(institution)s en %(stl)s durante el periodo %(period)s: "
             "ni sesiones a las que asistiera, ni compromisos, ni acuerdos a su cargo.") % {
        "institution": of(report.institution), "stl": with_article(short(report.stl)),
        "period": report.period_label}


def update_date(update):
    """The date of a progress update in the report's tables, «Por confirmar» when not confirmed."""
    return unconfirmed_short() if is_uncertain(update, "date") else long_date(update.date)


def version_date_confirmed(version):
    """A draft version's date is stated only when neither it nor its meeting's date is in doubt."""
    return not is_uncertain(version, "date") and not (version.drafted_in and is_uncertain(version.drafted_in, "date"))


_UNCERTAIN_WHAT = {
    # (model, date): the date in words, for the preliminary note and the annex
    ("membership", "start_date"): _lazy("inicio de la integración"),
    ("membership", "end_date"): _lazy("término de la integración"),
    ("commitment", "start_date"): _lazy("inicio del compromiso"),
    ("commitment", "end_date"): _lazy("término del compromiso"),
    ("milestoneupdate", "date"): _lazy("fecha del avance"),
    ("documentversion", "date"): _lazy("fecha de la versión"),
    ("session", "date"): _lazy("fecha de la sesión"),
    ("routephase", "planned_start"): _lazy("inicio previsto de la fase"),
    ("routephase", "planned_end"): _lazy("término previsto de la fase"),
}


def uncertain_record(item):
    """The record an uncertain date belongs to, named for a reader."""
    record = item.record
    if item.kind == "membership":
        who = record.institution.display_name if record.institution else (str(record.person or "") or record.label)
        return f"{record.label or record.seat or record.body}: {who}"
    if item.kind == "commitment":
        return f"«{record.title}»"
    if item.kind == "milestoneupdate":
        return _("Avance de %(percent)s %% del hito «%(milestone)s»") % {
            "percent": record.completion_percent, "milestone": record.milestone.title}
    if item.kind == "session":
        return f"{item.label or record.display_name} {of(short(record.body))}"
    if item.kind == "routephase":
        return _("Fase %(order)s de la ruta, «%(name)s»") % {"order": record.order, "name": record.name}
    if item.kind == "documentversion":
        return _("%(title)s, versión %(number)s") % {"title": record.document.title, "number": record.number}
    return str(record)


def uncertain_what(item):
    return capfirst(str(_UNCERTAIN_WHAT.get((item.kind, item.field), item.field)))


def uncertain_state(item):
    if item.certainty == DateCertainty.UNKNOWN:
        return _("Desconocida: el registro no la consigna")
    return _("Ilustrativa: no consta en los documentos; no se da por cierta")


def attendance_date(entry):
    return unconfirmed_short() if entry.illustrative else long_date(entry.session.date)


def unconfirmed_short():
    return _("Por confirmar")


def agreement_role_sentence(entry, agreement, roles, institution):
    name = institution.short_label
    if roles == ["proposed", "charged"]:
        what = _("propuesto por %(institution)s y a su cargo") % {"institution": with_article(name)}
    elif roles == ["proposed"]:
        what = _("propuesto por %(institution)s") % {"institution": with_article(name)}
    else:
        what = _("a cargo %(institution)s") % {"institution": of(name)}
    when = "" if entry.illustrative else _(" del %(date)s") % {"date": long_date(entry.session.date)}
    result = agreement.get_result_display().lower()
    return _("Acuerdo %(code)s, %(title)s (%(result)s), %(what)s; %(session)s%(when)s.") % {
        "code": agreement.code, "title": agreement.title, "result": result, "what": what,
        "session": entry.name, "when": when}


def phase_dates(phase):
    certainties = {date_certainty_of(phase, "planned_start"), date_certainty_of(phase, "planned_end")}
    if DateCertainty.UNKNOWN in certainties:
        return _("Previstas: por confirmar (el registro no las consigna)")
    if DateCertainty.ILLUSTRATIVE in certainties:
        return _("Previstas: por confirmar (el registro las marca como ilustrativas)")
    if phase.planned_start and phase.planned_end:
        return _("Previstas: del %(start)s al %(end)s") % {"start": long_date(phase.planned_start),
                                                            "end": long_date(phase.planned_end)}
    return _("Previstas: no constan")


def phase_state(phase):
    return {"done": _("Concluida"), "in_progress": _("En curso"), "pending": _("Pendiente")}[phase.state_at_end]


def place_and_date(report, today):
    text = report.text
    place = (text.place if text and text.place else "") or report.stl.jurisdiction
    day = text.document_date if text and text.document_date else today
    if place:
        return _("%(place)s, a %(date)s.") % {"place": place, "date": long_date(day)}
    return long_date(day) + "."


def preliminary_note(report):
    """Which dates are not confirmed: formal sessions by name, meetings and events counted per body."""
    named, counted = [], {}
    for session in report.illustrative_sessions:
        if session.is_formal:
            named.append(f"{session.display_name} {of(short(session.body))}")
        else:
            key = (session.kind, session.body_id)
            counted.setdefault(key, {"body": session.body, "kind": session.kind, "ids": set()})["ids"].add(session.pk)
    parts = [_("la fecha de la %(session)s") % {"session": name} for name in dict.fromkeys(named)]
    for item in counted.values():
        count = len(item["ids"])
        if item["kind"] == Session.Kind.WORKING_MEETING:
            what = quantity(count, _("reunión de trabajo"), _("reuniones de trabajo"), feminine=True)
        else:
            what = quantity(count, _("evento público"), _("eventos públicos"))
        parts.append(ngettext("la fecha de %(what)s %(body)s", "las fechas de %(what)s %(body)s", count) % {
            "what": what, "body": of(item["body"])})
    if report.illustrative_phases:
        parts.append(_("las fechas previstas de %(count)s de la ruta") % {
            "count": quantity(len(report.illustrative_phases), _("fase"), _("fases"), feminine=True)})
    others = report.other_uncertain_dates
    if others:
        parts.append(ngettext("%(count)s más (integraciones, compromisos, avances o versiones de documentos), "
                              "que se enumera en el anexo",
                              "%(count)s más (integraciones, compromisos, avances o versiones de documentos), "
                              "que se enumeran en el anexo", len(others)) % {
            "count": quantity(len(others), _("fecha"), _("fechas"), feminine=True)})
    dates = len(report.illustrative_sessions) + len(report.illustrative_phases) + len(others)
    if any(item.certainty == DateCertainty.UNKNOWN for item in report.uncertain_dates):
        return ngettext(
            "Versión preliminar. El registro no confirma %(what)s. Este informe no la da por cierta; "
            "confírmela en el portal antes de firmarlo.",
            "Versión preliminar. El registro no confirma %(what)s. Este informe no las da por ciertas; "
            "confírmelas en el portal antes de firmarlo.", dates) % {"what": join_list(parts)}
    return ngettext(
        "Versión preliminar. El registro marca como ilustrativa, no confirmada, %(what)s. Este informe no "
        "la da por cierta; confírmela en el portal antes de firmarlo.",
        "Versión preliminar. El registro marca como ilustrativas, no confirmadas, %(what)s. Este informe no "
        "las da por ciertas; confírmelas en el portal antes de firmarlo.", dates) % {"what": join_list(parts)}
