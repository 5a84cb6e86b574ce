// SqlitePlanStorage: PlanStorage on the server's SQLite connection (tables training_plan,
// training_plan_version, training_plan_event, whose triggers keep the history append-only).
#pragma once

#include "storage/plan_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqlitePlanStorage : public virtual PlanStorage, private SqliteStorageBase {
public:
    explicit SqlitePlanStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Result<std::optional<PlanRow>> trainingPlan(int year, const std::string& scope) override;
    Result<bool> appendPlanStep(int year, const std::string& scope, int expectedSteps, const std::string& state,
                                std::uint64_t version, const std::string& contentJson,
                                const PlanEventRow& event) override;
};

}  // namespace osm::server
