// options.h: default option structs.
#include "quiver/c/options.h"

extern "C" {

QUIVER_C_API quiver_database_options_t quiver_database_options_default(void) {
    quiver_database_options_t options;
    options.read_only = 0;
    options.console_level = QUIVER_LOG_INFO;
    return options;
}

QUIVER_C_API quiver_database_options_ex_t quiver_database_options_ex_default(void) {
    quiver_database_options_ex_t options;
    options.base = quiver_database_options_default();
    options.busy_timeout_ms = 5000;
    options.journal_mode = nullptr;
    options.strict = 0;
    return options;
}

QUIVER_C_API quiver_csv_options_t quiver_csv_options_default(void) {
    static const char empty[] = "";
    quiver_csv_options_t options;
    options.date_time_format = empty;
    options.enum_attribute_names = nullptr;
    options.enum_locale_names = nullptr;
    options.enum_entry_counts = nullptr;
    options.enum_labels = nullptr;
    options.enum_values = nullptr;
    options.enum_group_count = 0;
    return options;
}

}  // extern "C"
