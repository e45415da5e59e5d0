"""Property-based (hypothesis): whatever is typed into the login form or handed to the import
command, no 500, no login and nothing saved on invalid input, and never a redirect off the site."""

from urllib.parse import urlsplit

import pytest
from django.contrib.sessions.models import Session as LoginSession
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from commitments.models import Commitment
from tests.conftest import PASSWORD, build_world
from workgroups.models import Institution

NASTY = st.sampled_from(["\x00", "\u202e", "😀", "<script>", "' OR '1'='1", "%00", "\r\n", "a" * 5000,
                         "//evil.example/", "https://evil.example/", "javascript:alert(1)", "/\\evil.example",
                         "\\\\evil.example", "/panel/", "ftp://x", " ", ""])
TEXT = st.one_of(st.text(max_size=300), NASTY, st.lists(NASTY, max_size=4).map("".join))
PROPERTY = hsettings(max_examples=50, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def member(db):
    return build_world().infoem_member.user


@pytest.mark.django_db
# Throttling is tested in tests/workgroups/test_accounts.py; here the form itself answers each attempt.
@override_settings(AXES_ENABLED=False)
@PROPERTY
@given(username=TEXT, password=TEXT, next_url=TEXT)
def test_any_login_attempt_with_wrong_credentials_is_a_form_error_and_logs_nobody_in(member, username,
                                                                                       password, next_url):
    if username == member.username and password == PASSWORD:
        return
    client = Client(raise_request_exception=False)
    response = client.post(reverse("login"), {"username": username, "password": password, "next": next_url})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "sessionid" not in response.cookies
    member.refresh_from_db()
    assert member.last_login is None
    assert not LoginSession.objects.exists()


@pytest.mark.django_db
@PROPERTY
@given(next_url=TEXT)
def test_a_right_login_never_redirects_off_the_site(member, next_url):
    client = Client(raise_request_exception=False)
    response = client.post(reverse("login"), {"username": member.username, "password": PASSWORD,
                                              "next": next_url})
    assert response.status_code == 302
    location = response["Location"]
    assert not urlsplit(location).scheme and not urlsplit(location).netloc
    # What a browser would read as another host: //host, /\\host, \\host, after any blanks it drops.
    assert not location.lstrip("\x00\t\n\r ").replace("\\", "/").startswith("//")
    client.post(reverse("logout"))


@pytest.mark.django_db
@PROPERTY
@given(content=st.one_of(st.binary(max_size=500), st.text(max_size=300).map(str.encode),
                         st.sampled_from([b"", b"{}", b"[]", b"null", b"\xff\xfe{", b'{"version": "9"}',
                                          b"\x00" * 50, '{"institutions": [{"id": "😀"}]}'.encode()])))
def test_the_import_command_refuses_any_garbage_with_a_message_and_writes_nothing(tmp_path, content):
    path = tmp_path / "datos.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_stl", str(path))
    assert str(refused.value)
    assert Institution.objects.count() == 0 and Commitment.objects.count() == 0
    assert Institution.history.count() == 0
