// The completion imports: exit status 2 and nothing stored for a file with a bad row.
#include "commands/completion_command.h"

#include "core/json_reader.h"

#include <CLI/CLI.hpp>

#include <ctime>
#include <iostream>

namespace osm::server {

CompletionImportCommand::CompletionImportCommand(CLI::App& app, CompletionSource source)
    : Command(app, source == CompletionSource::Priima ? "priima-completions" : "oss-import-trainings",
              source == CompletionSource::Priima ? "Import Priima's course completions (shown in the follow-up)"
                                                 : "Import Oss's list of people's trainings (shown in the follow-up)"),
      m_source(source) {
    cli()
        .add_option("file", m_file,
                    source == CompletionSource::Priima
                        ? "The completions (CSV: henkilönumero, koodi, suoritettu)"
                        : "The trainings (CSV: henkilönumero, koulutus, päättyi, tunnit)")
        ->required();
    cli().add_flag("--dry-run", m_dryRun, "Check the file and say what would be added; change nothing");
    cli().add_flag("--remove", m_remove,
                   "Take the file's rows out again (a wrong import); every row must be stored, else nothing is "
                   "removed");
}

int CompletionImportCommand::run(const CommandContext& context) {
    auto text = readTextFile(m_file);
    if (!text) return fail(text.error());
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    if (m_remove) {
        auto removed = removeCompletions(**storage, m_source, *text, m_dryRun, now);
        if (!removed) return fail(removed.error());
        // One line a row on standard error, the operator's log (the journal under systemd).
        const std::string who = whoRunsThis();
        for (const sync::Completion& c : removed->removed)
            std::cerr << (m_dryRun ? "would remove: " : "removed by " + who + ": ") << completionText(c) << "\n";
        std::cout << removed->rows << " rows: " << removed->removed.size()
                  << (m_dryRun ? " to remove\ndry run: nothing changed\n"
                               : " removed\nstored: gone from the follow-up at the next pull\n");
        return 0;
    }
    auto done = importCompletions(**storage, m_source, *text, m_dryRun, now);
    if (!done) return fail(done.error());
    std::cout << done->rows << " rows: " << done->counts.added << " new, " << done->counts.already
              << " imported earlier\n";
    std::cout << (m_dryRun ? "dry run: nothing changed\n" : "stored: shown in the follow-up at the next pull\n");
    return 0;
}

}  // namespace osm::server
