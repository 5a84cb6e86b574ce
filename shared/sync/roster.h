// A person as a terminal knows them: the roster entry with the credentials it needs to let them
// in offline (salts, KDF parameters, verifiers; never a PIN) and their public signing key.
#pragma once

#include "domain/organisation.h"

#include <string>

namespace osm::sync {

struct Credential {
    std::string kdfParams;  // crypto::KdfParams::toString()
    std::string saltHex;
    std::string verifierHex;
    bool empty() const { return verifierHex.empty(); }
    bool operator==(const Credential&) const = default;
};

struct RosterEntry {
    domain::Person person;
    Credential pin;            // empty until the person has set a PIN
    Credential setupCode;      // a pending one-time code; empty when none
    std::string personKeyHex;  // Ed25519 public key derived from the PIN; empty with no PIN
    std::string setupKeyHex;   // Ed25519 public key derived from the pending one-time code
};

// The text a kiosk signs, with the key derived from the one-time code, to prove to the server
// that the person who set this PIN knew the code; it covers the whole credential:
// "OSM-PIN2\n<staff>\n<kdf>\n<salt>\n<verifier>\n<person key>".
inline std::string pinProofText(const std::string& staffNumber, const Credential& pin,
                                const std::string& personKeyHex) {
    return "OSM-PIN2\n" + staffNumber + "\n" + pin.kdfParams + "\n" + pin.saltHex + "\n" + pin.verifierHex + "\n" +
           personKeyHex;
}

}  // namespace osm::sync
