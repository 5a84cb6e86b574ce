// The direct push reader (shared/sync/push_reader.h): it reads the body a kiosk sends without a
// JSON tree, and for every body, whether it takes it or leaves it to the tree, decodePushBatch
// gives exactly what the tree reader gives: the same records, the same refusals, the same errors.
#include "sync/push_reader.h"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace osm;
using namespace osm::sync;

namespace {

RecordEnvelope record(int i) {
    RecordEnvelope e;
    e.id = "r-" + std::to_string(i);
    e.kind = RecordKindWire::Development;
    e.owner = "1001";
    e.formId = "development_discussion_staff";
    e.year = 2026;
    e.version = static_cast<std::uint64_t>(i + 1);
    e.baseVersion = static_cast<std::uint64_t>(i);
    e.state = RecordStateWire::Draft;
    e.contentHash = std::string(64, 'a');
    for (int b = 0; b < 40 + i; ++b) e.payload.push_back(static_cast<std::uint8_t>(b * 7 + i));
    e.authorSignature = crypto::Bytes(64, static_cast<std::uint8_t>(i));
    if (i % 2 == 1) e.baseInstance = "0123456789abcdef0123456789abcdef";
    return e;
}

std::string kioskBody(int records) {
    PushRequest request;
    for (int i = 0; i < records; ++i) request.records.push_back(record(i));
    return encode(request);
}

// decodePushBatch against the tree reader; a difference fails the test naming the body.
void checkSame(const std::string& body) {
    INFO("body: " << body);
    const auto tree = decodePushBatchAsTree(body);
    const auto both = decodePushBatch(body);
    REQUIRE(both.ok() == tree.ok());
    if (!tree.ok()) {
        CHECK(both.error().message == tree.error().message);
        return;
    }
    REQUIRE(both->size() == tree->size());
    for (std::size_t i = 0; i < tree->size(); ++i) {
        CHECK((*both)[i].envelope == (*tree)[i].envelope);
        CHECK((*both)[i].problem == (*tree)[i].problem);
        CHECK((*both)[i].id == (*tree)[i].id);
        CHECK((*both)[i].version == (*tree)[i].version);
    }
}

// The first record of a body, with `from` replaced by `to` once.
std::string edited(std::string body, const std::string& from, const std::string& to) {
    const auto at = body.find(from);
    REQUIRE(at != std::string::npos);
    return body.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the body a kiosk sends is read without a tree, as the tree reads it") {
    for (int records : {0, 1, 3, 200}) {
        const std::string body = kioskBody(records);
        const auto direct = readPushBatchDirect(body);
        REQUIRE(direct.has_value());
        REQUIRE(direct->size() == static_cast<std::size_t>(records));
        for (int i = 0; i < records; ++i) CHECK((*direct)[static_cast<std::size_t>(i)].envelope == record(i));
        checkSame(body);
    }
}

TEST_CASE("other valid shapes: taken directly where plain, and read the same either way") {
    const std::string body = kioskBody(2);
    // Taken directly: whitespace, escapes and UTF-8 in other strings, unknown scalar fields,
    // numbers the tree reads as the same whole number, a record refused on its own.
    const std::vector<std::string> direct = {
        " \n{ \"records\" :\t[ " + body.substr(12, body.size() - 14) + " ] }\r\n",
        edited(body, R"("id":"r-0")", R"("id":"r-\u0030")"),
        edited(body, R"("owner":"1001")", R"("owner":"1001ä")"),
        edited(body, R"("id":"r-0")", R"("extra":null,"more":true,"n":-1.5e3,"id":"r-0")"),
        edited(body, R"("version":1)", R"("version":1.0)"),
        edited(body, R"("version":1)", R"("version":1e0)"),
        edited(body, R"("kind":"development")", R"("kind":"wizard")"),
        edited(body, R"("year":2026)", R"("year":1999)"),
        edited(body, R"("version":1)", R"("version":-1)"),
        edited(body, R"("version":1)", R"("version":"1")"),
        edited(body, R"("content_hash":")", R"("content_hash":"b)"),
        edited(body, R"("base_instance":"0)", R"("base_instance":"X)"),
        edited(body, R"(,"payload":")", R"(,"x":1,"payload":")"),
        edited(body, R"(,"author_signature":")", R"(,"sig":")"),  // left out
    };
    for (const std::string& text : direct) {
        INFO("body: " << text);
        CHECK(readPushBatchDirect(text).has_value());
        checkSame(text);
    }
    const auto refused = decodePushBatch(direct[6]);
    REQUIRE(refused.ok());
    CHECK((*refused)[0].problem ==
          "request: records[0].kind: must be one of development, group, agreement, "
          "confirmation, unit_summary");
    CHECK((*refused)[0].id == "r-0");
    CHECK((*refused)[1].envelope == record(1));
}

TEST_CASE("what the direct reader leaves to the tree reads the same, malformed bodies with the same error") {
    const std::string body = kioskBody(2);
    const std::vector<std::string> left = {
        edited(body, R"("id":"r-0")", R"("id":"r-0","id":"r-9")"),         // a duplicate key
        edited(body, R"("id":"r-0")", R"("extra":{"a":[1]},"id":"r-0")"),  // a nested value
        edited(body, R"({"records")", R"({"v":1,"records")"),              // another top-level field
        edited(body, R"(,"payload":")", R"(,"payload":"*)"),               // not base64url
        edited(body, R"(,"payload":")", R"(,"payload":"\u0041)"),          // an escape in base64
        edited(body, R"(,"payload":")", R"(,"payload":5,"p":")"),          // not a string
        edited(body, R"("id":"r-0")", R"("id":"r-0)"),                     // a broken string
        edited(body, R"("version":1)", R"("version":01)"),                 // not JSON's number
        edited(body, R"("version":1)", R"("version":1x)"),
        edited(body, R"("version":1)", R"("version":tru)"),
        edited(body, R"("id":"r-0")", R"("id":"r-)" + std::string(1, '\0') + R"(")"),
        edited(body, R"("id":"r-0")", R"("id":"r-)" + std::string("\xc0\x91") + R"(")"),  // ill-formed UTF-8
        body + " x",
        body + std::string(1, '\0') + "x",
        body.substr(0, body.size() - 1),
        R"({"records":5})",
        R"({"records":[5]})",
        R"({"records":[{}]})",
        R"({})",
        "[]",
        "",
        "{\"records\":[]}\x01",
    };
    for (const std::string& text : left) {
        INFO("body: " << text);
        checkSame(text);
    }
    CHECK_FALSE(readPushBatchDirect(left[0]).has_value());
    CHECK_FALSE(readPushBatchDirect(left[3]).has_value());
    CHECK_FALSE(readPushBatchDirect(left[10]).has_value());  // a NUL in a string
    CHECK_FALSE(readPushBatchDirect(left[11]).has_value());  // ill-formed UTF-8
    CHECK(decodePushBatch(left[13]).error().message == "request: (top level): a NUL byte is not JSON");
}

TEST_CASE("every cut and every single-byte change of a small body reads the same both ways") {
    const std::string body = kioskBody(1);
    for (std::size_t n = 0; n <= body.size(); ++n) checkSame(body.substr(0, n));
    for (std::size_t at = 0; at < body.size(); ++at) {
        for (const char c : {'"', '\\', ',', '}', ']', '{', '0', ' ', 'a', '\x7f', '\x80'}) {
            std::string changed = body;
            changed[at] = c;
            checkSame(changed);
        }
    }
}
