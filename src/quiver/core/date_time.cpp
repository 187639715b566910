// Date-time parsing and formatting for CSV (docs/reference/csv.md 5). Hand-written so behaviour does not
// depend on the platform's strptime or on the process locale.
#include "quiver/core/date_time.hpp"

#include <array>
#include <cstdio>
#include <ctime>

#include "quiver/core/error.hpp"
#include "quiver/core/value.hpp"

namespace quiver {

namespace {

constexpr std::array<const char*, 12> kMonths = {"january", "february", "march",     "april",   "may",      "june",
                                                 "july",    "august",   "september", "october", "november", "december"};
constexpr std::array<const char*, 7> kDays = {"sunday",   "monday", "tuesday", "wednesday",
                                              "thursday", "friday", "saturday"};

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

class Parser {
public:
    explicit Parser(std::string_view text) : text_(text) {}

    std::optional<DateTime> run(std::string_view pattern) {
        if (!apply(pattern))
            return std::nullopt;
        if (!day_set_)
            return std::nullopt;
        if (hour12_ >= 0)
            dt_.hour = hour12_ % 12 + (pm_ ? 12 : 0);
        return dt_;
    }

private:
    // Returns false on a mismatch. Input ending right after a directive stops parsing successfully.
    bool apply(std::string_view pattern) {
        for (size_t i = 0; i < pattern.size(); ++i) {
            if (pos_ >= text_.size()) {
                if (stopped_ || last_was_directive_) {
                    stopped_ = true;
                    return true;
                }
                return false;
            }
            char p = pattern[i];
            if (is_space(p)) {
                bool consumed = false;
                while (pos_ < text_.size() && is_space(text_[pos_]))
                    ++pos_, consumed = true;
                if (consumed)
                    last_was_directive_ = false;
                continue;
            }
            if (p != '%') {
                if (text_[pos_] != p)
                    return false;
                ++pos_;
                last_was_directive_ = false;
                continue;
            }
            if (++i >= pattern.size())
                return false;  // lone trailing '%'
            if (!directive(pattern[i]))
                return false;
            if (stopped_)
                return true;
        }
        return true;
    }

    bool directive(char d) {
        switch (d) {
            case 'Y': return number(0, 9999, 4, dt_.year);
            case 'm': return number(1, 12, 2, dt_.month);
            case 'd':
            case 'e':
                if (d == 'e' && pos_ < text_.size() && text_[pos_] == ' ')
                    ++pos_;
                if (!number(1, 31, 2, dt_.day))
                    return false;
                day_set_ = true;
                return true;
            case 'H': return number(0, 23, 2, dt_.hour);
            case 'M': return number(0, 59, 2, dt_.minute);
            case 'S': return number(0, 60, 2, dt_.second);
            case 'y': {
                int y = 0;
                if (!number(0, 99, 2, y))
                    return false;
                dt_.year = y < 69 ? 2000 + y : 1900 + y;
                return true;
            }
            case 'I': return number(1, 12, 2, hour12_);
            case 'p': {
                if (match_word("am"))
                    pm_ = false;
                else if (match_word("pm"))
                    pm_ = true;
                else
                    return false;
                last_was_directive_ = true;
                return true;
            }
            case 'b':
            case 'B':
            case 'h': {
                for (size_t m = 0; m < kMonths.size(); ++m) {
                    if (match_name(kMonths[m])) {
                        dt_.month = static_cast<int>(m) + 1;
                        last_was_directive_ = true;
                        return true;
                    }
                }
                return false;
            }
            case 'a':
            case 'A': {
                for (const char* name : kDays) {
                    if (match_name(name)) {
                        last_was_directive_ = true;
                        return true;
                    }
                }
                return false;
            }
            case 'T': return apply("%H:%M:%S");
            case 'D': return apply("%m/%d/%y");
            case 'F': return apply("%Y-%m-%d");
            case 'R': return apply("%H:%M");
            case 'n':
            case 't':
                while (pos_ < text_.size() && is_space(text_[pos_]))
                    ++pos_;
                return true;
            case '%':
                if (text_[pos_] != '%')
                    return false;
                ++pos_;
                last_was_directive_ = false;
                return true;
            default: return false;
        }
    }

    bool number(int min, int max, int max_digits, int& out) {
        int value = 0, digits = 0;
        while (digits < max_digits && pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
            value = value * 10 + (text_[pos_] - '0');
            ++pos_;
            ++digits;
        }
        if (digits == 0 || value < min || value > max)
            return false;
        out = value;
        last_was_directive_ = true;
        return true;
    }

    bool match_word(std::string_view word) {
        if (text_.size() - pos_ < word.size())
            return false;
        for (size_t k = 0; k < word.size(); ++k)
            if (lower(text_[pos_ + k]) != word[k])
                return false;
        pos_ += word.size();
        return true;
    }

    // full name, else its three-letter abbreviation (case-insensitive)
    bool match_name(std::string_view name) { return match_word(name) || match_word(name.substr(0, 3)); }

