"""Atom feeds: new agreements, and updates of published commitments. Each carries the identity of
the STL it speaks for (``workgroups/identity.py``): its name in the title and as author, its logo
as the feed's logo and icon; on a national page of several STLs, the portal's name and each
agreement's code with its STL."""

import datetime
import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from commitments.models import Commitment
from core.certainty import DateCertainty
from core.public import public_file
from sessions.models import Agreement
from workgroups.identity import current_stl, logo_url, several_stls_in_view
from workgroups.sites import in_site, record_url

ITEMS = 50


class IdentityAtomFeed(Atom1Feed):
    """Atom with the feed's ``logo`` and ``icon`` (RFC 4287 §4.2.8, §4.2.5)."""

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for name in ("icon", "logo"):
            if self.feed.get(name):
                handler.addQuickElement(name, self.feed[name])


@dataclass
class FeedSubject:
    """Whom a feed speaks for: the STL (or None) and whether several STLs' records are in it."""

    stl: object
    several: bool
    logo: str = ""
    request: object = None


class IdentityFeed(Feed):
    feed_type = IdentityAtomFeed
    plain_title = ""

    def get_object(self, request, *args, **kwargs):
        stl = current_stl(request)
        url = logo_url(stl)
        return FeedSubject(stl=stl, several=several_stls_in_view(request),
                           logo=request.build_absolute_uri(url) if url else "", request=request)

    def title(self, subject):
        if subject.stl is None:
            return str(self.plain_title)
        return _("%(title)s · %(stl)s") % {"title": self.plain_title, "stl": subject.stl.name}

    def author_name(self, subject):
        return subject.stl.name if subject.stl is not None else settings.PORTAL_NAME

    def feed_extra_kwargs(self, subject):
        return {"logo": subject.logo, "icon": subject.logo}

    def item_link(self, item):
        return item.site_link  # set by items(): on a national feed, the record on its STL's site


class AgreementFeed(IdentityFeed):
    plain_title = _("Nuevos acuerdos del Secretariado Técnico Local")
    subtitle = _("Acuerdos adoptados en las sesiones públicas.")
    link = reverse_lazy("public:agreement_list")

    def items(self, subject=None):
        items = list(in_site(Agreement.objects.public(), subject.request, "session__body").select_related("session", "session__body__parent").order_by(
            "-session__date", "-number", "-pk")[:ITEMS])
        for item in items:
            item.show_stl = bool(subject and subject.several)
            item.site_link = record_url(subject.request, item)
        return items

    def item_title(self, item):
        code = item.code_with_stl if getattr(item, "show_stl", False) else item.code
        return f"{code}: {item.title}"

    def item_description(self, item):
        return item.text

    def item_pubdate(self, item):
        # An agreement is new on the day of its session (noon, Mexico City); a session whose date nobody
        # knows states no day: the agreement is new when it was last written.
        if item.session.date_certainty == DateCertainty.UNKNOWN:
            return item.updated_at
        zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
        return datetime.datetime.combine(item.session.date, datetime.time(12), tzinfo=zone)

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [str(item.session.body), item.session.body.stl_label]


class CommitmentFeed(IdentityFeed):
    plain_title = _("Actualizaciones de los compromisos publicados")
    subtitle = _("Compromisos publicados, del más recientemente actualizado al más antiguo.")
    link = reverse_lazy("public:commitment_list")

    def items(self, subject):
        items = list(in_site(Commitment.objects.published(), subject.request, "plan__stl", via_body=False)
                     .select_related("axis", "lead_institution", "plan__stl").order_by("-updated_at", "-pk")[:ITEMS])
        for item in items:
            item.show_stl = subject.several
            item.site_link = record_url(subject.request, item)
        return items

    def item_title(self, item):
        return f"{item.title} ({item.plan.stl.stl_label})" if item.show_stl else item.title

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
