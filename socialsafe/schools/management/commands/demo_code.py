import time

from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from socialsafe.schools.demo import DEMO_EMAILS


class Command(BaseCommand):
    help = """Print the authenticator-app code the demo accounts accept now (demo schools only).

    Only the made-up demo accounts have their key known to this command; a real account's code comes only from its
    owner's app.
    """

    def handle(self, **options) -> None:
        device = TOTPDevice.objects.filter(user__email__in=DEMO_EMAILS, confirmed=True).order_by("id").first()
        if device is None:
            raise CommandError("No demo account has an authenticator app. Run `manage.py seed_demo` first.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        totp.time = time.time()
        left = device.step - int(totp.time - device.t0) % device.step
        self.stdout.write(f"{totp.token():06d}  (for about {left} more seconds; each code signs in once per account)")
