"""`make prod-check`: the production path, end to end, on throwaway data.

Collects static files with the production storage (hashed, compressed), runs the deploy checks
with zero warnings allowed, starts gunicorn on a free loopback port with the task worker beside it
(behind a pretend TLS proxy: Host and X-Forwarded-Proto as the proxy sends them), walks one page of
every page type and every other response kind, and every static file those pages use. Fails on any
5xx, unexpected status, missing static file or missing security header; stops what it started.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The production processes, as `make run` starts them (scripts/serve.sh); soak.py uses them too.
GUNICORN = [sys.executable, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi"]
TASK_WORKER = [
    sys.executable,
    "manage.py",
    "db_worker",
    "--backend",
    "background",
    "--queue-name",
    "*",
    "-v",
    "0",
]
PUBLIC_HOST = "hub.example.gov.uk"
STATIC_REFERENCE = re.compile(r"""(?:src|href)="(/static/[^"?#]+)""")


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(data):
    """The documented production environment (README, Configuration), on throwaway folders."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "WAGTAILADMIN_BASE_URL": f"https://{PUBLIC_HOST}",
        "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
        "STATIC_ROOT": str(data / "static"),
        "MEDIA_ROOT": str(data / "media"),
        "PRIVATE_MEDIA_ROOT": str(data / "private-media"),
        "SERVE_MEDIA": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def fetch(port, path):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", headers={"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
    )
    opener = urllib.request.build_opener(NoRedirects)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_up(port, processes, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for name, process in processes.items():
            if process.poll() is not None:
                raise SystemExit(f"prod-check: {name} exited with {process.returncode} while starting")
        try:
            if fetch(port, "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("prod-check: gunicorn did not answer /healthz in time")


def walk(port, urls):
    from testing.site_walk import security_header_problems

    failures, static_paths = [], set()
    for label, path, expected in urls:
        status, headers, body = fetch(port, path)
        if status >= 500 or status != expected:
            failures.append(f"{label} {path}: status {status}, expected {expected}")
        failures += [
            f"{label} {path}: {problem}" for problem in security_header_problems(path, headers, True)
        ]
        if "text/html" in headers.get("Content-Type", ""):
            static_paths.update(STATIC_REFERENCE.findall(body.decode("utf-8", "replace")))
    for path in sorted(static_paths):
        status, headers, _body = fetch(port, path)
        if status != 200:
            failures.append(f"static file {path}: status {status}")
        failures += [
            f"static file {path}: {problem}" for problem in security_header_problems(path, headers, True)
        ]
    return failures, len(urls), len(static_paths)


def main():
    data = Path(tempfile.mkdtemp(prefix="bpt-prod-check-"))
    os.environ.update(production_environment(data))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    print("prod-check: collectstatic with the production storage")
    call_command("collectstatic", interactive=False, verbosity=0)
    print("prod-check: manage.py check --deploy --fail-level WARNING")
    call_command("check", deploy=True, fail_level="WARNING")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("load_seed_content", verbosity=0)
    call_command("sync_site_address", verbosity=0)

    from testing.site_walk import urls_to_walk

    urls = urls_to_walk()
    port = free_port()
    processes = {
        "gunicorn": subprocess.Popen([*GUNICORN, "--bind", f"127.0.0.1:{port}"], cwd=ROOT),
        "task worker": subprocess.Popen(TASK_WORKER, cwd=ROOT),
    }
    try:
        wait_until_up(port, processes)
        print(f"prod-check: walking 127.0.0.1:{port} as https://{PUBLIC_HOST}")
        failures, pages, statics = walk(port, urls)
        if processes["task worker"].poll() is not None:
            failures.append("the task worker stopped")
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    if failures:
        print(f"prod-check FAILED (data kept in {data}):\n  " + "\n  ".join(failures))
        return 1
    print(f"prod-check passed: {pages} URLs and {statics} static files, no 5xx, every security header.")
    shutil.rmtree(data, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
