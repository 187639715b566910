// C API: columnar reads and their Arrow C stream export (include/quiver/c/columns.h).
//
// A set handed out is a quiver_column_set_t whose `internal` points at the C++ owner
// (SetOwner): the engine's ColumnSet (whose vectors the public pointers point into, no copy)
// and a reference count. The caller's reference, every exported Arrow stream and every Arrow
// array each hold one; the last release frees everything.
#include "quiver/c/columns.h"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "quiver/c/internal.hpp"
#include "quiver/database/columns.hpp"

namespace {

std::atomic<size_t> g_alive{0};

struct SetOwner {
    quiver::ColumnSet data;
    std::vector<quiver_column_buffer_t> buffers;
    quiver_column_set_t pub{};
    std::atomic<int> refs{1};

    explicit SetOwner(quiver::ColumnSet&& d) : data(std::move(d)) {
        buffers.resize(data.columns.size());
        for (size_t i = 0; i < data.columns.size(); ++i) {
            quiver::ColumnBuffer& c = data.columns[i];
            quiver_column_buffer_t& b = buffers[i];
            b.name = c.name.c_str();
            b.data_type = quiver::c::data_type_to_c(c.type);
            b.storage = static_cast<int>(c.storage);
            switch (c.storage) {
                case quiver::ColumnStorage::Int64:
                case quiver::ColumnStorage::TimestampNs: b.values = c.ints.empty() ? nullptr : c.ints.data(); break;
                case quiver::ColumnStorage::Float64: b.values = c.floats.empty() ? nullptr : c.floats.data(); break;
                case quiver::ColumnStorage::Text:
                    b.text = c.text.empty() ? nullptr : c.text.data();
                    b.offsets = c.offsets.data();
                    b.text_bytes = c.text.size();
                    break;
            }
            b.validity = c.validity.empty() ? nullptr : c.validity.data();
            b.null_count = c.null_count;
        }
        pub.row_count = data.rows;
        pub.column_count = buffers.size();
        pub.columns = buffers.empty() ? nullptr : buffers.data();
        pub.internal = this;
        ++g_alive;
    }
    ~SetOwner() { --g_alive; }
    SetOwner(const SetOwner&) = delete;
    SetOwner& operator=(const SetOwner&) = delete;
};

SetOwner* acquire(SetOwner* o) {
    o->refs.fetch_add(1, std::memory_order_relaxed);
    return o;
}

void drop(SetOwner* o) {
    if (o && o->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
        delete o;
}

// Reference held by the Arrow objects (shared between the arrays of one export).
struct SetRef {
    SetOwner* owner;
    explicit SetRef(SetOwner* o) : owner(acquire(o)) {}
    ~SetRef() { drop(owner); }
    SetRef(const SetRef&) = delete;
    SetRef& operator=(const SetRef&) = delete;
};

quiver_column_set_t* hand_out(quiver::ColumnSet&& data) {
    auto* owner = new SetOwner(std::move(data));
    return &owner->pub;
}

// ---- Arrow export ----

// Buffers built once per export: bitmaps, and text without the '\0' separators.
struct ExportData {
    std::shared_ptr<SetRef> set;
    std::vector<std::vector<uint8_t>> bitmaps;    // per column (empty: no NULL)
    std::vector<std::string> text;                // per text column
    std::vector<std::vector<int32_t>> offsets32;  // per text column, when it fits
    std::vector<std::vector<int64_t>> offsets64;  // otherwise
};

struct ArrayPrivate {
    std::shared_ptr<ExportData> data;
    const void* buffers[3] = {nullptr, nullptr, nullptr};
    std::vector<std::unique_ptr<ArrowArray>> child_structs;
    std::vector<ArrowArray*> children;
};

struct SchemaPrivate {
    std::string format;
    std::string name;
    std::vector<std::unique_ptr<ArrowSchema>> child_structs;
    std::vector<ArrowSchema*> children;
};

// Releases an ArrowArray or ArrowSchema: its children first, then its Private, then marks it released
template <typename Private, typename Arrow>
void release_exported(Arrow* a) {
    if (!a || !a->release)
        return;
    auto* p = static_cast<Private*>(a->private_data);
    for (Arrow* c : p->children) {
        if (c->release)
            c->release(c);
    }
    delete p;
    a->release = nullptr;
}

void release_array(ArrowArray* a) {
    release_exported<ArrayPrivate>(a);
}

void release_schema(ArrowSchema* s) {
    release_exported<SchemaPrivate>(s);
}

constexpr int64_t kNullable = 2;  // ARROW_FLAG_NULLABLE

void fill_schema(ArrowSchema* out, std::string format, std::string name, int64_t flags) {
    auto* p = new SchemaPrivate();
    p->format = std::move(format);
    p->name = std::move(name);
    *out = ArrowSchema{};
    out->format = p->format.c_str();
    out->name = p->name.c_str();
    out->flags = flags;
    out->release = release_schema;
    out->private_data = p;
}

struct StreamPrivate {
    std::shared_ptr<ExportData> data;
    bool done = false;
    std::string error;
};

std::shared_ptr<ExportData> build_export(SetOwner* owner) {
    auto d = std::make_shared<ExportData>();
    d->set = std::make_shared<SetRef>(owner);
    const quiver::ColumnSet& set = owner->data;
    const size_t n = set.rows;
    d->bitmaps.resize(set.columns.size());
    d->text.resize(set.columns.size());
    d->offsets32.resize(set.columns.size());
    d->offsets64.resize(set.columns.size());
    for (size_t c = 0; c < set.columns.size(); ++c) {
        const quiver::ColumnBuffer& col = set.columns[c];
        if (col.null_count) {
            auto& bm = d->bitmaps[c];
            bm.assign((n + 7) / 8, 0);
            for (size_t i = 0; i < n; ++i) {
                if (col.validity[i])
                    bm[i >> 3] |= static_cast<uint8_t>(1u << (i & 7));
            }
        }
        if (col.storage == quiver::ColumnStorage::Text) {
            std::string& text = d->text[c];
            text.reserve(col.text.size() - n);
            const bool small = col.text.size() - n < 0x7fffffffu;
            if (small)
                d->offsets32[c].reserve(n + 1);
            else
                d->offsets64[c].reserve(n + 1);
            if (small)
                d->offsets32[c].push_back(0);
            else
                d->offsets64[c].push_back(0);
            for (size_t i = 0; i < n; ++i) {
                const int64_t a = col.offsets[i];
                const int64_t len = col.offsets[i + 1] - a - 1;
                text.append(col.text.data() + a, static_cast<size_t>(len));
                if (small) {
                    d->offsets32[c].push_back(static_cast<int32_t>(text.size()));
                } else {
                    d->offsets64[c].push_back(static_cast<int64_t>(text.size()));
                }
            }
        }
    }
    return d;
}

const char* format_of(const quiver::ColumnBuffer& col, const ExportData& d, size_t c) {
    switch (col.storage) {
        case quiver::ColumnStorage::Int64: return "l";
        case quiver::ColumnStorage::Float64: return "g";
        case quiver::ColumnStorage::TimestampNs: return "tsn:";
        case quiver::ColumnStorage::Text: return d.offsets64[c].empty() ? "u" : "U";
    }
    return "u";
}

// Hands `child` to the ArrayPrivate or SchemaPrivate `p` (it owns it, the Arrow struct lists it)
template <typename Private, typename Arrow>
void adopt_child(Private* p, std::unique_ptr<Arrow> child) {
    p->children.push_back(child.get());
    p->child_structs.push_back(std::move(child));
}

// Points `out` at the children its ArrayPrivate or SchemaPrivate `p` lists
template <typename Arrow, typename Private>
void link_children(Arrow* out, Private* p) {
    out->n_children = static_cast<int64_t>(p->children.size());
    out->children = p->children.empty() ? nullptr : p->children.data();
}

// A stream callback's failure: releases what `out` holds, keeps the message for get_last_error
template <typename Arrow>
int fail_export(Arrow* out, StreamPrivate* p, const std::exception& e) {
    if (out->release)
        out->release(out);
    p->error = e.what();
    return ENOMEM;
}

int stream_get_schema(ArrowArrayStream* s, ArrowSchema* out) {
    auto* p = static_cast<StreamPrivate*>(s->private_data);
    try {
        const quiver::ColumnSet& set = p->data->set->owner->data;
        fill_schema(out, "+s", "", 0);
        auto* sp = static_cast<SchemaPrivate*>(out->private_data);
        for (size_t c = 0; c < set.columns.size(); ++c) {
            auto child = std::make_unique<ArrowSchema>();
            fill_schema(child.get(), format_of(set.columns[c], *p->data, c), set.columns[c].name, kNullable);
            adopt_child(sp, std::move(child));
        }
        link_children(out, sp);
        return 0;
    } catch (const std::exception& e) {
        return fail_export(out, p, e);
    }
}

int stream_get_next(ArrowArrayStream* s, ArrowArray* out) {
    auto* p = static_cast<StreamPrivate*>(s->private_data);
    *out = ArrowArray{};
    if (p->done)
        return 0;  // end of stream: out->release == NULL
    try {
        const quiver::ColumnSet& set = p->data->set->owner->data;
        const int64_t n = static_cast<int64_t>(set.rows);
        auto* ap = new ArrayPrivate();
        ap->data = p->data;
        out->length = n;
        out->n_buffers = 1;
        out->buffers = ap->buffers;
        out->release = release_array;
        out->private_data = ap;
        for (size_t c = 0; c < set.columns.size(); ++c) {
            const quiver::ColumnBuffer& col = set.columns[c];
            auto child = std::make_unique<ArrowArray>();
            auto* cp = new ArrayPrivate();
            cp->data = p->data;
            *child = ArrowArray{};
            child->length = n;
            child->null_count = static_cast<int64_t>(col.null_count);
            child->buffers = cp->buffers;
            child->release = release_array;
            child->private_data = cp;
            const auto& bm = p->data->bitmaps[c];
            cp->buffers[0] = bm.empty() ? nullptr : bm.data();
            switch (col.storage) {
                case quiver::ColumnStorage::Int64:
                case quiver::ColumnStorage::TimestampNs:
                    child->n_buffers = 2;
                    cp->buffers[1] = col.ints.data();
                    break;
                case quiver::ColumnStorage::Float64:
                    child->n_buffers = 2;
                    cp->buffers[1] = col.floats.data();
                    break;
                case quiver::ColumnStorage::Text:
                    child->n_buffers = 3;
                    if (p->data->offsets64[c].empty()) {
                        cp->buffers[1] = p->data->offsets32[c].data();
                    } else {
                        cp->buffers[1] = p->data->offsets64[c].data();
                    }
                    cp->buffers[2] = p->data->text[c].data();
                    break;
            }
            adopt_child(ap, std::move(child));
        }
        link_children(out, ap);
        p->done = true;
        return 0;
    } catch (const std::exception& e) {
        const int rc = fail_export(out, p, e);
        *out = ArrowArray{};
        return rc;
    }
}

const char* stream_last_error(ArrowArrayStream* s) {
    auto* p = static_cast<StreamPrivate*>(s->private_data);
    return p->error.empty() ? nullptr : p->error.c_str();
}

void stream_release(ArrowArrayStream* s) {
    if (!s || !s->release)
        return;
    delete static_cast<StreamPrivate*>(s->private_data);
    s->release = nullptr;
    s->private_data = nullptr;
}

SetOwner* owner_of(quiver_column_set_t* set) {
    return static_cast<SetOwner*>(set->internal);
}

}  // namespace

extern "C" {

quiver_error_t quiver_database_read_columns(quiver_database_t* db, const char* collection,
                                            const char* const* attributes, size_t attribute_count, int flags,
                                            quiver_column_set_t** out_set) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(out_set);
    if (attributes == nullptr && attribute_count > 0) {
        quiver::c::set_last_error("Null argument: attributes");
        return QUIVER_ERROR;
    }
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        std::optional<std::vector<std::string>> names;
        if (attributes) {
            names.emplace();
            names->reserve(attribute_count);
            for (size_t i = 0; i < attribute_count; ++i) {
                if (!attributes[i])
                    throw quiver::Error("Null argument: attributes[" + std::to_string(i) + "]");
                names->emplace_back(attributes[i]);
            }
        }
        *out_set =
            hand_out(quiver::read_columns(d, collection, names, (flags & QUIVER_COLUMNS_DATES_AS_TIMESTAMPS) != 0));
    });
}

