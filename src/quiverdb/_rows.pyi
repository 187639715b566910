# quiverdb._rows (src/quiverdb/_rows.c): create_elements' rows packed into typed columns.
def columns(
    rows: list[object], keys: tuple[object, ...], /
) -> list[tuple[str, bytes | None, bytes | None] | None] | None: ...
