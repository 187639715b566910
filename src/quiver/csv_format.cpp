// CSV text helpers: quoting, the reader, strict numbers, enum labels (csv.md 2-5).
#include "quiver/csv_format.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include "quiver/database.hpp"
#include "quiver/error.hpp"

namespace quiver::csv {

namespace {

bool is_trim_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim_view(std::string_view s) {
    size_t b = 0, e = s.size();
    while (b < e && is_trim_space(s[b])) ++b;
    while (e > b && is_trim_space(s[e - 1])) --e;
    return s.substr(b, e - b);
}

void trim_in_place(std::string& s) {
    size_t e = s.size();
    while (e > 0 && is_trim_space(s[e - 1])) --e;
    s.resize(e);
    size_t b = 0;
    while (b < s.size() && is_trim_space(s[b])) ++b;
    if (b) s.erase(0, b);
}

bool whitespace_only(const Cell& c) {
    if (c.quoted) return false;
    for (char ch : c.text)
        if (!is_trim_space(ch)) return false;
    return true;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Splits the content into records of raw cells. Outside quotes CR is dropped; unquoted
// cells are kept untrimmed here (header names are not trimmed).
class Reader {
public:
    Reader(std::string_view content, bool semicolon, size_t first_line)
        : s_(content), semicolon_(semicolon), record_line_(first_line) {}

    std::vector<std::vector<Cell>> records() {
        std::vector<std::vector<Cell>> out;
        if (s_.empty()) return out;
        std::vector<Cell> record;
        while (true) {
            record.push_back(field());
            if (i_ >= s_.size()) {
                out.push_back(std::move(record));
                break;
            }
            char c = s_[i_++];
            if (c == '\n') {
                out.push_back(std::move(record));
                record.clear();
                if (i_ >= s_.size()) break;
            }
            // otherwise a separator: the next field follows (possibly empty)
        }
        return out;
    }

private:
    bool is_sep(char c) const { return c == ',' || (semicolon_ && c == ';'); }

    Cell field() {
        Cell cell;
        if (i_ < s_.size() && s_[i_] == '"') {
            cell.quoted = true;
            size_t line = record_line_;
            ++i_;
            while (true) {
                if (i_ >= s_.size()) {
                    throw Error("Cannot import_csv: unterminated quoted field starting on line " +
                                std::to_string(line) + ".");
                }
                char c = s_[i_++];
                if (c == '"') {
                    if (i_ < s_.size() && s_[i_] == '"') {
                        cell.text.push_back('"');
                        ++i_;
                        continue;
                    }
                    break;
                }
                if (c == '\n') ++record_line_;
                cell.text.push_back(c);
            }
            // text after the closing quote: whitespace dropped, anything else kept literally
            while (i_ < s_.size() && !is_sep(s_[i_]) && s_[i_] != '\n') {
                char c = s_[i_++];
                if (c != ' ' && c != '\t' && c != '\r') cell.text.push_back(c);
            }
        } else {
            size_t start = i_;
            while (i_ < s_.size() && !is_sep(s_[i_]) && s_[i_] != '\n') ++i_;
            std::string_view raw = s_.substr(start, i_ - start);
            cell.text.reserve(raw.size());
            for (char c : raw)
                if (c != '\r') cell.text.push_back(c);
        }
        if (i_ < s_.size() && s_[i_] == '\n') ++record_line_;
        return cell;
    }

    std::string_view s_;
    bool semicolon_;
    size_t i_ = 0;
    size_t record_line_;
};

}  // namespace

void append_field(std::string& out, std::string_view field) {
    bool quote = field.empty();
    for (char c : field) {
        if (c == ',' || c == '"' || c == ' ' || c == '\t' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        out.append(field);
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

void append_double(std::string& out, double value) {
    char buf[64];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

void append_int(std::string& out, int64_t value) {
    char buf[32];
    auto res = std::to_chars(buf, buf + sizeof buf, value);
    out.append(buf, res.ptr);
}

Table parse(std::string_view content) {
    if (content.size() >= 3 && static_cast<unsigned char>(content[0]) == 0xEF &&
        static_cast<unsigned char>(content[1]) == 0xBB && static_cast<unsigned char>(content[2]) == 0xBF) {
        content.remove_prefix(3);
    }
    bool semicolon = false;
    size_t first_line = 1;
    size_t lf = content.find('\n');
    if (content.substr(0, 4) == "sep=" && lf != std::string_view::npos) {
        std::string_view line = content.substr(0, lf);
        semicolon = line.size() >= 5 && line[4] == ';';
        content.remove_prefix(lf + 1);
        first_line = 2;
    } else {
        semicolon = content.find(';') != std::string_view::npos && content.find(',') == std::string_view::npos;
    }

    auto records = Reader(content, semicolon, first_line).records();
    Table table;
    if (records.empty()) return table;

    // trailing empty header columns (a spreadsheet artefact): T of them
    std::vector<Cell>& head = records.front();
    size_t trailing = 0;
    while (trailing < head.size() && whitespace_only(head[head.size() - 1 - trailing])) ++trailing;
    if (trailing == head.size()) return table;  // no header columns at all
    head.resize(head.size() - trailing);
    if (trailing > 0 && !head.back().quoted) {
        std::string& last = head.back().text;
        while (!last.empty() && (last.back() == ' ' || last.back() == '\t')) last.pop_back();
    }
    const size_t width = head.size();
    table.header.reserve(width);
    for (auto& c : head) table.header.push_back(std::move(c.text));

    table.rows.reserve(records.size() - 1);
    for (size_t r = 1; r < records.size(); ++r) {
        std::vector<Cell>& row = records[r];
        size_t removed = 0;
        while (removed < trailing && row.size() > width && whitespace_only(row.back())) {
            row.pop_back();
            ++removed;
        }
        for (auto& c : row)
            if (!c.quoted) trim_in_place(c.text);
        table.rows.push_back(std::move(row));
    }
    return table;
}

std::string_view trim(std::string_view text) { return trim_view(text); }

std::optional<int64_t> parse_int(std::string_view text) {
    text = trim_view(text);
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && text.front() == '-') return std::nullopt;
    }
    if (text.empty()) return std::nullopt;
    int64_t value = 0;
    auto res = std::from_chars(text.data(), text.data() + text.size(), value);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<double> parse_double(std::string_view text) {
    text = trim_view(text);
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
    auto fmt = std::chars_format::general;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        fmt = std::chars_format::hex;
        if (text.empty() || text.front() == '+' || text.front() == '-') return std::nullopt;
    }
    double value = 0;
    auto res = std::from_chars(text.data(), text.data() + text.size(), value, fmt);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
    if (std::isnan(value)) return std::nullopt;
    return negative ? -value : value;
}

EnumLabels::EnumLabels(const CSVOptions& options) {
    struct Locale {
        std::string name;
        std::vector<std::pair<std::string, int64_t>> entries;
        std::unordered_map<std::string, size_t> index;
    };
    std::unordered_map<std::string, std::vector<Locale>> merged;
    for (const auto& [attribute, locales] : options.enum_labels) {
        auto& list = merged[attribute];
        for (const auto& [locale_name, labels] : locales) {
            Locale* loc = nullptr;
            for (auto& l : list)
                if (l.name == locale_name) loc = &l;
            if (!loc) {
                list.push_back(Locale{locale_name, {}, {}});
                loc = &list.back();
            }
            for (const auto& [label, value] : labels) {
                auto [it, inserted] = loc->index.emplace(label, loc->entries.size());
                if (inserted) loc->entries.emplace_back(label, value);
                else loc->entries[it->second].second = value;  // repeated label: last value wins
            }
        }
    }
    for (auto& [attribute, list] : merged) {
        Column& col = columns_[attribute];
        for (auto& loc : list) {
            for (auto& entry : loc.entries) {
                col.by_value.emplace(entry.second, col.entries.size());
                col.by_lower.emplace(lower_ascii(entry.first), entry.second);
                col.entries.push_back(std::move(entry));
            }
        }
    }
}

const std::string* EnumLabels::label_for(const std::string& column, int64_t value) const {
    auto c = columns_.find(column);
    if (c == columns_.end()) return nullptr;
    auto v = c->second.by_value.find(value);
    return v == c->second.by_value.end() ? nullptr : &c->second.entries[v->second].first;
}

std::optional<int64_t> EnumLabels::value_for(const std::string& column, std::string_view label) const {
    auto c = columns_.find(column);
    if (c == columns_.end()) return std::nullopt;
    // an exact match first, so labels that differ only in case keep their own values
    for (const auto& entry : c->second.entries)
        if (entry.first == label) return entry.second;
    auto v = c->second.by_lower.find(lower_ascii(label));
    if (v == c->second.by_lower.end()) return std::nullopt;
    return v->second;
}

}  // namespace quiver::csv
