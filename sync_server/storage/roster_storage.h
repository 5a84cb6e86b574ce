// RosterStorage: the organisation (service areas, units) and its people as the server keeps
// them, with each person's PIN and setup-code credentials and the roster's change sequence.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"
#include "domain/organisation.h"
#include "sync/roster.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace osm::server {

// A person's roster entry as changed at `seq` (kiosks pull the roster from a cursor).
struct RosterChange {
    std::int64_t seq = 0;
    sync::RosterEntry entry;
};

class RosterStorage {
public:
    virtual ~RosterStorage() = default;

    // Importing keeps the credentials of people already known.
    virtual Status importOrganisation(const domain::Organisation& org) = 0;
    virtual Result<std::optional<domain::Unit>> unit(const std::string& id) = 0;
    virtual Result<std::vector<domain::Unit>> units() = 0;
    virtual Result<std::vector<domain::ServiceArea>> serviceAreas() = 0;
    virtual Result<std::optional<sync::RosterEntry>> person(const std::string& staffNumber) = 0;
    virtual Result<std::vector<sync::RosterEntry>> people() = 0;
    virtual Result<std::int64_t> personCount() = 0;
    // The unit's people changed after `cursor`, in the order of their change, at most `limit`.
    virtual Result<std::vector<RosterChange>> rosterSince(const std::string& unitId, std::int64_t cursor,
                                                          int limit) = 0;
    // Both fail with NotFound for an unknown staff number; setting the PIN clears the setup code.
    virtual Status setSetupCode(const std::string& staffNumber, const sync::Credential& code,
                                const std::string& setupKeyHex) = 0;
    virtual Status setPin(const std::string& staffNumber, const sync::Credential& pin,
                          const std::string& personKeyHex) = 0;
};

}  // namespace osm::server
