"""Staff edit their STL's identity in the panel (/panel/secretariado/identidad/)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.helpers import png_bytes
from workgroups.models import Body, SocialLink

pytestmark = pytest.mark.django_db
URL = reverse("panel:stl_identity")


def form_data(stl, **overrides):
    data = {
        "name": stl.name, "short_name": stl.short_name, "accent": "verde",
        "contact_email": "contacto@stl.example.org", "contact_phone": "722 123 4567",
        "contact_address": "Toluca", "revision_seen": stl.revision,
        "redes-TOTAL_FORMS": "1", "redes-INITIAL_FORMS": "0", "redes-MIN_NUM_FORMS": "0",
        "redes-MAX_NUM_FORMS": "12",
        "redes-0-network": "facebook", "redes-0-url": "https://www.facebook.com/stl", "redes-0-order": "1",
    }
    data.update(overrides)
    return data


def test_the_ladder(client, login, world, other_world):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/cuentas/entrar/")
    for account in (world.ieem_member, world.infoem_member, world.facilitator):
        assert login(account).get(URL).status_code == 403
        assert login(account).post(URL, form_data(world.stl)).status_code == 403
    assert Body.objects.get(pk=world.stl.pk).accent == "guinda"
    assert login(world.staff).get(URL).status_code == 200
    # Staff of another STL edit their own STL, never this one.
    response = login(other_world.staff).post(URL, form_data(other_world.stl))
    assert response.status_code == 302
    assert Body.objects.get(pk=other_world.stl.pk).accent == "verde"
    assert Body.objects.get(pk=world.stl.pk).accent == "guinda"


def test_staff_save_the_identity_with_a_logo_and_the_history_names_them(login, world):
    data = form_data(world.stl, logo=SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"))
    response = login(world.staff).post(URL, data)
    assert response.status_code == 302
    stl = Body.objects.get(pk=world.stl.pk)
    assert stl.accent == "verde" and stl.contact_email == "contacto@stl.example.org" and stl.logo
    assert stl.history.first().history_user == world.staff.user
    link = SocialLink.objects.get(stl=stl)
    assert link.url == "https://www.facebook.com/stl" and link.history.first().history_user == world.staff.user
    html = login(world.staff).get("/").content.decode()
    assert "https://www.facebook.com/stl" in html and "stl-accent-verde" in html


@pytest.mark.parametrize("overrides, message", [
    ({"logo": SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")},
     "No se aceptan imágenes SVG"),
    ({"logo": SimpleUploadedFile("logo.png", b"<html>no</html>", "image/png")}, "no es un PNG, JPEG válido"),
    ({"redes-0-url": "https://evil.example/stl"}, "Esa dirección no es de Facebook."),
    ({"redes-0-url": "http://www.facebook.com/stl"}, "La dirección debe empezar con «https://»."),
    ({"contact_phone": "<script>"}, "Escriba el teléfono con números"),
    ({"accent": "rosa-chillante"}, "Seleccione una opción válida"),
])
def test_bad_input_is_refused_in_spanish_and_changes_nothing(login, world, overrides, message):
    history = world.stl.history.count()
    response = login(world.staff).post(URL, form_data(world.stl, **overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    stl = Body.objects.get(pk=world.stl.pk)
    assert stl.accent == "guinda" and not stl.logo and not stl.contact_email
    assert stl.history.count() == history and not SocialLink.objects.exists()


def test_a_stale_form_is_refused(login, world):
    login(world.staff).post(URL, form_data(world.stl))
    response = login(world.staff).post(URL, form_data(world.stl, accent="azul"))  # the old revision
    assert response.status_code == 200
    assert Body.objects.get(pk=world.stl.pk).accent == "verde"
