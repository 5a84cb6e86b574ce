// SqlitePlanStorage. A step checks the number of recorded steps inside its transaction, so two
// HR users acting on the same plan at once cannot both append the same step.
#include "storage/sqlite_plan_storage.h"

namespace osm::server {

using storage::Statement;
using storage::Transaction;

Result<std::optional<PlanRow>> SqlitePlanStorage::trainingPlan(int year, const std::string& scope) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare("SELECT state, version FROM training_plan WHERE year = ? AND scope = ?");
    if (!s) return s.error();
    s->bind(1, year).bind(2, scope);
    auto row = s->step();
    if (!row) return row.error();
    if (!*row) return std::optional<PlanRow>();
    PlanRow plan{year, scope, s->getText(0), static_cast<std::uint64_t>(s->getInt(1)), {}, {}};
    auto versions = m_db.prepare(
        "SELECT version, content, saved_at FROM training_plan_version WHERE year = ? AND scope = ? ORDER BY version");
    if (!versions) return versions.error();
    versions->bind(1, year).bind(2, scope);
    auto versionRows = storage::collectRows<PlanVersionRow>(*versions, [](const Statement& v) {
        return PlanVersionRow{static_cast<std::uint64_t>(v.getInt(0)), v.getText(1), v.getInt(2)};
    });
    if (!versionRows) return versionRows.error();
    plan.versions = std::move(*versionRows);
    auto events = m_db.prepare(
        "SELECT seq, version, action, from_state, to_state, actor, body, reference, at FROM training_plan_event "
        "WHERE year = ? AND scope = ? ORDER BY seq");
    if (!events) return events.error();
    events->bind(1, year).bind(2, scope);
    auto eventRows = storage::collectRows<PlanEventRow>(*events, [](const Statement& e) {
        return PlanEventRow{static_cast<int>(e.getInt(0)),
                            static_cast<std::uint64_t>(e.getInt(1)),
                            e.getText(2),
                            e.getText(3),
                            e.getText(4),
                            e.getText(5),
                            e.getText(6),
                            e.getText(7),
                            e.getInt(8)};
    });
    if (!eventRows) return eventRows.error();
    plan.history = std::move(*eventRows);
    return std::optional<PlanRow>(std::move(plan));
}

Result<bool> SqlitePlanStorage::appendPlanStep(int year, const std::string& scope, int expectedSteps,
                                               const std::string& state, std::uint64_t version,
                                               const std::string& contentJson, const PlanEventRow& event) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto count = m_db.prepare("SELECT count(*) FROM training_plan_event WHERE year = ? AND scope = ?");
    if (!count) return count.error();
    count->bind(1, year).bind(2, scope);
    auto steps = singleNumber(*count);
    if (!steps) return steps.error();
    if (*steps != expectedSteps) return false;
    auto plan = m_db.prepare(
        "INSERT INTO training_plan VALUES(?, ?, ?, ?) ON CONFLICT(year, scope) DO UPDATE SET state = excluded.state, "
        "version = excluded.version");
    if (!plan) return plan.error();
    plan->bind(1, year).bind(2, scope).bind(3, state).bind(4, static_cast<std::int64_t>(version));
    if (auto st = plan->run(); !st) return st.error();
    if (!contentJson.empty()) {
        auto content = m_db.prepare(
            "INSERT INTO training_plan_version VALUES(?, ?, ?, ?, ?) ON CONFLICT(year, scope, version) DO UPDATE SET "
            "content = excluded.content, saved_at = excluded.saved_at");
        if (!content) return content.error();
        content->bind(1, year).bind(2, scope).bind(3, static_cast<std::int64_t>(version));
        content->bind(4, contentJson).bind(5, event.at);
        if (auto st = content->run(); !st) return st.error();
    }
    auto add = m_db.prepare("INSERT INTO training_plan_event VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!add) return add.error();
    add->bind(1, year).bind(2, scope).bind(3, expectedSteps + 1).bind(4, static_cast<std::int64_t>(event.version));
    add->bind(5, event.action).bind(6, event.fromState).bind(7, event.toState).bind(8, event.actor);
    add->bind(9, event.body).bind(10, event.reference).bind(11, event.at);
    if (auto st = add->run(); !st) return st.error();
    if (auto st = tx->commit(); !st) return st.error();
    return true;
}

}  // namespace osm::server
