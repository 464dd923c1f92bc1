"""Logins that end on the server, and login pauses that count what they say.

A login cookie is signed but lives in the browser: whoever kept a copy could send it
again. Logging out, changing the password and an administrator disabling an account or
setting its password give the account a new session token, so an old cookie sent again
is refused. Failed logins pause an account (for everyone) and a client's attempts at that
one account, never another account's right password from the same address."""

from __future__ import annotations

import pytest

from survey.models import User
from tests.conftest import PASSWORD
from tests.survey.staff import Staff

NEW_PASSWORD = "a new and longer password"


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None, "no session cookie"
    return cookie.value


def replay(client, cookie: str):
    """Send an earlier copy of the login cookie, as someone who kept it would."""
    client.set_cookie("session", cookie)
    return client.get("/staff/")


def refused(response) -> bool:
    return response.status_code == 302 and response.location.startswith("/staff/login")


def logged_in(app, user: User, address: str = "127.0.0.1") -> Staff:
    staff = from_address(app, address)
    assert staff.login(user.email).status_code == 302
    assert staff.get("/staff/").status_code == 200
    return staff


def from_address(app, address: str) -> Staff:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return Staff(client)


def edit_account(manager: Staff, user: User, **changes):
    fields = {"email": user.email, "name": user.name, "role": "staff", "active": "y", "password": ""}
    fields.update(changes)
    fields = {key: value for key, value in fields.items() if value is not None}
    return manager.submit(f"/staff/accounts/{user.id}", fields)


# Sessions that end


def test_a_cookie_kept_from_before_logging_out_is_refused(app, session, make_user):
    user = make_user("staff")
    staff = logged_in(app, user)
    kept = session_cookie(staff.client)
    response = staff.logout()
    assert refused(response) and staff.get("/staff/").status_code == 302
    assert refused(replay(staff.client, kept))
    assert refused(replay(app.test_client(), kept))  # nor on another machine
    assert staff.login(user.email).status_code == 302  # logging in again works
    assert staff.get("/staff/").status_code == 200


def test_logging_out_without_a_login_changes_nothing(app, session, make_user):
    user = make_user("staff")
    token = user.session_token
    anonymous = Staff(app.test_client())
    assert refused(anonymous.submit("/staff/logout", form_page="/staff/login"))
    session.expire_all()
    assert session.get(User, user.id).session_token == token


