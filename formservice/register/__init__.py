"""The register of organisations that apply for grants: their kinds, validation and import.

Pure Python without SQL or Flask: :mod:`.kinds` names the kinds of organisation and the facts a
recipient reports changes of, :mod:`.validation` reads and checks what the office or a
municipality typed, :mod:`.importing` reads a file shaped like ``kommuner.csv``. Storage is in
:mod:`formservice.storage.organisations` and :mod:`formservice.storage.register_changes`.
"""
