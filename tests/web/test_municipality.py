"""The municipality's journey through the test client: pages, saves, rows, conflicts, submit."""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PdfWriter

from formservice.storage import submissions, users
from formservice.storage.attachments import attachments_of_submission
from tests import factories
from tests.helpers.app import csrf_token
from tests.helpers.forms import hidden
from tests.helpers.forms import post_page as _post_page


def _start(db, organisation: str = "3405", **kwargs) -> str:
    """An empty draft of the demo round (as the Start button makes it); its task list's URL."""
    draft = factories.create_submission(db, organisation=organisation, answers={}, **kwargs)
    return f"/kommune/skjema/{draft['id']}/"


def _page_url(tasks_url: str, page_id: str) -> str:
    return tasks_url.rstrip("/") + f"/side/{page_id}"


def test_the_start_button_makes_a_draft_and_leads_to_its_task_list(login, demo_db):
    client = login("lillehammer")
    home = client.get("/kommune/")
    [form] = [f for f in home.doc.css("form") if f.attributes["action"].endswith("/start")]
    response = client.post(
        form.attributes["action"], data={"csrf_token": hidden(home, "csrf_token")}
    )
    assert response.status_code == 302
    organisation_id = users.user_by_username(demo_db, "lillehammer")["organisation_id"]
    [draft] = submissions.submissions_of_organisation(demo_db, organisation_id)
    assert response.headers["Location"] == f"/kommune/skjema/{draft['id']}/"
    assert draft["state"] == "draft" and draft["current_version"] == 0


def test_task_list_and_pages_render_as_valid_html(login, demo_db):
    client = login("lillehammer")
    tasks = _start(demo_db)
    page = client.get(tasks)
    assert "Ikke påbegynt" in page.text
    for page_id in ("side_en", "side_to"):
        response = client.get(_page_url(tasks, page_id))
        assert response.status_code == 200


def test_errors_show_a_summary_linking_to_each_field_and_the_answer_is_kept(login, demo_db):
    client = login("lillehammer")
    url = _page_url(_start(demo_db), "side_en")
    response = _post_page(client, url, {"navn": "", "antall": "tolv", "action": "next"})
    assert response.status_code == 200
    doc = response.doc
    assert doc.css_first('#error-summary[role="alert"]') is not None
    assert doc.css_first('#error-summary a[href="#navn"]') is not None
    assert doc.css_first('#error-summary a[href="#antall"]') is not None
    assert doc.css_first("#antall").attributes["value"] == "tolv"  # kept for correction
    assert doc.css_first('#antall[aria-invalid="true"]') is not None
    assert doc.css_first("title").text().startswith("Feil: ") and len(doc.css("title")) == 1


def test_save_stores_a_new_version_and_resumes_exactly(login, demo_db):
    client = login("lillehammer")
    tasks = _start(demo_db)
    url = _page_url(tasks, "side_en")
    response = _post_page(client, url, {"navn": "Rusteam <b>&</b>", "belop": "1 234,50"})
    assert response.status_code == 302
    again = client.get(url).text
    assert 'value="Rusteam &lt;b&gt;&amp;&lt;/b&gt;"' in again
    assert 'value="1 234,50"' in again
    submission_id = int(re.search(r"/skjema/(\d+)/", tasks).group(1))
    assert [v["version"] for v in submissions.versions(demo_db, submission_id)] == [1]


def test_rows_can_be_added_and_removed_without_javascript(login, demo_db):
    client = login("lillehammer")
    url = _page_url(_start(demo_db), "side_to")
    response = _post_page(client, url, {"action": "add:rader"})
    assert 'name="rader-0-tittel"' in response.text
    response = _post_page(
        client,
        url,
        {
            "rader-0-tittel": "Rådgiver",
            "rader-0-pst": "50",
            "rader-0-aar": "3",
            "action": "add:rader",
        },
    )
    assert 'name="rader-1-tittel"' in response.text
    assert "220\u00a0000" in response.text  # the ladder amount, computed on the server
    response = _post_page(
        client,
        url,
        {"rader-0-tittel": "Rådgiver", "rader-0-pst": "50", "rader-0-aar": "3",
         "action": "remove:rader:1"},
    )  # fmt: skip
    assert 'name="rader-1-tittel"' not in response.text
    assert 'name="rader-0-tittel"' in response.text


def test_a_stale_save_is_refused_and_offers_the_newer_data(login, demo_db):
    client = login("lillehammer")
    url = _page_url(_start(demo_db), "side_en")
    first = client.get(url).text
    _post_page(client, url, {"navn": "Lagret først"})
    stale = client.post(
        url,
        data={"csrf_token": csrf_token(first), "base_version": "0", "navn": "Min endring"},
    )
    assert stale.status_code == 409
    assert "endret av noen andre" in stale.text
    assert 'value="Min endring"' in stale.text  # nothing the person typed is lost
    assert client.get(url).text.count('value="Lagret først"') == 1


