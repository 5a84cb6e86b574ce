// SqliteCompletionStorage: CompletionStorage on the server's SQLite connection (table completion).
#pragma once

#include "storage/completion_storage.h"
#include "storage/sqlite_connection.h"

namespace osm::server {

class SqliteCompletionStorage : public virtual CompletionStorage, private SqliteStorageBase {
public:
    explicit SqliteCompletionStorage(std::shared_ptr<SqliteConnection> connection)
        : SqliteStorageBase(std::move(connection)) {}

    Result<CompletionsAdded> addCompletions(const std::vector<sync::Completion>& completions) override;
    Result<int> removeCompletions(const std::vector<sync::Completion>& completions) override;
    Result<std::vector<sync::Completion>> completionsOf(const std::vector<std::string>& staffNumbers) override;
};

}  // namespace osm::server
