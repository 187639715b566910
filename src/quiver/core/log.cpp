#include "quiver/core/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace quiver {

namespace {
std::mutex sink_mutex;
LogSink sink_fn = nullptr;
void* sink_data = nullptr;

const char* level_name(LogLevel level) {
    switch (level) {
        case LogLevel::Debug: return "debug";
        case LogLevel::Info: return "info";
        case LogLevel::Warn: return "warning";
        case LogLevel::Error: return "error";
        default: return "off";
    }
}
}  // namespace

void set_log_sink(LogSink sink, void* user_data) {
    std::lock_guard<std::mutex> lock(sink_mutex);
    sink_fn = sink;
    sink_data = user_data;
}

void Logger::emit(LogLevel level, const std::string& message) {
    LogSink fn;
    void* data;
    {
        std::lock_guard<std::mutex> lock(sink_mutex);
        fn = sink_fn;
        data = sink_data;
    }
    if (fn) {
        fn(static_cast<int>(level), message.c_str(), data);
    } else {
        std::fprintf(stderr, "[quiverdb] [%s] %s\n", level_name(level), message.c_str());
    }
}

}  // namespace quiver
