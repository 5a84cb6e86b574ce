// A manager's person pull, the one that hands over the most content: the service handles it in
// this process (no HTTP, so the figure is the server's own work), for a director whose REPORTS
// direct reports have each submitted a pre-form. Prints the median and the 90th percentile of
// PULLS pulls in milliseconds, and the server's database size after them.
//
// Usage: person_pull_bench [REPORTS=20] [PULLS=300]
#include "bench_support.h"

#include "api/sync_service.h"

#include "crypto/aead.h"
#include "sync/messages.h"

#include <cstdio>

using namespace osm;
using namespace osm::bench;
namespace fs = std::filesystem;

namespace {

// The director's submitted-looking records: each report's pre-form sealed with the storage key,
// stored as a pushed submission is.
void seedPreForms(ServerData& data, const server::ServerKeys& keys, const domain::Organisation& city) {
    for (const domain::Person& p : city.people) {
        if (p.isManager()) continue;
        server::ServerRecord r;
        r.id = "r-pre-" + p.staffNumber;
        r.owner = p.staffNumber;
        r.unitId = p.unitId;
        r.formId = "development_discussion_staff";
        r.year = 2026;
        r.version = 1;
        r.state = sync::RecordStateWire::Submitted;
        auto sealed = crypto::seal(keys.storage, {r.id, r.owner, r.version}, data.sampleSubmission());
        if (!sealed) die(sealed.error().message);
        r.payload = std::move(*sealed);
        r.contentHash = crypto::contentHash(r.payload);
        std::uint64_t serverVersion = 0;
        if (!data.storage().putRecord(r, 0, serverVersion)) die("storing a pre-form failed");
    }
}

server::ApiRequest signedPull(const crypto::SigningKeyPair& device, const crypto::SigningKeyPair& person,
                              const std::string& staffNumber) {
    server::ApiRequest request;
    request.method = "POST";
    request.path = "/api/v1/pull";
    request.body = sync::encode(sync::PullRequest{1000000, std::nullopt, staffNumber});
    const auto h =
        sync::signRequest(device, "k-bench", "POST", request.path, request.body, unixNow(), &person, staffNumber);
    request.headers = {{sync::header::kDevice, h.device},   {sync::header::kTimestamp, h.timestamp},
                       {sync::header::kNonce, h.nonce},     {sync::header::kSignature, h.signature},
                       {sync::header::kPerson, h.person},   {sync::header::kPersonSignature, h.personSignature},
                       {"Content-Type", "application/json"}};
    request.source = "127.0.0.1";
    return request;
}

}  // namespace

int main(int argc, char** argv) {
    const int reports = argc > 1 ? std::stoi(argv[1]) : 20;
    const int pulls = argc > 2 ? std::stoi(argv[2]) : 300;
    const fs::path dir = fs::temp_directory_path() / ("osm-person-pull-bench-" + std::to_string(::getpid()));
    const domain::Organisation city = syntheticCity(1, reports + 1);
    ServerData data(dir / "server", city);
    auto keys = server::loadServerKeys(data.paths().keyDir);
    if (!keys) die(keys.error().message);
    seedPreForms(data, *keys, city);
    const std::string director = city.people.front().staffNumber;  // the unit's first person leads it
    const crypto::SigningKeyPair person = crypto::generateSigningKeyPair();
    const sync::Credential pin{crypto::minimalKdfParams().toString(), std::string(32, 'a'), std::string(64, 'b')};
    if (!data.storage().setPin(director, pin, crypto::toHex(person.publicKey))) die("setting the PIN failed");
    const crypto::SigningKeyPair device = crypto::generateSigningKeyPair();
    if (!data.storage().addDevice({"k-bench", city.units.front().id, device.publicKey, unixNow(), 0, 0, "none"}))
        die("adding the device failed");
    server::ServiceOptions options;
    options.requestsPerSecond = 1e9;
    options.burst = 1e9;
    server::SyncService service(data.storage(), *keys, options);

    std::vector<double> times;
    for (int i = 0; i < pulls; ++i) {
        const server::ApiRequest request = signedPull(device, person, director);
        const auto t0 = Clock::now();
        const server::ApiResponse answer = service.handle(request);
        times.push_back(millis(t0, Clock::now()));
        if (answer.status != 200) die("the pull was refused: " + answer.body);
        if (i == 0 && answer.body.find("r-pre-") == std::string::npos) die("the pull handed over no pre-form");
    }
    std::printf("person_pull reports=%d pulls=%d median_ms=%.3f p90_ms=%.3f database_mib=%.2f\n", reports, pulls,
                median(times), percentile(times, 90), databaseMiB(dir / "server"));
    data.close();
    fs::remove_all(dir);
    return 0;
}
