"""CSRF: every POST route refuses a request without the token, and nothing changes."""

from __future__ import annotations

import re

from formservice.storage.db import connect


def _rows(app) -> dict[str, int]:
    db = connect(app.config["DATABASE"])
    return {
        t: db[t].count for t in ("submissions", "submission_versions", "audit_log", "user_sessions")
    }


def test_every_post_route_needs_the_token(demo_app, login):
    client = login("lillehammer")
    home = client.get("/kommune/").text
    start = re.search(r'action="(/kommune/runde/\d+/start)"', home).group(1)
    before = _rows(demo_app)
    posts = []
    for rule in demo_app.url_map.iter_rules():
        if "POST" not in (rule.methods or set()):
            continue
        values = {arg: 1 for arg in rule.arguments}
        if "page_id" in rule.arguments:
            values["page_id"] = "side_en"
        if "round_id" in rule.arguments:
            values["round_id"] = int(start.split("/")[3])
        url = rule.rule
        for name, value in values.items():
            url = re.sub(rf"<(?:\w+:)?{name}>", str(value), url)
        posts.append(url)
        response = client.post(url, data={"navn": "uten token", "lang": "nn", "base_version": "0"})
        assert response.status_code in (400, 404), (url, response.status_code)
    assert {"/logg-inn", "/logg-ut", "/sprak", start} <= set(posts)
    assert _rows(demo_app) == before
    assert client.get("/kommune/").status_code == 200  # still logged in: logout refused too
