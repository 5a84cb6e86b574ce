// The subject-access command. The file it writes holds a person's own answers in plaintext, so
// it is created new (never over another file) with mode 0600, and the text is wiped after use.
#include "commands/person_data_command.h"

#include "core/private_file.h"
#include "crypto/secret_buffer.h"
#include "ops/subject_access.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace osm::server {

PersonDataCommand::PersonDataCommand(CLI::App& app)
    : Command(app, "person-data", "A person's own data for a subject-access request (GDPR art. 15)") {
    cli().add_option("staff_number", m_staffNumber)->required();
    cli().add_option("--lang", m_lang, "fi, sv or en")->check(CLI::IsMember({"fi", "sv", "en"}))->capture_default_str();
    cli().add_option("--out", m_out, "Write to this new file (mode 0600) instead of standard output");
}

int PersonDataCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto keys = loadServerKeys(context.paths.keyDir);
    if (!keys) return fail(keys.error());
    auto lang = catalog::parseLang(m_lang);
    if (!lang) return fail(lang.error());
    auto text = subjectAccessExport(**storage, *keys, context.assets, {m_staffNumber, *lang, unixNow()});
    if (!text) return fail(text.error());
    if (m_out.empty()) {
        std::cout << *text;
    } else if (auto status = writeNewPrivateFile(m_out, *text); !status) {
        crypto::wipe(*text);
        return fail(status.error());
    }
    crypto::wipe(*text);
    return 0;
}

}  // namespace osm::server
