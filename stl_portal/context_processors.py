from django.conf import settings
from django.utils.functional import SimpleLazyObject


def portal(request):
    """The portal's name, and the logged-in person's STL account for the header (looked up only
    when a template asks, so anonymous pages make no query for it)."""

    def account():
        from workgroups.access import account_for

        return getattr(request, "account", None) or account_for(getattr(request, "user", None))

    return {"PORTAL_NAME": settings.PORTAL_NAME, "nav_account": SimpleLazyObject(account)}
