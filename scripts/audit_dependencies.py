"""Known vulnerabilities in the installed dependencies (pip-audit against PyPI's advisory data).

Fails when any installed package has a known vulnerability. When the advisory data cannot be
reached (a registry mirror that does not serve it, no network), it says so plainly with the
count of packages it could not check, and does not pretend they were checked."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    """Run pip-audit on this environment and judge its report."""
    pip_audit = Path(sys.executable).with_name("pip-audit")
    proc = subprocess.run([str(pip_audit), "--skip-editable", "--format", "json",
                           "--progress-spinner", "off"], capture_output=True, text=True)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit gave no report (exit {proc.returncode}): {proc.stderr.strip()[:500]}")
        return 1
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    checked = len(deps) - len(skipped)
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        print(f"VULNERABLE {dep['name']} {dep['version']}: {ids}")
    if vulnerable:
        return 1
    if checked == 0 and skipped:
        print(f"WARNING: the advisory data could not be reached: none of {len(skipped)} "
              "packages could be checked (not a pass; run where PyPI's JSON API is reachable)")
        return 0
    print(f"no known vulnerabilities in {checked} packages"
          + (f"; {len(skipped)} could not be checked" if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
