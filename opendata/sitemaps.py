"""sitemap.xml: every public page (django.contrib.sitemaps), built from the public querysets."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cocreation.models import Consultation
from commitments.models import ActionPlan, Axis, Commitment
from sessions.models import Agreement, Document, Session
from workgroups.models import Body


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

    def items(self):
        return self.queryset().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


def _sitemap(name, queryset_function):
    return type(name, (RecordSitemap,), {"queryset": staticmethod(queryset_function)})


SITEMAPS = {
    "paginas": PagesSitemap,
    "compromisos": _sitemap("CommitmentSitemap", lambda: Commitment.objects.published()),
    "sesiones": _sitemap("SessionSitemap", lambda: Session.objects.public()),
    "acuerdos": _sitemap("AgreementSitemap", lambda: Agreement.objects.public()),
    "documentos": _sitemap("DocumentSitemap", lambda: Document.objects.public()),
    "ejes": _sitemap("AxisSitemap", lambda: Axis.objects.public()),
    "planes": _sitemap("PlanSitemap", lambda: ActionPlan.objects.all()),
    "organos": _sitemap("BodySitemap", lambda: Body.objects.all()),
    "consultas": _sitemap("ConsultationSitemap", lambda: Consultation.objects.public()),
}
