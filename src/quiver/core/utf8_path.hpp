#pragma once
// File names cross the C API as UTF-8. On Windows a narrow std::string handed to
// std::filesystem::path, std::fopen or std::ifstream is not read as UTF-8 (the ANSI code page;
// MinGW's libstdc++ paths take it byte by byte), so a non-ASCII name fails or reaches another
// file: every file-system call of the engine goes through these instead. Elsewhere the bytes
// pass unchanged. (sqlite3_open_v2 takes UTF-8 on Windows by itself.)
#include <cstdio>
#include <filesystem>
#include <string>

namespace quiver {

// The path named by UTF-8 text. On Windows, text that is not UTF-8 throws Error.
std::filesystem::path utf8_path(const std::string& utf8);

// The UTF-8 text of a path (messages, or handing it on to the functions here).
std::string path_to_utf8(const std::filesystem::path& path);

// std::fopen by UTF-8 name (_wfopen on Windows); nullptr when it cannot be opened.
std::FILE* utf8_fopen(const std::string& utf8, const char* mode);

// The content of a file by UTF-8 name; false when it cannot be opened. A directory reads as
// empty on every platform (POSIX opens one and fails the read; Windows refuses the open).
bool read_utf8_file(const std::string& utf8, std::string& out);

// Renames `from` onto `to`, replacing a file there: rename(2), and on Windows MoveFileExW with
// MOVEFILE_REPLACE_EXISTING (plain MoveFileW refuses an existing target). Throws Error naming both.
void replace_file(const std::string& from, const std::string& to);

}  // namespace quiver
