// What operators and HR do from the command line, as functions (so tests call them directly):
// set up the server, import the roster, publish a catalogue year, issue enrolment and PIN
// codes, list and revoke kiosks, and load the demo organisation.
#pragma once

#include "ops/server_keys.h"
#include "storage/sync_storage.h"

#include <filesystem>
#include <string>
#include <vector>

namespace osm::server {

struct ServerPaths {
    std::filesystem::path dataDir;  // server.db
    std::filesystem::path keyDir;   // key files, outside the database (0700 folder, 0600 files)
    std::string databasePath() const { return (dataDir / "server.db").string(); }
};

// Creates the key files and an empty database. Refuses when keys exist already.
Status initServer(const ServerPaths& paths);

struct ImportReport {
    int people = 0;
    int units = 0;
    std::vector<std::string> problems;
    bool applied = false;
    // Compared with the roster the server holds: people the file no longer lists
    // ("1004 Matti Mäkinen, pk_tahtitaivas") and people it puts in another unit
    // ("1002 Mikko Korhonen: pk_tahtitaivas -> pk_kuusikko").
    std::vector<std::string> leavers;
    std::vector<std::string> transfers;
};
// Applied, an import removes the leavers from the roster and records each leaver's and each
// transfer's departure from the unit left (storage/departure_storage.h), which that unit's
// kiosks pull; their records stay on the server.
ImportReport importRosterCsv(SyncStorage& storage, std::string_view csv, bool dryRun);

// The hosts of Silta, the city's intranet, that a catalogue's instruction links may name when no
// configuration says otherwise: the demo catalogue's fictitious one (docs/integrations.md, "Silta").
inline const std::vector<std::string> kDemoSiltaHosts{"silta.example.fi"};

// Validates the file as a catalogue (whole or not at all), and that every instruction link goes
// to one of `siltaHosts`, then publishes it for its year.
Result<int> publishCatalogFile(CatalogStorage& storage, const std::filesystem::path& file,
                               const std::vector<std::string>& siltaHosts = kDemoSiltaHosts);

// A random one-time code of `length` letters and digits without look-alikes (no I, O, 0, 1), in
// groups of four ("7Q4K-2M9P"); and a code as typed, reduced to what counts (upper case, no
// separators).
std::string randomCode(std::size_t length);
std::string normalisedCode(const std::string& code);

// A one-time enrolment code bound to a unit, valid for `validSeconds`.
Result<std::string> createEnrolmentCode(SyncStorage& storage, const std::string& unitId, std::int64_t validSeconds,
                                        std::int64_t now);

// A one-time PIN-setup code for a person (their first use, or a forgotten PIN). The server keeps
// only a verifier and the public key the code derives (Argon2id, default parameters).
Result<std::string> createPinSetupCode(RosterStorage& storage, const std::string& staffNumber);

// The fictitious organisation of assets/demo with its demo credentials. With the server's keys,
// also a larger fictitious unit and a two-person one (assets/demo/hr_sample.json) whose staff have
// submitted their pre-forms, so HR's aggregates show numbers above the minimum group size and
// both kinds of suppression (the small unit, and its neighbour hidden beside it); and the same
// staff's pre-forms of kDemoPreviousYear (its catalogue published too), for the years side by side.
inline constexpr int kDemoPreviousYear = 2024;
Status loadDemoOrganisation(SyncStorage& storage, const std::filesystem::path& assetsDir,
                            const ServerKeys* keys = nullptr);

std::string describeDevices(const std::vector<DeviceRecord>& devices);

}  // namespace osm::server
