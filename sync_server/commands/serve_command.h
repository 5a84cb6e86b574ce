// `serve`: the sync protocol, and HR's pages under /hr/, until SIGINT or SIGTERM.
#pragma once

#include "api/http_server.h"
#include "commands/command.h"

namespace osm::server {

class ServeCommand final : public Command {
public:
    explicit ServeCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    HttpOptions m_http;
};

}  // namespace osm::server
