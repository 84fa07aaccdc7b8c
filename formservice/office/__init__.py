"""The office's rules that are not storage or web: the calculation ladder and the transitional rule
(:mod:`.ladder`), reading the assessment form (:mod:`.assessment`) and the CSV/XLSX files
(:mod:`.exports`)."""
