"""The SMTP helper really receives mail, over a real socket, with its envelope."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage


def test_the_local_smtp_server_receives_a_message(smtp_server):
    host, port, inbox = smtp_server
    message = EmailMessage()
    message["From"] = "avsender@example.invalid"
    message["To"] = "mottaker@example.invalid"
    message["Subject"] = "Søknad mottatt"
    message.set_content("Innhold med æøå")
    with smtplib.SMTP(host, port, timeout=10) as smtp:
        smtp.send_message(
            message, from_addr="bounce@example.invalid", to_addrs=["kopi@example.invalid"]
        )

    received = inbox.wait_for_received(lambda r: r.message["Subject"] == "Søknad mottatt", 10)
    assert received.mail_from == "bounce@example.invalid"
    assert received.rcpt_tos == ("kopi@example.invalid",)
    assert received.message["To"] == "mottaker@example.invalid"
    assert received.message.get_content().strip() == "Innhold med æøå"
    assert inbox.wait_for(lambda m: m["Subject"] == "Søknad mottatt") is received.message
    assert len(inbox.messages) == 1
