# Shared by run-demo and run-tests: make .venv with Python 3.11 and install into it quietly.
py=$(command -v python3.11 || command -v python3)
if ! "$py" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "huvudman needs Python 3.11 (found $("$py" --version 2>&1))" >&2
  exit 1
fi
[ -x .venv/bin/python ] || "$py" -m venv .venv
pip_install() {
  .venv/bin/python -m pip install --quiet --disable-pip-version-check "$@"
}
