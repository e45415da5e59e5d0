"""``{% commitment_cocreation commitment %}``: on a commitment's public page, the IRM assessments
and the citizen proposals it came from (the commitments app knows nothing of co-creation)."""

from django import template

from ..models import Assessment, Input

register = template.Library()


@register.inclusion_tag("cocreation/_commitment_cocreation.html")
def commitment_cocreation(commitment):
    return {
        "commitment": commitment,
        "assessments": list(Assessment.objects.filter(commitment=commitment).order_by("assessed_on", "pk")),
        "origins": list(Input.objects.public().filter(resulting_commitment=commitment,
                                                      moderation=Input.Moderation.VISIBLE)
                        .select_related("consultation").order_by("submitted_at", "pk")),
    }
