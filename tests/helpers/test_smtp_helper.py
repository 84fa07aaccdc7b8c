"""The SMTP helper really receives mail."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage


def test_the_local_smtp_server_receives_a_message(smtp_server):
    host, port, inbox = smtp_server
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = (
        "a@example.invalid",
        "b@example.invalid",
        "Hei",
    )
    message.set_content("Innhold")
    with smtplib.SMTP(host, port) as smtp:
        smtp.send_message(message)
    assert inbox.wait_for(lambda m: m["Subject"] == "Hei").get_content().strip() == "Innhold"
