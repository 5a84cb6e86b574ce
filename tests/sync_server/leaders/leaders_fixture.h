// The leaders' pages in a test: a real server data folder (SQLite file, keys) with the demo
// organisation, a LeadersWeb on it with a clock the test sets, and the demo's leaders with a
// password. Shared by the leaders' page tests.
#pragma once

#include "sync_server/leaders/leaders_browser.h"

#include "ops/operator_commands.h"
#include "ops/server_keys.h"
#include "storage/sync_storage.h"
#include "test_support.h"

#include <doctest/doctest.h>

#include <memory>

namespace osm::test {

constexpr const char* kPassword = "Johtaja-testi-2026";

struct Leaders {
    test::TempDir dir;
    server::ServerPaths paths{dir / "data", dir / "keys"};
    std::unique_ptr<server::SyncStorage> storage;
    std::unique_ptr<server::ServerKeys> keys;
    std::int64_t now = 1'770'710'400;  // 2026-02-10, while development discussions are due
    std::unique_ptr<server::LeadersWeb> web;

    Leaders() {
        REQUIRE(server::initServer(paths).ok());
        storage = server::openSqliteStorage(paths.databasePath()).value();
        keys = std::make_unique<server::ServerKeys>(server::loadServerKeys(paths.keyDir).value());
        REQUIRE(server::loadDemoOrganisation(*storage, test::assetsDir()).ok());
        for (const char* leader : {"1005", "2004", "3001", "4003"})
            REQUIRE(server::setLeaderPassword(*storage, leader, kPassword).ok());
        server::LeadersWebOptions options;
        options.now = [this] { return now; };
        options.assetsDir = test::assetsDir();
        web = server::LeadersWeb::create(*storage, *keys, options).value();
    }
    test::LeaderBrowser signedIn(const std::string& staff) {
        test::LeaderBrowser browser(*web);
        REQUIRE(browser.signIn(staff, kPassword).status == 303);
        return browser;
    }
};

}  // namespace osm::test
