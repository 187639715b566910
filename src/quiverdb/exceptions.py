"""The one exception the library raises for failures reported by the C layer."""


class QuiverError(Exception):
    """A quiverdb operation failed; ``str(e)`` is the engine's message.

    The message says what was wrong and where (the collection, attribute, file or line);
    docs/reference/ quotes the messages that are part of the contract.

    Examples:
        >>> try:
        ...     db.create_element("Plant", label="Plant A")  # a label that exists
        ... except QuiverError as e:
        ...     print(e)
        Failed to execute statement: UNIQUE constraint failed: Plant.label (Plant 'label' = 'Plant A' is already used by element 1)
    """
