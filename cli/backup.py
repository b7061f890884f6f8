"""backup and restore.

    python main.py backup                     # into backups/ beside the database
    python main.py backup --out FILE          # to FILE (an .infodesk-backup)
    python main.py backup --list              # the backups kept for this database
    python main.py restore FILE               # a backup (or a bare database file) replaces the database

``restore`` keeps the database it replaces as ``backups/<name>-before-restore-….infodesk-backup``
and refuses to run while an InfoDesk window has the database open.
"""
from __future__ import annotations

from pathlib import Path

from core.i18n import tr


def register(sub) -> None:
    p = sub.add_parser("backup", help=tr("back up the database and its attachments"))
    p.add_argument("--out", metavar="FILE", help=tr("where to write the backup (default: the backups folder beside the database)"))
    p.add_argument("--list", action="store_true", help=tr("list the backups kept beside the database"))
    p.set_defaults(handler=cmd_backup)

    p = sub.add_parser("restore", help=tr("replace the database by a backup (the current one is kept)"))
    p.add_argument("file", metavar="FILE", help=tr("an .infodesk-backup file or an InfoDesk database file"))
    p.set_defaults(handler=cmd_restore)


def _target(ctx) -> Path:
    from storage.database import default_db_path

    return Path(ctx.db_path).expanduser() if ctx.db_path else default_db_path()


def _mb(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


def cmd_backup(args, ctx) -> int:
    from storage import backup

    if args.list:
        found = backup.all_backups(_target(ctx))
        for f in found:
            print(f"{f}  {_mb(f.stat().st_size)}")
        print(tr("{n} backups in {folder}", n=len(found), folder=str(backup.backup_dir_for(_target(ctx)))))
        return 0
    db = ctx.db(create=False)
    out = Path(args.out).expanduser() if args.out else backup.manual_backup_path(db.path)
    info = backup.create_backup(db, out)
    print(tr("Backed up {items} items, {blobs} attachments and {entries} audit entries to {path} ({size}).",
             items=info.items, blobs=info.blobs, entries=info.audit_entries, path=str(info.path), size=_mb(info.size)))
    return 0


def cmd_restore(args, ctx) -> int:
    import sys

    from storage import backup

    ctx.close()  # restore needs the database closed
    result = backup.restore(_target(ctx), args.file)
    print(tr("Restored {path}: {items} items, {entries} audit entries, {blobs} attachments.",
             path=str(result.database), items=result.items, entries=result.audit_entries, blobs=result.blobs))
    if result.schema_after != result.schema_before:
        print(tr("The restored database was upgraded from schema {old} to {new}.",
                 old=result.schema_before, new=result.schema_after))
    if result.safety_backup is not None:
        print(tr("The database as it was before is kept in {path}.", path=str(result.safety_backup)))
    if result.missing_blobs:
        print(tr("warning: {n} attachments the restored items refer to are not in the store.",
                 n=len(result.missing_blobs)), file=sys.stderr)
    return 0
