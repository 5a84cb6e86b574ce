// SqliteRosterStorage: RosterStorage on the server's SQLite connection (tables service_area,
// unit, person, and the roster_seq counter).
#pragma once

#include "storage/roster_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteRosterStorage : public virtual RosterStorage, private SqliteStorageBase {
public:
    explicit SqliteRosterStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Status importOrganisation(const domain::Organisation& org) override;
    Result<std::optional<domain::Unit>> unit(const std::string& id) override;
    Result<std::vector<domain::Unit>> units() override;
    Result<std::vector<domain::ServiceArea>> serviceAreas() override;
    Result<std::optional<sync::RosterEntry>> person(const std::string& staffNumber) override;
    Result<std::vector<sync::RosterEntry>> people() override;
    Result<std::int64_t> personCount() override;
    Result<std::vector<RosterChange>> rosterSince(const std::string& unitId, std::int64_t cursor, int limit) override;
    Status setSetupCode(const std::string& staffNumber, const sync::Credential& code,
                        const std::string& setupKeyHex) override;
    Status setPin(const std::string& staffNumber, const sync::Credential& pin,
                  const std::string& personKeyHex) override;

private:
    // The roster's next change number. The caller holds the mutex and a transaction.
    Result<std::int64_t> nextSeq();
    // Sets `assignments` (each "column = ?", filled from `values`) on one person as a change.
    Status updatePerson(const std::string& assignments, const std::vector<std::string>& values,
                        const std::string& staffNumber);
};

}  // namespace osm::server
