"""Atom feeds: new agreements, and updates of published commitments."""

import datetime
import zoneinfo

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from core.public import public_file
from sessions.models import Agreement
from workgroups.sites import in_site

ITEMS = 50


def site_title(request, title):
    """The feed's title, with the STL's short name on an STL's own site."""
    stl = getattr(request, "stl", None)
    return f"{title} — {stl.stl_label}" if stl is not None else str(title)


class AgreementFeed(Feed):
    feed_type = Atom1Feed
    base_title = _("Nuevos acuerdos del Secretariado Técnico Local")
    subtitle = _("Acuerdos adoptados en las sesiones públicas.")
    link = reverse_lazy("public:agreement_list")

    def get_object(self, request, *args, **kwargs):
        return request  # the STL's site (request.stl) cuts the items

    def title(self, request):
        return site_title(request, self.base_title)

    def items(self, request):
        return in_site(Agreement.objects.public(), request, "session__body").select_related(
            "session", "session__body__parent").order_by("-session__date", "-number", "-pk")[:ITEMS]

    def item_title(self, item):
        return f"{item.code}: {item.title} ({item.session.body.stl_label})"

    def item_description(self, item):
        return item.text

    def item_pubdate(self, item):
        # An agreement is new on the day of its session (noon, Mexico City).
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        return datetime.datetime.combine(item.session.date, datetime.time(12), tzinfo=zone)

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [str(item.session.body), item.session.body.stl_label]


class CommitmentFeed(Feed):
    feed_type = Atom1Feed
    base_title = _("Actualizaciones de los compromisos publicados")
    subtitle = _("Compromisos publicados, del más recientemente actualizado al más antiguo.")
    link = reverse_lazy("public:commitment_list")

    def get_object(self, request, *args, **kwargs):
        return request

    def title(self, request):
        return site_title(request, self.base_title)

    def items(self, request):
        return in_site(Commitment.objects.published(), request, "plan__stl", via_body=False).select_related(
            "axis", "lead_institution", "plan__stl").order_by("-updated_at", "-pk")[:ITEMS]

    def item_title(self, item):
        return f"{item.title} ({item.plan.stl.stl_label})"

    def item_categories(self, item):
        return [item.plan.stl.stl_label]

    def item_description(self, item):
        return _("%(axis)s · %(institution)s · cumplimiento: %(completion)s. %(objective)s") % {
            "axis": item.axis, "institution": item.lead_institution,
            "completion": item.get_completion_display(), "objective": item.objective}

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_guid(self, item):
        return f"{item.identifier}:{item.updated_at.isoformat()}"

    def item_guid_is_permalink(self, item):
        return False


agreement_feed = public_file(AgreementFeed())
commitment_feed = public_file(CommitmentFeed())
