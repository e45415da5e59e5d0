"""An STL's identity: its logo (checked like every upload), accent colour, contact and social links,
shown in the public header and footer, the feeds, the calendars and the PDFs."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from icalendar import Calendar

from tests.helpers import png_bytes
from workgroups.context_processors import stl_identity
from workgroups.identity import pdf_identity
from workgroups.models import Accent, Body, SocialLink

CSS = Path(settings.BASE_DIR, "static", "css", "portal.css").read_text(encoding="utf-8")


def with_identity(stl):
    stl.logo.save("cualquier-nombre.png", ContentFile(png_bytes()), save=False)
    stl.contact_email = "contacto@stl-prueba.example.org"
    stl.contact_phone = "+52 722 123 4567"
    stl.contact_address = "Av. Independencia 100, Toluca"
    stl.accent = Accent.MORADO
    stl.save()
    SocialLink.objects.create(stl=stl, network=SocialLink.Network.X, url="https://x.com/stl_prueba")
    return stl


# The logo upload ------------------------------------------------------------------------------------

def upload(content, name="logo.png"):
    return SimpleUploadedFile(name, content, content_type="image/png")


@pytest.mark.django_db
@pytest.mark.parametrize("content, message", [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "No se aceptan imágenes SVG"),
    (b"<html><script>alert(1)</script></html>", "no es un PNG, JPEG válido"),
    (b"\x89PNG\r\n\x1a\n" + b"no es una imagen" * 10, "La imagen está dañada"),
    (b"", "El archivo está vacío"),
])
def test_a_bad_logo_is_refused_with_a_spanish_message_and_changes_nothing(world, content, message):
    stl = Body.objects.get(pk=world.stl.pk)
    revision, history = stl.revision, stl.history.count()
    stl.logo = upload(content)
    with pytest.raises(ValidationError) as error:
        stl.full_clean()
    assert message in " ".join(error.value.message_dict["logo"])
    stored = Body.objects.get(pk=stl.pk)
    assert not stored.logo and stored.revision == revision and stored.history.count() == history


@pytest.mark.django_db
def test_a_logo_over_one_megabyte_is_refused(world):
    stl = Body.objects.get(pk=world.stl.pk)
    stl.logo = upload(b"\x89PNG\r\n\x1a\n" + b"0" * (1024 * 1024 + 1))
    with pytest.raises(ValidationError) as error:
        stl.full_clean()
    assert "el máximo es 1 MB" in " ".join(error.value.message_dict["logo"])


@pytest.mark.django_db
def test_a_good_logo_is_stored_under_a_generated_name_and_served_as_an_image(client, world):
    stl = Body.objects.get(pk=world.stl.pk)
    stl.logo = upload(png_bytes(), name="../../mi logo.html")
    stl.full_clean()
    stl.save()
    assert re.fullmatch(r"logotipos/[0-9a-f]{32}\.png", stl.logo.name)
    response = client.get(f"/organos/{stl.identifier}/logotipo")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content == png_bytes()
    # A body that is not an STL, or an STL without a logo, has none.
    assert client.get(f"/organos/{world.group.identifier}/logotipo").status_code == 404


@pytest.mark.django_db
def test_a_stored_file_that_is_not_an_image_is_never_served(client, world):
    stl = world.stl
    stl.logo.save("x.png", ContentFile(b"<html><script>alert(1)</script></html>"))
    assert client.get(f"/organos/{stl.identifier}/logotipo").status_code == 404


# Accent colours and social links ----------------------------------------------------------------------

def contrast(first, second):
    def luminance(colour):
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        channels = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * channels[0] + 0.7152 * channels[1] + 0.0722 * channels[2]

    high, low = sorted([luminance(first), luminance(second)], reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("accent", Accent.values)
def test_every_accent_is_a_token_of_the_stylesheet_with_aa_contrast(accent):
    token = re.search(rf"--stl-accent-{accent}: (#[0-9a-f]{{6}});", CSS)
    assert token, f"portal.css has no --stl-accent-{accent}"
    assert contrast(token.group(1), "#ffffff") >= 4.5
    assert contrast(token.group(1), "#f3f5f7") >= 4.5  # --soft
    assert f".stl-accent-{accent} {{ --accent: var(--stl-accent-{accent});" in CSS


@pytest.mark.django_db
@pytest.mark.parametrize("network, url, code", [
    ("x", "http://x.com/stl", "not_https"),
    ("facebook", "https://facebook.com.evil.example/stl", "wrong_host"),
    ("instagram", "https://x.com/stl", "wrong_host"),
    ("x", "javascript:alert(1)", "invalid"),
])
def test_a_social_link_must_be_https_on_its_network(world, network, url, code):
    link = SocialLink(stl=world.stl, network=network, url=url)
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert code in [e.code for e in error.value.error_dict["url"]]


@pytest.mark.django_db
def test_good_social_links_pass_and_only_an_stl_has_them(world):
    SocialLink(stl=world.stl, network="facebook", url="https://www.facebook.com/stl").full_clean()
    SocialLink(stl=world.stl, network="mastodon", url="https://mastodon.social/@stl").full_clean()
    with pytest.raises(ValidationError):
        SocialLink(stl=world.group, network="x", url="https://x.com/stl").full_clean()


# Pages, feeds, calendars ------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_public_header_and_footer_carry_the_stl_identity(client, world):
    stl = with_identity(world.stl)
    html = client.get("/").content.decode()
    header = html[html.index('<header'):html.index('</header>')]
    assert stl.short_name in header and stl.name in header
    assert f'src="/organos/{stl.identifier}/logotipo?v=' in header
    assert 'class="stl-accent-morado"' in html
    footer = html[html.index('<footer'):]
    assert "mailto:contacto@stl-prueba.example.org" in footer
    assert "tel:+527221234567" in footer and "Av. Independencia 100, Toluca" in footer
    assert 'href="https://x.com/stl_prueba"' in footer


@pytest.mark.django_db
def test_with_two_stls_a_national_page_speaks_for_none_and_a_page_of_one_stl_for_it(client, world, other_world):
    with_identity(world.stl)
    html = client.get("/").content.decode()
    header = html[html.index('<header'):html.index('</header>')]
    assert world.stl.short_name not in header and settings.PORTAL_NAME in header
    assert "contacto@stl-prueba.example.org" not in html
    # The per-STL site's middleware sets request.stl; the identity follows it.
    request = RequestFactory().get("/")
    request.stl = other_world.stl
    context = stl_identity(request)
    assert context["stl_identity"].name == other_world.stl.name
    assert not context["stl_several"]
    request = RequestFactory().get("/")
    assert not stl_identity(request)["stl_identity"] and stl_identity(request)["stl_several"]


@pytest.mark.django_db
def test_the_feeds_carry_the_stl_name_and_logo(client, world):
    stl = with_identity(world.stl)
    for address in ("/acuerdos/canal.atom", "/compromisos/canal.atom"):
        text = client.get(address).content.decode()
        assert re.search(rf"<title>[^<]*· {re.escape(stl.name)}</title>", text), text[:400]
        assert f"<author><name>{stl.name}</name></author>" in text
        assert re.search(rf"<logo>http://testserver/organos/{stl.identifier}/logotipo\?v=\w+</logo>", text)
        assert "<icon>http://testserver/organos/" in text


@pytest.mark.django_db
def test_the_calendar_carries_the_stl_name_and_its_organizer(client, world):
    from tests.public.conftest import build_public_record

    stl = with_identity(world.stl)
    build_public_record(world)
    calendar = Calendar.from_ical(client.get("/calendario.ics").content)
    assert stl.short_name in str(calendar["x-wr-calname"])
    event = calendar.walk("VEVENT")[0]
    assert str(event["organizer"]) == "mailto:contacto@stl-prueba.example.org"
    assert event["organizer"].params["cn"] == stl.name


@pytest.mark.django_db
def test_the_open_data_publishes_the_stl_identity_and_describes_it_in_spanish(client, world, settings):
    settings.STL_PUBLIC_URL = "https://portal.example.org"
    stl = with_identity(world.stl)
    record = client.get("/datos/registro-publico.json").json()
    own = next(body for body in record["bodies"] if body["id"] == stl.identifier)
    logo = own["logo"]
    assert re.fullmatch(rf"https://portal\.example\.org/organos/{stl.identifier}/logotipo\?v=\w+", logo)
    assert client.get(logo.removeprefix("https://portal.example.org")).status_code == 200  # the portal serves it
    assert own["social_links"] == [{"network": "x", "url": "https://x.com/stl_prueba", "order": 0}]
    assert next(body for body in record["bodies"] if body["id"] == world.group.identifier)["logo"] is None
    links = read_rows(client.get("/datos/bodies-social_links.csv"))
    assert links[1][:3] == [stl.identifier, "x", "https://x.com/stl_prueba"]
    dictionary = client.get("/datos/bodies/").content.decode()
    assert "Logotipo" in dictionary and "null si el secretariado no tiene logotipo" in dictionary
    popolo = client.get("/datos/popolo/organizations.json").json()
    organization = next(item for item in popolo["organizations"] if item["id"] == stl.identifier)
    assert organization["image"] == logo
    assert {"type": "voice", "value": "+52 722 123 4567"} in organization["contact_details"]


def read_rows(response):
    import csv

    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")
                                       if response.streaming else response.content.decode("utf-8-sig"))))


# PDFs ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_the_minutes_pdf_carries_the_stl_name_and_logo(world):
    from pypdf import PdfReader

    from core.pdf import render_pdf
    from sessions.jobs import minutes_html
    from tests.public.conftest import build_public_record

    stl = with_identity(world.stl)
    record = build_public_record(world)
    context, attachments = pdf_identity(stl)
    assert list(attachments) == ["logotipo.png"] and attachments["logotipo.png"] == png_bytes()
    html = minutes_html(record.session)
    assert context["pdf_logo_url"] in html
    reader = PdfReader(io.BytesIO(render_pdf(html, attachments=attachments)))
    first = reader.pages[0]
    assert stl.name in first.extract_text()
    assert len(first.images) == 1


def test_the_pdf_fetcher_serves_only_the_attachments_it_was_given():
    from core.pdf import STATIC_BASE, attachment_url, make_fetcher

    fetcher = make_fetcher([], "/static/", {"logotipo.png": png_bytes()})
    response = fetcher(attachment_url("logotipo.png"))
    assert response.read() == png_bytes() and response.content_type == "image/png"
    for url in (attachment_url("otro.png"), attachment_url("../../etc/passwd"), "file:///etc/passwd",
                f"{STATIC_BASE}/media/logotipos/x.png"):
        with pytest.raises(ValueError):
            fetcher(url)


def test_render_pdf_refuses_odd_attachment_names():
    from core.pdf import render_pdf

    with pytest.raises(ValueError):
        render_pdf("<p>x</p>", attachments={"../x.png": b"x"})


@pytest.mark.django_db
def test_the_demo_stl_has_a_logo_and_contact_shown_and_in_the_open_data(client, demo_record):
    import json

    from opendata import format as opendata

    stl = Body.objects.get(identifier="stl-edomex")
    assert stl.logo.name.startswith("logotipos/") and stl.contact_email == "contacto@stl-edomex.example.org"
    html = client.get("/").content.decode()
    assert f"/organos/{stl.identifier}/logotipo?v=" in html
    assert "contacto@stl-edomex.example.org" in html and 'href="https://stl-edomex.example.org"' in html
    exported = json.loads(opendata.dumps(opendata.export_document(public=True)))
    body = next(b for b in exported["bodies"] if b["id"] == "stl-edomex")
    assert body["contact_email"] == "contacto@stl-edomex.example.org" and body["accent"] == "guinda"
