// Attacks on the crypto layer: flipped bits, truncation, blobs moved to another record, owner
// or version, wrong keys and PINs, forged signatures. All must be refused.
#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/kdf.h"
#include "crypto/secret_buffer.h"
#include "crypto/signing.h"

#include <doctest/doctest.h>

#include <sodium.h>

using namespace osm;
using namespace osm::crypto;

namespace {

SecretBuffer testKey() {
    Bytes raw = randomBytes(32);
    return SecretBuffer::copyOf(raw);
}

const RecordBinding kBinding{"draft-7f3a", "1001", 3};

}  // namespace

TEST_CASE("SecretBuffer is zeroed, movable and cleared") {
    SecretBuffer a(32);
    REQUIRE(a.size() == 32);
    for (std::size_t i = 0; i < a.size(); ++i) CHECK(a.data()[i] == 0);
    a.data()[0] = 0xAB;
    SecretBuffer b = std::move(a);
    CHECK(a.empty());
    CHECK(b.data()[0] == 0xAB);
    b.clear();
    CHECK(b.empty());
    CHECK(b.data() == nullptr);
}

TEST_CASE("hex and base64 round-trip and refuse garbage") {
    const Bytes data{0x00, 0x01, 0xfe, 0xff, 0x7f};
    CHECK(toHex(data) == "0001feff7f");
    CHECK(*fromHex("0001feff7f") == data);
    CHECK_FALSE(fromHex("0g").ok());
    CHECK_FALSE(fromHex("abc").ok());
    CHECK(*fromBase64(toBase64(data)) == data);
    CHECK_FALSE(fromBase64("***").ok());
    CHECK(contentHash("abc").size() == 64);
    CHECK(contentHash("abc") != contentHash("abd"));
}

TEST_CASE("the table base64 codec agrees with libsodium's on every length and on garbage") {
    // Every length up to 300 bytes: the same text out, the same bytes back.
    for (std::size_t n = 0; n <= 300; ++n) {
        const Bytes data = randomBytes(n);
        const std::string text = toBase64Public(data);
        REQUIRE(text == toBase64(data));
        const auto back = fromBase64Public(text);
        REQUIRE(back.ok());
        CHECK(*back == data);
    }
    // Texts of every small length over an alphabet with characters base64url does not have
    // ('+', '/', '=', NUL) and with stray low bits: accepted exactly when libsodium accepts, with
    // the same bytes.
    const std::string alphabet("AQgw_-9z+/=\0", 12);
    int accepted = 0, refused = 0;
    for (int round = 0; round < 20000; ++round) {
        const Bytes pick = randomBytes(static_cast<std::size_t>(1 + round % 9));
        std::string text;
        for (std::size_t i = 1; i < pick.size(); ++i) text += alphabet[pick[i] % alphabet.size()];
        const auto fast = fromBase64Public(text);
        const auto sodium = fromBase64(text);
        REQUIRE(fast.ok() == sodium.ok());
        if (fast.ok()) {
            CHECK(*fast == *sodium);
            ++accepted;
        } else {
            ++refused;
        }
    }
    CHECK(accepted > 1000);
    CHECK(refused > 1000);
    // A byte above 0x7f is never base64url. (libsodium 1.0.18 lets one through in the first
    // characters of a group: "\x80w" decodes there; the table refuses it everywhere.)
    for (const char* text : {"\x80w",
                             "\xff"
                             "A",
                             "A\x80", "AAA\xc3", "AAAA\x80Q"})
        CHECK_FALSE(fromBase64Public(text).ok());
}

TEST_CASE("AEAD seals and opens a record bound to id, owner and version") {
    const SecretBuffer key = testKey();
    auto blob = seal(key, kBinding, "Kulunut vuosi oli hyvä – kiitos.");
    REQUIRE(blob.ok());
    CHECK(blob->size() == std::string("Kulunut vuosi oli hyvä – kiitos.").size() + kSealOverhead);
    auto plain = open(key, kBinding, *blob);
    REQUIRE(plain.ok());
    CHECK(*plain == "Kulunut vuosi oli hyvä – kiitos.");

    SUBCASE("two seals of the same text differ (random nonce)") {
        CHECK(*seal(key, kBinding, "x") != *seal(key, kBinding, "x"));
    }
    SUBCASE("every flipped bit is refused") {
        for (std::size_t i = 0; i < blob->size(); ++i) {
            Bytes tampered = *blob;
            tampered[i] ^= 0x01;
            auto result = open(key, kBinding, tampered);
            REQUIRE_FALSE(result.ok());
            CHECK(result.error().code == ErrorCode::Refused);
        }
    }
    SUBCASE("truncated blobs are refused") {
        for (std::size_t length : {std::size_t{0}, std::size_t{1}, std::size_t{25}, blob->size() - 1}) {
            Bytes cut(blob->begin(), blob->begin() + static_cast<long>(length));
            CHECK_FALSE(open(key, kBinding, cut).ok());
        }
    }
    SUBCASE("moved to another record, owner or version: refused") {
        CHECK_FALSE(open(key, {"draft-other", "1001", 3}, *blob).ok());
        CHECK_FALSE(open(key, {"draft-7f3a", "1002", 3}, *blob).ok());
        CHECK_FALSE(open(key, {"draft-7f3a", "1001", 4}, *blob).ok());
    }
    SUBCASE("an old version put back is refused at the new version") {
        const RecordBinding v4{"draft-7f3a", "1001", 4};
        auto newer = seal(key, v4, "newer text");
        REQUIRE(newer.ok());
        CHECK(open(key, v4, *newer).ok());
        CHECK_FALSE(open(key, v4, *blob).ok());  // the v3 blob where v4 is expected
    }
    SUBCASE("another key is refused") {
        const SecretBuffer other = testKey();
        CHECK_FALSE(open(other, kBinding, *blob).ok());
    }
    SUBCASE("field boundaries cannot be shifted") {
        auto shifted = open(key, {"draft-7f3a1", "001", 3}, *blob);
        CHECK_FALSE(shifted.ok());
        CHECK(associatedData({"ab", "c", 1}) != associatedData({"a", "bc", 1}));
    }
}

