#!/usr/bin/env bash
# Debian packages the PDF book and the browser tests need: Chromium (prints the PDF, runs the
# browser tests), the fonts the PDF uses (FreeSerif/FreeSans, DejaVu) and poppler
# (pdftotext/pdftoppm, to read and look at the PDF).
# Idempotent: does nothing when everything is present. Called by `make pdf` and `make test`.
set -euo pipefail

packages=(chromium fonts-freefont-otf fonts-dejavu-core poppler-utils)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Saknar Debian-paket: ${missing[*]}" >&2
  echo "Installera dem som root: sudo bash scripts/install-system-deps.sh" >&2
  exit 1
fi
echo "Installerar Debian-paket: ${missing[*]} (några minuter första gången) …"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