    std::string_view text_;
    size_t pos_ = 0;
    DateTime dt_;
    bool day_set_ = false;
    bool last_was_directive_ = false;
    bool stopped_ = false;
    int hour12_ = -1;
    bool pm_ = false;
};

// days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm)
long long days_from_civil(long long y, unsigned m, unsigned d) {
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long long>(doe) - 719468;
}

}  // namespace

std::optional<DateTime> parse_date_time(std::string_view text, std::string_view pattern) {
    return Parser(text).run(pattern);
}

std::optional<DateTime> parse_iso_date_time(std::string_view text) {
    if (auto dt = parse_date_time(text, "%Y-%m-%dT%H:%M:%S"))
        return dt;
    return parse_date_time(text, "%Y-%m-%d %H:%M:%S");
}

bool is_valid_date_time(const DateTime& dt) {
    static constexpr std::array<int, 12> kDaysIn = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (dt.year < 1 || dt.year > 9999 || dt.month < 1 || dt.month > 12 || dt.day < 1)
        return false;
    const bool leap = (dt.year % 4 == 0 && dt.year % 100 != 0) || dt.year % 400 == 0;
    const int days = kDaysIn[static_cast<size_t>(dt.month - 1)] + (dt.month == 2 && leap ? 1 : 0);
    return dt.day <= days && dt.hour >= 0 && dt.hour <= 23 && dt.minute >= 0 && dt.minute <= 59 && dt.second >= 0 &&
           dt.second <= 59;
}

std::optional<std::string> canonical_stored_date_time(std::string_view text) {
    // fixed widths: 10 (date), 16 (with HH:MM) or 19 (with HH:MM:SS) characters
    if (text.size() != 10 && text.size() != 16 && text.size() != 19)
        return std::nullopt;
    auto field = [&](size_t pos, size_t n, int& out) {
        int v = 0;
        for (size_t i = pos; i < pos + n; ++i) {
            if (text[i] < '0' || text[i] > '9')
                return false;
            v = v * 10 + (text[i] - '0');
        }
        out = v;
        return true;
    };
    DateTime dt;
    dt.year = dt.month = dt.day = 0;
    if (!field(0, 4, dt.year) || text[4] != '-' || !field(5, 2, dt.month) || text[7] != '-' || !field(8, 2, dt.day))
        return std::nullopt;
    if (text.size() > 10) {
        if ((text[10] != 'T' && text[10] != ' ') || !field(11, 2, dt.hour) || text[13] != ':' ||
            !field(14, 2, dt.minute))
            return std::nullopt;
        if (text.size() == 19 && (text[16] != ':' || !field(17, 2, dt.second)))
            return std::nullopt;
    }
    if (!is_valid_date_time(dt))
        return std::nullopt;
    return canonical_date_time(dt);
}

std::string require_stored_date_time(std::string_view text, const std::string& column, const std::string& table) {
    if (auto canonical = canonical_stored_date_time(trim_view(text)))  // texts are stored trimmed
        return *canonical;
    throw Error("Invalid date-time '" + std::string(text) + "' for column '" + column + "' of '" + table +
                "' (expected YYYY-MM-DD[THH:MM[:SS]])");
}

std::string canonical_date_time(const DateTime& dt) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", dt.year, dt.month, dt.day, dt.hour, dt.minute,
                  dt.second);
    return buf;
}

std::string format_date_time(const DateTime& dt, const std::string& pattern) {
    std::tm tm{};
    tm.tm_year = dt.year - 1900;
    tm.tm_mon = dt.month - 1;
    tm.tm_mday = dt.day;
    tm.tm_hour = dt.hour;
    tm.tm_min = dt.minute;
    tm.tm_sec = dt.second;
    tm.tm_isdst = 0;
    long long days = days_from_civil(dt.year, static_cast<unsigned>(dt.month), static_cast<unsigned>(dt.day));
    tm.tm_wday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
    tm.tm_yday = static_cast<int>(days - days_from_civil(dt.year, 1, 1));
    // %Y and %F always give 4 year digits (glibc writes year 999 as "999", so a pattern such
    // as "%Y%m%d" would not read back); every other directive is strftime's
    std::string fixed;
    fixed.reserve(pattern.size() + 8);
    char year[16];
    std::snprintf(year, sizeof year, "%04d", dt.year);
    for (size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] == '%' && i + 1 < pattern.size()) {
            char d = pattern[i + 1];
            if (d == 'Y' || d == 'F') {
                fixed += year;
                if (d == 'F')
                    fixed += "-%m-%d";
            } else {
                fixed += pattern[i];
                fixed += d;
            }
            ++i;
            continue;
        }
        fixed += pattern[i];
    }
    char buf[256];
    size_t n = std::strftime(buf, sizeof buf, fixed.c_str(), &tm);
    return std::string(buf, n);
}

}  // namespace quiver
