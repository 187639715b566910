/* quiverdb._rows: the rows of create_elements (a list of dicts) turned into typed columns in
 * one C pass, the buffers database_bulk.py hands to quiver_database_create_elements.
 *
 * Part of the Python layer: it reads Python objects and builds bytes, never calls the engine.
 * It takes only the plain case (every row a dict with exactly the given keys; each column all
 * int, all float or all str, None allowed) and says "not here" for anything else, which the
 * Python code then converts as before, with its messages. Same results either way; this path
 * avoids a Python list per column and a Python call per cell (docs/benchmarks.md).
 *
 * Stable ABI: CMake defines Py_LIMITED_API for the abi3 build, as for _quiver_cffi. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* Cell r of the column whose cells start at `first`, `stride` pointers apart (the cells of
 * every row are gathered row after row: one pass over the dicts, each read while in cache). */
#define CELL(r) first[(r) * stride]

/* Each text's UTF-8 bytes and size, found in the first pass over a text column and copied in
 * the second (n entries, shared by the columns of one call). */
typedef struct {
    const char** text;
    Py_ssize_t* size;
} Texts;

/* One column, from the borrowed cell pointers of every row: a new reference to
 * (kind, data, mask) or Py_None (not a plain column); NULL with an exception set on failure. */
static PyObject* column_of(PyObject** first, Py_ssize_t stride, Py_ssize_t n, Texts* texts) {
    Py_ssize_t nones = 0;
    PyTypeObject* kind = NULL;
    for (Py_ssize_t r = 0; r < n; ++r) {
        if (CELL(r) == Py_None) {
            ++nones;
        } else if (kind == NULL) {
            kind = Py_TYPE(CELL(r));
            if (kind != &PyLong_Type && kind != &PyFloat_Type && kind != &PyUnicode_Type)
                Py_RETURN_NONE; /* bool, numpy scalars, dates, lists...: the general path */
        } else if (Py_TYPE(CELL(r)) != kind) {
            Py_RETURN_NONE; /* mixed kinds (int and float too): the general path */
        }
    }
    if (kind == NULL)
        return Py_BuildValue("(sOO)", "n", Py_None, Py_None);

    PyObject* mask = Py_None;
    Py_INCREF(mask);
    if (nones > 0) {
        Py_DECREF(mask);
        mask = PyBytes_FromStringAndSize(NULL, n);
        if (mask == NULL)
            return NULL;
        char* m = PyBytes_AsString(mask);
        for (Py_ssize_t r = 0; r < n; ++r)
            m[r] = CELL(r) != Py_None;
    }

    PyObject* data = NULL;
    const char* code = NULL;
    if (kind == &PyLong_Type) {
        code = "i";
        data = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(int64_t));
        if (data == NULL)
            goto fail;
        int64_t* out = (int64_t*)(void*)PyBytes_AsString(data);
        for (Py_ssize_t r = 0; r < n; ++r) {
            if (CELL(r) == Py_None) {
                out[r] = 0;
                continue;
            }
            long long v = PyLong_AsLongLong(CELL(r));
            if (v == -1 && PyErr_Occurred()) { /* past int64: the general path says so */
                PyErr_Clear();
                goto not_plain;
            }
            out[r] = (int64_t)v;
        }
    } else if (kind == &PyFloat_Type) {
        code = "d";
        data = PyBytes_FromStringAndSize(NULL, n * (Py_ssize_t)sizeof(double));
        if (data == NULL)
            goto fail;
        double* out = (double*)(void*)PyBytes_AsString(data);
        for (Py_ssize_t r = 0; r < n; ++r)
            out[r] = CELL(r) == Py_None ? 0.0 : PyFloat_AsDouble(CELL(r));
    } else {
        /* texts NUL-terminated one after another (UTF-8); a missing one is "" */
        code = "s";
        if (texts->text == NULL) {
            texts->text = (const char**)PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(const char*));
            texts->size = (Py_ssize_t*)PyMem_Malloc((size_t)(n > 0 ? n : 1) * sizeof(Py_ssize_t));
            if (texts->text == NULL || texts->size == NULL) {
                PyErr_NoMemory();
                goto fail;
            }
        }
        Py_ssize_t total = 0;
        for (Py_ssize_t r = 0; r < n; ++r) {
            texts->size[r] = 0;
            texts->text[r] = NULL;
            if (CELL(r) != Py_None) {
                const char* text = PyUnicode_AsUTF8AndSize(CELL(r), &texts->size[r]);
                if (text == NULL || memchr(text, '\0', (size_t)texts->size[r]) != NULL) {
                    PyErr_Clear(); /* a lone surrogate, a NUL: the general path names the element */
                    goto not_plain;
                }
                texts->text[r] = text; /* owned by the str, which the row keeps alive */
            }
            total += texts->size[r] + 1;
        }
        data = PyBytes_FromStringAndSize(NULL, total);
        if (data == NULL)
            goto fail;
        char* out = PyBytes_AsString(data);
        for (Py_ssize_t r = 0; r < n; ++r) {
            if (texts->size[r] > 0)
                memcpy(out, texts->text[r], (size_t)texts->size[r]);
            out[texts->size[r]] = '\0';
            out += texts->size[r] + 1;
        }
    }
    PyObject* result = Py_BuildValue("(sNN)", code, data, mask); /* N: steals both */
    return result;

