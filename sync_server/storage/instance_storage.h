// InstanceStorage: what the server's storage says about itself as a whole: whether its file is
// intact, and which server instance its data belongs to.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"

#include <string>

namespace osm::server {

class InstanceStorage {
public:
    virtual ~InstanceStorage() = default;

    // The database passes its integrity check.
    virtual bool isIntact() = 0;
    // This server's instance id (sync::isServerInstanceId): made with the database, replaced by
    // newInstance() when the data is restored from a backup. Kiosks learn it from every answer.
    virtual Result<std::string> instanceId() = 0;
    virtual Result<std::string> newInstance() = 0;
};

}  // namespace osm::server
