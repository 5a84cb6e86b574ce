// The Oss export command. The file holds people's agreed goals in plaintext, so it is created
// new (never over another file) with mode 0600, and the text is wiped after use. Who ran it is
// the operating-system user (and the one sudo names), as the read log records it.
#include "commands/oss_export_command.h"

#include "core/private_file.h"
#include "crypto/secret_buffer.h"
#include "ops/oss_export.h"
#include "storage/catalog_resolver.h"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>

namespace osm::server {

OssExportCommand::OssExportCommand(CLI::App& app)
    : Command(app, "oss-export",
              "Agreed goals, follow-up marks and learning methods per person for Oss (off by default)") {
    cli().add_option("--year", m_year, "The discussions' year")->required()->check(CLI::Range(2000, 2999));
    auto* unit = cli().add_option("--unit", m_unit, "One unit's people");
    auto* area = cli().add_option("--service-area", m_serviceArea, "The people of every unit of a service area");
    unit->excludes(area);
    area->excludes(unit);
    cli().add_option("--format", m_format, "json or csv")->check(CLI::IsMember({"json", "csv"}))->capture_default_str();
    cli().add_option("--out", m_out, "Write to this new file (mode 0600) instead of standard output");
}

int OssExportCommand::run(const CommandContext& context) {
    if (!context.ossExportAllowed) {
        return fail(makeError(ErrorCode::Refused,
                              "the export to Oss is off: allow it with oss-export = true in the "
                              "server's configuration file (docs/integrations.md)"));
    }
    if (m_unit.empty() == m_serviceArea.empty())
        return fail(makeError(ErrorCode::InvalidInput, "name --unit or --service-area"));
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto keys = loadServerKeys(context.paths.keyDir);
    if (!keys) return fail(keys.error());
    auto catalogue = resolveCatalog(storage->get(), context.assets, m_year);
    if (!catalogue) return fail(catalogue.error());
    auto data = ossExport(**storage, *keys, {m_year, m_unit, m_serviceArea, whoRunsThis(), unixNow()});
    if (!data) return fail(data.error());
    std::string text = m_format == "csv" ? ossExportCsv(*data, *catalogue) : ossExportJson(*data);
    int status = 0;
    if (m_out.empty()) {
        std::cout << text;
    } else if (auto written = writeNewPrivateFile(m_out, text); !written) {
        status = fail(written.error());
    }
    crypto::wipe(text);
    if (status == 0) std::cerr << data->people.size() << " people exported; the reads are in the read log\n";
    return status;
}

}  // namespace osm::server
