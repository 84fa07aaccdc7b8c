"""A real SMTP server on loopback (aiosmtpd) that keeps every message it receives.

``smtp_server`` (function scope) is registered for every test folder by ``tests/conftest.py``;
the browser tests run a session-wide one from :func:`running_smtp_server` so that the live
``formservice serve`` can send to it for the whole session.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import NamedTuple

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    """One message as it arrived: the SMTP envelope and the parsed message."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage


class Inbox:
    """The aiosmtpd handler: keeps every received message, parsed, with its envelope.

    Thread-safe: aiosmtpd calls ``handle_DATA`` on its own event-loop thread while tests read.
    """

    def __init__(self) -> None:
        self._received: list[Received] = []
        self._arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope) -> str:
        message = message_from_bytes(envelope.content, policy=policy.default)
        received = Received(envelope.mail_from, tuple(envelope.rcpt_tos), message)
        with self._arrived:
            self._received.append(received)
            self._arrived.notify_all()
        return "250 OK"

    @property
    def received(self) -> list[Received]:
        """A snapshot of everything received so far, oldest first."""
        with self._arrived:
            return list(self._received)

    @property
    def messages(self) -> list[EmailMessage]:
        """A snapshot of the parsed messages received so far, oldest first."""
        return [r.message for r in self.received]

    def wait_for_received(
        self, predicate: Callable[[Received], bool], timeout: float = 30
    ) -> Received:
        """The first received message (with envelope) that matches, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        with self._arrived:
            while True:
                for received in self._received:
                    if predicate(received):
                        return received
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._arrived.wait(remaining)
            seen = [
                f"{r.mail_from} -> {', '.join(r.rcpt_tos)}: {r.message['Subject']!r}"
                for r in self._received
            ]
        raise AssertionError(
            f"no matching message within {timeout} s; received {len(seen)}:\n" + "\n".join(seen)
        )

    def wait_for(
        self, predicate: Callable[[EmailMessage], bool], timeout: float = 30
    ) -> EmailMessage:
        """The first message that matches, waiting for it to arrive."""
        return self.wait_for_received(lambda r: predicate(r.message), timeout).message


class SmtpServer(NamedTuple):
    """Where the server listens and what it received; unpacks as ``host, port, inbox``."""

    host: str
    port: int
    inbox: Inbox


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


@contextmanager
def running_smtp_server() -> Iterator[SmtpServer]:
    """An aiosmtpd ``Controller`` on 127.0.0.1 and a free port, stopped on exit."""
    inbox = Inbox()
    controller = Controller(inbox, hostname=HOST, port=free_port())
    controller.start()
    try:
        yield SmtpServer(HOST, controller.port, inbox)
    finally:
        controller.stop()


@pytest.fixture
def smtp_server() -> Iterator[SmtpServer]:
    """``(host, port, inbox)`` of a running SMTP server, for one test."""
    with running_smtp_server() as server:
        yield server
