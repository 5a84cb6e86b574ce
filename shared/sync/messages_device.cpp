// The device messages as JSON. The PIN items are read as leniently as servers always have:
// a PIN with missing parts is refused on its own (no valid proof), not the whole request.
#include "sync/messages_device.h"

#include "sync/wire_reading.h"

namespace osm::sync {

using nlohmann::json;

std::string encode(const EnrolRequest& request) {
    json doc{{"code", request.code}, {"public_key", request.publicKeyHex}};
    if (!request.tpm.empty()) doc["tpm"] = request.tpm;
    return doc.dump();
}

Result<EnrolRequest> decodeEnrolRequest(std::string_view body) {
    return wire::decodeBody<EnrolRequest>(body, "request", [&](const JsonReader& r) {
        return EnrolRequest{wire::readText(r.field("code")), wire::readText(r.field("public_key")),
                            wire::optionalText(r, "tpm")};
    });
}

std::string encode(const EnrolAnswer& answer) {
    return json{{"device_id", answer.deviceId},
                {"unit_id", answer.unitId},
                {"unit_name", answer.unitName},
                {"server_public_key", answer.serverPublicKeyHex},
                {"protocol", answer.protocol}}
        .dump();
}

Result<EnrolAnswer> decodeEnrolAnswer(std::string_view body) {
    return wire::decodeBody<EnrolAnswer>(body, "answer", [&](const JsonReader& r) {
        const json& doc = r.node();
        EnrolAnswer answer;
        answer.deviceId = wire::readText(r.field("device_id"));
        answer.unitId = wire::readText(r.field("unit_id"));
        answer.serverPublicKeyHex = wire::readText(r.field("server_public_key"));
        answer.unitName = wire::optionalText(r, "unit_name");
        if (doc.contains("protocol")) answer.protocol = static_cast<int>(r.field("protocol").integer(0, 1 << 30));
        return answer;
    });
}

std::string encode(const PinsRequest& request) {
    json items = json::array();
    for (const PinPush& p : request.pins) {
        items.push_back({{"staff_number", p.staffNumber},
                         {"pin", {{"kdf", p.pin.kdfParams}, {"salt", p.pin.saltHex}, {"verifier", p.pin.verifierHex}}},
                         {"person_key", p.personKeyHex},
                         {"proof", crypto::toBase64(p.proof)}});
    }
    return json{{"pins", std::move(items)}}.dump();
}

namespace {

PinPush readPinPush(const JsonReader& r) {
    PinPush p;
    p.staffNumber = wire::optionalText(r, "staff_number");
    if (r.node().contains("pin")) {
        const JsonReader pin = r.field("pin");
        p.pin = Credential{wire::optionalText(pin, "kdf"), wire::optionalText(pin, "salt"),
                           wire::optionalText(pin, "verifier")};
    }
    p.personKeyHex = wire::optionalText(r, "person_key");
    auto proof = crypto::fromBase64(wire::optionalText(r, "proof"));
    if (proof) p.proof = std::move(*proof);
    return p;
}

// {"results": [...]} items: objects with optional strings; anything else is left out.
template <typename T, typename Read>
std::vector<T> objectItems(const JsonReader& r, Read read) {
    std::vector<T> items;
    wire::eachItem(r, "results", [&](const JsonReader& item) {
        if (auto value = wire::guarded<T>([&] { return read(item); })) items.push_back(std::move(*value));
    });
    return items;
}

PinResult readPinResult(const JsonReader& r) {
    return PinResult{wire::optionalText(r, "staff_number"), wire::optionalText(r, "status"),
                     wire::optionalText(r, "code"), wire::optionalText(r, "message")};
}

}  // namespace

Result<PinsRequest> decodePinsRequest(std::string_view body) {
    return wire::decodeBody<PinsRequest>(body, "request", [&](const JsonReader& r) {
        PinsRequest request;
        wire::eachItem(r, "pins", [&](const JsonReader& item) { request.pins.push_back(readPinPush(item)); });
        return request;
    });
}

std::string encode(const PinsAnswer& answer) {
    json results = json::array();
    for (const PinResult& p : answer.results) {
        json item{{"staff_number", p.staffNumber}, {"status", p.status}};
        if (!p.code.empty()) item["code"] = p.code;
        if (!p.message.empty()) item["message"] = p.message;
        results.push_back(std::move(item));
    }
    return json{{"results", std::move(results)}, {kServerInstanceField, answer.serverInstance}}.dump();
}

Result<PinsAnswer> decodePinsAnswer(std::string_view body) {
    return wire::decodeBody<PinsAnswer>(body, "answer", [&](const JsonReader& r) {
        const json& doc = r.node();
        PinsAnswer answer;
        answer.results = objectItems<PinResult>(r, readPinResult);
        answer.serverInstance = wire::serverInstanceOf(doc);
        return answer;
    });
}

std::string encode(const ErrorAnswer& answer) {
    return json{{"error", {{"code", answer.code}, {"message", answer.message}}}}.dump();
}

std::string errorBody(Refusal refusal, std::string_view message) {
    return encode(ErrorAnswer{refusalCode(refusal), std::string(message)});
}

Result<ErrorAnswer> decodeErrorAnswer(std::string_view body) {
    return wire::decodeBody<ErrorAnswer>(body, "answer", [&](const JsonReader& r) {
        const JsonReader error = r.field("error");
        ErrorAnswer answer{wire::readText(error.field("code")), {}};
        const auto message = error.node().find("message");
        if (message != error.node().end() && message->is_string()) answer.message = message->get<std::string>();
        return answer;
    });
}

std::string encode(const HealthAnswer& answer) {
    return json{{"status", answer.status}, {"protocol", answer.protocol}, {"intact", answer.intact}}.dump();
}

Result<HealthAnswer> decodeHealthAnswer(std::string_view body) {
    return wire::decodeBody<HealthAnswer>(body, "answer", [&](const JsonReader& r) {
        return HealthAnswer{wire::readText(r.field("status")),
                            static_cast<int>(r.field("protocol").integer(0, 1 << 30)), r.field("intact").boolean()};
    });
}

}  // namespace osm::sync
