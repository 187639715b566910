#pragma once
// A CSV file read record by record from disk (import_csv streams: docs/benchmarks.md), with
// exactly the rules of csv::parse (docs/reference/csv.md 4.2): BOM, `sep=` line, semicolon files
// (a file without any comma and with a semicolon), trailing empty header columns, quoted fields,
// unquoted cells trimmed. Memory: a 1 MiB read buffer plus the longest record, never the file.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "quiver/csv/format.hpp"

namespace quiver::csv {

class Stream {
public:
    // Opens `path` ("Cannot import_csv: could not open file: <path>") and reads the header.
    // An unterminated quoted field anywhere fails when its record is read.
    explicit Stream(const std::string& path);
    ~Stream();
    Stream(const Stream&) = delete;
    Stream& operator=(const Stream&) = delete;

    const std::vector<std::string>& header() const { return header_; }  // empty: no header columns
    // The next data row (cells valid until the next call), false at the end of the file.
    bool next(std::vector<Cell>& row);
    // Back to the first data row.
    void rewind();

private:
    bool fill();                            // read more bytes; false at end of file
    bool record(std::vector<Cell>& cells);  // the next raw record; false at end of file
    void start();                           // position after BOM and sep= line, header read

    std::string path_;
    std::FILE* file_ = nullptr;
    std::string buf_;  // unread bytes are buf_[pos_, buf_.size())
    size_t pos_ = 0;
    bool eof_ = false;
    bool semicolon_ = false;
    size_t line_ = 1;  // line of the next record (messages)
    size_t first_line_ = 1;
    long data_offset_ = 0;  // file offset where the records start (after BOM / sep= line)
    bool at_end_ = false;   // the last record ended the file
    std::string out_;       // unescaped text of the current record; cells point into it
    std::vector<std::string> header_;
    size_t width_ = 0, trailing_ = 0;
};

}  // namespace quiver::csv
