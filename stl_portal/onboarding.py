"""A new STL with everything it needs to start, shared by ``manage.py onboard_stl`` and the admin's
«Dar de alta un secretariado» (``stl_portal/admin_onboarding.py``): the institution of its first
staff person (an existing one, or a new guarantor body), ``workgroups.onboarding.onboard_stl`` (the
STL, its operational group and seats, the staff account invited by e-mail) and, when named, an
empty action plan in construction. One transaction: a refusal writes nothing."""

from django.core.exceptions import ValidationError
from django.db import transaction

from commitments.models import ActionPlan
from workgroups.models import Institution
from workgroups.onboarding import onboard_stl


def _saved(instance, reason):
    instance._change_reason = reason
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def onboard(*, name, short_name, jurisdiction, identifier="", session_prefix="STL", institution=None,
            new_institution_name="", new_institution_acronym="", staff_username, staff_email, staff_name,
            plan_name="", plan_start=None, plan_end=None, base_url, reason):
    """Returns ``(onboarded, plan or None)``; raises ValidationError (Spanish) and writes nothing."""
    if institution is None:
        try:
            institution = _saved(Institution(name=new_institution_name, acronym=new_institution_acronym,
                                              kind=Institution.Kind.GUARANTOR), reason)
        except ValidationError as error:
            raise ValidationError({"new_institution_name": error.messages}) from error
    done = onboard_stl(name=name, short_name=short_name, jurisdiction=jurisdiction, identifier=identifier,
                       session_prefix=session_prefix, staff_username=staff_username, staff_email=staff_email,
                       staff_name=staff_name, institution=institution, base_url=base_url, reason=reason)
    plan = None
    if plan_name:
        try:
            plan = _saved(ActionPlan(stl=done.stl, name=plan_name, start_year=plan_start, end_year=plan_end),
                          reason)
        except ValidationError as error:
            raise ValidationError({"plan_name": error.messages}) from error
    return done, plan
