"""Apache PDFBox Preflight (Debian's ``libpdfbox2-java``): the ISO 19005-1 (PDF/A-1b) validator.

Preflight runs once for a list of files (``xml group``) and writes one XML report; this returns
each file's errors (code and details), an empty list for a valid file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from lxml import etree

# Debian's jars: Preflight and PDFBox, and what Java 17 no longer ships (activation, JAXB)
JARS = ("preflight", "pdfbox2", "fontbox2", "xmpbox", "commons-logging", "javax.activation",
        "jaxb-api")  # fmt: skip
CLASSPATH = ":".join(f"/usr/share/java/{jar}.jar" for jar in JARS)


def available() -> bool:
    """Whether Java and every jar Preflight needs are installed."""
    return shutil.which("java") is not None and all(
        Path(f"/usr/share/java/{jar}.jar").is_file() for jar in JARS
    )


def validate_pdfa1b(paths: list[Path], work: Path) -> dict[str, list[str]]:
    """File name → Preflight's errors (``"7.11.2: Error on MetaData, part must be 1"``)."""
    listing = work / "preflight-files.txt"
    listing.write_text("".join(f"{path}\n" for path in paths), encoding="utf-8")
    subprocess.run(
        ["java", "-cp", CLASSPATH, "org.apache.pdfbox.preflight.Validator_A1b", "xml", "group",
         str(listing)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    report = etree.parse(str(listing) + ".preflight.xml")
    results = {}
    for preflight in report.iter("preflight"):
        valid = preflight.findtext("isValid") == "true"
        errors = [f"{e.findtext('code')}: {e.findtext('details')}" for e in preflight.iter("error")]
        results[preflight.get("name")] = [] if valid else errors or ["invalid"]
    return results
