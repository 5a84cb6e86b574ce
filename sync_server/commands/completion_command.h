// `priima-completions FILE [--dry-run] [--remove]` and `oss-import-trainings FILE [--dry-run]
// [--remove]`: what people completed in Priima and Oss, into the server (ops/completion_import.h),
// or a wrong import's rows out again; the person and their manager see it in the follow-up at
// their next pull.
#pragma once

#include "commands/command.h"
#include "ops/completion_import.h"

namespace osm::server {

class CompletionImportCommand final : public Command {
public:
    CompletionImportCommand(CLI::App& app, CompletionSource source);
    int run(const CommandContext& context) override;

private:
    CompletionSource m_source;
    std::string m_file;
    bool m_dryRun = false;
    bool m_remove = false;
};

}  // namespace osm::server
