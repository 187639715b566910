// csv::Stream: the CSV reader of csv::parse, one record at a time from the file.
#include "quiver/csv/stream.hpp"

#include <cstring>
#include <filesystem>

#include "quiver/core/error.hpp"
#include "quiver/core/utf8_path.hpp"
#include "quiver/core/value.hpp"

namespace quiver::csv {

namespace {

constexpr size_t kChunk = 1 << 20;

[[noreturn]] void fail(const std::string& message) {
    throw Error("Cannot import_csv: " + message);
}

bool whitespace_only(const Cell& c) {
    return !c.quoted && trim_view(c.text).empty();
}

}  // namespace

Stream::Stream(const std::string& path) : path_(path) {
    std::error_code ec;
    if (std::filesystem::is_directory(utf8_path(path), ec))
        fail("could not open file: " + path);
    file_ = utf8_fopen(path, "rb");
    if (!file_)
        fail("could not open file: " + path);
    start();
}

Stream::~Stream() {
    if (file_)
        std::fclose(file_);
}

bool Stream::fill() {
    if (eof_)
        return false;
    if (pos_ > 0) {
        buf_.erase(0, pos_);
        pos_ = 0;
    }
    const size_t old = buf_.size();
    buf_.resize(old + kChunk);
    const size_t n = std::fread(buf_.data() + old, 1, kChunk, file_);
    buf_.resize(old + n);
    if (n == 0) {
        if (std::ferror(file_))
            fail("could not open file: " + path_);
        eof_ = true;
        return false;
    }
    return true;
}

void Stream::start() {
    buf_.clear();
    pos_ = 0;
    eof_ = false;
    while (buf_.size() < 3 && fill()) {
    }
    long offset = 0;
    if (buf_.size() >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF &&
        static_cast<unsigned char>(buf_[1]) == 0xBB && static_cast<unsigned char>(buf_[2]) == 0xBF) {
        pos_ = 3;
        offset = 3;
    }
    while (buf_.size() - pos_ < 4 && fill()) {
    }
    first_line_ = 1;
    if (buf_.compare(pos_, 4, "sep=") == 0 && buf_.size() - pos_ >= 4) {
        size_t lf;
        while ((lf = buf_.find('\n', pos_)) == std::string::npos && fill()) {
        }
        if (lf != std::string::npos) {
            semicolon_ = lf - pos_ >= 5 && buf_[pos_ + 4] == ';';
            offset += static_cast<long>(lf + 1 - pos_);
            pos_ = lf + 1;
            first_line_ = 2;
        }
    }
    if (first_line_ == 1) {
        // a semicolon file has a ';' and no ',' anywhere: one scan of the whole file
        bool comma = false, semi = false;
        std::fseek(file_, offset, SEEK_SET);
        std::string chunk(kChunk, '\0');
        size_t n;
        while (!comma && (n = std::fread(chunk.data(), 1, kChunk, file_)) > 0) {
            comma = std::memchr(chunk.data(), ',', n) != nullptr;
            semi = semi || std::memchr(chunk.data(), ';', n) != nullptr;
        }
        semicolon_ = semi && !comma;
    }
    data_offset_ = offset;
    rewind();
}

void Stream::rewind() {
    std::clearerr(file_);
    std::fseek(file_, data_offset_, SEEK_SET);
    buf_.clear();
    pos_ = 0;
    eof_ = false;
    at_end_ = false;
    line_ = first_line_;
    std::vector<Cell> cells;
    header_.clear();
    width_ = trailing_ = 0;
    if (!record(cells))
        return;
    size_t trailing = 0;
    while (trailing < cells.size() && whitespace_only(cells[cells.size() - 1 - trailing]))
        ++trailing;
    if (trailing == cells.size()) {
        at_end_ = true;  // no header columns at all: no rows either (as csv::parse)
        return;
    }
    width_ = cells.size() - trailing;
    trailing_ = trailing;
    for (size_t i = 0; i < width_; ++i)
        header_.emplace_back(cells[i].text);
    if (trailing > 0 && !cells[width_ - 1].quoted) {
        std::string& last = header_.back();
        while (!last.empty() && (last.back() == ' ' || last.back() == '\t'))
            last.pop_back();
    }
}

bool Stream::next(std::vector<Cell>& row) {
    if (!record(row))
        return false;
    size_t removed = 0;
    while (removed < trailing_ && row.size() > width_ && whitespace_only(row.back())) {
        row.pop_back();
        ++removed;
    }
    for (Cell& c : row)
        if (!c.quoted)
            c.text = trim_view(c.text);
    return true;
}

bool Stream::record(std::vector<Cell>& cells) {
    if (at_end_)
        return false;
    while (pos_ >= buf_.size() && fill()) {
    }
    if (pos_ >= buf_.size()) {
        at_end_ = true;
        return false;
    }
    const auto is_sep = [&](char c) { return c == ',' || (semicolon_ && c == ';'); };
    while (true) {
        cells.clear();
        size_t i = pos_, line = line_, w = 0;
        out_.resize(buf_.size() - pos_ + 1);
        // 1: a byte at k; 0: end of file; -1: more bytes needed
        const auto avail = [&](size_t k) { return k < buf_.size() ? 1 : (eof_ ? 0 : -1); };
        // copies the rest of an unquoted field (or the text after a closing quote) up to a
        // separator, a newline or the end of file, dropping '\r' and, after a quote, blanks;
        // false when more bytes are needed
        const auto copy_field_rest = [&](bool after_quote) {
            while (true) {
                int b = avail(i);
                if (b < 0)
                    return false;
                if (!b || is_sep(buf_[i]) || buf_[i] == '\n')
                    return true;
                char c = buf_[i++];
                if (c != '\r' && !(after_quote && (c == ' ' || c == '\t')))
                    out_[w++] = c;
            }
        };
        bool more = false, done = false;
        while (!more && !done) {
            Cell cell;
            const size_t start = w;
            int a = avail(i);
            if (a < 0) {
                more = true;
                break;
            }
            if (a && buf_[i] == '"') {
                cell.quoted = true;
                const size_t quote_line = line;
                ++i;
                while (true) {
                    a = avail(i);
                    if (a < 0) {
                        more = true;
                        break;
                    }
                    if (!a) {
                        fail("unterminated quoted field starting on line " + std::to_string(quote_line) + ".");
                    }
                    char c = buf_[i++];
                    if (c == '"') {
                        a = avail(i);
                        if (a < 0) {
                            more = true;
                            break;
                        }
                        if (a && buf_[i] == '"') {
                            out_[w++] = '"';
                            ++i;
                            continue;
                        }
                        break;
                    }
                    if (c == '\n')
                        ++line;
                    out_[w++] = c;
                }
                if (more)
                    break;
                // text after the closing quote: whitespace dropped, anything else kept literally
                more = !copy_field_rest(true);
            } else {
                more = !copy_field_rest(false);
            }
            if (more)
                break;
            a = avail(i);
            if (a < 0) {
                more = true;
                break;
            }
            if (a && buf_[i] == '\n')
                ++line;
            cell.text = std::string_view(out_.data() + start, w - start);
            cells.push_back(cell);
            if (!a) {
                at_end_ = true;
                done = true;
                break;
            }
            char c = buf_[i++];
            if (c == '\n') {
                a = avail(i);
                if (a < 0) {
                    more = true;
                    break;
                }
                if (!a)
                    at_end_ = true;
                done = true;
            }
            // otherwise a separator: the next field follows (possibly empty)
        }
        if (more) {
            fill();
            continue;
        }
        pos_ = i;
        line_ = line;
        return true;
    }
}

}  // namespace quiver::csv
