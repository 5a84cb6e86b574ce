// Who may use the server: `enrol-code` (a one-time code that enrols a kiosk), `kiosks` (list
// them), `revoke` (a kiosk), `pin-code` (a person's one-time PIN-setup code) and `leader-code`
// (a leader's one-time code for their first sign-in on the leaders' pages).
#pragma once

#include "commands/command.h"

namespace osm::server {

class EnrolCodeCommand final : public Command {
public:
    explicit EnrolCodeCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_unitId;
    double m_validHours = 72;
};

class KiosksCommand final : public Command {
public:
    explicit KiosksCommand(CLI::App& app);
    int run(const CommandContext& context) override;
};

class RevokeCommand final : public Command {
public:
    explicit RevokeCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_deviceId;
};

class PinCodeCommand final : public Command {
public:
    explicit PinCodeCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_staffNumber;
};

class LeaderCodeCommand final : public Command {
public:
    explicit LeaderCodeCommand(CLI::App& app);
    int run(const CommandContext& context) override;

private:
    std::string m_staffNumber;
    double m_validHours = 14 * 24;
};

}  // namespace osm::server
