// What the kiosk tells an operator about the terminal's TPM: `osaamissilta-kiosk --check`, the
// status line of the screen and the `tpm` field the server's `kiosks` listing shows.
#pragma once

#include "tpm_device.h"

#include <optional>
#include <string>

namespace osm::kiosk::tpm {

struct TpmReport {
    std::string tcti;
    bool present = false;
    std::string problem;              // why not, when absent
    std::optional<TpmStatus> status;  // when present
    bool configuredNow = false;       // the kiosk set its lockout policy during this probe
};

// Opens the TPM at `tcti`, reads its state and, when `configure` is set and nobody has
// configured its dictionary-attack protection yet, sets the kiosk's policy (tpm_device.h).
TpmReport probeTpm(const std::string& tcti, bool configure, const LockoutPolicy& policy = {});

// "tpm" or "none": the word the kiosk reports to the server.
const char* tpmKind(const TpmReport& report);

// A few lines for `--check`: present or not, the lockout parameters and the failure count, and
// what a terminal without a TPM means.
std::string describe(const TpmReport& report);

}  // namespace osm::kiosk::tpm
