// The one hash: 64-bit FNV-1a, stable across builds and machines (a
// std::hash is not), for report fingerprints (report_loader.cc) and for
// choosing a source's shard (sharding.cc); and ViewHash for hash tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

namespace cqc {

// For unordered containers of strings looked up by view, so that a lookup
// makes no string: std::hash of the view, which hashes as std::hash of the
// string does. (Not FNV-1a below: these hashes are never stored.)
struct ViewHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

class Fnv1a {
public:
    void add(std::string_view bytes) {
        for (unsigned char c : bytes) {
            hash_ ^= c;
            hash_ *= 1099511628211ull;
        }
    }
    uint64_t value() const { return hash_; }

private:
    uint64_t hash_ = 1469598103934665603ull;
};

inline uint64_t fnv1a(std::string_view bytes) {
    Fnv1a h;
    h.add(bytes);
    return h.value();
}

} // namespace cqc
