#include "facets.hh"

#include "schema.hh"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace cqc {
namespace {

std::vector<const Field*> facet_fields() {
    std::vector<const Field*> out;
    for (const auto& f : fields())
        if (f.facet) out.push_back(&f);
    return out;
}

} // namespace

struct FacetCounter::Local : Xapian::MatchSpy {
    struct Slot {
        Xapian::valueno slot;
        std::map<std::string, Xapian::doccount> counts;
        // The entry counted last: map nodes stay put when the map moves.
        std::pair<const std::string, Xapian::doccount>* last = nullptr;
    };
    std::vector<Slot> slots;

    void add(const Xapian::Document& doc, Xapian::doccount times) {
        for (auto& s : slots) {
            std::string value = doc.get_value(s.slot);
            if (value.empty()) continue;
            if (!s.last || s.last->first != value)
                s.last = &*s.counts.try_emplace(std::move(value), 0).first;
            s.last->second += times;
        }
    }
    void operator()(const Xapian::Document& doc, double) override { add(doc, 1); }
};

FacetCounter::FacetCounter(bool remote) {
    if (remote) {
        for (const Field* f : facet_fields())
            remote_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(value_slot(*f)));
        return;
    }
    local_ = std::make_unique<Local>();
    for (const Field* f : facet_fields())
        local_->slots.push_back({value_slot(*f), {}});
}

FacetCounter::~FacetCounter() = default;

void FacetCounter::attach(Xapian::Enquire& enquire) {
    if (local_) enquire.add_matchspy(local_.get());
    for (auto& spy : remote_)
        enquire.add_matchspy(spy.get());
}

void FacetCounter::add(const Xapian::Document& doc, Xapian::doccount times) {
    // Counting by hand happens in this process: construct with remote=false.
    if (!local_) throw std::logic_error("FacetCounter::add on a counter for remote databases");
    local_->add(doc, times);
}

FacetCounts FacetCounter::counts() const {
    FacetCounts out;
    auto names = facet_fields();
    for (size_t i = 0; i < names.size(); ++i) {
        std::vector<FacetValue> values;
        if (local_) {
            for (const auto& [value, count] : local_->slots[i].counts)
                values.push_back({value, count});
        } else {
            for (auto v = remote_[i]->values_begin(); v != remote_[i]->values_end(); ++v)
                values.push_back({*v, v.get_termfreq()});
        }
        std::stable_sort(values.begin(), values.end(),
                         [](const auto& a, const auto& b) { return a.count > b.count; });
        out.emplace_back(std::string(names[i]->name), std::move(values));
    }
    return out;
}

} // namespace cqc
