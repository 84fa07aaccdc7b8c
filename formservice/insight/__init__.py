"""Insight: a round's figures (:mod:`.compute`), the same per office nationally (:mod:`.national`),
the charts that draw them as SVG (:mod:`.charts`) and the office's annual report (:mod:`.report`).

Everything shown is computed in :mod:`.compute`; the charts and templates only draw it.
"""