def test_after_a_password_change_only_the_new_cookie_works(app, session, make_user):
    user = make_user("staff")
    staff, elsewhere = logged_in(app, user), logged_in(app, user)
    kept, kept_elsewhere = session_cookie(staff.client), session_cookie(elsewhere.client)
    response = staff.submit(
        "/staff/password", {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert staff.get("/staff/").status_code == 200  # this browser goes on with the new token
    assert session_cookie(staff.client) != kept
    assert refused(replay(app.test_client(), kept))
    assert refused(replay(app.test_client(), kept_elsewhere))
    assert refused(elsewhere.get("/staff/"))
    assert staff.get("/staff/").status_code == 200  # replaying elsewhere left it alone


def test_disabling_an_account_ends_its_logins_for_good(app, session, make_user):
    user, manager = make_user("staff"), logged_in(app, make_user("district_admin"))
    staff = logged_in(app, user)
    kept = session_cookie(staff.client)
    assert edit_account(manager, user, active=None).status_code == 302
    session.expire_all()
    assert session.get(User, user.id).active is False
    assert refused(staff.get("/staff/"))
    assert refused(replay(app.test_client(), kept))
    assert staff.login(user.email).status_code == 401
    # enabled again, the account logs in anew; the cookie from before stays refused
    assert edit_account(manager, user).status_code == 302
    assert refused(replay(app.test_client(), kept))
    assert logged_in(app, user)


def test_a_password_set_by_an_administrator_ends_the_accounts_logins(app, session, make_user):
    user, manager = make_user("staff"), logged_in(app, make_user("district_admin"))
    staff = logged_in(app, user)
    kept = session_cookie(staff.client)
    assert edit_account(manager, user, password=NEW_PASSWORD).status_code == 302
    assert refused(staff.get("/staff/"))
    assert refused(replay(app.test_client(), kept))
    assert manager.get("/staff/").status_code == 200  # the administrator's own login goes on
    assert staff.login(user.email, NEW_PASSWORD).status_code == 302
    assert staff.get("/staff/").status_code == 200


def test_a_cookie_with_a_made_up_token_is_refused(app, session, make_user):
    user = make_user("staff")
    staff = logged_in(app, user)
    with staff.client.session_transaction() as cookie:
        cookie["_user_id"] = f"{user.id}:ünknown-token"
    assert refused(staff.get("/staff/"))


# Login pauses


@pytest.fixture
def counters(app):
    """Login counters start from nothing and are cleared afterwards."""
    storage = app.extensions["rate_limit"].limiter.storage
    storage.reset()
    yield
    storage.reset()


def test_ten_failures_pause_that_account_but_not_another_from_the_same_client(
    app, session, make_user, counters
):
    a, b = make_user("staff"), make_user("staff")
    staff = from_address(app, "10.1.1.1")
    assert app.config["LOGIN_ATTEMPTS_PER_ACCOUNT"].startswith("10 ")
    for _ in range(10):
        assert staff.login(a.email, "a guess").status_code == 401
    assert staff.login(a.email).status_code == 429  # the 11th: even the right password waits
    assert staff.login(a.email.upper()).status_code == 429  # however the address is written
    assert from_address(app, "10.2.2.2").login(a.email).status_code == 429  # from anywhere
    assert staff.login(b.email).status_code == 302  # a colleague on the same Wi-Fi logs in
    assert staff.get("/staff/").status_code == 200


def test_the_account_limit_holds_across_clients(app, session, make_user, counters):
    user = make_user("staff")
    first, second = from_address(app, "10.1.1.1"), from_address(app, "10.2.2.2")
    for _ in range(5):
        assert first.login(user.email, "a guess").status_code == 401
        assert second.login(user.email, "another guess").status_code == 401
    for staff in (first, second, from_address(app, "10.3.3.3")):
        assert staff.login(user.email).status_code == 429


def test_many_failures_from_one_address_never_refuse_another_accounts_password(
    app, session, make_user, counters
):
    """Forty typos at a family centre (more than the client limit of 30) pause only the
    accounts they were made on."""
    wifi = from_address(app, "10.1.1.1")
    typists = [make_user("staff") for _ in range(5)]
    for user in typists[:4]:
        for _ in range(10):
            assert wifi.login(user.email, "a typo").status_code == 401
        assert wifi.login(user.email).status_code == 429
    assert wifi.login(typists[4].email).status_code == 302


def test_a_client_limit_below_the_account_limit_pauses_only_that_client(
    app, session, make_user, counters, monkeypatch
):
    monkeypatch.setitem(app.config, "LOGIN_ATTEMPTS_PER_CLIENT", "3 per 15 minutes")
    user = make_user("staff")
    guesser = from_address(app, "10.9.9.9")
    for _ in range(3):
        assert guesser.login(user.email, "a guess").status_code == 401
    assert guesser.login(user.email).status_code == 429  # the 4th, from there
    assert from_address(app, "10.1.1.1").login(user.email).status_code == 302  # the colleague


def test_a_right_password_is_not_counted(app, session, make_user, counters):
    user = make_user("staff")
    staff = from_address(app, "10.1.1.1")
    for _ in range(12):
        assert staff.login(user.email).status_code == 302
        staff.logout()
    for _ in range(10):
        assert staff.login(user.email, "a guess").status_code == 401
    assert staff.login(user.email).status_code == 429


def test_login_counters_are_named_without_address_or_what_was_typed(app):
    from survey.auth.throttle import _keys

    typed = "kollegin@bezirk.example"
    with app.test_request_context("/staff/login", environ_base={"REMOTE_ADDR": "10.7.7.7"}):
        names = [name for _limit, name in _keys(typed)]
    with app.test_request_context("/staff/login", environ_base={"REMOTE_ADDR": "10.8.8.8"}):
        elsewhere = [name for _limit, name in _keys(typed)]
    assert names[0] == elsewhere[0] and names[1] != elsewhere[1]  # account; client and account
    for secret in (typed, "kollegin", "10.7.7.7"):
        assert not any(secret in name for name in names)
