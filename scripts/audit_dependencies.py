"""Audit requirements.txt for known vulnerabilities with pip-audit; used by .ci/run.

Exits 1 when a pinned requirement has a known vulnerability. When no vulnerability database can be reached
(no network to PyPI's advisory data or to OSV), pip-audit skips every package instead of failing; this script
then says so loudly — AUDIT SKIPPED, with the reason — and exits 0, so an offline CI machine degrades clearly
rather than breaking the build or printing a false "no known vulnerabilities".

Run:  python scripts/audit_dependencies.py PIP_AUDIT_EXECUTABLE [requirements.txt]
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

SERVICES = ("pypi", "osv")


def audit(pip_audit, requirements, service):
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        completed = subprocess.run(  # noqa: S603 - the CI's own pip-audit, fixed arguments
            [pip_audit, "--requirement", requirements, "--no-deps", "--disable-pip", "--progress-spinner", "off",
             "--vulnerability-service", service, "--format", "json", "--output", str(report)],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if not report.exists():
            return None, (completed.stderr.strip().splitlines() or ["no output"])[-1]
        return json.loads(report.read_text())["dependencies"], ""


def main():
    pip_audit = sys.argv[1]
    requirements = sys.argv[2] if len(sys.argv) > 2 else "requirements.txt"
    reasons = []
    for service in SERVICES:
        dependencies, error = audit(pip_audit, requirements, service)
        if dependencies is None:
            reasons.append(f"{service}: {error}")
            continue
        audited = [d for d in dependencies if "skip_reason" not in d]
        if not audited:
            reasons.append(
                f"{service}: every package skipped ({dependencies[0]['skip_reason'] if dependencies else 'none'})"
            )
            continue
        vulnerable = [d for d in audited if d.get("vulns")]
        for dependency in vulnerable:
            for vuln in dependency["vulns"]:
                fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
                print(
                    f"VULNERABLE {dependency['name']} {dependency['version']}: {vuln['id']} (fixed in {fixes})"
                )
        skipped = len(dependencies) - len(audited)
        print(
            f"pip-audit ({service}): {len(audited)} packages audited, {skipped} skipped, {len(vulnerable)} vulnerable"
        )
        return 1 if vulnerable else 0
    print("WARNING: DEPENDENCY AUDIT SKIPPED — no vulnerability database could be reached from this machine:")
    for reason in reasons:
        print(f"  {reason}")
    print("Run `bash .ci/run` where PyPI's JSON API or api.osv.dev is reachable to audit requirements.txt.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
