// The one hash: 64-bit FNV-1a, stable across builds and machines (a
// std::hash is not), for report fingerprints (report_loader.cc) and for
// choosing a source's shard (sharding.cc).
#pragma once

#include <cstdint>
#include <string_view>

namespace cqc {

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
