// A small SQL tokenizer, just enough to find CREATE TABLE statements (source_line.hpp).
#include "quiver/schema/source_line.hpp"

#include <vector>

#include "quiver/core/ascii.hpp"

namespace quiver {

namespace {

struct Token {
    std::string text;  // identifier or keyword (unquoted), or "." / "(" etc.
    size_t line = 1;
    bool quoted = false;
};

bool word_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$' ||
           static_cast<unsigned char>(c) >= 0x80;
}

std::vector<Token> tokenize(std::string_view sql) {
    std::vector<Token> out;
    size_t line = 1;
    size_t i = 0;
    auto skip_to = [&](size_t end) {  // counts the lines of what is skipped
        for (; i < end && i < sql.size(); ++i)
            line += sql[i] == '\n' ? 1 : 0;
    };
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            size_t end = sql.find('\n', i);
            skip_to(end == std::string_view::npos ? sql.size() : end);
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            size_t end = sql.find("*/", i + 2);
            skip_to(end == std::string_view::npos ? sql.size() : end + 2);
        } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
            const char close = c == '[' ? ']' : c;
            Token t{"", line, c != '\''};
            size_t j = i + 1;
            for (; j < sql.size(); ++j) {
                if (sql[j] == close) {
                    if (close != ']' && j + 1 < sql.size() && sql[j + 1] == close) {  // doubled quote
                        t.text += close;
                        ++j;
                        continue;
                    }
                    break;
                }
                t.text += sql[j];
            }
            skip_to(j + 1);
            if (t.quoted)
                out.push_back(std::move(t));
        } else if (word_char(c)) {
            size_t j = i;
            while (j < sql.size() && word_char(sql[j]))
                ++j;
            out.push_back(Token{std::string(sql.substr(i, j - i)), line, false});
            i = j;
        } else {
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                out.push_back(Token{std::string(1, c), line, false});
            skip_to(i + 1);
        }
    }
    return out;
}

bool keyword(const std::vector<Token>& tokens, size_t i, std::string_view word) {
    return i < tokens.size() && !tokens[i].quoted && ascii_iequal(tokens[i].text, word);
}

}  // namespace

size_t declaration_line(std::string_view sql, std::string_view table) {
    if (table.empty())
        return 0;
    const std::vector<Token> tokens = tokenize(sql);
    for (size_t i = 0; i < tokens.size(); ++i) {
        if (!keyword(tokens, i, "create"))
            continue;
        size_t j = i + 1;
        if (keyword(tokens, j, "temp") || keyword(tokens, j, "temporary"))
            ++j;
        if (!keyword(tokens, j, "table"))
            continue;
        ++j;
        if (keyword(tokens, j, "if") && keyword(tokens, j + 1, "not") && keyword(tokens, j + 2, "exists"))
            j += 3;
        if (j + 2 < tokens.size() && tokens[j + 1].text == "." && !tokens[j + 1].quoted)
            j += 2;  // <schema>.<table>
        if (j < tokens.size() && ascii_iequal(tokens[j].text, table))
            return tokens[i].line;
    }
    return 0;
}

std::string with_source(const std::string& message, const std::string& file, std::string_view sql,
                        std::string_view table) {
    const size_t line = declaration_line(sql, table);
    return message + " (" + file + (line ? ", line " + std::to_string(line) : "") + ")";
}

}  // namespace quiver
