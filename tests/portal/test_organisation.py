"""The organisation page: the chain of command with who holds each post now, and the history
kept when an administrator gives an account another role (SQLite and PostgreSQL)."""

from __future__ import annotations

import re
from datetime import timedelta

from portal_helpers import NOW, csrf_of, signed_in
from sqlalchemy import select

from huvudman.store.models import Post, School, User

ADMIN = ("admin@demo.huvudman.se", "demo-admin")


def test_a_change_of_post_is_kept_as_history(portal) -> None:
    app, clock = portal
    page = signed_in(app, ("larare@demo.huvudman.se", "demo-larare")).get(
        "/staff/organisation").text
    text = re.sub(r"\s+", " ", page)
    assert "Kommundirektör</dt> <dd>Kim Kommundirektör" in text
    assert "Per Persson: Rektor" in text and "2019-08-01 – 2026-07-01" in text
    with app.state.sessions() as s:
        lars = s.scalars(select(User).where(User.email == "larare@demo.huvudman.se")).one()
        other = s.scalars(select(School).order_by(School.school_id).offset(2)).first()
        lars_id, other_id, other_name = lars.id, other.school_id, other.name
    clock["now"] = NOW + timedelta(days=1)
    admin = signed_in(app, ADMIN)
    assert admin.post(f"/staff/users/{lars_id}/role", data={
        "csrf": csrf_of(admin.get("/staff/users").text), "role": "principal",
        "school_id": other_id}, follow_redirects=False).status_code == 303
    with app.state.sessions() as s:
        posts = s.scalars(select(Post).where(Post.user_id == lars_id)
                          .order_by(Post.started_at)).all()
    assert [(p.role, p.ended_at is None) for p in posts] == [("teacher", False),
                                                             ("principal", True)]
    assert posts[-1].school_id == other_id and posts[-1].recorded_by == ADMIN[0]
    after = re.sub(r"\s+", " ", admin.get("/staff/organisation").text)
    assert f"{other_name}</th> <td>Lars Lärare" in after
    assert "Lars Lärare: Lärare eller annan personal på skolan" in after  # his teacher post
