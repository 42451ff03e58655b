// Counting the values of the facet fields (schema.hh) over the matches of a
// search. Local databases are counted by one match spy for all the fields
// that remembers the value it last saw in each: a report's sections are
// consecutive documents and share their council and rating, so most
// documents cost a comparison rather than a map lookup. Remote databases
// need Xapian's own ValueCountMatchSpy, which xapian-tcpsrv knows how to run.
#pragma once

#include "results.hh"

#include <xapian.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cqc {

class FacetCounter {
public:
    explicit FacetCounter(bool remote);
    ~FacetCounter();
    FacetCounter(const FacetCounter&) = delete;
    FacetCounter& operator=(const FacetCounter&) = delete;

    // Count every match of `enquire`'s next get_mset().
    void attach(Xapian::Enquire& enquire);
    // Or count a document by hand, `times` over.
    void add(const Xapian::Document& doc, Xapian::doccount times = 1);

    FacetCounts counts() const;

private:
    struct Local;
    std::unique_ptr<Local> local_;
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> remote_;
};

} // namespace cqc
