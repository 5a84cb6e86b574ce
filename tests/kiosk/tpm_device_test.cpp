// The kiosk's TPM module against a real TPM stack: Debian's tpm2-tss talking to swtpm (no mock).
// What a sealed blob gives away without its TPM (nothing), how many wrong authorisations the TPM
// takes before it locks (the kiosk's stated policy), and that a thief cannot reset that count.
#include "software_tpm.h"
#include "test_support.h"
#include "tpm_device.h"

#include "crypto/encoding.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

using namespace osm;
using namespace osm::test;
using kiosk::tpm::LockoutPolicy;
using kiosk::tpm::TpmDevice;

namespace {

crypto::Bytes bytesOf(const std::string& text) { return crypto::Bytes(text.begin(), text.end()); }

bool contains(const crypto::Bytes& haystack, const crypto::Bytes& needle) {
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

}  // namespace

TEST_CASE("a sealed secret opens with its authorisation on its own TPM, and on no other") {
    TempDir dir;
    SoftwareTpm terminal(dir / "tpm-a");
    auto tpm = TpmDevice::open(terminal.tcti());
    REQUIRE_MESSAGE(tpm.ok(), (tpm ? "" : tpm.error().message));
    const crypto::Bytes secret = bytesOf("SALAISUUS-32-TAVUA-0123456789abc");
    const crypto::Bytes auth = bytesOf("valtuus-joka-tulee-PIN-koodista!");
    auto blob = tpm->seal(secret, auth);
    REQUIRE_MESSAGE(blob.ok(), (blob ? "" : blob.error().message));
    // The blob (what the disk keeps) holds neither the secret nor the authorisation.
    CHECK_FALSE(contains(*blob, secret));
    CHECK_FALSE(contains(*blob, auth));

    auto opened = tpm->unseal(*blob, auth);
    REQUIRE_MESSAGE(opened.ok(), (opened ? "" : opened.error().message));
    CHECK(crypto::Bytes(opened->bytes().begin(), opened->bytes().end()) == secret);

    // Another terminal's TPM (a disk copied into another machine) cannot even load it.
    SoftwareTpm other(dir / "tpm-b");
    auto elsewhere = TpmDevice::open(other.tcti());
    REQUIRE(elsewhere.ok());
    auto stolen = elsewhere->unseal(*blob, auth);
    REQUIRE_FALSE(stolen.ok());
    CHECK(stolen.error().code == ErrorCode::InvalidInput);

    // A damaged blob is refused as such, never crashes the module.
    crypto::Bytes damaged = *blob;
    damaged[damaged.size() / 2] ^= 0x40;
    auto broken = tpm->unseal(damaged, auth);
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().code == ErrorCode::InvalidInput);
    CHECK_FALSE(tpm->unseal(crypto::Bytes{1, 2, 3}, auth).ok());

    // After a power cycle the same TPM opens it again.
    tpm = makeError(ErrorCode::NotFound, "closed");
    terminal.restart();
    auto again = TpmDevice::open(terminal.tcti());
    REQUIRE(again.ok());
    auto reopened = again->unseal(*blob, auth);
    REQUIRE(reopened.ok());
    CHECK(crypto::Bytes(reopened->bytes().begin(), reopened->bytes().end()) == secret);
}

TEST_CASE("no TPM: the module says so instead of failing later") {
    auto none = TpmDevice::open("none");
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().code == ErrorCode::NotFound);
    auto absent = TpmDevice::open("device:/nonexistent/tpmrm0");
    REQUIRE_FALSE(absent.ok());
    CHECK(absent.error().code == ErrorCode::NotFound);
    CHECK(kiosk::tpm::chooseTcti("swtpm:port=1") == "swtpm:port=1");
}

