// HR's web pages, served by the sync server under /hr/: sign-in (Argon2id password hashes,
// sessions that expire after 30 idle minutes, login throttling), completion per service area and
// unit (filterable, any year by ?year=), the released aggregates (hr_release.h: the latest, or
// ?release=N; a form makes the next release), the annual clock per sector,
// the training plans with their workflow (/hr/plan), and downloads (CSV for spreadsheets, JSON,
// the summary per service area as Markdown and as printable HTML).
// Forms that change state carry a per-session CSRF token; cookies are HttpOnly and
// SameSite=Strict (and Secure when the server runs TLS).
#pragma once

#include "hr/hr_reports.h"
#include "api/api_types.h"
#include "ops/server_keys.h"

#include <filesystem>
#include <functional>

namespace osm::server {

struct HrWebOptions {
    std::function<std::int64_t()> now;
    std::filesystem::path assetsDir;
    int minGroupSize = 5;
    double releaseEpsilon = 1.0;  // offered for a release (docs/privacy.md)
    double yearBudget = 2.0;      // a year's privacy budget, fixed by its first release
    bool secureCookies = false;
    std::int64_t sessionSeconds = 30 * 60;
    int lockAfter = 5;
    std::int64_t lockSeconds = 15 * 60;
};

class HrWeb {
public:
    HrWeb(SyncStorage& storage, const ServerKeys& keys, HrWebOptions options);
    ApiResponse handle(const ApiRequest& request);

private:
    ApiResponse login(const ApiRequest& request);
    ApiResponse page(const HrSession& session, const ApiRequest& request, int year, const std::string& error = {});
    ApiResponse download(const std::string& what, int year, const std::string& release);
    ApiResponse releaseAction(const HrSession& session, const ApiRequest& request);
    // The plan page, with `error` (and its status) when a step was just refused.
    ApiResponse planPage(const HrSession& session, int year, const std::string& scope, int status,
                         const std::string& error);
    ApiResponse planAction(const HrSession& session, const ApiRequest& request);

    SyncStorage& m_storage;
    const ServerKeys& m_keys;
    HrWebOptions m_options;
};

// Hashes a password for an HR account (crypto::hashPassword: Argon2id, 64 MiB, 3 passes);
// refuses one shorter than 12 characters.
Result<std::string> hashHrPassword(const std::string& password);
bool hrPasswordMatches(const std::string& hash, const std::string& password);

// Decodes application/x-www-form-urlencoded.
std::map<std::string, std::string> parseForm(std::string_view body);

}  // namespace osm::server
