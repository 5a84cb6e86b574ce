// `oss-export --year Y --unit U | --service-area A`: the export to Oss (ops/oss_export.h), off
// until the configuration allows it (`oss-export = true` in the file --config names, or the
// --oss-export option), written to standard output or to a new file only its owner can read.
#pragma once

#include "commands/command.h"

namespace osm::server {

class OssExportCommand final : public Command {
public:
    explicit OssExportCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    int m_year = 0;
    std::string m_unit;
    std::string m_serviceArea;
    std::string m_format = "json";
    std::string m_out;
};

}  // namespace osm::server
