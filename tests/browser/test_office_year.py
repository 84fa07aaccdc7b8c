"""The office's year in Chromium, from the 2021 decisions to the 2022 letter.

Gran was granted two positions for 2021 (one under the transitional rule). The caseworker opens
the 2022 round on its page and sets its frame; Gran's signatory sees the 2021 grant and the
positions prefilled read-only, each one year higher on the ladder, adds a new position and
submits; the caseworker sees the suggestion per position with its reasons (the transitional
position capped at last year's amount), departs from it with a justification, decides, makes and
sends the letter, whose PDF carries the amounts and Gran's postal address from the register.

The set-up on the live server's database is the factories' (the 2021 grant, and the pages of the
2022 form Gran has filled in before this visit); every step of the year runs in the browser.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest

from formservice.storage import organisations, rounds
from tests import factories
from tests.helpers.axe import assert_accessible
from tests.helpers.browser import (
    SIGNATORY_PASSWORD,
    letter_text,
    live_database,
    login,
    login_office,
)

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

GRAN = "3446"  # left without forms by init --demo; writes bokmål
GRANTED_2021 = [
    {"kind": "position", "title": "Ruskonsulent", "percent": "100", "year": 1, "granted": "660000"},
    {"kind": "position", "title": "Erfaringskonsulent", "percent": "50", "year": 2,
     "granted": "150000", "transitional": True,
     "justification": "Overgangsregelen: tilskudd etter tidligere regelverk."},
]  # fmt: skip
LIKERT = ("brukermedvirkning", "tidlig_innsats", "ambulant_team", "bolig", "arbeid_aktivitet",
          "lavterskel")  # fmt: skip
# What Gran has typed on the 2022 form's other pages before this visit (the register's facts and
# last year's grant are prefilled, never typed; the positions and the amount are typed below).
TYPED_BEFORE = {
    "organisasjonsform": "kommune", "kontakt_navn": "Demo Kontakt Gran",
    "kontakt_epost": "rus@gran.kommune.example", "kontakt_telefon": "61331234",
    "interkommunalt": False,
    "fjor_stillinger": [{"tittel": "Ruskonsulent", "stillingsprosent": "100", "besatt": True},
                        {"tittel": "Erfaringskonsulent", "stillingsprosent": "50", "besatt": True}],
    "kapasitet": dict.fromkeys(LIKERT, "4"),
    "egen_vurdering": "Flere har fått et fast oppfølgingstilbud.",
    "tiltak_gjennomfort": "Ambulant oppfølging i bolig.",
    "regnskap_lonn": "1200000", "regnskap_egenfinansiering": "390000", "regnskap_bekreftet": True,
    "formaal": "Varig økt kapasitet i rusarbeidet.", "tiltak": "Oppfølging i bolig.",
    "organisering": "I tjenesten for psykisk helse og rus.", "budsjett_lonn": "1800000",
    "egenfinansiering": "700000", "intern_kontroll": "Eget ansvarsnummer.",
    "ekstern_kontroll": "Kommunerevisjonen reviderer regnskapet.",
    "erklaering": {"confirmed": True, "name": "Demo Leder Gran", "title": "Kommunedirektør"},
}  # fmt: skip


def _shot(page, name: str) -> None:
    """A screenshot for people to look at, when FORMSERVICE_SCREENSHOTS names a folder."""
    folder = os.environ.get("FORMSERVICE_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / f"year-{name}.png"), full_page=True)


def _granted_2021(live_server) -> None:
    db = live_database(live_server)
    try:
        gran = organisations.organisation_by_kommunenummer(db, GRAN)
        factories.create_submission(db, state="paid", round="rus-2021", organisation=gran,
                                    decision={"positions": GRANTED_2021, "instalments": 2})  # fmt: skip
    finally:
        db.close()


def _typed_before(live_server, round_id: int) -> None:
    db = live_database(live_server)
    try:
        factories.create_submission(db, state="draft", round=rounds.round_by_id(db, round_id),
                                    organisation=GRAN, answers=TYPED_BEFORE)  # fmt: skip
    finally:
        db.close()


def _open_2022_round(page) -> int:
    """The caseworker opens the round on its page, then sets its frame; the round's id."""
    login_office(page, "saksbehandler", "**/saksbehandler/")
    page.get_by_role("link", name="Opprett søknadsrunde").click()
    page.wait_for_url("**/runder/ny")
    assert_accessible(page)
    page.get_by_label("Ordning og skjema").select_option("kommunalt_rusarbeid@3")
    deadline = dt.date.today() + dt.timedelta(days=60)
    page.get_by_label("Søknadsfrist (dd.mm.åååå)").fill(deadline.strftime("%d.%m.%Y"))
    page.get_by_label("Budsjettramme (kr)").fill("30 000 000")
    page.get_by_role("button", name="Opprett runden").click()
    page.wait_for_url("**/runde/*")
    round_id = int(re.search(r"/runde/(\d+)", page.url).group(1))
    page.get_by_role("link", name=re.compile("Endre frist eller ramme")).click()
    page.get_by_label("Budsjettramme (kr)").fill("31 500 000")
    page.get_by_role("button", name="Lagre endringene").click()
    page.wait_for_url(f"**/runde/{round_id}")
    assert "Beløp mot rammen (31\u00a0500\u00a0000\u00a0kr)" in page.locator("main").inner_text()
    _shot(page, "1-round")
    assert_accessible(page)
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/")
    return round_id


