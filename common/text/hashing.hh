// Stable hashing, and keys that fit Xapian's length limits.
#pragma once

#include "hash.hh" // fnv1a: the one hash

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace cqc {

// Xapian refuses terms over 245 bytes and metadata keys over 253 ("Term
// too long", "Key too long"); a source path or report id can be longer.
constexpr size_t kMaxKeyBytes = 240;

// `key` itself when it fits in kMaxKeyBytes; otherwise its start (cut at a
// character boundary) and a hash of the whole, as omindex and mu store long
// terms: still unique, still sorted by its start, and the same every time,
// so lookups find it. Callers that must list the original store it
// elsewhere (the metadata's value, the document's data).
inline std::string fit_key(std::string key) {
    if (key.size() <= kMaxKeyBytes) return key;
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(fnv1a(key)));
    size_t keep = kMaxKeyBytes - 16;
    while (keep > 0 && (static_cast<unsigned char>(key[keep]) & 0xC0) == 0x80)
        --keep; // not inside a UTF-8 character
    key.resize(keep);
    key += hash;
    return key;
}

} // namespace cqc
