// Draft save: seal (XChaCha20-Poly1305) + write with synchronous=FULL, as the kiosk does on
// every autosave, against the baseline of writing the same number of bytes unencrypted into
// the same kind of file. Also times one Argon2id run with the default parameters (a login,
// and the cost of each offline PIN guess). Prints median and 99th percentile, then the same
// figures as one key=value line for bench/run.sh.
#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/kdf.h"
#include "local_store.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

using namespace osm;
using Clock = std::chrono::steady_clock;

namespace {

double millis(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Stats {
    double median;
    double p99;
};

Stats summarise(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return {samples[samples.size() / 2], samples[std::min(samples.size() - 1, samples.size() * 99 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
    const int saves = argc > 1 ? std::stoi(argv[1]) : 1000;
    const int kdfRuns = argc > 2 ? std::stoi(argv[2]) : 5;
    const auto dir = std::filesystem::temp_directory_path() / "osm-draft-bench";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);

    // A realistic draft: a few answers of a few hundred characters each (~3 KB of JSON).
    std::string draft = R"({"type":"development_discussion","answers":{)";
    for (int i = 0; i < 8; ++i)
        draft += "\"q" + std::to_string(i) + "\":\"" + std::string(350, 'a' + static_cast<char>(i)) + "\",";
    draft += "\"end\":\"\"}}";

    auto store = kiosk::KioskStore::open((dir / "kiosk.db").string());
    auto baseline = kiosk::KioskStore::open((dir / "baseline.db").string());
    if (!store || !baseline) return 1;
    const crypto::SecretBuffer key = crypto::SecretBuffer::copyOf(crypto::randomBytes(32));

    std::vector<double> sealed;
    std::vector<double> plain;
    for (int i = 1; i <= saves; ++i) {
        kiosk::StoredRecord record;
        record.id = "r-bench";
        record.owner = "1001";
        record.formId = "development_discussion_staff";
        record.year = 2026;
        record.version = static_cast<std::uint64_t>(i);
        // Baseline: the same bytes, unencrypted, through the same store call.
        kiosk::StoredRecord raw = record;
        auto t0 = Clock::now();
        raw.sealed.assign(draft.begin(), draft.end());
        if (!baseline->saveRecord(raw)) return 1;
        auto t1 = Clock::now();
        auto blob = crypto::seal(key, {record.id, record.owner, record.version}, draft);
        record.sealed = std::move(*blob);
        if (!store->saveRecord(record)) return 1;
        auto t2 = Clock::now();
        plain.push_back(millis(t0, t1));
        sealed.push_back(millis(t1, t2));
    }
    const Stats s = summarise(sealed);
    const Stats b = summarise(plain);
    std::printf("draft_save: %d saves of %zu bytes, synchronous=FULL\n", saves, draft.size());
    std::printf("  sealed + written   median %.3f ms   p99 %.3f ms\n", s.median, s.p99);
    std::printf("  baseline (plain)   median %.3f ms   p99 %.3f ms\n", b.median, b.p99);
    std::printf("  ratio (median)     %.2f\n", s.median / b.median);

    std::vector<double> kdf;
    const crypto::Salt salt = crypto::randomSalt();
    for (int i = 0; i < kdfRuns; ++i) {
        auto t0 = Clock::now();
        auto keys = crypto::deriveUserKeys("482915", salt, crypto::defaultKdfParams());
        auto t1 = Clock::now();
        if (!keys) return 1;
        kdf.push_back(millis(t0, t1));
    }
    const Stats k = summarise(kdf);
    std::printf("argon2id %s: median %.0f ms per PIN check\n", crypto::defaultKdfParams().toString().c_str(), k.median);
    std::printf("  offline guessing of every 6-digit PIN on this machine (2 cores): %.1f days\n",
                1e6 * k.median / 1000.0 / 2.0 / 86400.0);
    std::printf(
        "draft_save sealed_median_ms=%.3f sealed_p99_ms=%.3f plain_median_ms=%.3f plain_p99_ms=%.3f argon2id_ms=%.0f\n",
        s.median, s.p99, b.median, b.p99, k.median);
    std::filesystem::remove_all(dir);
    return 0;
}
