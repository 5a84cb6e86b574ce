// Password hashes and the constant-time comparison of secrets: a hash opens only with its own
// password, carries its parameters, salts every time, and a damaged hash matches nothing.
#include "crypto/password_hash.h"

#include <doctest/doctest.h>

using namespace osm;
using namespace osm::crypto;

TEST_CASE("A password hash matches its password and no other") {
    const KdfParams params = minimalKdfParams();
    auto hash = hashPassword("correct horse battery", params);
    REQUIRE(hash);
    CHECK(hash->rfind("$argon2id$", 0) == 0);
    CHECK(passwordMatches(*hash, "correct horse battery"));
    CHECK_FALSE(passwordMatches(*hash, "correct horse batterY"));
    CHECK_FALSE(passwordMatches(*hash, ""));

    auto again = hashPassword("correct horse battery", params);
    REQUIRE(again);
    CHECK(*again != *hash);  // a fresh salt each time
    CHECK(passwordMatches(*again, "correct horse battery"));
}

TEST_CASE("A damaged or foreign hash matches nothing") {
    auto hash = hashPassword("secret", minimalKdfParams());
    REQUIRE(hash);
    std::string damaged = *hash;
    damaged.back() = damaged.back() == 'A' ? 'B' : 'A';
    CHECK_FALSE(passwordMatches(damaged, "secret"));
    CHECK_FALSE(passwordMatches("", "secret"));
    CHECK_FALSE(passwordMatches("not a hash", "secret"));
}

TEST_CASE("sameSecret compares the whole of both secrets") {
    CHECK(sameSecret("token-123", "token-123"));
    CHECK(sameSecret("", ""));
    CHECK_FALSE(sameSecret("token-123", "token-124"));
    CHECK_FALSE(sameSecret("token-123", "token-12"));
    CHECK_FALSE(sameSecret("", "x"));
}
