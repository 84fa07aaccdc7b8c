"""The document worker's warm-up: caches filled and every LibreOffice instance converted once."""

from __future__ import annotations

import logging

import pytest

from formservice.config import load_settings
from formservice.documents import contexts
from formservice.documents.libreoffice import ConverterPool
from formservice.documents.warm_up import warm_up


@pytest.mark.libreoffice
@pytest.mark.xdist_group("libreoffice")
def test_the_warm_up_converts_once_on_every_instance_and_leaves_no_file(tmp_path):
    settings = load_settings({"INSTANCE_PATH": str(tmp_path / "instance")})
    with ConverterPool(size=2, work_dir=tmp_path / "pool") as pool:
        warm_up(settings, pool)
        assert [i["conversions"] for i in pool.status()] == [1, 1]
    assert not list((tmp_path / "pool").glob("warm-up-*"))
    assert contexts.catalog(settings).get("kommunalt_rusarbeid", 2) is not None


def test_a_failed_warm_up_is_logged_and_the_worker_starts_all_the_same(tmp_path, caplog):
    settings = load_settings({"INSTANCE_PATH": str(tmp_path / "instance")})
    settings["TEMPLATES_DIR"] = str(tmp_path / "no-templates-here")
    with caplog.at_level(logging.ERROR, logger="formservice.documents.warm_up"):
        warm_up(settings, None)
    assert "warm-up failed" in caplog.text
