"""The installed package imports, finds its bundled library and reports one version."""

import quiverdb
from quiverdb._c_api import get_lib
from support.paths import VALID


def test_version_matches_package():
    assert quiverdb.version() == quiverdb.__version__
    assert quiverdb.version() != ""


def test_all_valid_schemas_load(tmp_path):
    for schema in sorted(VALID.glob("*.sql")):
        with quiverdb.Database.from_schema(str(tmp_path / (schema.stem + ".db")), str(schema)) as db:
            assert db.is_healthy() is True


def test_data_type_constants():
    lib = get_lib()
    assert [
        lib.QUIVER_DATA_TYPE_INTEGER,
        lib.QUIVER_DATA_TYPE_FLOAT,
        lib.QUIVER_DATA_TYPE_STRING,
        lib.QUIVER_DATA_TYPE_DATE_TIME,
        lib.QUIVER_DATA_TYPE_NULL,
    ] == [0, 1, 2, 3, 4]
