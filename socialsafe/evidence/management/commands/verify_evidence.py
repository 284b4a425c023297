from typing import Any

from django.core.management.base import BaseCommand

from socialsafe.evidence.services import evidence_verify


class Command(BaseCommand):
    help = """Decrypt and re-hash every evidence file and report any that is missing, altered or without its key.

    Exits 1 if any is.

    Run it from cron (e.g. weekly) and before handing a bundle over.
    """

    def handle(self, **options: Any) -> None:
        report = evidence_verify()
        for item in report.missing:
            self.stderr.write(f"MISSING  {item.incident.reference}  {item.original_name}  {item.sha256}")
        for item in report.altered:
            self.stderr.write(f"ALTERED  {item.incident.reference}  {item.original_name}  {item.sha256}")
        for item, key_id in report.no_key:
            self.stderr.write(
                f"NO KEY  {item.incident.reference}  {item.original_name}  (key {key_id} is not in the key ring)"
            )
        summary = f"Checked {report.checked} file(s): {len(report.missing)} missing, {len(report.altered)} altered."
        if report.no_key:
            summary += f" {len(report.no_key)} without their key."
        if report.ok:
            self.stdout.write(summary)
        else:
            self.stderr.write(summary)
            raise SystemExit(1)
