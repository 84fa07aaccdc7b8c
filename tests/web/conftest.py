"""The app fixtures live in :mod:`tests.helpers.app`; ``csrf_token`` is importable from here too."""

from tests.helpers.app import csrf_token

__all__ = ["csrf_token"]
