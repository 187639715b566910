"""quiverdb.element.Element: the builder behind create_element / update_element (docs/reference/database-api.md 3.1)."""

from __future__ import annotations

import pytest

from quiverdb import QuiverError
from quiverdb.element import Element


@pytest.fixture
def element():
    e = Element()
    yield e
    e.destroy()


@pytest.mark.parametrize(
    "value", [42, 3.14, "hello", None, True, False, [1, 2, 3], [1.0, 2.0, 3.0], ["a", "b", "c"], []]
)
def test_set_accepts_supported_values_and_chains(element, value):
    assert element.set("x", value) is element


def test_set_rejects_unsupported_type(element):
    with pytest.raises(TypeError, match=r"Unsupported type dict for Element.set\('bad'\)"):
        element.set("bad", {})
    for value in [(1, 2), {1}, b"x"]:
        with pytest.raises(TypeError, match="Unsupported type"):
            element.set("bad", value)


def test_set_rejects_unsupported_list_items(element):
    with pytest.raises(TypeError, match=r"Unsupported array element type NoneType for Element.set\('bad'\)"):
        element.set("bad", [None, 1])
    with pytest.raises(TypeError, match="Unsupported array element type list"):
        element.set("bad", [[1]])


def test_mixed_lists_are_rejected_or_converted(element):
    with pytest.raises(TypeError):
        element.set("ints", [1, 2.5])
    with pytest.raises(TypeError):
        element.set("strs", ["a", 1])
    # a float-led list converts later ints (and bools) to floats
    element.set("floats", [1.5, 2, True])
    assert "floats: [1.500000, 2.000000, 1.000000]" in repr(element)


def test_int64_overflow_raises(element):
    with pytest.raises(OverflowError):
        element.set("big", 2**63)
    with pytest.raises(OverflowError):
        element.set("big", [2**63])


def test_repr_format(element):
    element.set("value", 42).set("label", "test").set("note", None).set("ratio", 3.14).set("values", [1, 2, 3])
    element.set("flag", True)
    assert repr(element) == (
        "Element {\n"
        "  scalars:\n"
        "    flag: 1\n"
        '    label: "test"\n'
        "    note: null\n"
        "    ratio: 3.140000\n"
        "    value: 42\n"
        "  arrays:\n"
        "    values: [1, 2, 3]\n"
        "}"
    )


def test_repr_empty_and_lists_only(element):
    assert repr(element) == "Element {\n}"
    element.set("names", ["a", ""])
    assert repr(element) == 'Element {\n  arrays:\n    names: ["a", ""]\n}'


def test_same_name_scalar_and_list_coexist_and_overwrite(element):
    element.set("x", 1).set("x", "two").set("x", [1]).set("x", [2.5])
    assert repr(element) == 'Element {\n  scalars:\n    x: "two"\n  arrays:\n    x: [2.500000]\n}'


def test_clear_then_reuse(element):
    element.set("a", 1).set("b", [1])
    element.clear()
    assert repr(element) == "Element {\n}"
    element.set("c", 2)
    assert "c: 2" in repr(element)


def test_destroy_is_idempotent_and_blocks_use():
    e = Element()
    assert isinstance(repr(e), str) and repr(e)
    e.destroy()
    e.destroy()
    assert repr(e) == "Element(destroyed)"
    with pytest.raises(QuiverError, match="Element has been destroyed"):
        e.set("a", 1)
    with pytest.raises(QuiverError, match="Element has been destroyed"):
        e.clear()


def test_element_not_exported_from_package():
    with pytest.raises(ImportError):
        from quiverdb import Element  # noqa: F401


def test_bools_become_integers(element):
    element.set("flag", False).set("flags", [True, False, 2])
    assert repr(element) == "Element {\n  scalars:\n    flag: 0\n  arrays:\n    flags: [1, 0, 2]\n}"


def test_subclasses_of_supported_types(element):
    import enum

    class Color(enum.IntEnum):
        RED = 3

    class Name(str):
        pass

    element.set("c", Color.RED).set("n", Name("x"))
    assert repr(element) == 'Element {\n  scalars:\n    c: 3\n    n: "x"\n}'


def test_nul_in_name_or_value_is_rejected(element):
    with pytest.raises(ValueError, match="NUL"):
        element.set("a\0b", 1)
    with pytest.raises(ValueError, match="NUL"):
        element.set("a", "x\0y")
    with pytest.raises(TypeError):
        element.set(1, 1)
