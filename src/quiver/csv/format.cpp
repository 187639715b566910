// CSV text helpers: quoting, the reader, strict numbers, enum labels (docs/reference/csv.md 2-5).
#include "quiver/csv/format.hpp"

#include <charconv>
#include <cmath>
#include <system_error>

#include "quiver/core/error.hpp"
#include "quiver/core/value.hpp"
#include "quiver/database/database.hpp"

namespace quiver::csv {

namespace {

bool whitespace_only(const Cell& c) {
    return !c.quoted && trim_view(c.text).empty();
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Splits the content into records of raw cells, unescaping each field in place: a field's
// text never gets longer than its bytes in the file, so it is written back over them (the
// write position never passes the read position). Outside quotes CR is dropped; unquoted
// cells are kept untrimmed here (header names are not trimmed).
class Reader {
public:
    Reader(std::string& buffer, size_t begin, bool semicolon, size_t first_line)
        : s_(buffer), i_(begin), w_(begin), semicolon_(semicolon), record_line_(first_line) {}

    // every cell in file order; record r is cells[starts[r], starts[r + 1])
    void records(std::vector<Cell>& cells, std::vector<size_t>& starts) {
        if (i_ >= s_.size())
            return;
        // a field ends at a separator or a line end (or a quoted one of those: a slight
        // overestimate), so the cells fit without the vector ever growing
        size_t fields = 1, lines = 1;
        for (size_t k = i_; k < s_.size(); ++k) {
            fields += is_sep(s_[k]) || s_[k] == '\n';
            lines += s_[k] == '\n';
        }
        cells.reserve(fields);
        starts.reserve(lines + 1);
        starts.push_back(0);
        while (true) {
            cells.push_back(field());
            if (i_ >= s_.size())
                break;
            char c = s_[i_++];
            if (c == '\n') {
                starts.push_back(cells.size());
                if (i_ >= s_.size())
                    return;
            }
            // otherwise a separator: the next field follows (possibly empty)
        }
        starts.push_back(cells.size());
    }

private:
    bool is_sep(char c) const { return c == ',' || (semicolon_ && c == ';'); }
    void put(char c) { s_[w_++] = c; }

    Cell field() {
        Cell cell;
        const size_t start = w_;
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
                        put('"');
                        ++i_;
                        continue;
                    }
                    break;
                }
                if (c == '\n')
                    ++record_line_;
                put(c);
            }
            // text after the closing quote: whitespace dropped, anything else kept literally
            while (i_ < s_.size() && !is_sep(s_[i_]) && s_[i_] != '\n') {
                char c = s_[i_++];
                if (c != ' ' && c != '\t' && c != '\r')
                    put(c);
            }
        } else {
            while (i_ < s_.size() && !is_sep(s_[i_]) && s_[i_] != '\n') {
                char c = s_[i_++];
                if (c != '\r')
                    put(c);
            }
        }
        if (i_ < s_.size() && s_[i_] == '\n')
            ++record_line_;
        cell.text = std::string_view(s_.data() + start, w_ - start);
        return cell;
    }

    std::string& s_;
    size_t i_;  // read position
    size_t w_;  // write position (<= i_)
    bool semicolon_;
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
        if (c == '"')
            out.push_back('"');
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

Table parse(std::string bytes) {
    Table table;
    table.buffer_ = std::make_unique<std::string>(std::move(bytes));
    std::string_view content = *table.buffer_;
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

    std::vector<Cell> cells;
    std::vector<size_t> starts;
    Reader(*table.buffer_, table.buffer_->size() - content.size(), semicolon, first_line).records(cells, starts);
    if (starts.empty())
        return table;

    // trailing empty header columns (a spreadsheet artefact): T of them
    size_t head_size = starts[1];
    size_t trailing = 0;
    while (trailing < head_size && whitespace_only(cells[head_size - 1 - trailing]))
        ++trailing;
    if (trailing == head_size)
        return table;  // no header columns at all
    const size_t width = head_size - trailing;
    table.header.reserve(width);
    for (size_t i = 0; i < width; ++i)
        table.header.emplace_back(cells[i].text);
    if (trailing > 0 && !cells[width - 1].quoted) {
        std::string& last = table.header.back();
        while (!last.empty() && (last.back() == ' ' || last.back() == '\t'))
            last.pop_back();
    }

    // data rows, compacted in place: up to T trailing empty cells dropped from rows wider than
    // the header, unquoted cells trimmed
    // (in place: the new start of row r is written where the old one was just read)
    const size_t rows = starts.size() - 2;
    size_t out = 0;
    starts[0] = 0;
    for (size_t r = 1; r <= rows; ++r) {
        size_t begin = starts[r], end = starts[r + 1];
        size_t removed = 0;
        while (removed < trailing && end - begin > width && whitespace_only(cells[end - 1])) {
            --end;
            ++removed;
        }
        for (size_t i = begin; i < end; ++i) {
            Cell c = cells[i];
            if (!c.quoted)
                c.text = trim_view(c.text);
            cells[out++] = c;
        }
        starts[r] = out;
    }
    cells.resize(out);
    starts.resize(rows + 1);
    table.cells_ = std::move(cells);
    table.row_start_ = std::move(starts);
    return table;
}

std::optional<int64_t> parse_int(std::string_view text) {
    text = trim_view(text);
    if (!text.empty() && text.front() == '+') {
        text.remove_prefix(1);
        if (!text.empty() && text.front() == '-')
            return std::nullopt;
    }
    if (text.empty())
        return std::nullopt;
    int64_t value = 0;
    auto res = std::from_chars(text.data(), text.data() + text.size(), value);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<double> parse_double(std::string_view text) {
    text = trim_view(text);
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty() || text.front() == '+' || text.front() == '-')
        return std::nullopt;
    auto fmt = std::chars_format::general;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        text.remove_prefix(2);
        fmt = std::chars_format::hex;
        if (text.empty() || text.front() == '+' || text.front() == '-')
            return std::nullopt;
    }
    double value = 0;
    auto res = std::from_chars(text.data(), text.data() + text.size(), value, fmt);
    if (res.ec != std::errc() || res.ptr != text.data() + text.size())
        return std::nullopt;
    if (std::isnan(value))
        return std::nullopt;
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
                if (l.name == locale_name)
                    loc = &l;
            if (!loc) {
                list.push_back(Locale{locale_name, {}, {}});
                loc = &list.back();
            }
            for (const auto& [label, value] : labels) {
                auto [it, inserted] = loc->index.emplace(label, loc->entries.size());
                if (inserted)
                    loc->entries.emplace_back(label, value);
                else
                    loc->entries[it->second].second = value;  // repeated label: last value wins
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
    if (c == columns_.end())
        return nullptr;
    auto v = c->second.by_value.find(value);
    return v == c->second.by_value.end() ? nullptr : &c->second.entries[v->second].first;
}

std::optional<int64_t> EnumLabels::value_for(const std::string& column, std::string_view label) const {
    auto c = columns_.find(column);
    if (c == columns_.end())
        return std::nullopt;
    // an exact match first, so labels that differ only in case keep their own values
    for (const auto& entry : c->second.entries)
        if (entry.first == label)
            return entry.second;
    auto v = c->second.by_lower.find(lower_ascii(label));
    if (v == c->second.by_lower.end())
        return std::nullopt;
    return v->second;
}

}  // namespace quiver::csv
