// Database::import_csv (docs/reference/csv.md 4). Everything is read, validated and converted before the
// first write; the write phase runs in one WriteTransaction (a SAVEPOINT inside a caller's
// transaction), so an import either fully applies or leaves the database as it was.
//
// The file is streamed (csv::Stream): each phase reads it again from disk, record by record, so
// an import holds a read buffer, the label maps of the referenced collections and 16 bytes per
// row for the duplicate-label check, never the file (docs/benchmarks.md has the figures).
//
// Foreign keys: enforcement is never switched off (the PRAGMA cannot change inside a
// transaction anyway). A scalar import keeps every element whose label is in the file (its
// id, group rows and incoming references stay), updates its scalars, inserts new labels and
// deletes the elements missing from the file through the schema's ON DELETE actions
// (CASCADE for group rows), so nothing is ever orphaned. Self-references are inserted as
// NULL and set once every row exists.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <functional>
#include <unordered_map>
#include <unordered_set>

#include "quiver/core/date_time.hpp"
#include "quiver/core/error.hpp"
#include "quiver/core/value.hpp"
#include "quiver/csv/format.hpp"
#include "quiver/csv/stream.hpp"
#include "quiver/database/database.hpp"

namespace quiver {

namespace {

constexpr const char* kIsoFormat = "%Y-%m-%dT%H:%M:%S";

[[noreturn]] void fail(const std::string& message) {
    throw Error("Cannot import_csv: " + message);
}

enum class Kind { ParentId, VectorIndex, SelfForeignKey, ForeignKey, DateTime, Integer, Real, Text };

// label -> id, looked up with the cells' string views (no string built per lookup)
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
};
using LabelMap = std::unordered_map<std::string, int64_t, StringHash, std::equal_to<>>;

struct Plan {
    const ColumnInfo* column = nullptr;
    size_t index = 0;  // position in the CSV header
    Kind kind = Kind::Text;
    std::string target;                // FK target collection
    const LabelMap* labels = nullptr;  // FK / parent label -> id
};

}  // namespace

