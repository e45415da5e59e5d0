"""The visitor's side of e-mail alerts, at /avisos/ (never cached: outside the page cache's public
prefixes). Nothing here shows an address back."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from commitments.models import Axis, Commitment
from workgroups.models import Body

from . import subscribing
from .forms import SubscribeForm
from .models import Subscription
from .throttling import allow_request

TARGETS = {
    # query parameter → (field of Subscription, public queryset)
    "compromiso": ("commitment", lambda: Commitment.objects.published().select_related("axis", "plan__stl")),
    "eje": ("axis", lambda: Axis.objects.public().select_related("plan__stl")),
    "stl": ("stl", lambda: Body.objects.stls()),
}


def find_target(params):
    for param, (field, queryset) in TARGETS.items():
        identifier = params.get(param)
        if identifier:
            target = queryset().filter(identifier=identifier).first()
            if target is None:
                raise Http404
            return param, field, target
    raise Http404


def target_of(field, target):
    return Subscription(**{field: target}).target_of


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    param, field, target = find_target(request.GET)
    form = SubscribeForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "target": target, "label": target_of(field, target), "param": param}
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if not allow_request(request, email):
            context["throttled"] = True
            return render(request, "alerts/subscribe.html", context, status=429)
        subscribing.request_subscription(email, **{field: target})
        context["sent"] = True
    return render(request, "alerts/subscribe.html", context)


def _pending(token):
    subscription = (Subscription.objects.select_related("subscriber", "stl", "axis", "commitment")
                    .filter(token=token).first())
    if subscription is None or subscription.is_expired():
        return None
    return subscription


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_subscription(request, token):
    subscription = _pending(token)
    if subscription is None:
        return render(request, "alerts/confirm.html", {"invalid": True}, status=404)
    if request.method == "POST" and subscription.confirmed_at is None:
        subscribing.confirm(subscription)
        return render(request, "alerts/confirm.html", {"subscription": subscription, "done": True})
    # A mail scanner that follows the link only reads this page; a person presses the button.
    return render(request, "alerts/confirm.html", {"subscription": subscription,
                                                    "done": subscription.confirmed_at is not None})


# RFC 8058: a mail client posts "List-Unsubscribe=One-Click" to this address without any page or
# cookie, so it cannot carry a CSRF token; the secret token in the URL is the proof.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        removed = subscribing.unsubscribe(token)
        return render(request, "alerts/unsubscribe.html", {"done": True, "removed": removed})
    subscription = Subscription.objects.select_related("stl", "axis", "commitment").filter(token=token).first()
    known = subscription is not None or subscribing.Subscriber.objects.filter(token=token).exists()
    return render(request, "alerts/unsubscribe.html", {"subscription": subscription, "known": known})
