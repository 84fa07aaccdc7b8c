#!/usr/bin/env bash
# Install the Debian packages formservice needs: LibreOffice (with Python-UNO for its converter
# pool), Chromium for the browser tests, fonts, poppler, python3-venv, PDFBox Preflight (the PDF/A
# validator the tests run; activation and JAXB are what it needs that Java 17 no longer ships), a
# Java runtime if there is none, and Node.js with npm if there is none. As root it runs apt-get; otherwise it names what is missing and stops.
set -euo pipefail

# The fonts LibreOffice draws PDFs with; formservice/data/printable.json is the table of what they
# draw (scripts/build_printable_table.py), and both engines refuse what none of them has. The Noto
# fonts cover every script and Chinese/Japanese/Korean, HanaMinB (fonts-hanazono) the CJK
# ideographs of extensions B to F, Symbola emoji (Noto Color Emoji is a bitmap font PDFs cannot
# show: fonts.conf leaves it to the browser); DejaVu and OpenSymbol are LibreOffice's own.
# libcairo2 draws the office report's charts (CairoSVG turns the SVG into PNG for the DOCX).
PACKAGES=(libreoffice-writer-nogui python3-uno python3-venv chromium fonts-liberation2
          fonts-dejavu-core fonts-dejavu-extra fonts-opensymbol fonts-noto-core fonts-noto-cjk
          fonts-hanazono fonts-noto-color-emoji fonts-symbola
          poppler-utils
          libpdfbox2-java libactivation-java libjaxb-api-java libcairo2)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

# any Java runtime runs Preflight; Debian's default when there is none
if ! command -v java >/dev/null 2>&1; then
  missing+=(default-jre-headless)
fi

# Node.js for the front-end packages (npm) and for the browser engine's tests (node --test, in
# Node 18 and later): any Node.js with npm will do (Debian's, or NodeSource's, whose nodejs
# package brings npm and conflicts with Debian's npm), so ask only when there is none
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  missing+=(nodejs npm)
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 18 ]; then
  echo "formservice needs Node.js 18 or later for node --test; this machine has $(node --version)" >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "formservice needs these Debian packages, which are not installed:" >&2
  echo "  ${missing[*]}" >&2
  echo "install them with: sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
