import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from socialsafe.lib.env import envbool, envint, envlist, secret_key

ROOT = Path(__file__).resolve().parents[3]


def test_it_reads_yes_and_no_and_refuses_junk(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert envbool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG must be true or false"):
        envbool("X_FLAG", False)


def test_it_reads_numbers_and_lists(monkeypatch):
    monkeypatch.setenv("X_NUM", "12")
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert envint("X_NUM", 1) == 12
    assert envlist("X_LIST", []) == ["a.example", "b.example"]
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ImproperlyConfigured):
        envint("X_NUM", 1)


def test_it_makes_a_secret_key_once_and_keeps_it(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = secret_key(tmp_path)
    assert len(first) > 50 and secret_key(tmp_path) == first
    assert oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


def test_the_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "SECRET_KEY": "x" * 20 + "-not-a-real-key-only-for-the-deploy-check-" + "y" * 20,
        "SITE_URL": "https://school.example",
        "ALLOWED_HOSTS": "school.example",
        "SECURE_HSTS_SECONDS": "31536000",
        "SOCIALSAFE_VAR_DIR": str(tmp_path),
        "SECURE_HSTS_PRELOAD": "true",
        "EMAIL_HOST": "smtp.school.example",
        "DEBUG": "false",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by conftest for the browser tests only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
