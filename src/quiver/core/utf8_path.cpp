#include "quiver/core/utf8_path.hpp"

#include <cerrno>
#include <system_error>

#include "quiver/core/error.hpp"

#include "quiver/core/windows.hpp"

namespace fs = std::filesystem;

namespace quiver {

#ifdef _WIN32

namespace {

bool widen(const std::string& utf8, std::wstring& out) {
    out.clear();
    if (utf8.empty())
        return true;
    const int n =
        MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
    if (n <= 0)
        return false;
    out.resize(static_cast<size_t>(n));
    return MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, utf8.data(), static_cast<int>(utf8.size()), out.data(),
                               n) == n;
}

}  // namespace

fs::path utf8_path(const std::string& utf8) {
    std::wstring wide;
    if (!widen(utf8, wide))
        throw Error("Invalid path: not UTF-8: " + utf8);
    return fs::path(wide);
}

std::string path_to_utf8(const fs::path& path) {
    const std::wstring& wide = path.native();
    if (wide.empty())
        return {};
    const int n =
        WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), nullptr, 0, nullptr, nullptr);
    std::string out(static_cast<size_t>(n > 0 ? n : 0), '\0');
    if (n > 0)
        WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), out.data(), n, nullptr, nullptr);
    return out;
}

std::FILE* utf8_fopen(const std::string& utf8, const char* mode) {
    std::wstring wide, wide_mode;
    if (!widen(utf8, wide) || !widen(mode, wide_mode)) {
        errno = EINVAL;
        return nullptr;
    }
    return _wfopen(wide.c_str(), wide_mode.c_str());
}

void replace_file(const std::string& from, const std::string& to) {
    std::wstring wide_from, wide_to;
    if (!widen(from, wide_from) || !widen(to, wide_to))
        throw Error("Failed to replace " + to + " with " + from + ": path is not UTF-8");
    if (!MoveFileExW(wide_from.c_str(), wide_to.c_str(), MOVEFILE_REPLACE_EXISTING)) {
        const int code = static_cast<int>(GetLastError());
        throw Error("Failed to replace " + to + " with " + from + ": " + std::system_category().message(code) +
                    " (Windows error " + std::to_string(code) + ")");
    }
}

#else

fs::path utf8_path(const std::string& utf8) {
    return fs::path(utf8);
}

std::string path_to_utf8(const fs::path& path) {
    return path.string();
}

std::FILE* utf8_fopen(const std::string& utf8, const char* mode) {
    return std::fopen(utf8.c_str(), mode);
}

void replace_file(const std::string& from, const std::string& to) {
    std::error_code ec;
    fs::rename(utf8_path(from), utf8_path(to), ec);  // rename(2): replaces a file at `to` atomically
    if (ec)
        throw Error("Failed to replace " + to + " with " + from + ": " + ec.message());
}

#endif

bool read_utf8_file(const std::string& utf8, std::string& out) {
    out.clear();
    std::error_code ec;
    if (fs::is_directory(utf8_path(utf8), ec))
        return true;
    std::FILE* f = utf8_fopen(utf8, "rb");
    if (!f)
        return false;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0)
        out.append(buf, n);
    std::fclose(f);
    return true;
}

}  // namespace quiver
