"""Create the first editor account for `make run`, printing its password once."""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from home.roles import ADMINISTRATORS


class Command(BaseCommand):
    help = (
        "Create a superuser if none exists. Username and password come from ADMIN_USERNAME and "
        "ADMIN_PASSWORD, or the password is generated and printed once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000/admin/", help="Where to sign in.")

    def handle(self, *args, **options):
        User = get_user_model()
        username = os.environ.get("ADMIN_USERNAME", "admin")
        # The editors' alert for new event submissions goes to this address: never leave it empty.
        email = os.environ.get("ADMIN_EMAIL") or f"{username}@localhost"
        existing = User.objects.filter(is_superuser=True)
        if existing.exists():
            if os.environ.get("ADMIN_EMAIL"):
                existing.filter(username=username, email="").update(email=email)
            self.stdout.write(
                f"Admin login: an account already exists (password printed on first run). "
                f"Reset it with: .venv/bin/python manage.py changepassword {username}"
            )
            return
        password = os.environ.get("ADMIN_PASSWORD") or secrets.token_urlsafe(12)
        try:
            # The same password rules as every other account (AUTH_PASSWORD_VALIDATORS).
            validate_password(password, User(username=username, email=email))
        except ValidationError as error:
            raise CommandError("ADMIN_PASSWORD is not accepted: " + " ".join(error.messages)) from error
        user = User.objects.create_superuser(username=username, email=email, password=password)
        group, _ = Group.objects.get_or_create(name=ADMINISTRATORS)
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Admin login created: sign in at {options['url']}"))
        self.stdout.write(f"  username: {username}")
        self.stdout.write(
            f"  email:    {email}   (new event submissions are sent here; set ADMIN_EMAIL to choose)"
        )
        if os.environ.get("ADMIN_PASSWORD"):
            self.stdout.write("  password: the one in ADMIN_PASSWORD")
        else:
            self.stdout.write(f"  password: {password}   (shown once: note it now)")
        self.stdout.write("  First sign-in: set up an authenticator app (administrators need a second step).")
