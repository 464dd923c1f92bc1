"""Staff accounts: logging in and out, passwords, throttling, CSRF, cookies, the first
administrator, and managing the district's accounts and locations."""

from __future__ import annotations

import re

from sqlalchemy import select

from survey.models import Location, User
from survey.services.passwords import verify_password
from tests.conftest import PASSWORD
from tests.survey.staff import Staff


def test_staff_pages_send_an_anonymous_visitor_to_the_login(client):
    response = client.get("/staff/locations")
    assert response.status_code == 302
    assert response.location.startswith("/staff/login?next=")


def test_a_staff_member_logs_in_sees_the_overview_and_logs_out(client, make_user):
    user = make_user("staff")
    staff = Staff(client)
    response = staff.login(user.email.upper())  # the address is not case-sensitive
    assert response.status_code == 302 and response.location == "/staff/"
    assert staff.get("/staff/").status_code == 200
    assert "Log out" in staff.html or "Abmelden" in staff.html
    staff.logout()
    assert staff.get("/staff/").status_code == 302


def test_login_goes_on_to_the_page_asked_for_but_never_to_another_site(client, make_user):
    user = make_user("district_admin")
    staff = Staff(client)
    response = staff.submit("/staff/login?next=/staff/locations", {"email": user.email, "password": PASSWORD})
    assert response.location == "/staff/locations"
    staff.logout()
    response = staff.submit("/staff/login?next=//evil.example/x", {"email": user.email, "password": PASSWORD})
    assert response.location == "/staff/"


def test_a_wrong_password_is_refused_with_the_form_kept(client, make_user):
    user = make_user("staff")
    staff = Staff(client)
    response = staff.login(user.email, "not the password")
    assert response.status_code == 401
    assert f'value="{user.email}"' in staff.html
    assert "not the password" not in staff.html
    assert staff.get("/staff/").status_code == 302


def test_an_inactive_account_cannot_log_in(client, session, make_user):
    user = make_user("staff")
    user.active = False
    session.commit()
    assert Staff(client).login(user.email).status_code == 401


def test_failed_logins_pause_logging_in_to_that_account(app, client, make_user):
    user = make_user("staff")
    staff = Staff(client)
    app.extensions["rate_limit"].limiter.storage.reset()
    try:
        for _ in range(10):
            assert staff.login(user.email, "guess").status_code == 401
        # now even the right password waits
        assert staff.login(user.email).status_code == 429
        assert staff.html.count('role="alert"') == 1
    finally:
        app.extensions["rate_limit"].limiter.storage.reset()
    assert staff.login(user.email).status_code == 302


def test_a_form_without_its_csrf_token_changes_nothing(client, make_user, session):
    user = make_user("district_admin")
    staff = Staff(client)
    staff.login(user.email)
    region = user.district.regions[0].id
    response = client.post("/staff/locations/new", data={"name": "Forged", "kind": "kita", "region": region})
    assert response.status_code == 400
    assert session.scalar(select(Location).filter_by(name="Forged")) is None
    response = client.post("/staff/login", data={"email": user.email, "password": PASSWORD})
    assert response.status_code == 400


def test_the_login_cookie_is_http_only_and_same_site_lax(client, make_user):
    user = make_user("staff")
    Staff(client).login(user.email)
    cookie = client.get_cookie("session")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"


def test_in_production_the_login_cookie_is_secure(app):
    from survey import create_app

    production = create_app(
        {"PRODUCTION": True, "SECRET_KEY": "k" * 64, "DATABASE_URL": app.config["DATABASE_URL"]}
    )
    assert production.config["SESSION_COOKIE_SECURE"] is True


def test_family_pages_still_set_no_cookie_and_need_no_csrf_token(client, make_wave):
    wave = make_wave()
    response = client.get(f"/s/{wave.locations[0].code}/de")
    assert "Set-Cookie" not in response.headers


def test_changing_the_password_logs_out_other_devices(app, client, session, make_user):
    user = make_user("staff")
    mine, other = Staff(client), Staff(app.test_client())
    mine.login(user.email)
    other.login(user.email)
    new = "a new and longer password"
    response = mine.submit("/staff/password", {"current": PASSWORD, "new": new, "repeat": new})
    assert response.status_code == 302
    assert mine.get("/staff/").status_code == 200  # this device stays logged in
    assert other.get("/staff/").status_code == 302  # the other is logged out
    session.expire_all()
    assert verify_password(session.get(User, user.id).password_hash, new)


