"""API v1 (``/api/v1/``): the blueprint and its hooks in :mod:`blueprint`, the resources in
:mod:`views`, the access rules in :mod:`access`, the JSON shapes in :mod:`shapes`."""

from formservice.web.api import views
from formservice.web.api.blueprint import bp

__all__ = ["bp", "views"]
