"""Backup and restore of the whole record: the database and the evidence files, with a manifest.

A backup is one directory:

    manifest.json       what is in it: database vendor and file, migrations, journal chain heads,
                        every evidence file with its size and SHA-256
    database.sqlite3    SQLite: a consistent copy made with the online backup API
                        (sqlite3.Connection.backup), while the platform keeps running
    database.dump       PostgreSQL: pg_dump --format=custom (one consistent snapshot)
    evidence/ab/cd/…    the evidence files, under their storage names (content-addressed)
    SHA256SUMS          every file above, for `sha256sum -c SHA256SUMS` on any machine

`restore` checks every checksum before it touches anything, then replaces the database and puts
the evidence files back, and finally compares the restored journal's chain heads with the
manifest. Run `verify_journal` and `verify_evidence` after it (docs/backup.md).

Lives under management/ (an outer layer): it reads the evidence app's storage, which itself
writes to the journal.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage
from django.db import connections
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "zhifa-backup/1"
MANIFEST = "manifest.json"
SUMS = "SHA256SUMS"
EVIDENCE_DIR = "evidence"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is for the operator (Chinese)."""


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


# --- database ------------------------------------------------------------------------------------


def owner_settings(using: str = "default") -> dict:
    """The connection settings to back up and restore with: the owner role's when
    MIGRATE_DATABASE_URL is set (a restore creates tables), else the database's own."""
    settings_dict = dict(connections[using].settings_dict)
    url = getattr(settings, "MIGRATE_DATABASE_URL", "")
    if url and using == "default":
        import dj_database_url

        owner = dj_database_url.parse(url)
        for key in ("USER", "PASSWORD", "HOST", "PORT"):
            settings_dict[key] = owner.get(key) or settings_dict.get(key)
    return settings_dict


def _pg_args(settings_dict: dict) -> tuple[list[str], dict]:
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    args += ["--dbname", str(settings_dict["NAME"])]
    return args, env


def _run(command: list[str], env: dict) -> None:
    tool = shutil.which(command[0])
    if tool is None:
        raise BackupError(f"找不到 {command[0]}：请安装与数据库同版本的 PostgreSQL 客户端。")
    done = subprocess.run([tool, *command[1:]], env=env, capture_output=True, text=True)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{command[0]} 失败：{done.stderr.strip()[:2000]}")


def dump_database(target: Path, using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        # The online backup API copies a consistent snapshot page by page while others write.
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args(owner_settings(using))
        _run(["pg_dump", "--format=custom", "--file", str(target), *args], env)
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")


def load_database(source: Path, using: str = "default") -> None:
    connection = connections[using]
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            raise BackupError("恢复不能在事务中进行。")
        connection.ensure_connection()
        origin = sqlite3.connect(source)
        try:
            # Replaces every page of the live database, triggers and all, in one step.
            origin.backup(connection.connection)
        finally:
            origin.close()
    elif connection.vendor == "postgresql":
        connection.close()  # hold no lock on the tables pg_restore drops
        args, env = _pg_args(owner_settings(using))
        # --no-owner/--no-acl: objects belong to the restoring (owner) role; the application
        # role's grants are given again by create_app_role (docs/backup.md).
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-acl",
                "--single-transaction",
                "--exit-on-error",
                *args,
                str(source),
            ],
            env,
        )
    else:
        raise BackupError(f"不支持的数据库：{connection.vendor}")


# --- evidence files ------------------------------------------------------------------------------


def _stored_names() -> list[str]:
    from zhifa.evidence.models import EvidenceFile

    return list(
        EvidenceFile.objects.order_by("storage_name").values_list("storage_name", flat=True)
    )


def copy_evidence_out(target: Path) -> tuple[list[dict], list[str]]:
    """Every evidence file the database names, copied out; and the names found missing."""
    from zhifa.evidence import storage

    files, missing = [], []
    for name in _stored_names():
        out = target / name
        out.parent.mkdir(parents=True, exist_ok=True)
        try:
            with storage.open_stored(name) as src, open(out, "wb") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
        except (FileNotFoundError, OSError):
            out.unlink(missing_ok=True)
            missing.append(name)
            continue
        files.append({"name": name, "size": out.stat().st_size, "sha256": sha256_of(out)})
    return files, missing


def put_evidence_back(source: Path, files: list[dict]) -> int:
    """Write each backed-up file into evidence storage (replacing a different one); returns count."""
    from zhifa.evidence import storage as evidence

    store = evidence.evidence_storage()
    for item in files:
        path = source / item["name"]
        if isinstance(store, FileSystemStorage):
            target = Path(store.path(item["name"]))
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=evidence.STAGING_SUFFIX)
            with os.fdopen(fd, "wb") as dst, open(path, "rb") as src:
                shutil.copyfileobj(src, dst, CHUNK)
                dst.flush()
                os.fsync(dst.fileno())
            os.chmod(tmp, 0o440)
            os.replace(tmp, target)
        else:
            if store.exists(item["name"]):
                store.delete(item["name"])
            with open(path, "rb") as src:
                store.save(item["name"], File(src, name=item["name"]))
    return len(files)


