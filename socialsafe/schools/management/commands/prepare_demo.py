from typing import Any

from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import BaseCommand, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from socialsafe.schools.management.commands.seed_demo import sign_ins_write

# In order: each step needs the ones before it (the concerns convert one of the cases, for one).
SEEDS = ["seed_demo", "seed_demo_cases", "seed_demo_concerns", "seed_demo_registers", "seed_demo_authority"]
SEEDS += ["seed_demo_staffrules"]  # staff rules (issue 18): after the concerns demo's policy documents
SEEDS += ["seed_demo_families"]  # families (issue 18): after the concerns, which publish the policy
SEEDS += ["seed_demo_postcheck"]  # check before you post (issue 18, part "page")


class Command(BaseCommand):
    help = """Make the demo ready to serve: migrate and seed only what is missing, then print the sign-ins.

    `make run` calls it on every start. On a fresh machine it does everything; on a set-up one it asks each seed
    command whether anything of its own is missing (a query or two) and starts none of them, so it takes a second
    rather than a Python process and a password hash per step. With --serve it goes on to serve the demo.
    """

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", help="Give every demo sign-in this password (at least 10 characters).")
        parser.add_argument(
            "--serve",
            metavar="ADDRPORT",
            help="Then serve the demo there (runserver without the autoreloader), in this same process.",
        )

    def handle(self, *, password: str | None, serve: str | None, **options: Any) -> None:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            self.stdout.write("Applying database migrations.")
            call_command("migrate", interactive=False, verbosity=0)
        commands = get_commands()
        ran = []
        for name in SEEDS:
            seed = load_command_class(commands[name], name)
            forced = name == "seed_demo" and password is not None
            if forced or seed.missing():
                extra = {"password": password} if name == "seed_demo" else {}
                call_command(seed, stdout=self.stdout, stderr=self.stderr, **extra)
                ran.append(name)
        if "seed_demo" not in ran:
            var = settings.VAR_DIR
            kept = {f: (var / f).read_text().strip() for f in ("demo-password", "demo-app-key")}
            sign_ins_write(self.stdout, password=kept["demo-password"], app_key=kept["demo-app-key"])
        if not ran:
            self.stdout.write("Demo data: already there.")
        if serve:
            # Django is loaded and checked already (the checks ran before this command): serving from this process
            # saves starting it a second time.
            call_command("runserver", serve, use_reloader=False)
