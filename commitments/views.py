from django.shortcuts import get_object_or_404, render

from .models import ActionPlan, Axis, Commitment


def commitment_list(request):
    commitments = Commitment.objects.published().select_related("axis", "lead_institution")
    return render(request, "commitments/commitment_list.html", {"commitments": commitments})


def commitment_detail(request, identifier):
    commitment = get_object_or_404(
        Commitment.objects.published().select_related("axis", "lead_institution", "approved_by__session"),
        identifier=identifier,
    )
    return render(request, "commitments/commitment_detail.html", {"commitment": commitment})


def axis_detail(request, identifier):
    axis = get_object_or_404(Axis.objects.public().select_related("lead_institution"), identifier=identifier)
    return render(request, "commitments/axis_detail.html", {
        "axis": axis, "commitments": axis.commitments.published()})


def plan_detail(request, identifier):
    plan = get_object_or_404(ActionPlan, identifier=identifier)
    return render(request, "commitments/actionplan_detail.html", {
        "plan": plan, "phases": plan.route_phases.all(), "axes": plan.axes.public()})