# --- the journal's heads -------------------------------------------------------------------------


def journal_heads(using: str = "default") -> dict[str, dict]:
    from zhifa.records.models import JournalHead

    return {
        h.chain: {"seq": h.seq, "entry_hash": h.entry_hash}
        for h in JournalHead.objects.using(using).order_by("chain")
    }


def applied_migrations(using: str = "default") -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


# --- the two operations --------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    manifest: dict
    missing: list[str]


def create_backup(target: Path, using: str = "default") -> BackupResult:
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"目标目录 {target} 已存在且不为空。")
    # Personal data of a whole province: readable by the backup's owner alone.
    target.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.chmod(0o700)
    old_umask = os.umask(0o077)
    try:
        return _write_backup(target, using)
    finally:
        os.umask(old_umask)


def _write_backup(target: Path, using: str) -> BackupResult:
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"不支持的数据库：{vendor}")
    started = timezone.now()
    database_file = target / DATABASE_FILES[vendor]
    dump_database(database_file, using)
    # Files listed after the snapshot: every file the snapshot names is among them.
    files, missing = copy_evidence_out(target / EVIDENCE_DIR)
    manifest = {
        "format": FORMAT,
        "started_at": started.isoformat(),
        "finished_at": timezone.now().isoformat(),
        "database": {
            "vendor": vendor,
            "file": database_file.name,
            "size": database_file.stat().st_size,
            "sha256": sha256_of(database_file),
        },
        "migrations": applied_migrations(using),
        "journal_heads": journal_heads(using),
        "evidence": {
            "count": len(files),
            "bytes": sum(f["size"] for f in files),
            "files": files,
            "missing": missing,
        },
    }
    (target / MANIFEST).write_text(
        json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), "utf-8"
    )
    lines = [f"{manifest['database']['sha256']}  {database_file.name}"]
    lines += [f"{f['sha256']}  {EVIDENCE_DIR}/{f['name']}" for f in files]
    lines.append(f"{sha256_of(target / MANIFEST)}  {MANIFEST}")
    (target / SUMS).write_text("\n".join(lines) + "\n", "utf-8")
    return BackupResult(path=target, manifest=manifest, missing=missing)


def read_manifest(source: Path) -> dict:
    """The manifest, after every checksum in it was checked; raises BackupError naming the first bad one."""
    source = Path(source)
    try:
        manifest = json.loads((source / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source} 中没有可读的 {MANIFEST}。") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份格式 {manifest.get('format')!r} 不受支持（应为 {FORMAT}）。")
    sums = source / SUMS
    if sums.exists():
        listed = dict(
            reversed(line.split("  ", 1)) for line in sums.read_text("utf-8").splitlines() if line
        )
        if listed.get(MANIFEST) != sha256_of(source / MANIFEST):
            raise BackupError(f"{MANIFEST} 与 {SUMS} 不符：清单被改动。")
    database = manifest["database"]
    checks = [(source / database["file"], database["sha256"])]
    checks += [
        (source / EVIDENCE_DIR / f["name"], f["sha256"]) for f in manifest["evidence"]["files"]
    ]
    for path, expected in checks:
        if not path.is_file():
            raise BackupError(f"备份缺少文件：{path.relative_to(source)}")
        if sha256_of(path) != expected:
            raise BackupError(f"备份文件校验和不符：{path.relative_to(source)}")
    return manifest


def regrant_app_role(using: str = "default") -> str | None:
    """After a PostgreSQL restore (objects restored without grants), give the application role
    its rights again, when it is a role of its own (MIGRATE_DATABASE_URL set)."""
    from .privileges import create_app_role, owner_url

    connection = connections[using]
    if connection.vendor != "postgresql" or not owner_url() or using != "default":
        return None
    app_role = connection.settings_dict.get("USER")
    if not app_role or app_role == owner_settings(using).get("USER"):
        return None
    create_app_role(app_role, using=using)
    return app_role


def restore_backup(source: Path, using: str = "default") -> dict:
    """Replace the database and put the evidence files back; returns the manifest."""
    source = Path(source)
    manifest = read_manifest(source)
    vendor = connections[using].vendor
    if manifest["database"]["vendor"] != vendor:
        raise BackupError(f"备份来自 {manifest['database']['vendor']}，不能恢复到 {vendor}。")
    load_database(source / manifest["database"]["file"], using)
    regrant_app_role(using)
    put_evidence_back(source / EVIDENCE_DIR, manifest["evidence"]["files"])
    heads = journal_heads(using)
    if heads != manifest["journal_heads"]:
        raise BackupError("恢复后的全过程记录链头与备份清单不一致。")
    return manifest
