#pragma once
// "did you mean" for names a user mistyped (issue 18): the candidate closest to `name` by
// edit distance (ASCII case ignored), when it is close enough to be a likely typo.
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "quiver/core/ascii.hpp"

namespace quiver {

// Levenshtein distance with adjacent transpositions ("Plnat" -> "Plant" is one edit), ASCII
// case ignored.
inline size_t edit_distance(std::string_view a, std::string_view b) {
    constexpr auto lower = ascii_lower;
    std::vector<size_t> before(b.size() + 1), above(b.size() + 1), row(b.size() + 1);
    for (size_t j = 0; j <= b.size(); ++j)
        above[j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        row[0] = i;
        for (size_t j = 1; j <= b.size(); ++j) {
            const bool same = lower(a[i - 1]) == lower(b[j - 1]);
            row[j] = std::min({above[j] + 1, row[j - 1] + 1, above[j - 1] + (same ? 0 : 1)});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
        std::swap(before, above);
        std::swap(above, row);
    }
    return above[b.size()];
}

// The closest candidate within max(1, len/3) edits (at most 3), or "" when none is.
inline std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
    if (name.empty() || name.size() > 256)
        return "";
    const size_t limit = std::min<size_t>(3, std::max<size_t>(1, name.size() / 3));
    std::string best;
    size_t best_distance = limit + 1;
    for (const std::string& c : candidates) {
        size_t d = edit_distance(name, c);
        if (d < best_distance && c != name) {
            best = c;
            best_distance = d;
        }
    }
    return best;
}

// " (did you mean '<closest>'?)" or "".
inline std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
    std::string best = closest_name(name, candidates);
    return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

}  // namespace quiver