quiver_error_t quiver_database_read_time_series_columns(quiver_database_t* db, const char* collection,
                                                        const char* group, const int64_t* ids, size_t id_count,
                                                        const char* start, const char* end, int flags,
                                                        quiver_column_set_t** out_set) {
    QUIVER_REQUIRE(db);
    QUIVER_REQUIRE(collection);
    QUIVER_REQUIRE(group);
    QUIVER_REQUIRE(out_set);
    return quiver::c::with_db(db, [&](quiver::Database& d) {
        std::optional<std::vector<int64_t>> id_list;
        if (ids)
            id_list.emplace(ids, ids + id_count);
        std::optional<std::string> lo, hi;
        if (start)
            lo.emplace(start);
        if (end)
            hi.emplace(end);
        *out_set = hand_out(quiver::read_time_series_columns(d, collection, group, id_list, lo, hi,
                                                             (flags & QUIVER_COLUMNS_DATES_AS_TIMESTAMPS) != 0));
    });
}

quiver_error_t quiver_column_set_free(quiver_column_set_t* set) {
    if (set && set->internal)
        drop(owner_of(set));
    return QUIVER_OK;
}

quiver_error_t quiver_column_set_export_arrow_stream(quiver_column_set_t* set, struct ArrowArrayStream* out) {
    QUIVER_REQUIRE(set);
    QUIVER_REQUIRE(out);
    if (!set->internal) {
        quiver::c::set_last_error("Invalid argument: set is not a column set returned by quiverdb");
        return QUIVER_ERROR;
    }
    return quiver::c::guard([&] {
        auto* p = new StreamPrivate();
        try {
            p->data = build_export(owner_of(set));
        } catch (...) {
            delete p;
            throw;
        }
        *out = ArrowArrayStream{};
        out->get_schema = stream_get_schema;
        out->get_next = stream_get_next;
        out->get_last_error = stream_last_error;
        out->release = stream_release;
        out->private_data = p;
    });
}

size_t quiver_column_sets_alive(void) {
    return g_alive.load();
}

}  // extern "C"
