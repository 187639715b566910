#pragma once
// Date-time text handling for CSV (docs/reference/csv.md 5): ISO parsing, a strptime-like parser
// driven by a pattern, strftime formatting and the canonical stored form
// `YYYY-MM-DDTHH:MM:SS`. Self-contained: no locale, no timezone, no platform strptime.
#include <optional>
#include <string>
#include <string_view>

namespace quiver {

struct DateTime {
    int year = 1900;
    int month = 1;   // 1-12
    int day = 1;     // 1-31 (no calendar check, as upstream)
    int hour = 0;    // 0-23
    int minute = 0;  // 0-59
    int second = 0;  // 0-60
};

// Parse `text` with a strptime-like `pattern` (%Y %m %d %H %M %S %b %B %h %y %e %j %I %p
// %a %A %T %D %F %R %n %t %%; whitespace matches any run of whitespace). The input may
// end after any directive (the rest is 0), not after a literal; text after the parsed
// part is ignored (upstream). Fails (nullopt) on a mismatch or when no day was set.
std::optional<DateTime> parse_date_time(std::string_view text, std::string_view pattern);

// docs/reference/csv.md 5.1: `%Y-%m-%dT%H:%M:%S`, then the same with a space instead of `T`.
std::optional<DateTime> parse_iso_date_time(std::string_view text);

// `YYYY-MM-DDTHH:MM:SS`
std::string canonical_date_time(const DateTime& dt);

// A real calendar date-time: year 1..9999, month 1..12, day within its month (leap years),
// hour 0..23, minute and second 0..59.
bool is_valid_date_time(const DateTime& dt);

// The strict form of a stored DATE_TIME value (docs/reference/schema.md, "Date-time columns"):
// `YYYY-MM-DD`, `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (`T` or one space), the whole text,
// a real calendar date (is_valid_date_time). Returns the canonical `YYYY-MM-DDTHH:MM:SS`;
// nullopt for anything else.
std::optional<std::string> canonical_stored_date_time(std::string_view text);

// canonical_stored_date_time, or Error: "Invalid date-time '<text>' for column '<c>' of '<T>'
// (expected YYYY-MM-DD[THH:MM[:SS]])"
std::string require_stored_date_time(std::string_view text, const std::string& column, const std::string& table);

// strftime with `pattern`; "" when the result is empty or longer than 255 bytes.
std::string format_date_time(const DateTime& dt, const std::string& pattern);

}  // namespace quiver
