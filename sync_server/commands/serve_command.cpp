// The serve subcommand. It holds the data lock for as long as it serves, so restore and
// rotate-keys cannot change the data under it.
#include "commands/serve_command.h"

#include "hr/hr_web.h"
#include "leaders/leaders_web.h"
#include "ops/backup.h"

#include <CLI/CLI.hpp>

#include <csignal>
#include <iostream>
#include <malloc.h>

namespace osm::server {
namespace {

HttpServer* g_server = nullptr;

void onSignal(int) {
    if (g_server != nullptr) g_server->stop();  // stops accepting; requests in flight finish
}

}  // namespace

ServeCommand::ServeCommand(CLI::App& app)
    : Command(app, "serve", "Serve the sync protocol, HR's pages under /hr/ and the leaders' under /leaders/") {
    m_http.port = 8443;
    cli()
        .add_option("--host", m_http.host, "Address to listen on (plain HTTP only on loopback)")
        ->capture_default_str();
    cli().add_option("--port", m_http.port, "Port (0: any free port, printed)")->capture_default_str();
    cli().add_option("--cert", m_http.certFile, "TLS certificate (PEM)");
    cli().add_option("--key", m_http.keyFile, "TLS private key (PEM)");
    cli().add_flag("--insecure-plain-http", m_http.allowInsecure,
                   "Allow plain HTTP off loopback (behind a TLS proxy only)");
    cli()
        .add_option("--threads", m_http.threads,
                    "Most worker threads (started as connections need them; each open connection holds one)")
        ->capture_default_str();
    cli()
        .add_option("--keep-alive", m_http.keepAliveSeconds,
                    "Seconds an idle connection is kept open (it holds a worker)")
        ->capture_default_str();
    cli().add_option("--trusted-proxy", m_trustedProxies,
                     "Address of a reverse proxy (nginx) whose X-Forwarded-Proto and X-Forwarded-For are "
                     "believed (the web pages' cookies and sign-in throttles, the sync API's limits per "
                     "source); repeatable");
    cli().add_flag("--hr-confirms-plans", m_hrConfirmsPlans,
                   "HR records the co-operation committee's confirmation of the training plans (by default the "
                   "committee's members confirm on the leaders' pages)");
    cli()
        .add_option("--password-checks", m_passwordChecks,
                    "HR sign-ins whose password (Argon2id, 64 MiB) is checked at once (0: one per core, at most 8)")
        ->capture_default_str();
    cli()
        .add_option("--password-queue", m_passwordQueue,
                    "HR sign-ins that may wait for a check; more are refused at once (-1: 4 per check)")
        ->capture_default_str();
}

int ServeCommand::run(const CommandContext& context) {
    // A request body over 128 KiB gets pages of its own, given back when it is freed. Without
    // a fixed threshold glibc raises it after the first large free, and a burst of 4 MiB bodies
    // then stays in the heap (docs/security.md: memory per request).
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto keys = loadServerKeys(context.paths.keyDir);
    if (!keys) return fail(keys.error());
    auto lock = DataLock::acquire(context.paths.dataDir);
    if (!lock) return fail(lock.error());
    SyncService service(**storage, *keys, {});
    HrWebOptions hrOptions;
    hrOptions.assetsDir = context.assets;
    hrOptions.secureCookies = !m_http.certFile.empty();
    hrOptions.trustedProxies = m_trustedProxies;
    hrOptions.passwordChecks = m_passwordChecks;
    hrOptions.passwordQueue = m_passwordQueue;
    hrOptions.hrConfirmsPlans = m_hrConfirmsPlans;
    auto hrWeb = HrWeb::create(**storage, *keys, hrOptions);
    if (!hrWeb) return fail(hrWeb.error());
    LeadersWebOptions leaderOptions;
    leaderOptions.assetsDir = context.assets;
    leaderOptions.secureCookies = hrOptions.secureCookies;
    leaderOptions.trustedProxies = m_trustedProxies;
    leaderOptions.hrConfirmsPlans = m_hrConfirmsPlans;
    auto leadersWeb = LeadersWeb::create(**storage, *keys, leaderOptions);
    if (!leadersWeb) return fail(leadersWeb.error());
    HttpOptions http = m_http;
    http.trustedProxies = m_trustedProxies;
    http.tooLargePage = [&](const ApiRequest& request) -> std::optional<ApiResponse> {
        if (request.path.rfind("/leaders/", 0) == 0) return (*leadersWeb)->tooLargePage(request);
        return std::nullopt;
    };
    HttpServer httpServer(
        [&](const ApiRequest& request) {
            if (request.path.rfind("/hr", 0) == 0) return (*hrWeb)->handle(request);
            if (request.path.rfind("/leaders", 0) == 0) return (*leadersWeb)->handle(request);
            return service.handle(request);
        },
        http);
    auto port = httpServer.bind();
    if (!port) return fail(port.error());
    g_server = &httpServer;
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::cout << "listening on " << m_http.host << ":" << *port << std::endl;
    httpServer.run();
    g_server = nullptr;
    std::cout << "stopped" << std::endl;
    return 0;
}

}  // namespace osm::server
