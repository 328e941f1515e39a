# Shared by run-demo and run-tests: the Debian packages huvudman needs beyond Python, installed
# with apt-get only when missing (fonts for PDF documents; Pango for the letters benchmark's
# peer; Chromium for browser tests).
debian_install() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  ((${#missing[@]})) || return 0
  echo "installing Debian packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}
# the fonts PDF documents are set in (documents/typst_pdf.py names their folders)
FONT_PACKAGES=(fonts-dejavu-core fonts-noto-core)
# WeasyPrint, the letters benchmark's peer (a test extra), lays out with Pango
PEER_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0)
BROWSER_PACKAGES=(chromium)