def test_a_short_or_wrong_password_change_is_refused(client, make_user):
    user = make_user("staff")
    staff = Staff(client)
    staff.login(user.email)
    assert (
        staff.submit("/staff/password", {"current": PASSWORD, "new": "short", "repeat": "short"}).status_code
        == 422
    )
    assert (
        staff.submit(
            "/staff/password",
            {"current": "wrong", "new": "long enough password", "repeat": "long enough password"},
        ).status_code
        == 422
    )
    staff.logout()
    assert staff.login(user.email).status_code == 302  # the old password still works


def test_the_first_administrator_is_made_on_the_command_line(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-admin",
            "--email",
            "Chefin@Bezirk.example",
            "--name",
            "Chefin",
            "--password",
            "administrator password",
        ]
    )
    assert result.exit_code == 0, result.output
    admin = session.scalar(select(User).filter_by(email="chefin@bezirk.example"))
    assert admin.role == "admin" and admin.district_id is None
    assert verify_password(admin.password_hash, "administrator password")
    assert "administrator password" not in admin.password_hash
    again = runner.invoke(args=["create-admin", "--email", "chefin@bezirk.example", "--password", "x" * 12])
    assert again.exit_code == 1 and "email taken" in again.output
    short = runner.invoke(args=["create-admin", "--email", "b@bezirk.example", "--password", "short"])
    assert short.exit_code == 1 and "too short" in short.output


def test_an_administrator_chooses_a_district_then_works_in_it(client, make_user):
    admin = make_user("admin")
    staff = Staff(client)
    response = staff.login(admin.email)
    assert staff.get(response.location).status_code == 302  # overview → choose a district first
    staff.get("/staff/district")
    neukoelln = re.search(r'value="(\d+)"[^>]*> Neukölln', staff.html).group(1)
    for _ in range(2):
        assert staff.submit("/staff/district", {"district": neukoelln}).status_code == 302
    assert staff.get("/staff/locations").status_code == 200
    assert "Neukölln" in staff.html


def test_a_district_administrator_adds_a_location_and_a_staff_account(client, session, make_user):
    manager = make_user("district_admin")
    staff = Staff(client)
    staff.login(manager.email)
    region = manager.district.regions[3]
    response = staff.submit(
        "/staff/locations/new", {"name": "Kita Regenbogen", "kind": "kita", "region": region.id}
    )
    assert response.status_code == 302
    location = session.scalar(select(Location).filter_by(name="Kita Regenbogen"))
    assert (location.kind, location.region_id) == ("kita", region.id)
    assert location.district_id == manager.district_id
    assert len(location.code) == 6

    response = staff.submit(
        "/staff/accounts/new",
        {
            "email": "neu@bezirk.example",
            "name": "Neue Kollegin",
            "role": "staff",
            "locations": [location.id],
            "password": "first password 123",
        },
    )
    assert response.status_code == 302, staff.html
    new = session.scalar(select(User).filter_by(email="neu@bezirk.example"))
    assert [loc.name for loc in new.locations] == ["Kita Regenbogen"]
    assert (
        Staff(client.application.test_client()).login("neu@bezirk.example", "first password 123").status_code
        == 302
    )


def test_a_district_administrator_cannot_make_administrators(client, session, make_user):
    manager = make_user("district_admin")
    staff = Staff(client)
    staff.login(manager.email)
    response = staff.submit(
        "/staff/accounts/new",
        {"email": "boss@x.example", "name": "Boss", "role": "admin", "password": "first password 123"},
    )
    assert response.status_code == 422
    assert session.scalar(select(User).filter_by(email="boss@x.example")) is None


def test_staff_cannot_manage_accounts_or_locations(client, make_user):
    user = make_user("staff")
    staff = Staff(client)
    staff.login(user.email)
    for url in ("/staff/accounts", "/staff/accounts/new", "/staff/locations/new"):
        assert staff.get(url).status_code == 403


def test_staff_pages_are_never_cached_and_carry_the_security_headers(client, make_user):
    user = make_user("staff")
    staff = Staff(client)
    for response in (staff.get("/staff/login"), staff.login(user.email), staff.get("/staff/")):
        assert response.headers["Cache-Control"] == "no-store"
        assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_an_account_edit_that_is_refused_saves_nothing(client, session, make_user):
    manager = make_user("district_admin")
    colleague = make_user("staff")
    before = (colleague.email, colleague.name, colleague.password_hash)
    staff = Staff(client)
    staff.login(manager.email)
    # a new address, and as password that very address: the password is refused
    response = staff.submit(
        f"/staff/accounts/{colleague.id}",
        {
            "email": "neue.adresse@bezirk.example",
            "name": "Neuer Name",
            "role": "staff",
            "active": "y",
            "password": "neue.adresse@bezirk.example",
        },
    )
    assert response.status_code == 422
    session.expire_all()
    again = session.get(User, colleague.id)
    assert (again.email, again.name, again.password_hash) == before
