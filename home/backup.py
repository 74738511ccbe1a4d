"""One-archive backups of the whole hub, and restoring them into an empty install.

An archive (.tar.gz) holds:
- `database.sqlite3` (SQLite's online backup API: a consistent copy while the site runs) or
  `database.dump` (pg_dump's custom format, one consistent snapshot);
- `media/` (MEDIA_ROOT: images, documents) and `private-media/` (submitted images awaiting
  moderation);
- `manifest.json`: when and from what it was made (Python, Django, Wagtail, the hub, the last
  migration of every app), the number of rows of every model, and a SHA-256 of every file.

Restoring checks every checksum first, then replaces the database and the media folders. It
restores to the same kind of database it was made from (SQLite to SQLite, PostgreSQL to
PostgreSQL); uploads on S3 (MEDIA_S3_BUCKET) are left to the bucket's own versioning."""

import hashlib
import io
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import FileSystemStorage, storages
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import wagtail
from wagtail.models import Page

MANIFEST = "manifest.json"
FORMAT_VERSION = 1


class BackupError(Exception):
    """The archive cannot be made or restored; the message says why."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def row_counts():
    """Rows of every model the hub stores, by model label."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def applied_migrations():
    """The last applied migration of every app."""
    latest = {}
    for app, name in (
        MigrationRecorder(connection).migration_qs.order_by("app", "name").values_list("app", "name")
    ):
        latest[app] = name
    return latest


def hub_version():
    import tomllib

    with open(settings.BASE_DIR / "pyproject.toml", "rb") as handle:
        return tomllib.load(handle)["project"]["version"]


def postgres_tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is needed for PostgreSQL backups: install the postgresql-client package.")
    return path


def postgres_env():
    db = connection.settings_dict
    env = {**os.environ, "PGHOST": db["HOST"] or "localhost", "PGPORT": str(db["PORT"] or 5432)}
    env.update(PGUSER=db["USER"] or "", PGDATABASE=db["NAME"])
    if db["PASSWORD"]:
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def snapshot_database(folder):
    """A consistent copy of the database in `folder`; returns its file name."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        target_path = Path(folder) / "database.sqlite3"
        target = sqlite3.connect(target_path)
        with target:
            connection.connection.backup(target)
        target.close()
        return target_path.name
    if connection.vendor == "postgresql":
        target_path = Path(folder) / "database.dump"
        subprocess.run(  # noqa: S603
            [
                postgres_tool("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target_path}",
            ],
            env=postgres_env(),
            check=True,
            capture_output=True,
        )
        return target_path.name
    raise BackupError(f"Backups support SQLite and PostgreSQL, not {connection.vendor}.")


def media_folders():
    """(name in the archive, folder on disk) for the uploads that live on this server's disk."""
    folders = []
    for name, alias in (("media", "default"), ("private-media", "private")):
        storage = storages[alias]
        if isinstance(storage, FileSystemStorage):
            # base_location, not the cached location: tests move MEDIA_ROOT.
            folders.append((name, Path(storage.base_location)))
    return folders


def create_backup(archive_path):
    """Write the whole hub to `archive_path` (.tar.gz); return the manifest."""
    archive_path = Path(archive_path)
    with tempfile.TemporaryDirectory() as folder:
        database_name = snapshot_database(folder)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": timezone.now().isoformat(),
            "database": {"vendor": connection.vendor, "file": database_name},
            "versions": {
                "hub": hub_version(),
                "python": platform.python_version(),
                "django": django.get_version(),
                "wagtail": wagtail.__version__,
                "migrations": applied_migrations(),
            },
            "counts": row_counts(),
            "files": {},
        }
        partial = archive_path.with_name(archive_path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            database_file = Path(folder) / database_name
            manifest["files"][database_name] = sha256_of(database_file)
            archive.add(database_file, arcname=database_name)
            for name, root in media_folders():
                if not root.is_dir():
                    continue
                for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
                    member = f"{name}/{path.relative_to(root).as_posix()}"
                    manifest["files"][member] = sha256_of(path)
                    archive.add(path, arcname=member)
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(data))
        partial.replace(archive_path)  # a half-written archive never has the final name
    return manifest


def read_manifest(archive):
    try:
        return json.load(archive.extractfile(MANIFEST))
    except KeyError:
        raise BackupError("This is not a hub backup: it has no manifest.json.") from None


def is_empty_install():
    """Migrated but unused: no accounts, no pages beyond Wagtail's first ones."""
    return not get_user_model().objects.exists() and not Page.objects.filter(depth__gt=2).exists()


def safe_member(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise BackupError(f"Refusing the archive: unsafe path {name!r}.")
    return path


def restore_backup(archive_path, force=False):
    """Restore an archive made by create_backup into this install; return its manifest."""
    if not force and not is_empty_install():
        raise BackupError("This install already has content: restore into an empty one, or use --force.")
    with tempfile.TemporaryDirectory() as folder, tarfile.open(archive_path, "r:gz") as archive:
        manifest = read_manifest(archive)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                f"This backup is of a {vendor} database; this install uses {connection.vendor}."
            )
        unknown = [
            f"{app}.{name}"
            for app, name in manifest["versions"]["migrations"].items()
            if app in {config.label for config in apps.get_app_configs()}
            and not (Path(apps.get_app_config(app).path) / "migrations" / f"{name}.py").exists()
        ]
        if unknown:
            raise BackupError(f"This backup is from a newer version of the hub ({', '.join(unknown)}).")
        for member in archive.getmembers():
            if member.name == MANIFEST:
                continue
            safe_member(member.name)
            if not member.isfile():
                raise BackupError(f"Refusing the archive: {member.name!r} is not a plain file.")
            archive.extract(member, folder, filter="data")
            if sha256_of(Path(folder) / member.name) != manifest["files"].get(member.name):
                raise BackupError(f"The archive is damaged: {member.name} does not match its checksum.")
        missing = set(manifest["files"]) - {m.name for m in archive.getmembers()}
        if missing:
            raise BackupError(f"The archive is incomplete: {len(missing)} files are missing.")

        restore_database(Path(folder) / manifest["database"]["file"])
        # Content type ids cached before the restore may now name other types: reload them all.
        ContentType.objects.clear_cache()
        ContentType.objects.get_for_models(*apps.get_models(), for_concrete_models=False)
        for name, root in media_folders():
            source = Path(folder) / name
            root.mkdir(parents=True, exist_ok=True)
            for child in root.iterdir():  # emptied, not removed: it may be a mount point
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
            if source.is_dir():
                shutil.copytree(source, root, dirs_exist_ok=True)
    return manifest


def restore_database(path):
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        source.backup(connection.connection)
        source.close()
        return
    connection.close()
    command = [postgres_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges"]
    command += ["--single-transaction", f"--dbname={connection.settings_dict['NAME']}", str(path)]
    subprocess.run(command, env=postgres_env(), check=True, capture_output=True)  # noqa: S603
