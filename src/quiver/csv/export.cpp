// Database::export_csv (docs/reference/csv.md 3): one query, rows streamed to the file as they are read.
// Deviations from upstream 0.5.0 (docs/compatibility.md): foreign keys are written as the
// referenced element's label, floats in shortest round-trip form, fields quoted whenever a
// plain field would not read back unchanged, group values aligned with the header.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "quiver/core/date_time.hpp"
#include "quiver/core/error.hpp"
#include "quiver/core/utf8_path.hpp"
#include "quiver/csv/format.hpp"
#include "quiver/database/database.hpp"

namespace fs = std::filesystem;

namespace quiver {

namespace {

struct OutColumn {
    std::string name;
    bool date_time = false;  // formatted with date_time_format
    bool label = false;      // parent label, FK label or vector_index: never enum-mapped
};

// The label column of the collection a foreign key points to, when it has one.
bool references_labelled(const Schema& schema, const ForeignKey& fk) {
    const TableInfo* target = schema.table(fk.table);
    return target && target->column("label") && (fk.to.empty() || target->column(fk.to));
}

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f)
            std::fclose(f);
    }
};

const TableInfo* find_group_table(const Schema& schema, const std::string& collection, const std::string& group) {
    if (const TableInfo* t = schema.table(collection + "_vector_" + group); t && t->kind == TableKind::Vector)
        return t;
    if (const TableInfo* t = schema.table(collection + "_set_" + group); t && t->kind == TableKind::Set)
        return t;
    return schema.time_series_table(collection, group);
}

}  // namespace

const TableInfo& csv_target_table(Database& db, const char* op, const std::string& collection,
                                  const std::string& group) {
    const TableInfo& table = db.require_collection(op, collection);
    if (group.empty())
        return table;
    const TableInfo* t = find_group_table(db.schema(op), collection, group);
    if (!t)
        throw Error(std::string("Cannot ") + op + ": group not found: '" + group + "' in collection '" + collection +
                    "'");
    return *t;
}

void Database::export_csv(const std::string& collection, const std::string& group, const std::string& path,
                          const CSVOptions& options) {
    // upstream creates the parent directories before validating anything (kept)
    {
        std::error_code ec;
        fs::path parent = utf8_path(path).parent_path();
        if (!parent.empty())
            fs::create_directories(parent, ec);
    }
    const TableInfo& table = csv_target_table(*this, "export_csv", collection, group);
    const Schema& s = schema("export_csv");
    const bool is_group = !group.empty();

    // SELECT with one expression per output column; FKs and the group's id become labels
    std::vector<OutColumn> columns;
    std::string select, joins;
    int join_no = 0;
    for (const ColumnInfo& c : table.columns) {
        if (!is_group && c.name == "id")
            continue;
        OutColumn out{c.name, c.type == DataType::DateTime, false};
        std::string col = "t." + quote_identifier(c.name);
        std::string expr = col;
        const ForeignKey* fk = table.foreign_key(c.name);
        bool parent_id = is_group && c.name == "id";
        if (parent_id || (fk && references_labelled(s, *fk))) {
            std::string target = parent_id ? table.parent : fk->table;
            std::string key = (!parent_id && !fk->to.empty()) ? fk->to : "id";
            std::string alias = "j" + std::to_string(join_no++);
            joins += " LEFT JOIN " + quote_identifier(target) + " AS " + alias + " ON " + alias + "." +
                     quote_identifier(key) + " = " + col;
            // a dangling reference keeps its raw value rather than vanishing
            expr = "COALESCE(" + alias + ".\"label\", " + col + ")";
            out.label = true;
            out.date_time = false;
        }
        if (c.name == "id")
            out.date_time = false;
        // vector_index is structural: never enum-mapped, so the file re-imports
        if (table.kind == TableKind::Vector && c.name == "vector_index")
            out.label = true;
        if (!select.empty())
            select += ", ";
        select += expr;
        columns.push_back(std::move(out));
    }
    std::string order;
    switch (table.kind) {
        case TableKind::Vector: order = "t.\"id\", t.\"vector_index\""; break;
        case TableKind::Set: {
            // deterministic: by element, then by value (in schema column order)
            order = "t.\"id\"";
            for (const ColumnInfo& c : table.columns)
                if (c.name != "id")
                    order += ", t." + quote_identifier(c.name);
            break;
        }
        case TableKind::TimeSeries: {
            order = "t.\"id\"";
            if (auto dim = Schema::dimension_column(table))
                order += ", t." + quote_identifier(*dim);
            break;
        }
        default: order = "t.rowid"; break;
    }
    std::string sql =
        "SELECT " + select + " FROM " + quote_identifier(table.name) + " AS t" + joins + " ORDER BY " + order;
    auto stmt = prepare(sql);

    const csv::EnumLabels enums(options);
    const bool format_dates = !options.date_time_format.empty();

    std::unique_ptr<std::FILE, FileCloser> file(utf8_fopen(path, "wb"));
    if (!file)
        throw Error("Failed to export_csv: could not open file: " + path);

    std::string buf = "sep=,\n";
    for (size_t i = 0; i < columns.size(); ++i) {
        if (i)
            buf.push_back(',');
        csv::append_field(buf, columns[i].name);
    }
    buf.push_back('\n');

    bool write_ok = true;
    auto flush = [&] {
        if (!buf.empty() && std::fwrite(buf.data(), 1, buf.size(), file.get()) != buf.size())
            write_ok = false;
        buf.clear();
    };
    size_t rows = 0;
    try {
        while (stmt.step()) {
            for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
                if (i)
                    buf.push_back(',');
                const OutColumn& col = columns[static_cast<size_t>(i)];
                switch (stmt.column_type(i)) {
                    case SQLITE_NULL: break;
                    case SQLITE_INTEGER: {
                        int64_t v = stmt.column_int(i);
                        const std::string* label = col.label ? nullptr : enums.label_for(col.name, v);
                        if (label)
                            csv::append_field(buf, *label);
                        else
                            csv::append_int(buf, v);
                        break;
                    }
                    case SQLITE_FLOAT: csv::append_double(buf, stmt.column_double(i)); break;
                    default: {
                        std::string_view text = stmt.column_text(i);
                        if (format_dates && col.date_time) {
                            if (auto dt = parse_iso_date_time(text)) {
                                std::string formatted = format_date_time(*dt, options.date_time_format);
                                if (!formatted.empty()) {
                                    csv::append_field(buf, formatted);
                                    break;
                                }
                            }
                        }
                        csv::append_field(buf, text);
                        break;
                    }
                }
            }
            buf.push_back('\n');
            ++rows;
            if (buf.size() >= (1u << 16))
                flush();
        }
        flush();
        if (std::fflush(file.get()) != 0)
            write_ok = false;
        std::FILE* f = file.release();
        if (std::fclose(f) != 0)
            write_ok = false;
        if (!write_ok)
            throw Error("Failed to export_csv: could not write file: " + path);
    } catch (...) {
        file.reset();
        std::error_code ec;
        // never leave a truncated export behind, but only a regular file is ours to remove
        // (a path such as /dev/full or a FIFO must survive a failed export)
        if (fs::is_regular_file(fs::symlink_status(utf8_path(path), ec)))
            fs::remove(utf8_path(path), ec);
        throw;
    }
    logger_.debug("Exported " + std::to_string(rows) + " rows of " + table.name + " to " + path);
}

}  // namespace quiver