def _rows(page, table_id: str) -> list[str]:
    return [" ".join(r.split()) for r in page.locator(f"#{table_id} tbody tr").all_inner_texts()]


def _apply(page, username: str) -> None:
    """Gran's signatory sees last year prefilled, adds a new position and submits."""
    login(page, username, SIGNATORY_PASSWORD)
    page.get_by_role("button", name=re.compile("Fortsett – Kommunalt rusarbeid 2022")).click()
    page.wait_for_url("**/skjema/*/")
    tasks = page.url

    page.goto(tasks + "side/rapport_stillinger")
    granted = _rows(page, "fjor_tildelte")
    assert granted == [
        "Ruskonsulent 100 % 1. år 660 000 kr",
        "Erfaringskonsulent 50 % 2. år 150 000 kr",
    ]
    assert page.locator("#fjor_tildelte input, #fjor_tildelte select").count() == 0  # read-only
    assert "810 000 kr" in " ".join(page.locator("main").inner_text().split())  # the 2021 total
    _shot(page, "2-report")
    assert_accessible(page)

    page.goto(tasks + "side/soknad")
    carried = _rows(page, "videreforte")
    assert carried == [
        "Ruskonsulent 100 % 2. år 550 000 kr",
        "Erfaringskonsulent 50 % 3. år 220 000 kr",
    ]
    assert page.locator("#videreforte input, #videreforte select").count() == 0
    page.locator("#stillinger-add").click()
    row = page.locator("#stillinger-fieldset [data-row]").last
    row.get_by_label("Stillingstittel").fill("Boveileder")
    row.get_by_label("Stillingsprosent").fill("50")
    row.get_by_label("År i ordningen").select_option("1")
    row.get_by_label(re.compile("Oppstart")).fill("01.03.2022")
    row.get_by_role("group", name=re.compile("erfaringskonsulent", re.I)).get_by_label(
        "Nei"
    ).check()
    page.get_by_label(re.compile("^Søknadsbeløp")).fill("1 100 000")
    _shot(page, "3-application")
    assert_accessible(page)
    page.get_by_role("button", name="Lagre og fortsett").click()
    page.wait_for_url(lambda url: "side/soknad" not in url)

    page.goto(tasks)
    page.get_by_role("link", name="Se over og send inn").click()
    page.get_by_role("button", name="Send inn").click()
    page.wait_for_url("**/kvittering")
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/")


def _decide_and_send(page, round_id: int) -> str:
    """The caseworker's suggestion and reasons, a departure with a justification, the decision,
    the letter made and sent; the letter's text."""
    login_office(page, "saksbehandler", "**/saksbehandler/")
    page.goto(f"/saksbehandler/runde/{round_id}")
    [gran] = [r for r in _rows(page, "overview") if r.startswith("Gran kommune")]
    assert "1 100 000 kr 1 030 000 kr" in gran  # applied; suggested: 550 000 + 150 000 + 330 000
    page.get_by_role("link", name="Gran kommune").click()
    page.wait_for_url("**/skjema/*")
    text = " ".join(page.locator("main").inner_text().split())
    for reason in ("Innvilget 660 000 kr i 2021 (1. år i ordningen): nå 2. år.",
                   "Innvilget 150 000 kr i 2021 (2. år i ordningen): nå 3. år.",
                   "Overgangsregelen, år 2 av høyst 3: satsen gir 220 000 kr, men høyst fjorårets "
                   "150 000 kr.", "Ny stilling: starter på 1. år i ordningen."):  # fmt: skip
        assert reason in text, reason
    amounts = [page.locator(f"#granted-{i}").input_value() for i in range(3)]
    assert amounts == ["550\u00a0000", "150\u00a0000", "330\u00a0000"]
    _shot(page, "4-suggestion")
    assert_accessible(page)

    page.locator("#granted-1").fill("180 000")  # the reduction would hurt badly (§ 7)
    with page.expect_navigation():
        page.get_by_role("button", name="Lagre vedtak").click()
    assert page.locator("#justification-1-error").count() == 1  # a departure needs its reason
    assert page.locator("#granted-1").input_value() == "180 000"  # nothing typed is lost
    page.locator("#justification-1").fill("Mildere nedtrapping: stillingen er bærende i teamet.")
    page.get_by_role("button", name="Lagre vedtak").click()
    page.wait_for_url("**/skjema/*")
    assert page.locator("#state").inner_text() == "Innvilget"

    letter = letter_text(page, "tilskuddsbrev")
    page.get_by_role("button", name="Send brevet til kommunen").click()
    page.wait_for_url("**/skjema/*")
    assert page.locator("#state").inner_text() == "Brev sendt"
    _shot(page, "5-sent")
    assert_accessible(page)
    return letter


def test_the_office_year_from_the_2021_decisions_to_the_2022_letter(page, live_server, signatory):
    _granted_2021(live_server)
    username = signatory(GRAN, "gran-aaret")
    round_id = _open_2022_round(page)
    _typed_before(live_server, round_id)
    _apply(page, username)
    letter = " ".join(_decide_and_send(page, round_id).split())
    assert "Gran kommune" in letter and "Postboks 1 3446 Gran" in letter  # the register's address
    for amount in ("1 060 000 kr", "550 000 kr", "180 000 kr", "330 000 kr"):
        assert amount in letter, amount
    assert "ikke et enkeltvedtak" in letter
