"""Create the first administrator if there is none, for `make run`."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Create the superuser 'admin' when no superuser exists. The password comes from "
        "PORTAL_ADMIN_PASSWORD, else a random one is generated, printed and kept in "
        "var/admin-password.txt."
    )

    def handle(self, *args, **options):
        user_model = get_user_model()
        username = os.environ.get("PORTAL_ADMIN_USERNAME", "admin")
        password_file = settings.VAR_DIR / "admin-password.txt"
        env_password = os.environ.get("PORTAL_ADMIN_PASSWORD")
        if user_model.objects.filter(is_superuser=True).exists():
            if env_password:
                user = user_model.objects.filter(username=username).first()
                if user:
                    user.set_password(env_password)
                    user.save(update_fields=["password"])
            hint = (
                f"(mật khẩu lưu trong {password_file})"
                if password_file.exists()
                else ""
            )
            self.stdout.write(f"Tài khoản quản trị đã có: {username} {hint}".rstrip())
            return
        password = env_password or secrets.token_urlsafe(12)
        user_model.objects.create_superuser(
            username=username,
            email="admin@portal.local",
            password=password,
            first_name="Quản trị",
            last_name="viên",
        )
        if not env_password:
            password_file.parent.mkdir(parents=True, exist_ok=True)
            password_file.write_text(password + "\n", encoding="utf-8")
            password_file.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(f"Đã tạo tài khoản quản trị: {username} / {password}")
        )
