"""The hand-over to the office's Noark 5 archive: PDF/A checks, arkivmelding, export packages."""
