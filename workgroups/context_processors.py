from django.utils.functional import SimpleLazyObject

from .identity import identity_of, several_stls_in_view


def stl_identity(request):
    """``stl_identity``: the identity of the STL the page speaks for (``workgroups/identity.py``), or
    None on a national page; ``stl_several``: records of several STLs may be in view, so codes and
    sub-bodies are shown with their STL (``sessions/_agreement_code.html``). Each is looked up only
    when a template reads it."""
    from .identity import current_stl

    return {
        "stl_identity": SimpleLazyObject(lambda: identity_of(current_stl(request))),
        "stl_several": SimpleLazyObject(lambda: several_stls_in_view(request)),
    }