not_plain:
    Py_XDECREF(data);
    Py_DECREF(mask);
    Py_RETURN_NONE;
fail:
    Py_XDECREF(data);
    Py_DECREF(mask);
    return NULL;
}

/* columns(rows: list, keys: tuple[str, ...]) -> list | None */
static PyObject* rows_columns(PyObject* module, PyObject* args) {
    (void)module;
    PyObject* rows = NULL;
    PyObject* keys = NULL;
    if (!PyArg_ParseTuple(args, "O!O!:columns", &PyList_Type, &rows, &PyTuple_Type, &keys))
        return NULL;
    const Py_ssize_t n = PyList_Size(rows);
    const Py_ssize_t width = PyTuple_Size(keys);
    if (n > 0 && width > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(PyObject*) / n)
        return PyErr_NoMemory();
    PyObject** cells = (PyObject**)PyMem_Malloc((size_t)(n > 0 && width > 0 ? n * width : 1) * sizeof(PyObject*));
    if (cells == NULL)
        return PyErr_NoMemory();
    /* every cell, row after row; borrowed: nothing below runs Python code that could change
     * the rows */
    for (Py_ssize_t r = 0; r < n; ++r) {
        PyObject* row = PyList_GetItem(rows, r);
        /* exactly dict (a subclass may define __getitem__, which the general path honours),
         * with as many keys as the first row: with all of them found, the same keys */
        if (!PyDict_CheckExact(row) || PyDict_Size(row) != width) {
            PyMem_Free(cells);
            Py_RETURN_NONE;
        }
        for (Py_ssize_t k = 0; k < width; ++k) {
            PyObject* cell = PyDict_GetItemWithError(row, PyTuple_GetItem(keys, k));
            if (cell == NULL) {
                PyMem_Free(cells);
                if (PyErr_Occurred())
                    return NULL;
                Py_RETURN_NONE; /* a row without this key */
            }
            cells[r * width + k] = cell;
        }
    }
    PyObject* result = PyList_New(width);
    if (result == NULL) {
        PyMem_Free(cells);
        return NULL;
    }
    Texts texts = {NULL, NULL};
    for (Py_ssize_t k = 0; k < width; ++k) {
        PyObject* column = column_of(cells + k, width, n, &texts);
        if (column == NULL) {
            Py_CLEAR(result);
            break;
        }
        PyList_SetItem(result, k, column); /* steals */
    }
    PyMem_Free(texts.text);
    PyMem_Free(texts.size);
    PyMem_Free(cells);
    return result;
}

static PyMethodDef rows_methods[] = {
    {"columns", rows_columns, METH_VARARGS,
     "columns(rows, keys) -> list | None: each key's column as (kind, data, mask) or None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef rows_module = {
    PyModuleDef_HEAD_INIT, "_rows", "create_elements' rows as typed columns (quiverdb internal)", 0, rows_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__rows(void) {
    return PyModule_Create(&rows_module);
}
