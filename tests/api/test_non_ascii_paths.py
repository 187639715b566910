"""Paths are UTF-8 text on every platform (docs/packaging.md): directories and files whose names
are not ASCII, outside the Windows ANSI code pages too (the Omega), for every call that touches
the file system. tests/c/capi_smoke.c runs the same checks through the C API under wine."""

from __future__ import annotations

import shutil
from pathlib import Path

from quiverdb import Database
from support.paths import VALID

NAME = "São_João_Über_Ω"


def test_from_schema_open_csv_and_migrations_under_non_ascii_names(tmp_path: Path) -> None:
    folder = tmp_path / NAME
    folder.mkdir()
    schema = folder / f"esquema_{NAME}.sql"
    shutil.copyfile(VALID / "basic.sql", schema)
    db_path = folder / f"usina_{NAME}.db"
    for _ in range(2):  # the second one replaces the first file
        with Database.from_schema(str(db_path), str(schema)) as db:
            assert db.number_of_elements("Configuration") == 0
            db.create_element("Configuration", label="São João")
    assert sorted(p.name for p in folder.iterdir()) == sorted([schema.name, db_path.name])

    csv = folder / f"saída_{NAME}" / f"dados_{NAME}.csv"  # the parent directory is created
    with Database.open(str(db_path)) as db:
        assert db.path() == str(db_path)
        db.export_csv("Configuration", "", str(csv))
        assert "São João" in csv.read_text(encoding="utf-8")
        db.import_csv("Configuration", "", str(csv))
        assert db.read_scalar_strings("Configuration", "label") == ["São João"]

    migrations = folder / f"migrações_{NAME}"
    (migrations / "1").mkdir(parents=True)
    (migrations / f"notas_{NAME}").mkdir()  # not a version: skipped
    shutil.copyfile(VALID / "basic.sql", migrations / "1" / "up.sql")
    migrated = folder / f"migrado_{NAME}.db"
    with Database.from_migrations(str(migrated), str(migrations)) as db:
        assert db.current_version() == 1
    assert migrated.is_file()
