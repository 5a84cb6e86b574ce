// SqliteCompletionStorage. A completion is its whole row: the primary key holds every field that
// tells it apart, so importing the same file again finds each row there and adds nothing.
#include "storage/sqlite_completion_storage.h"

namespace osm::server {

using storage::Statement;
using storage::Transaction;

Result<CompletionsAdded> SqliteCompletionStorage::addCompletions(const std::vector<sync::Completion>& completions) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    CompletionsAdded out;
    for (const sync::Completion& c : completions) {
        auto s = m_db.prepare(
            "INSERT INTO completion(source, staff_number, course, name, completed_on, minutes) VALUES(?,?,?,?,?,?) "
            "ON CONFLICT DO NOTHING");
        if (!s) return s.error();
        s->bind(1, c.source).bind(2, c.staffNumber).bind(3, c.course).bind(4, c.name).bind(5, c.date);
        if (auto st = s->bind(6, c.minutes).run(); !st) return st.error();
        if (m_db.changes() > 0) {
            ++out.added;
        } else {
            ++out.already;
        }
    }
    if (auto st = tx->commit(); !st) return st.error();
    return out;
}

Result<int> SqliteCompletionStorage::removeCompletions(const std::vector<sync::Completion>& completions) {
    std::lock_guard lock(m_mutex);
    auto tx = Transaction::begin(m_db);
    if (!tx) return tx.error();
    int removed = 0;
    for (const sync::Completion& c : completions) {
        auto s = m_db.prepare(
            "DELETE FROM completion WHERE source = ? AND staff_number = ? AND course = ? AND name = ? AND "
            "completed_on = ?");
        if (!s) return s.error();
        s->bind(1, c.source).bind(2, c.staffNumber).bind(3, c.course).bind(4, c.name);
        if (auto st = s->bind(5, c.date).run(); !st) return st.error();
        removed += static_cast<int>(m_db.changes());
    }
    if (auto st = tx->commit(); !st) return st.error();
    return removed;
}

Result<std::vector<sync::Completion>> SqliteCompletionStorage::completionsOf(
    const std::vector<std::string>& staffNumbers) {
    std::lock_guard lock(m_mutex);
    std::vector<sync::Completion> out;
    for (const std::string& staffNumber : staffNumbers) {
        auto s = m_db.prepare(
            "SELECT staff_number, source, course, name, completed_on, minutes FROM completion "
            "WHERE staff_number = ? ORDER BY completed_on, source, course, name");
        if (!s) return s.error();
        s->bind(1, staffNumber);
        auto rows = storage::collectRows<sync::Completion>(*s, [](const Statement& row) {
            return sync::Completion{row.getText(0), row.getText(1), row.getText(2),
                                    row.getText(3), row.getText(4), static_cast<int>(row.getInt(5))};
        });
        if (!rows) return rows.error();
        std::move(rows->begin(), rows->end(), std::back_inserter(out));
    }
    return out;
}

}  // namespace osm::server
