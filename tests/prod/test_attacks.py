"""What an attacker tries against what exists today: forged POSTs, script in text fields, an old
session cookie, and garbage in query strings and forms. Each answers a 4xx or a form error, never a
500, and changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session as LoginSession
from django.test import Client, override_settings
from django.urls import reverse

from commitments.models import Commitment
from tests import factories as f
from tests.conftest import PASSWORD

ATTACKS = {
    "script": "<script>alert('x')</script>",
    "onerror": '<img src=x onerror="alert(1)">',
    "javascript": '<a href="javascript:alert(1)">clic</a>',
}
GARBAGE = ["-1", "0", "99999999999999999999999999", "1e309", "%00", "\x00", "a\x00b", "\u202eغرب\u202c",
           "😀🇲🇽", "' OR 1=1 --", "../../etc/passwd", "x" * 1_000_000]
PUBLIC_LISTS = ["public:home", "public:commitment_list", "public:session_list"]


def staff_user(username="jefa"):
    return f.UserFactory(username=username, is_staff=True, is_superuser=True)


# --- Cross-site request forgery -----------------------------------------------------------------

@pytest.mark.django_db
def test_a_login_post_without_csrf_token_is_refused_and_logs_nobody_in(world):
    client = Client(enforce_csrf_checks=True)
    user = world.infoem_member.user
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 403
    assert "No pudimos aceptar el formulario" in response.content.decode()
    assert LoginSession.objects.count() == 0
    assert "sessionid" not in client.cookies
    user.refresh_from_db()
    assert user.last_login is None


@pytest.mark.django_db
def test_an_admin_change_without_csrf_token_is_refused_and_changes_nothing(world):
    commitment = f.published_commitment(world.axis_ieem, title="Título original")
    history_rows = commitment.history.count()
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_user())
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Título falsificado", "status": "draft"})
    assert response.status_code == 403
    commitment.refresh_from_db()
    assert commitment.title == "Título original"
    assert commitment.history.count() == history_rows
    response = client.post(reverse("admin:commitments_commitment_delete", args=[commitment.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Commitment.objects.filter(pk=commitment.pk).exists()


@pytest.mark.django_db
def test_a_logout_without_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.infoem_member.user)
    assert client.post(reverse("logout")).status_code == 403
    assert "_auth_user_id" in client.session


# --- Script in text fields -----------------------------------------------------------------------

@pytest.mark.django_db
def test_script_in_every_text_field_is_escaped_on_the_public_pages(client, world):
    world.ieem.name = ATTACKS["script"]
    world.ieem.acronym = "IE<b>"
    world.ieem.save()
    world.axis_ieem.name = ATTACKS["onerror"]
    world.axis_ieem.save()
    commitment = f.published_commitment(
        world.axis_ieem, title=ATTACKS["script"], public_problem=ATTACKS["onerror"],
        objective=ATTACKS["javascript"], other_actors=ATTACKS["javascript"],
    )
    f.MilestoneFactory(commitment=commitment, title=ATTACKS["onerror"])
    session = f.SessionFactory(body=world.stl, is_public=True, summary=ATTACKS["script"], place=ATTACKS["onerror"])
    f.AgendaItemFactory(session=session, title=ATTACKS["javascript"])
    agreement = f.AgreementFactory(session=session, title=ATTACKS["onerror"], text=ATTACKS["script"])
    pages = [reverse("public:home"), reverse("public:commitment_list"), commitment.get_absolute_url(),
             world.axis_ieem.get_absolute_url(), reverse("public:session_list"), session.get_absolute_url(),
             agreement.get_absolute_url(), world.plan.get_absolute_url(), world.stl.get_absolute_url()]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html and 'onerror="' not in html, url
        assert 'href="javascript:' not in html, url
    html = client.get(commitment.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;" in html


# --- Sessions --------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_session_cookie_is_worth_nothing_after_logout(world):
    staff = staff_user()
    staff.set_password(PASSWORD)
    staff.save()
    client = Client()
    assert client.post(reverse("login"), {"username": staff.username, "password": PASSWORD}).status_code == 302
    stolen = client.cookies["sessionid"].value
    assert client.get("/admin/").status_code == 200
    client.post(reverse("logout"))
    thief = Client()
    thief.cookies["sessionid"] = stolen
    response = thief.get("/admin/")
    assert response.status_code == 302 and "/login/" in response.url
    assert not LoginSession.objects.filter(session_key=stolen).exists()


@pytest.mark.django_db
def test_a_session_cookie_is_worth_nothing_after_a_password_change(world):
    staff = staff_user()
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200
    staff.set_password("otra-contraseña-muy-larga")
    staff.save()
    response = client.get("/admin/")
    assert response.status_code == 302 and "/login/" in response.url


# --- Garbage in query strings, forms and bodies ----------------------------------------------------

@pytest.mark.django_db
def test_garbage_in_query_strings_never_gives_a_500(client, world):
    f.published_commitment(world.axis_ieem)
    for name in PUBLIC_LISTS:
        url = reverse(name)
        for value in GARBAGE:
            for parameter in ("page", "pagina", "q", "eje", "año"):
                response = client.get(url, {parameter: value})
                assert response.status_code < 500, (url, parameter, value[:20])
                assert response.status_code in (200, 400, 404), (url, parameter, value[:20])


@pytest.mark.django_db
def test_garbage_in_identifiers_gives_404_not_500(client, world):
    for value in ["no-existe", "-1", "9" * 40, "%00", "😀", "\u202eabc", "a" * 5000]:
        for name in ["public:commitment_detail", "public:session_detail", "public:agreement_detail",
                     "public:axis_detail", "public:body_detail"]:
            response = client.get(reverse(name, args=["x"]).replace("/x/", f"/{value}/"))
            assert response.status_code == 404, (name, value[:20])


@pytest.mark.django_db
# Throttling is tested in tests/workgroups/test_accounts.py; here the form itself answers each attempt.
@override_settings(AXES_ENABLED=False)
def test_garbage_in_the_login_form_gives_a_form_error_and_logs_nobody_in(client, world):
    for value in GARBAGE:
        response = client.post(reverse("login"), {"username": value, "password": value})
        assert response.status_code == 200, value[:20]
        assert response.context["form"].errors, value[:20]
    response = client.post(reverse("login"), {"username": world.infoem_member.user.username,
                                              "password": PASSWORD + "\x00"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert get_user_model().objects.filter(last_login__isnull=False).count() == 0


@pytest.mark.django_db
def test_a_huge_body_is_refused_with_400(client, world):
    response = Client(raise_request_exception=False).post(
        reverse("login"), {"username": "x", "password": "y" * (13 * 1024 * 1024)})
    assert response.status_code == 400
    fields = {f"campo{n}": "x" for n in range(1500)}
    response = Client(raise_request_exception=False).post(reverse("login"), fields)
    assert response.status_code == 400


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["status__exact=%00", "q=a%00b", "kind__exact=%00&o=1", "p=%2500%00",
                                   "%00=1"])
def test_a_nul_character_in_an_admin_filter_answers_400_not_500(world, query):
    f.published_commitment(world.axis_ieem)
    client = Client(raise_request_exception=False)
    client.force_login(staff_user())
    for path in ("/admin/commitments/commitment/", "/admin/stl_sessions/session/",
                 "/admin/workgroups/body/", "/admin/commitments/commitmentchange/"):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, query)
        assert "Solicitud" in response.content.decode() or "solicitud" in response.content.decode()
    assert client.get("/admin/commitments/commitment/?status__exact=published").status_code == 200
