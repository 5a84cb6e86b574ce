// The operator's view of the TPM. Plain text: it goes to a terminal or a log, not to staff.
#include "tpm_report.h"

namespace osm::kiosk::tpm {

TpmReport probeTpm(const std::string& tcti, bool configure, const LockoutPolicy& policy) {
    TpmReport report;
    report.tcti = tcti;
    auto device = TpmDevice::open(tcti);
    if (!device) {
        report.problem = device.error().message;
        return report;
    }
    if (configure) {
        auto configured = device->protectAgainstGuessing(policy);
        if (!configured) {
            report.problem = configured.error().message;
            return report;
        }
        report.configuredNow = *configured;
    }
    auto status = device->status();
    if (!status) {
        report.problem = status.error().message;
        return report;
    }
    report.present = true;
    report.status = *status;
    return report;
}

const char* tpmKind(const TpmReport& report) { return report.present ? "tpm" : "none"; }

std::string describe(const TpmReport& report) {
    if (!report.present) {
        return "tpm: none (" + report.problem +
               ")\n  PINs are checked against verifiers kept on this terminal's disk: a copy of the disk allows an "
               "offline PIN search (docs/security.md, \"Stolen terminal\").\n";
    }
    const TpmStatus& s = *report.status;
    std::string text = "tpm: present (TCTI " + report.tcti + ", manufacturer \"" + s.manufacturer + "\")\n";
    text += "  dictionary-attack protection: locks after " + std::to_string(s.maxTries) +
            " wrong authorisations, forgives one every " + std::to_string(s.recoveryTime) + " s; " +
            std::to_string(s.failedTries) + " counted now" + (s.inLockout ? ", LOCKED OUT" : "") + "\n";
    text += s.lockoutAuthSet ? "  lockout authorisation: set (the count cannot be reset)\n"
                             : "  lockout authorisation: EMPTY (anyone can reset the count; the kiosk sets its "
                               "policy when it starts)\n";
    if (report.configuredNow) text += "  the kiosk set its lockout policy now\n";
    return text;
}

}  // namespace osm::kiosk::tpm
