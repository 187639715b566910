#pragma once
// Library logging. Messages go to one process-wide sink: a callback installed
// through the C API (the Python package routes it into `logging`), or stderr when
// none is installed. Each database filters by its own level first, so a disabled
// level costs one comparison and no formatting.
#include <string>

namespace quiver {

enum class LogLevel { Debug = 0, Info = 1, Warn = 2, Error = 3, Off = 4 };

using LogSink = void (*)(int level, const char* message, void* user_data);

// Install (or, with nullptr, remove) the process-wide sink.
void set_log_sink(LogSink sink, void* user_data);

class Logger {
public:
    explicit Logger(LogLevel level = LogLevel::Info) : level_(level) {}
    bool enabled(LogLevel level) const { return level >= level_ && level != LogLevel::Off; }
    void set_level(LogLevel level) { level_ = level; }
    LogLevel level() const { return level_; }
    void log(LogLevel level, const std::string& message) const {
        if (enabled(level))
            emit(level, message);
    }
    void debug(const std::string& m) const { log(LogLevel::Debug, m); }
    void info(const std::string& m) const { log(LogLevel::Info, m); }
    void warn(const std::string& m) const { log(LogLevel::Warn, m); }
    void error(const std::string& m) const { log(LogLevel::Error, m); }

private:
    static void emit(LogLevel level, const std::string& message);
    LogLevel level_;
};

}  // namespace quiver
