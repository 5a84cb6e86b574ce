// `serve`: the sync protocol, and HR's pages under /hr/, until SIGINT or SIGTERM.
#pragma once

#include "api/http_server.h"
#include "commands/command.h"

#include <string>
#include <vector>

namespace osm::server {

class ServeCommand final : public Command {
public:
    explicit ServeCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    HttpOptions m_http;
    std::vector<std::string> m_trustedProxies;  // HR's pages: see HrWebOptions
    int m_passwordChecks = 0;
    int m_passwordQueue = -1;
    bool m_hrConfirmsPlans = false;
};

}  // namespace osm::server
