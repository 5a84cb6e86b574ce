// Result<T> carries either a value or an error code with a message.
#include "core/result.h"

#include <doctest/doctest.h>

#include <memory>

using namespace osm;

TEST_CASE("Result holds a value or an error") {
    Result<int> good = 42;
    CHECK(good.ok());
    CHECK(*good == 42);

    Result<int> bad = makeError(ErrorCode::NotFound, "no such thing");
    CHECK_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::NotFound);
    CHECK(bad.error().message == "no such thing");
    CHECK(std::string(errorCodeName(bad.error().code)) == "not_found");
}

TEST_CASE("Result works with move-only values and void") {
    Result<std::unique_ptr<int>> owned = std::make_unique<int>(7);
    REQUIRE(owned.ok());
    std::unique_ptr<int> taken = std::move(owned).value();
    CHECK(*taken == 7);

    Status fine;
    CHECK(fine.ok());
    Status refused = makeError(ErrorCode::Refused, "no");
    CHECK_FALSE(refused.ok());
    CHECK(refused.error().code == ErrorCode::Refused);
}