def test_another_municipality_gets_404_for_every_page(login, demo_db):
    tasks = _start(demo_db)
    other = login("gjovik")
    for url in (tasks, _page_url(tasks, "side_en"), tasks + "oppsummering", tasks + "kvittering"):
        assert other.get(url).status_code == 404


def test_only_a_signatory_may_submit(login, demo_db):
    client = login("lillehammer-medarbeider")
    tasks = _start(demo_db)
    check = client.get(tasks + "oppsummering")
    assert check.status_code == 200
    assert "Bare den som har signaturrett" in check.text
    response = client.post(
        tasks + "send-inn", data={"csrf_token": csrf_token(check.text), "base_version": "0"}
    )
    assert response.status_code == 400
    assert "Bare den som har signaturrett" in response.text


def _upload(client, url: str, content: bytes, filename: str):
    page = client.get(url)
    data = {
        "csrf_token": hidden(page, "csrf_token"),
        "base_version": hidden(page, "base_version"),
        "vedlegg": (io.BytesIO(content), filename),
    }
    return client.post(url, data=data, content_type="multipart/form-data")


def _tiny_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_real_pdf_upload_is_stored_inside_the_instance(login, demo_app, demo_db):
    client = login("lillehammer")
    url = _page_url(_start(demo_db), "side_to")
    response = _upload(client, url, _tiny_pdf(), "../../etc/revisor beretning.pdf")
    assert response.status_code in (200, 302)
    page = client.get(url).text
    assert "Lastet opp: revisor beretning.pdf" in page
    stored = list((Path(demo_app.instance_path) / "attachments").rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == _tiny_pdf()


def test_uploads_that_are_not_plain_pdfs_are_refused_with_a_message(login, demo_app, demo_db):
    client = login("lillehammer")
    url = _page_url(_start(demo_db), "side_to")
    with_script = _tiny_pdf().replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    )
    cases = [
        (b"MZ\x90\x00 not a pdf at all", "rapport.pdf", "Filen er ikke en PDF"),
        (with_script, "skript.pdf", "skript"),
        (b"", "tom.pdf", None),  # an empty file input is "no file chosen"
    ]
    for content, name, message in cases:
        response = _upload(client, url, content, name)
        assert response.status_code == 200
        if message:
            assert message in response.text
            assert 'href="#vedlegg"' in response.text
    assert not (Path(demo_app.instance_path) / "attachments").exists()


def test_a_full_disk_refuses_the_upload_with_a_message_and_keeps_the_answers(
    login, demo_app, demo_db, monkeypatch
):
    client = login("lillehammer")
    submission_url = _start(demo_db)
    url = _page_url(submission_url, "side_to")
    submission_id = int(re.search(r"/skjema/(\d+)/", url).group(1))
    folder = Path(demo_app.instance_path).resolve() / "attachments" / str(submission_id)
    folder.mkdir(parents=True)
    # The stored name is random; fixed here so its partial file can be a symlink to /dev/full,
    # where the kernel answers the write with ENOSPC, as a full disk does.
    monkeypatch.setattr("formservice.storage.attachments.secrets.token_urlsafe", lambda n: "fast")
    (folder / "fast.pdf.part").symlink_to("/dev/full")
    response = _upload(client, url, _tiny_pdf(), "revisor.pdf")
    assert response.status_code == 200
    assert (
        "Filen kunne ikke lagres hos oss nå" in response.text and 'href="#vedlegg"' in response.text
    )
    assert list(folder.iterdir()) == []  # no partial file, not even the symlink
    assert attachments_of_submission(demo_db, submission_id) == []
    assert submissions.submission_by_id(demo_db, submission_id)["current_version"] >= 1  # saved


def test_after_the_deadline_submit_is_refused_with_a_clear_message(login, demo_db):
    db = demo_db
    closed = factories.create_round(db, form="alle_felt", deadline="2021-02-10")
    client = login("lillehammer")
    tasks = _start(db, round=closed)  # a draft started before the deadline
    check = client.get(tasks + "oppsummering")
    assert "Fristen var 10.02.2021" in check.text
    response = client.post(
        tasks + "send-inn", data={"csrf_token": csrf_token(check.text), "base_version": "0"}
    )
    assert response.status_code == 400
    assert "Fristen for denne runden har gått ut" in response.text
    assert submissions.submission_by_id(db, int(tasks.split("/")[-2]))["state"] == "draft"
