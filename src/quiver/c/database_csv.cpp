// database.h: CSV export and import (docs/reference/csv.md), and the quiver_csv_options_t conversion.
#include <unordered_map>

#include "quiver/c/internal.hpp"
#include "quiver/c/options.h"

using quiver::Database;
using quiver::c::with_db;

namespace {

// Flattened groups -> attribute -> locale -> [(label, value)], in the order given.
// Repeated (attribute, locale) groups are merged by the engine (docs/reference/csv.md 2).
quiver::CSVOptions to_options(const quiver_csv_options_t* o) {
    quiver::CSVOptions out;
    out.date_time_format = o->date_time_format ? o->date_time_format : "";
    if (o->enum_group_count == 0)
        return out;
    if (!o->enum_attribute_names)
        throw quiver::Error("Null argument: options->enum_attribute_names");
    if (!o->enum_locale_names)
        throw quiver::Error("Null argument: options->enum_locale_names");
    if (!o->enum_entry_counts)
        throw quiver::Error("Null argument: options->enum_entry_counts");
    size_t total = 0;
    for (size_t g = 0; g < o->enum_group_count; ++g)
        total += o->enum_entry_counts[g];
    if (total > 0 && !o->enum_labels)
        throw quiver::Error("Null argument: options->enum_labels");
    if (total > 0 && !o->enum_values)
        throw quiver::Error("Null argument: options->enum_values");

    std::unordered_map<std::string, size_t> attribute_index;
    size_t entry = 0;
    for (size_t g = 0; g < o->enum_group_count; ++g) {
        const char* attribute = o->enum_attribute_names[g];
        const char* locale = o->enum_locale_names[g];
        if (!attribute)
            throw quiver::Error("Null argument: options->enum_attribute_names[" + std::to_string(g) + "]");
        if (!locale)
            throw quiver::Error("Null argument: options->enum_locale_names[" + std::to_string(g) + "]");
        auto [it, inserted] = attribute_index.emplace(attribute, out.enum_labels.size());
        if (inserted)
            out.enum_labels.push_back({attribute, {}});
        auto& locales = out.enum_labels[it->second].second;
        locales.push_back({locale, {}});
        auto& labels = locales.back().second;
        labels.reserve(o->enum_entry_counts[g]);
        for (size_t k = 0; k < o->enum_entry_counts[g]; ++k, ++entry) {
            const char* label = o->enum_labels[entry];
            if (!label)
                throw quiver::Error("Null argument: options->enum_labels[" + std::to_string(entry) + "]");
            labels.emplace_back(label, o->enum_values[entry]);
        }
    }
    return out;
}

// export_csv and import_csv: one shape, the engine member differs
template <auto Member>
quiver_error_t csv(quiver_database_t* db, const char* collection, const char* group, const char* path,
                   const quiver_csv_options_t* options) {
    QUIVER_REQUIRE(db, collection, group, path, options);
    return with_db(db, [&](Database& d) { (d.*Member)(collection, group, path, to_options(options)); });
}

}  // namespace

extern "C" {

QUIVER_C_API quiver_error_t quiver_database_export_csv(quiver_database_t* db, const char* collection, const char* group,
                                                       const char* path, const quiver_csv_options_t* options) {
    return csv<&Database::export_csv>(db, collection, group, path, options);
}

QUIVER_C_API quiver_error_t quiver_database_import_csv(quiver_database_t* db, const char* collection, const char* group,
                                                       const char* path, const quiver_csv_options_t* options) {
    return csv<&Database::import_csv>(db, collection, group, path, options);
}

}  // extern "C"
