"""Document commands (``render``, ``letters``): being written with the document pipeline."""

from __future__ import annotations

import argparse


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the document commands (none yet)."""
