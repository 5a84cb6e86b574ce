// The access subcommands: each prints its code or its list on standard output, nothing else,
// so scripts can take it as it is.
#include "commands/access_commands.h"

#include "leaders/leaders_web.h"

#include <CLI/CLI.hpp>

#include <iostream>

namespace osm::server {

EnrolCodeCommand::EnrolCodeCommand(CLI::App& app)
    : Command(app, "enrol-code", "Create a one-time code to enrol a kiosk for a unit") {
    cli().add_option("--unit", m_unitId, "Unit id")->required();
    cli().add_option("--valid-hours", m_validHours, "How long the code works")->capture_default_str();
}

int EnrolCodeCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto code = createEnrolmentCode(**storage, m_unitId, static_cast<std::int64_t>(m_validHours * 3600), unixNow());
    if (!code) return fail(code.error());
    std::cout << *code << "\n";
    return 0;
}

KiosksCommand::KiosksCommand(CLI::App& app) : Command(app, "kiosks", "List enrolled kiosks") {}

int KiosksCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto devices = (*storage)->devices();
    if (!devices) return fail(devices.error());
    std::cout << describeDevices(*devices);
    return 0;
}

RevokeCommand::RevokeCommand(CLI::App& app)
    : Command(app, "revoke", "Revoke a kiosk: refused from its next request on") {
    cli().add_option("device", m_deviceId, "Device id (see `kiosks`)")->required();
}

int RevokeCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto revoked = (*storage)->revokeDevice(m_deviceId, unixNow());
    if (!revoked) return fail(revoked.error());
    if (!*revoked) return fail(makeError(ErrorCode::NotFound, "no active device " + m_deviceId));
    std::cout << "revoked " << m_deviceId << "\n";
    return 0;
}

PinCodeCommand::PinCodeCommand(CLI::App& app)
    : Command(app, "pin-code", "Issue a one-time PIN-setup code for a person") {
    cli().add_option("staff_number", m_staffNumber)->required();
}

int PinCodeCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto code = createPinSetupCode(**storage, m_staffNumber);
    if (!code) return fail(code.error());
    std::cout << *code << "\n";
    return 0;
}

LeaderCodeCommand::LeaderCodeCommand(CLI::App& app)
    : Command(app, "leader-code",
              "Issue a one-time code with which a leader on the roster sets their password for /leaders/") {
    cli().add_option("staff_number", m_staffNumber)->required();
    cli().add_option("--valid-hours", m_validHours, "How long the code works")->capture_default_str();
}

int LeaderCodeCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto code =
        createLeaderSignInCode(**storage, m_staffNumber, static_cast<std::int64_t>(m_validHours * 3600), unixNow());
    if (!code) return fail(code.error());
    std::cout << *code << "\n";
    return 0;
}

}  // namespace osm::server
