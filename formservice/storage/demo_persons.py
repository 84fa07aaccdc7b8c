"""The demo's persons for the local test login (``make run``): invented names and national
identity numbers (valid check digits, made with python-stdnum), and the roles they hold.

``init --demo`` grants the roles; ``scripts/oidc-test-provider/run.py`` gives the same persons to
the test provider. Their user rows are demo rows: an ID-porten login on one is refused unless
``DEMO_MODE`` is on, in case a real person ever had one of these numbers.
"""

from __future__ import annotations

from typing import Any

import sqlite_utils

from formservice.storage.organisations import organisation_by_kommunenummer
from formservice.storage.person_roles import active_role, grant_role

# id at the provider, national identity number, name, what the test login page says of them,
# [(kommunenummer, role)]
DEMO_PERSONS: tuple[tuple[str, str, str, dict[str, str], tuple[tuple[str, str], ...]], ...] = (
    ("demo-kari", "12037410053", "Kari Testperson",
     {"nb": "signaturberettiget i Lillehammer", "nn": "signaturrett i Lillehammer"},
     (("3405", "signatory"),)),
    ("demo-ola", "04118210005", "Ola Testperson",
     {"nb": "medarbeider i Lillehammer", "nn": "medarbeidar i Lillehammer"},
     (("3405", "contributor"),)),
    ("demo-siri", "27066810025", "Siri Testperson",
     {"nb": "signaturberettiget i Gjøvik, medarbeider i Lom",
      "nn": "signaturrett i Gjøvik, medarbeidar i Lom"},
     (("3407", "signatory"), ("3434", "contributor"))),
    ("demo-rune", "14087910076", "Rune Testperson",
     {"nb": "signaturberettiget i Sør-Odal (fikk tilskudd i 2020 og 2021)",
      "nn": "signaturrett i Sør-Odal (fekk tilskot i 2020 og 2021)"},
     (("3415", "signatory"),)),
    ("demo-per", "09099110160", "Per Testperson", {"nb": "ingen tilgang", "nn": "ingen tilgang"},
     ()),
)  # fmt: skip


def load_demo_persons(db: sqlite_utils.Database) -> list[str]:
    """Grant the demo persons their roles (safe to run again); their user rows are demo rows."""
    report = []
    for _, pid, name, _, roles in DEMO_PERSONS:
        for kommune, role in roles:
            organisation = organisation_by_kommunenummer(db, kommune)
            if organisation is None or active_role(db, pid, organisation["id"]) is not None:
                continue
            grant_role(db, pid=pid, organisation=organisation, role=role, full_name=name,
                       actor=None, demo=True)  # fmt: skip
            report.append(f"demo: test person {name} ({role} for {organisation['name']})")
    return report


def provider_persons() -> list[dict[str, Any]]:
    """The demo persons as the test provider's configuration lists them."""
    return [{"id": key, "pid": pid, "name": name, "note": note}
            for key, pid, name, note, _ in DEMO_PERSONS]  # fmt: skip
