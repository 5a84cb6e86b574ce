// SqliteDepartureStorage: DepartureStorage on the server's SQLite connection (table
// roster_departure; removals from person; the roster_seq counter it shares with the roster).
#pragma once

#include "storage/departure_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteDepartureStorage : public virtual DepartureStorage, private SqliteStorageBase {
public:
    explicit SqliteDepartureStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Status recordDepartures(std::vector<Departure>& departures) override;
    Result<std::vector<Departure>> departuresSince(const std::string& unitId, std::int64_t cursor, int limit) override;
    Result<std::vector<Departure>> departuresOf(const std::string& staffNumber) override;
};

}  // namespace osm::server