void Database::import_csv(const std::string& collection, const std::string& group, const std::string& path,
                          const CSVOptions& options) {
    require_writable("import_csv");  // before anything else, as every other write
    const TableInfo& table = csv_target_table(*this, "import_csv", collection, group);
    const Schema& s = schema("import_csv");
    const bool is_group = !group.empty();

    csv::Stream data(path);
    // every pass reads the file again: fn(r, row) for each data row r
    std::vector<csv::Cell> row_cells;
    auto for_each_row = [&](auto&& fn) {
        data.rewind();
        size_t r = 0;
        while (data.next(row_cells))
            fn(r++, row_cells.data());
    };
    // pass 1: the whole file parses (an unterminated quote fails first, as before streaming);
    // the first row whose width differs from the header's is reported after the header checks
    size_t nrows = 0;
    size_t bad_row = 0, bad_width = 0;
    bool has_bad_row = false;
    {
        std::vector<csv::Cell> cells;
        const size_t header_width = data.header().size();
        while (data.next(cells)) {
            if (!has_bad_row && cells.size() != header_width) {
                has_bad_row = true;
                bad_row = nrows;
                bad_width = cells.size();
            }
            ++nrows;
        }
    }
    if (data.header().empty())
        fail("CSV file is empty.");
    const std::vector<std::string>& header = data.header();

    // ---- header against the table's columns ----
    std::vector<const ColumnInfo*> expected;
    for (const ColumnInfo& c : table.columns)
        if (is_group || c.name != "id")
            expected.push_back(&c);
    std::unordered_map<std::string, size_t> header_index;
    for (size_t i = 0; i < header.size(); ++i)
        header_index.emplace(header[i], i);
    if (!is_group && !header_index.count("label"))
        fail("CSV file does not contain a 'label' column.");
    if (header.size() != expected.size()) {
        fail("The number of columns in the CSV file does not match the number of columns in the database.");
    }
    for (const ColumnInfo* c : expected) {
        if (!header_index.count(c->name)) {
            fail("The columns in the CSV file do not match the columns in the database.");
        }
    }
    const size_t width = header.size();
    if (has_bad_row) {
        fail("Row " + std::to_string(bad_row + 1) + " has " + std::to_string(bad_width) +
             " columns, but the header has " + std::to_string(width) + ".");
    }
    // ---- label maps of every referenced collection ----
    std::unordered_map<std::string, LabelMap> label_maps;
    auto labels_of = [&](const std::string& target, const std::string& key) {
        auto [it, inserted] = label_maps.try_emplace(target + "\n" + key);
        if (inserted) {
            auto stmt = prepare("SELECT \"label\", " + quote_identifier(key) + " FROM " + quote_identifier(target));
            while (stmt.step()) {
                if (stmt.column_type(0) == SQLITE_NULL)
                    continue;
                it->second.emplace(std::string(stmt.column_text(0)), stmt.column_int(1));
            }
        }
        return &it->second;
    };

    std::vector<Plan> plans;
    const std::optional<std::string> dimension =
        table.kind == TableKind::TimeSeries ? Schema::dimension_column(table) : std::nullopt;
    for (const ColumnInfo* c : expected) {
        Plan p;
        p.column = c;
        p.index = header_index.at(c->name);
        const ForeignKey* fk = table.foreign_key(c->name);
        const TableInfo* fk_target = fk ? s.table(fk->table) : nullptr;
        const std::string fk_key = fk && !fk->to.empty() ? fk->to : "id";
        if (is_group && c->name == "id") {
            p.kind = Kind::ParentId;
            p.target = table.parent;
            p.labels = labels_of(table.parent, "id");
        } else if (is_group && table.kind == TableKind::Vector && c->name == "vector_index") {
            p.kind = Kind::VectorIndex;
        } else if (fk && fk_target && fk_target->column("label")) {
            p.target = fk_target->name;
            if (!is_group && fk_target->name == table.name) {
                p.kind = Kind::SelfForeignKey;
            } else {
                p.kind = Kind::ForeignKey;
                p.labels = labels_of(fk_target->name, fk_key);
            }
        } else if (c->type == DataType::DateTime || (dimension && *dimension == c->name)) {
            p.kind = Kind::DateTime;
        } else if (c->type == DataType::Integer) {
            p.kind = Kind::Integer;
        } else if (c->type == DataType::Real) {
            p.kind = Kind::Real;
        }
        plans.push_back(p);
    }

    // Quoted cells are kept verbatim so text and labels keep their whitespace; floats and
    // date-times are trimmed like unquoted cells (`" 2.5 "` is 2.5, `"  "` is NULL). INTEGER
    // cells stay verbatim for enum labels (parse_int trims by itself).
    std::vector<size_t> trimmed;
    for (const Plan& p : plans)
        if (p.kind == Kind::DateTime || p.kind == Kind::Real || p.kind == Kind::VectorIndex)
            trimmed.push_back(p.index);
    auto rows = [&](auto&& fn) {
        for_each_row([&](size_t r, csv::Cell* row) {
            for (size_t i : trimmed) {
                csv::Cell& cell = row[i];
                if (!cell.quoted)
                    continue;
                cell.text = trim_view(cell.text);
                cell.quoted = false;
            }
            fn(r, static_cast<const csv::Cell*>(row));
        });
    };
    // a label cell: the exact text, else (a quoted cell with surrounding whitespace) trimmed
    auto find_label = [](const LabelMap& labels, const csv::Cell& cell) {
        auto it = labels.find(cell.text);
        if (it == labels.end() && cell.quoted) {
            std::string_view t = trim_view(cell.text);
            if (t.size() != cell.text.size())
                it = labels.find(t);
        }
        return it;
    };

    // ---- vector_index: 1, 2, 3, ... per element in file order ----
    if (table.kind == TableKind::Vector) {
        const Plan* id_plan = nullptr;
        const Plan* index_plan = nullptr;
        for (const Plan& p : plans) {
            if (p.kind == Kind::ParentId)
                id_plan = &p;
            if (p.kind == Kind::VectorIndex)
                index_plan = &p;
        }
        if (id_plan && index_plan) {
            std::unordered_map<std::string, int64_t> last;
            rows([&](size_t, const csv::Cell* row) {
                auto v = csv::parse_int(row[index_plan->index].text);
                const csv::Cell& parent = row[id_plan->index];
                auto known = find_label(*id_plan->labels, parent);
                int64_t& prev = last[known != id_plan->labels->end() ? known->first : std::string(parent.text)];
                if (!v || *v != prev + 1)
                    fail("Column vector_index must be consecutive, unique and start at 1.");
                prev = *v;
            });
        }
    }

    // ---- validation of every cell (nothing is written yet) ----
    const std::string& date_format = options.date_time_format;
    const bool strict_dates = strict();
    const csv::EnumLabels enums(options);
    // A label written twice is an error, raised after the cells are checked (as upstream orders
    // its messages). The file is not held, so each label is kept as a 64-bit hash with its row;
    // rows whose hashes collide are compared by their text in one more pass. An empty cell and a
    // quoted "" are the same (empty) text. Self-references need the labels themselves: only
    // then are they kept (label -> row).
    const Plan* label_plan = nullptr;
    bool has_self_reference = false;
    for (const Plan& p : plans)
        has_self_reference |= p.kind == Kind::SelfForeignKey;
    std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> file_labels;  // self-references only
    std::vector<std::pair<uint64_t, size_t>> label_hashes;
    if (!is_group) {
        for (const Plan& p : plans)
            if (p.column->name == "label")
                label_plan = &p;
        label_hashes.reserve(nrows);
        if (has_self_reference) {  // before the cells are checked: they look labels up
            rows([&](size_t r, const csv::Cell* row) {
                const csv::Cell& cell = row[label_plan->index];
                label_hashes.emplace_back(std::hash<std::string_view>{}(cell.text), r);
                if (!cell.empty())
                    file_labels.emplace(std::string(cell.text), r);
            });
        }
    }
    const bool hash_while_checking = !is_group && !has_self_reference;
    auto find_duplicate_label = [&]() -> bool {
        std::sort(label_hashes.begin(), label_hashes.end());
        std::unordered_set<size_t> candidates;  // rows sharing a hash with another row
        for (size_t i = 1; i < label_hashes.size(); ++i) {
            if (label_hashes[i].first != label_hashes[i - 1].first)
                continue;
            candidates.insert(label_hashes[i - 1].second);
            candidates.insert(label_hashes[i].second);
        }
        std::vector<std::pair<uint64_t, size_t>>().swap(label_hashes);
        if (candidates.empty())
            return false;
        std::unordered_set<std::string> texts;
        bool duplicate = false;
        rows([&](size_t r, const csv::Cell* row) {
            if (duplicate || !candidates.count(r))
                return;
            duplicate = !texts.emplace(row[label_plan->index].text).second;
        });
        return duplicate;
    };

    // The value a cell stores, or the error it raises. Run over every cell before the write
    // phase and again while writing, so no converted copy of the file is held in memory.
    auto convert = [&](const csv::Cell& cell, const Plan& p) -> Value {
        const std::string& col = p.column->name;
        if (p.kind == Kind::ParentId) {
            auto it = find_label(*p.labels, cell);
            if (it == p.labels->end()) {
                fail("Element with id " + std::string(cell.text) + " does not exist in collection " + collection + ".");
            }
            return it->second;
        }
        // an empty cell is NULL; a quoted "" is the empty string in a text column and the
        // empty label in a foreign-key column (export writes NULL unquoted, "" quoted)
        const bool keeps_empty = p.kind == Kind::Text || p.kind == Kind::ForeignKey || p.kind == Kind::SelfForeignKey;
        // (a quoted enum label made of whitespace is a label too)
        const bool quoted_label =
            cell.quoted && (keeps_empty || (p.kind == Kind::Integer && enums.value_for(col, cell.text)));
        if (!quoted_label && trim_view(cell.text).empty()) {
            if (p.column->not_null)
                fail("Column " + col + " cannot be NULL.");
            return Null{};
        }
        auto text = [&] { return std::string(cell.text); };  // built only where needed
        switch (p.kind) {
            case Kind::VectorIndex: return *csv::parse_int(cell.text);
            case Kind::SelfForeignKey: {
                std::string_view label = cell.text;
                if (file_labels.find(label) == file_labels.end() && cell.quoted)
                    label = trim_view(cell.text);
                if (file_labels.find(label) == file_labels.end()) {
                    fail("Could not find an existing element from collection " + p.target + " with label " + text() +
                         ".\nCreate the element before referencing it.");
                }
                return std::string(label);  // resolved after the rows exist
            }
            case Kind::ForeignKey: {
                auto it = find_label(*p.labels, cell);
                if (it == p.labels->end()) {
                    std::string msg = "Could not find an existing element from collection " + p.target +
                                      " with label " + text() + ".";
                    if (!is_group)
                        msg += "\nCreate the element before referencing it.";
                    fail(msg);
                }
                return it->second;
            }
            case Kind::DateTime: {
                auto dt =
                    date_format.empty() ? parse_iso_date_time(cell.text) : parse_date_time(cell.text, date_format);
                if (!dt) {
                    fail("Timestamp " + text() + " is not valid. Please provide a valid timestamp with format " +
                         (date_format.empty() ? std::string(kIsoFormat) : date_format) + ".");
                }
                if (strict_dates && !is_valid_date_time(*dt)) {  // strict mode: a real calendar date (item 17)
                    fail("Timestamp " + text() + " is not a valid date-time (" + canonical_date_time(*dt) +
                         "): year 1-9999, a day of the month, hour 0-23, minute and second 0-59.");
                }
                return canonical_date_time(*dt);
            }
            case Kind::Integer: {
                if (auto v = csv::parse_int(cell.text))
                    return *v;
                if (!enums.has(col))
                    fail("Invalid integer value '" + text() + "' for column '" + col + "'.");
                auto e = enums.value_for(col, cell.text);
                if (!e && cell.quoted)
                    e = enums.value_for(col, trim_view(cell.text));
                if (!e)
                    fail("Invalid enum value '" + text() + "' for column '" + col + "'.");
                return *e;
            }
            case Kind::Real: {
                auto v = csv::parse_double(cell.text);
                if (!v)
                    fail("Invalid float value '" + text() + "' for column '" + col + "'.");
                return *v;
            }
            default: return text();
        }
    };
    const size_t ncols = plans.size();
    rows([&](size_t r, const csv::Cell* row) {
        for (const Plan& p : plans)
            convert(row[p.index], p);
        if (hash_while_checking) {
            label_hashes.emplace_back(std::hash<std::string_view>{}(row[label_plan->index].text), r);
        }
    });
    if (!is_group && find_duplicate_label())
        fail("There are duplicate entries in the CSV file.");

    // ---- write phase ----
    const std::string qtable = quote_identifier(table.name);
    std::string columns_sql, params_sql, update_sql;
    for (size_t i = 0; i < ncols; ++i) {
        const std::string q = quote_identifier(plans[i].column->name);
        if (i) {
            columns_sql += ", ";
            params_sql += ", ";
            update_sql += ", ";
        }
        columns_sql += q;
        const std::string n = std::to_string(i + 1);
        params_sql += '?';
        params_sql += n;
        update_sql += q;
        update_sql += " = ?";
        update_sql += n;
    }
    const std::string insert_sql = "INSERT INTO " + qtable + " (" + columns_sql + ") VALUES (" + params_sql + ")";
    try {
        WriteTransaction tx(*this);
        if (is_group) {
            prepare("DELETE FROM " + qtable).run();
            auto insert = prepare(insert_sql);
            rows([&](size_t, const csv::Cell* row) {
                for (size_t i = 0; i < ncols; ++i) {
                    insert.bind(static_cast<int>(i + 1), convert(row[plans[i].index], plans[i]),
                                Statement::Text::Verbatim);
                }
                insert.run();
                insert.reset();
            });
        } else {
            // existing elements by label; those missing from the file are deleted (ON DELETE actions apply)
            LabelMap existing;
            {
                auto stmt = prepare("SELECT \"label\", \"id\" FROM " + qtable);
                while (stmt.step()) {
                    if (stmt.column_type(0) == SQLITE_NULL)
                        continue;
                    existing.emplace(std::string(stmt.column_text(0)), stmt.column_int(1));
                }
            }
            {
                // the existing labels the file keeps (one pass), then the others are deleted
                std::unordered_set<int64_t> kept;
                if (!existing.empty()) {
                    rows([&](size_t, const csv::Cell* row) {
                        auto found = existing.find(row[label_plan->index].text);
                        if (found != existing.end())
                            kept.insert(found->second);
                    });
                }
                auto del = prepare("DELETE FROM " + qtable + " WHERE \"id\" = ?1");
                for (const auto& [label, id] : existing) {
                    if (kept.count(id))
                        continue;
                    del.bind_int(1, id);
                    del.run();
                    del.reset();
                }
            }
            // UNIQUE columns besides label: a file may permute their values among kept elements
            // (A: x -> y, B: y -> x). Updating row by row would hit a transient conflict, so the
            // nullable ones of every kept element are cleared first; never a column a foreign key
            // points to (clearing it would cascade to the referencing rows).
            std::unordered_set<std::string> cleared;
            for (const TableInfo& other : s.tables())
                for (const ForeignKey& fk : other.foreign_keys)
                    if (fk.table == table.name && !fk.to.empty())
                        cleared.insert(fk.to);
            std::string clear_unique;
            for (const IndexInfo& idx : table.indexes) {
                if (!idx.unique)
                    continue;
                bool has_label = false;
                for (const std::string& c : idx.columns)
                    has_label |= c == "label";
                if (has_label)
                    continue;
                for (const std::string& c : idx.columns) {
                    const ColumnInfo* col = table.column(c);
                    if (!col || col->not_null || col->primary_key || c == "id")
                        continue;
                    if (!cleared.insert(c).second)
                        continue;
                    if (!clear_unique.empty())
                        clear_unique += ", ";
                    clear_unique += quote_identifier(c) + " = NULL";
                }
            }
            if (!clear_unique.empty()) {
                auto clear = prepare("UPDATE " + qtable + " SET " + clear_unique + " WHERE \"id\" = ?1");
                rows([&](size_t, const csv::Cell* row) {
                    auto found = existing.find(row[label_plan->index].text);
                    if (found == existing.end())
                        return;
                    clear.bind_int(1, found->second);
                    clear.run();
                    clear.reset();
                });
            }
            std::vector<int64_t> row_ids(has_self_reference ? nrows : 0);  // only self-references need them
            auto insert = prepare(insert_sql);
            std::string update_stmt_sql = "UPDATE " + qtable + " SET " + update_sql + " WHERE \"id\" = ?";
            update_stmt_sql += std::to_string(ncols + 1);
            auto update = prepare(update_stmt_sql);
            const Value null_value{Null{}};
            rows([&](size_t r, const csv::Cell* row) {
                auto found = existing.find(row[label_plan->index].text);
                Statement& stmt = found != existing.end() ? update : insert;
                for (size_t i = 0; i < ncols; ++i) {
                    const Plan& p = plans[i];
                    stmt.bind(static_cast<int>(i + 1),
                              p.kind == Kind::SelfForeignKey ? null_value : convert(row[p.index], p),
                              Statement::Text::Verbatim);  // quoted cells keep their spaces
                }
                if (found != existing.end())
                    stmt.bind_int(static_cast<int>(ncols + 1), found->second);
                stmt.run();
                stmt.reset();
                if (has_self_reference)
                    row_ids[r] = found != existing.end() ? found->second : last_insert_rowid();
            });
            // self-references, now that every label has its row
            for (size_t i = 0; i < ncols; ++i) {
                if (plans[i].kind != Kind::SelfForeignKey)
                    continue;
                auto set = prepare("UPDATE " + qtable + " SET " + quote_identifier(plans[i].column->name) +
                                   " = ?1 WHERE \"id\" = ?2");
                rows([&](size_t r, const csv::Cell* row) {
                    const Value v = convert(row[plans[i].index], plans[i]);
                    if (is_null(v))
                        return;
                    set.bind_int(1, row_ids[file_labels.find(std::get<std::string>(v))->second]);
                    set.bind_int(2, row_ids[r]);
                    set.run();
                    set.reset();
                });
            }
        }
        tx.commit();
    } catch (const Error& e) {
        if (std::strstr(e.what(), "UNIQUE constraint"))
            fail("There are duplicate entries in the CSV file.");
        throw;
    }
    logger_.debug("Imported " + std::to_string(nrows) + " rows into " + table.name + " from " + path);
}

}  // namespace quiver
