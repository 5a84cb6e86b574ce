// Enrolling the terminal with the sync server from the kiosk's own screen: the server address
// and HR's one-time code go to the sync worker (through the hook); its answer comes back on the
// main thread through apply().
#pragma once

#include "kiosk_context.h"
#include "login_flow.h"

#include <functional>

namespace osm::kiosk {

class EnrolmentFlow {
public:
    using EnrolHook = std::function<void(const std::string& serverUrl, const std::string& code)>;

    EnrolmentFlow(KioskContext& context, LoginFlow& login);

    EnrolState& state() { return m_enrol; }
    bool enrolled() const { return m_context.serverKey.has_value(); }
    void setHook(EnrolHook hook) { m_hook = std::move(hook); }

    void open();
    void submit();
    void apply(const Result<DeviceInfo>& device, const std::string& unitName);

private:
    KioskContext& m_context;
    LoginFlow& m_login;
    EnrolHook m_hook;
    EnrolState m_enrol;
};

}  // namespace osm::kiosk
