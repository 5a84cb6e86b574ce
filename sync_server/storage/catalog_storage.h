// CatalogStorage: the competence catalogues the operator has published, one text per year
// (catalog_resolver.h chooses the one that applies to a year).
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"
#include "sync/messages_pull.h"

#include <optional>
#include <string>
#include <vector>

namespace osm::server {

class CatalogStorage {
public:
    virtual ~CatalogStorage() = default;

    // Publishing a year again replaces its text.
    virtual Status publishCatalog(int year, const std::string& json) = 0;
    // The years with a published catalogue, oldest first.
    virtual Result<std::vector<int>> catalogYears() = 0;
    virtual Result<std::optional<std::string>> catalog(int year) = 0;
    // Every published year with its text's content hash, oldest first. Asked by every pull, so
    // an implementation keeps the hashes rather than reading and hashing each text every time.
    virtual Result<std::vector<sync::CatalogListing>> catalogHashes() = 0;
};

}  // namespace osm::server
