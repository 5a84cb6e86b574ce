// SqliteReleaseStorage. The budget is summed inside the appending transaction, so two releases
// asked for at once cannot both fit into what is left of it.
#include "storage/sqlite_release_storage.h"

namespace osm::server {

using storage::Statement;
using storage::Transaction;

Result<std::vector<ReleaseRow>> SqliteReleaseStorage::releases(int year) {
    std::lock_guard lock(m_mutex);
    auto s = m_db.prepare(
        "SELECT year, seq, released_at, released_by, epsilon, year_budget, content, basis FROM hr_release "
        "WHERE year = ? ORDER BY seq");
    if (!s) return s.error();
    s->bind(1, year);
    return storage::collectRows<ReleaseRow>(*s, [](const Statement& r) {
        return ReleaseRow{static_cast<int>(r.getInt(0)),
                          static_cast<int>(r.getInt(1)),
                          r.getInt(2),
                          r.getText(3),
                          r.getDouble(4),
                          r.getDouble(5),
                          r.getText(6),
                          r.getText(7)};
    });
}

Result<ReleaseAppend> SqliteReleaseStorage::appendRelease(ReleaseRow& row) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    auto spent = m_db.prepare(
        "SELECT count(*), coalesce(sum(epsilon), 0), coalesce((SELECT year_budget FROM hr_release WHERE year = ?1 "
        "ORDER BY seq LIMIT 1), 0) FROM hr_release WHERE year = ?1");
    if (!spent) return spent.error();
    spent->bind(1, row.year);
    auto found = spent->step();
    if (!found) return found.error();
    const int count = static_cast<int>(spent->getInt(0));
    const double used = spent->getDouble(1);
    const double budget = count == 0 ? row.yearBudget : spent->getDouble(2);
    if (row.seq != count + 1) return ReleaseAppend::Stale;
    // A hair of tolerance so that, say, four releases of 0.1 fit a budget of 0.4.
    if (used + row.epsilon > budget + 1e-9) return ReleaseAppend::OverBudget;
    row.yearBudget = budget;
    auto add = m_db.prepare("INSERT INTO hr_release VALUES(?, ?, ?, ?, ?, ?, ?, ?)");
    if (!add) return add.error();
    add->bind(1, row.year).bind(2, row.seq).bind(3, row.releasedAt).bind(4, row.releasedBy);
    add->bind(5, row.epsilon).bind(6, row.yearBudget).bind(7, row.contentJson).bind(8, row.basisJson);
    if (auto st = add->run(); !st) return st.error();
    if (auto st = tx->commit(); !st) return st.error();
    return ReleaseAppend::Stored;
}

}  // namespace osm::server