TEST_CASE("wrong authorisations lock the TPM after the kiosk's stated number, and nobody can reset it") {
    TempDir dir;
    SoftwareTpm terminal(dir / "tpm");
    auto tpm = TpmDevice::open(terminal.tcti());
    REQUIRE(tpm.ok());
    auto fresh = tpm->status();
    REQUIRE(fresh.ok());
    CHECK_FALSE(fresh->lockoutAuthSet);
    MESSAGE("a new swtpm: maxTries " << fresh->maxTries << ", recoveryTime " << fresh->recoveryTime
                                     << " s, manufacturer '" << fresh->manufacturer << "'");

    const LockoutPolicy policy;  // the kiosk's: 32 tries, one forgiven an hour
    auto configured = tpm->protectAgainstGuessing(policy);
    REQUIRE_MESSAGE(configured.ok(), (configured ? "" : configured.error().message));
    CHECK(*configured);
    auto status = tpm->status();
    REQUIRE(status.ok());
    CHECK(status->maxTries == 32);
    CHECK(status->recoveryTime == 3600);
    CHECK(status->lockoutRecovery == 86400);
    CHECK(status->lockoutAuthSet);
    CHECK(status->failedTries == 0);
    // Set once: the lockout authorisation is gone, so a second call changes nothing.
    auto twice = tpm->protectAgainstGuessing(LockoutPolicy{1000, 1, 1});
    REQUIRE(twice.ok());
    CHECK_FALSE(*twice);

    const crypto::Bytes secret = bytesOf("the key that wraps the drafts..");
    const crypto::Bytes right = bytesOf("right-pin-derived-auth-value-000");
    auto blob = tpm->seal(secret, right);
    REQUIRE(blob.ok());
    // A key the terminal needs with nobody present (the device key) is sealed without counting.
    auto deviceBlob = tpm->seal(secret, {}, false);
    REQUIRE(deviceBlob.ok());

    int refused = 0;
    for (int guess = 0; guess < 100; ++guess) {
        const crypto::Bytes wrong = bytesOf("wrong-guess-" + std::to_string(100000 + guess));
        auto result = tpm->unseal(*blob, wrong);
        REQUIRE_FALSE(result.ok());
        if (result.error().code == ErrorCode::Locked) break;
        REQUIRE(result.error().code == ErrorCode::Refused);
        ++refused;
    }
    MESSAGE("wrong guesses the TPM checked before it locked: " << refused);
    CHECK(refused == 32);
    auto locked = tpm->status();
    REQUIRE(locked.ok());
    CHECK(locked->inLockout);
    CHECK(locked->failedTries == 32);
    // The right PIN is refused too while locked; the device key still opens.
    auto rightWhileLocked = tpm->unseal(*blob, right);
    REQUIRE_FALSE(rightWhileLocked.ok());
    CHECK(rightWhileLocked.error().code == ErrorCode::Locked);
    CHECK(tpm->unseal(*deviceBlob, {}).ok());

    // A thief with the whole terminal tries the standard tool to reset the counter: the
    // lockout authorisation is no longer empty, and nobody knows it.
    const std::string reset = "tpm2_dictionarylockout --clear-lockout -T '" + terminal.tcti() + "' >/dev/null 2>&1";
    CHECK(std::system(reset.c_str()) != 0);
    // Nor does a power cycle help.
    tpm = makeError(ErrorCode::NotFound, "closed");
    terminal.restart();
    auto again = TpmDevice::open(terminal.tcti());
    REQUIRE(again.ok());
    auto afterCycle = again->unseal(*blob, right);
    REQUIRE_FALSE(afterCycle.ok());
    CHECK(afterCycle.error().code == ErrorCode::Locked);
}

TEST_CASE("the kiosk's worker and its sync thread may share one TPM: calls from both all succeed") {
    // The kiosk seals and unseals PINs on its worker while the sync thread unseals the device key
    // and seals arriving roster credentials. A TPM takes one command at a time and ESAPI keeps
    // session state: without TpmDevice's own serialisation these interleave and fail.
    TempDir dir;
    SoftwareTpm terminal(dir / "tpm");
    auto tpm = TpmDevice::open(terminal.tcti());
    REQUIRE_MESSAGE(tpm.ok(), (tpm ? "" : tpm.error().message));
    constexpr int kRounds = 12;
    std::atomic<int> failures{0};
    std::string firstFailure;
    std::mutex failureText;
    const auto worker = [&](char tag) {
        for (int i = 0; i < kRounds; ++i) {
            const crypto::Bytes secret = bytesOf(std::string(32, tag) + std::to_string(i));
            const crypto::Bytes auth = bytesOf(std::string(16, static_cast<char>(tag + 1)));
            auto blob = tpm->seal(secret, auth);
            auto opened = blob ? tpm->unseal(*blob, auth) : Result<crypto::SecretBuffer>(blob.error());
            if (!opened || crypto::Bytes(opened->bytes().begin(), opened->bytes().end()) != secret) {
                ++failures;
                const std::lock_guard lock(failureText);
                if (firstFailure.empty()) firstFailure = opened ? "wrong secret" : opened.error().message;
            }
        }
    };
    std::thread a(worker, 'a');
    std::thread b(worker, 'k');
    a.join();
    b.join();
    CHECK_MESSAGE(failures == 0, firstFailure);
}
