"""The desk's requests page: counts per status and per participant, who is left out, and
closing or reopening the participants' requests; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Engine
from tests.web.testclient import TestClient
from tests.web.world import INES, MISSION, OLIVIA, World, form_token, open_link, sign_in

from rencontre.store import repositories as repo
from rencontre.store.database import session_scope

DESK = f"/organiser/missions/{MISSION}"


def cells(html: str, table: str) -> list[list[str]]:
    body = html.split(f'id="{table}"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]


def test_the_page_counts_requests_and_names_who_is_left_out(
    client: TestClient, world: World
) -> None:
    assert sign_in(client, OLIVIA) == 303
    page = client.get(f"{DESK}/requests?lang=en")
    assert page.status_code == 200
    html = page.text
    assert cells(html, "by-status") == [
        ["Proposed by the matching", "1"],
        ["Waiting for an answer", "1"],
        ["Accepted", "1"],
        ["Declined", "0"],
        ["Withdrawn or rejected", "0"],
        ["Total", "3"],
    ]
    assert cells(html, "by-participant")[1:] == [
        ["Inès Dubois", "Voltaïque Charge", "1", "0", "1"],
        ["Joost van Dijk", "Batterij Lab Eindhoven", "1", "1", "1"],
        ["Anne Peeters", "Wallonie Mobilité", "0", "1", "0"],
    ]
    left_out = html.split('id="without-accepted"')[1].split("</section>")[0]
    assert "<li>Anne Peeters (Wallonie Mobilité): 0 sent, 1 received</li>" in left_out
    not_asked = html.split('id="not-asked"')[1].split("</section>")[0]
    assert "<li>Voltaïque Charge (FR)</li>" in not_asked
    assert "Meeting requests are open, with no deadline." in html


def test_closing_stops_the_participants_and_reopening_lets_them_in_again(
    client: TestClient, world: World, engine: Engine, new_client: Callable[[], TestClient]
) -> None:
    assert sign_in(client, OLIVIA) == 303
    page = client.get(f"{DESK}/requests").text
    closed = client.post(
        f"{DESK}/requests/close",
        data={"csrf_token": form_token(page, f"{DESK}/requests/close")},
    )
    assert closed.status_code == 303
    assert closed.headers["location"] == f"{DESK}/requests?done=closed"
    now_closed = client.get(closed.headers["location"] + "&lang=en").text
    assert "Meeting requests are closed since " in now_closed
    assert f'action="{DESK}/requests/close"' not in now_closed
    with session_scope(engine) as session:
        assert repo.get_mission(session, MISSION).requests_close_at is not None
    ines = new_client()
    assert open_link(ines, world.links[INES]) == 303
    mine = ines.get("/me/requests").text
    refused = ines.post(
        "/me/requests",
        data={"to": str(world.ids["anne@wallonie.example"]), "priority": "2",
              "csrf_token": form_token(mine)},
    )  # fmt: skip
    assert refused.status_code == 409
    reopened = client.post(
        f"{DESK}/requests/reopen",
        data={"csrf_token": form_token(now_closed, f"{DESK}/requests/reopen")},
    )
    assert reopened.status_code == 303
    assert (
        "Meeting requests are open again."
        in client.get(reopened.headers["location"] + "&lang=en").text
    )
    with session_scope(engine) as session:
        assert repo.get_mission(session, MISSION).requests_close_at is None
