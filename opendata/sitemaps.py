"""sitemap.xml: every public page (django.contrib.sitemaps), built from the public querysets; on an
STL's own site (``request.stl``), that STL's pages only, at its own addresses."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap as sitemap_view
from django.urls import reverse

from cocreation.models import Consultation
from commitments.models import ActionPlan, Axis, Commitment
from sessions.models import Agreement, Document, Session
from workgroups.models import Body
from workgroups.sites import for_stl, record_url


class PagesSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["public:home", "public:commitment_list", "public:session_list", "public:agreement_list",
                "public:document_list", "public:axis_list", "public:plan_list", "public:body_list",
                "public:opendata", "public:consultation_list"]

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    queryset = None
    request = None
    stl = None
    lookup = None
    via_body = True

    def items(self):
        records = self.queryset()
        if self.stl is not None:
            records = records.filter(for_stl(self.stl, self.lookup, self.via_body))
        elif self.lookup not in ("", "stl"):
            records = records.select_related(self.lookup.removesuffix("__stl"))  # each record's STL, for its address
        return records.order_by("pk")

    def lastmod(self, item):
        return item.updated_at

    def location(self, item):
        # The national sitemap lists each record on its STL's site, by path (a sitemap names its own
        # host only, so an STL's own host name is left to that host's sitemap).
        return record_url(self.request, item, hosts=False)


def _sitemap(name, queryset_function, lookup, via_body=True):
    return type(name, (RecordSitemap,), {"queryset": staticmethod(queryset_function), "lookup": lookup,
                                         "via_body": via_body})


SITEMAPS = {
    "paginas": PagesSitemap,
    "compromisos": _sitemap("CommitmentSitemap", lambda: Commitment.objects.published(), "plan__stl", False),
    "sesiones": _sitemap("SessionSitemap", lambda: Session.objects.public(), "body"),
    "acuerdos": _sitemap("AgreementSitemap", lambda: Agreement.objects.public(), "session__body"),
    "documentos": _sitemap("DocumentSitemap", lambda: Document.objects.public(), "body"),
    "ejes": _sitemap("AxisSitemap", lambda: Axis.objects.public(), "plan__stl", False),
    "planes": _sitemap("PlanSitemap", lambda: ActionPlan.objects.all(), "stl", False),
    "organos": _sitemap("BodySitemap", lambda: Body.objects.all(), ""),
    "consultas": _sitemap("ConsultationSitemap", lambda: Consultation.objects.public(), "stl", False),
}


def sitemap(request):
    """The sitemap of this site: every STL's pages on the national one, one STL's on its own."""
    stl = getattr(request, "stl", None)
    sitemaps = {key: type(cls.__name__, (cls,), {"stl": stl, "request": request}) for key, cls in SITEMAPS.items()}
    return sitemap_view(request, sitemaps=sitemaps)
