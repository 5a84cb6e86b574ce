// CompletionStorage: what people completed in the city's systems, as imported by an operator
// (docs/integrations.md): Priima's course completions and Oss's trainings. The person and their
// manager see them in the follow-up; HR only counts them (docs/security.md).
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "core/result.h"
#include "sync/messages_pull.h"

#include <string>
#include <vector>

namespace osm::server {

struct CompletionsAdded {
    int added = 0;
    int already = 0;  // the same completion was there from an earlier import
};

class CompletionStorage {
public:
    virtual ~CompletionStorage() = default;

    // Adds the completions in one transaction, each at most once: one with the same source, person,
    // course, name and date as a stored one is counted as `already` and changes nothing.
    virtual Result<CompletionsAdded> addCompletions(const std::vector<sync::Completion>& completions) = 0;
    // Removes these completions in one transaction, each matched by its source, person, course,
    // name and date (not its hours); returns how many rows went.
    virtual Result<int> removeCompletions(const std::vector<sync::Completion>& completions) = 0;
    // The completions of these people, by person, date, source, course and name.
    virtual Result<std::vector<sync::Completion>> completionsOf(const std::vector<std::string>& staffNumbers) = 0;
};

}  // namespace osm::server
