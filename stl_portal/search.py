"""/buscar/: one search over the public commitments, agreements, sessions and documents.

Each kind is searched with ``core.search.search`` (PostgreSQL full text in Spanish, or the stems
stored for SQLite) from its public queryset only, ranked, and shown with the words found marked.
With ``tipo`` the page lists one kind, paged; without it, the best few of each kind and how many
there are. The number of queries does not grow with the data: a count and a page per kind.
"""

from urllib.parse import urlencode

from django import forms
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from commitments.views import LONG_TEXT
from core.public import paginate
from core.search import MAX_TERMS, by_title, highlight, query_terms, search
from sessions.models import Agreement, Document, Session

PREVIEW = 5

KINDS = {
    "compromisos": {
        "label": _("Compromisos"),
        "queryset": lambda: Commitment.objects.published().select_related("axis", "lead_institution", "plan")
        .defer(*[f for f in LONG_TEXT if f not in ("public_problem", "objective", "solution")]),
        "excerpt": ("public_problem", "objective", "solution"),
    },
    "acuerdos": {
        "label": _("Acuerdos"),
        "queryset": lambda: Agreement.objects.public().select_related("session__body__parent"),
        "excerpt": ("text",),
    },
    "sesiones": {
        "label": _("Sesiones y reuniones"),
        "queryset": lambda: Session.objects.public().select_related("body"),
        "excerpt": ("summary",),
    },
    "documentos": {
        "label": _("Documentos"),
        "queryset": lambda: Document.objects.public().select_related("body"),
        "excerpt": ("description",),
    },
}


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search"}),
                        help_text=_("Sin importar acentos ni mayúsculas; «participación» también encuentra "
                                    "«participacion» y «PARTICIPACIÓN»."))
    tipo = forms.ChoiceField(label=_("En"), required=False,
                             choices=[("", _("Todo"))] + [(key, kind["label"]) for key, kind in KINDS.items()])


def _excerpt_source(record, names, terms):
    """The first of ``names`` whose text holds a word found, else the first that has text."""
    texts = [getattr(record, name) or "" for name in names]
    for text in texts:
        if "<mark>" in highlight(text, terms):
            return text
    return next((text for text in texts if text), "")


def search_page(request):
    form = SearchForm(request.GET or None)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    q = (data.get("q") or "").strip()
    terms = query_terms(q)
    only = data.get("tipo") or ""
    results, page, query = [], None, ""
    if terms:
        for key, kind in KINDS.items():
            if only and key != only:
                continue
            found = search(kind["queryset"](), q).order_by("-rank", by_title(), "pk")
            if only:
                page, query = paginate(request, found)
                records, count = list(page.object_list), page.paginator.count
            else:
                records = list(found[:PREVIEW])
                count = found.count()
            for record in records:
                record.search_excerpt = _excerpt_source(record, kind["excerpt"], terms)
            more_url = None
            if count > len(records) and not only:
                more_url = f"{reverse('public:search')}?{_query(q, key)}"
            results.append({"key": key, "label": kind["label"], "records": records, "count": count,
                            "more_url": more_url})
    return render(request, "public/search.html", {
        "form": form, "q": q, "terms": terms, "only": only, "results": results, "page": page,
        "query": query, "total": sum(group["count"] for group in results),
        "too_many_words": len(q.split()) > MAX_TERMS, "nothing_to_search": bool(q) and not terms,
    })


def _query(q, kind):
    return urlencode({"q": q, "tipo": kind})
