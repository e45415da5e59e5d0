"""``{% commitment_cocreation commitment %}``: on a commitment's public page, the IRM assessments
and the citizen proposals it came from (the commitments app knows nothing of co-creation)."""

from django import template

from workgroups.models import Institution

from ..models import Assessment, Input

register = template.Library()


@register.inclusion_tag("cocreation/_commitment_cocreation.html")
def commitment_cocreation(commitment):
    # An institution that ended and passed this commitment on to its successor: the page says who
    # led it until when (the commitment's own history holds the old lead).
    predecessors = list(Institution.objects.filter(successor_id=commitment.lead_institution_id).filter(
        pk__in=commitment.history.values("lead_institution_id")).order_by("ended_on"))
    return {
        "commitment": commitment, "predecessors": predecessors,
        "assessments": list(Assessment.objects.filter(commitment=commitment).order_by("assessed_on", "pk")),
        "origins": list(Input.objects.public().filter(resulting_commitment=commitment,
                                                      moderation=Input.Moderation.VISIBLE)
                        .select_related("consultation").order_by("submitted_at", "pk")),
    }
