#pragma once
// The element builder: named scalars and named arrays (two separate maps, sorted by
// name, which is also the order the engine processes them in).
#include <map>
#include <string>

#include "quiver/core/value.hpp"

namespace quiver {

class Element {
public:
    void set_scalar(const std::string& name, Value value) { scalars_[name] = std::move(value); }
    void set_array(const std::string& name, ArrayValue values) { arrays_[name] = std::move(values); }
    void clear() {
        scalars_.clear();
        arrays_.clear();
    }
    const std::map<std::string, Value>& scalars() const { return scalars_; }
    const std::map<std::string, ArrayValue>& arrays() const { return arrays_; }
    bool has_scalars() const { return !scalars_.empty(); }
    bool has_arrays() const { return !arrays_.empty(); }
    // The repr text of docs/reference/database-api.md 3.1 / docs/reference/c-api-list.md quiver_element_to_string.
    std::string to_string() const;

private:
    std::map<std::string, Value> scalars_;
    std::map<std::string, ArrayValue> arrays_;
};

}  // namespace quiver