TEST_CASE("AEAD refuses a key of the wrong size") {
    SecretBuffer shortKey(16);
    CHECK_FALSE(seal(shortKey, kBinding, "x").ok());
}

TEST_CASE("KDF parameters are stored as text and checked") {
    const KdfParams params = defaultKdfParams();
    CHECK(params.memLimitBytes >= 64ULL * 1024 * 1024);
    auto parsed = KdfParams::parse(params.toString());
    REQUIRE(parsed.ok());
    CHECK(*parsed == params);
    CHECK_FALSE(KdfParams::parse("argon2id:v=19:ops=3").ok());
    CHECK_FALSE(KdfParams::parse("scrypt:ops=3:mem=5").ok());
    CHECK_FALSE(KdfParams::parse("argon2id:v=19:ops=x:mem=5").ok());

    const Salt salt = randomSalt();
    CHECK_FALSE(deriveKey("123456", salt, {1, 1024}).ok());                        // below minimum
    CHECK_FALSE(deriveKey("123456", salt, {3, 64ULL * 1024 * 1024 * 1024}).ok());  // a tampered roster
}

TEST_CASE("user keys: the same PIN and salt give the same keys, anything else does not") {
    const KdfParams params = minimalKdfParams();
    const Salt salt = randomSalt();
    auto a = deriveUserKeys("482915", salt, params);
    auto b = deriveUserKeys("482915", salt, params);
    auto wrongPin = deriveUserKeys("482916", salt, params);
    auto otherSalt = deriveUserKeys("482915", randomSalt(), params);
    REQUIRE((a.ok() && b.ok() && wrongPin.ok() && otherSalt.ok()));
    CHECK(verifierEquals(a->verifier, b->verifier));
    CHECK(sodium_memcmp(a->draftKey.data(), b->draftKey.data(), 32) == 0);
    CHECK_FALSE(verifierEquals(a->verifier, wrongPin->verifier));
    CHECK_FALSE(verifierEquals(a->verifier, otherSalt->verifier));
    // The verifier is not the draft key.
    CHECK(sodium_memcmp(a->draftKey.data(), a->verifier.data(), 32) != 0);

    // Parameters matter: the same PIN with other parameters is another key.
    auto heavier = deriveUserKeys("482915", salt, {params.opsLimit + 1, params.memLimitBytes});
    REQUIRE(heavier.ok());
    CHECK_FALSE(verifierEquals(a->verifier, heavier->verifier));

    auto salted = saltFromHex(toHex(salt));
    REQUIRE(salted.ok());
    CHECK(*salted == salt);
    CHECK_FALSE(saltFromHex("00ff").ok());
}

TEST_CASE("Ed25519: signatures verify, forgeries and altered messages do not") {
    const SigningKeyPair pair = generateSigningKeyPair();
    const std::string message = "POST /api/v1/push 1764236400 nonce hash";
    const Signature signature = sign(pair, asBytes(message));
    CHECK(verify(pair.publicKey, asBytes(message), signature));

    std::string altered = message;
    altered[0] = 'G';
    CHECK_FALSE(verify(pair.publicKey, asBytes(altered), signature));

    Signature forged = signature;
    forged[10] ^= 0x40;
    CHECK_FALSE(verify(pair.publicKey, asBytes(message), forged));

    const SigningKeyPair other = generateSigningKeyPair();
    CHECK_FALSE(verify(other.publicKey, asBytes(message), signature));

    // A key kept as its seed comes back as the same key.
    auto restored = signingKeyPairFromSeed(seedOf(pair).bytes());
    REQUIRE(restored.ok());
    CHECK(restored->publicKey == pair.publicKey);
    CHECK(verify(pair.publicKey, asBytes(message), sign(*restored, asBytes(message))));

    CHECK_FALSE(publicKeyFromBytes(Bytes(31)).ok());
    CHECK_FALSE(signatureFromBytes(Bytes(63)).ok());
    CHECK_FALSE(signingKeyPairFromSeed(Bytes(16)).ok());
}

TEST_CASE("Ed25519 on several threads: every verdict is the one of its own signature, in order") {
    const SigningKeyPair alice = generateSigningKeyPair();
    const SigningKeyPair bob = generateSigningKeyPair();
    std::vector<SignatureCheck> checks;
    std::vector<std::uint8_t> expected;
    for (int i = 0; i < 37; ++i) {
        const std::string message = "record " + std::to_string(i);
        SignatureCheck c{alice.publicKey, message, sign(alice, asBytes(message))};
        const bool good = i % 5 != 3 && i % 7 != 0;
        if (i % 5 == 3) c.message += "!";             // altered after signing
        if (i % 7 == 0) c.publicKey = bob.publicKey;  // someone else's key
        checks.push_back(c);
        expected.push_back(good ? 1 : 0);
    }
    for (unsigned threads : {0U, 1U, 2U, 3U, 64U}) {
        CAPTURE(threads);
        CHECK(verifyAll(checks, threads) == expected);
    }
    CHECK(verifyAll({}, 2).empty());
}
