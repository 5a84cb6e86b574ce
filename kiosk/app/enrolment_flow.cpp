// Enrolment. The form is checked here (an address, a code of the right length) so a typo is
// named at once; everything else is the server's to judge.
#include "enrolment_flow.h"

#include "crypto/secret_buffer.h"

namespace osm::kiosk {

EnrolmentFlow::EnrolmentFlow(KioskContext& context, LoginFlow& login) : m_context(context), m_login(login) {}

void EnrolmentFlow::open() {
    if (m_context.session || enrolled() || !m_hook) return;
    m_enrol.errorKey.clear();
    m_context.screen = Screen::Enrol;
}

void EnrolmentFlow::submit() {
    if (m_enrol.busy || !m_hook) return;
    m_enrol.errorKey.clear();
    m_enrol.detail.clear();
    const bool url = m_enrol.serverUrl.rfind("https://", 0) == 0 || m_enrol.serverUrl.rfind("http://", 0) == 0;
    if (!url || m_enrol.serverUrl.size() < 12) {
        m_enrol.errorKey = "enrol.error.url";
        return;
    }
    if (normaliseSetupCode(m_enrol.code).size() != 12) {
        m_enrol.errorKey = "enrol.error.code_format";
        return;
    }
    m_enrol.busy = true;
    m_hook(m_enrol.serverUrl, m_enrol.code);
}

void EnrolmentFlow::apply(const Result<DeviceInfo>& device, const std::string& unitName) {
    m_enrol.busy = false;
    if (!device) {
        m_enrol.errorKey = device.error().code == ErrorCode::Io ? "enrol.error.unreachable" : "enrol.error.refused";
        m_enrol.detail = device.error().message;
        return;
    }
    m_context.setServerKey(device->serverKeyHex);
    if (!unitName.empty()) m_context.unitName = unitName;
    m_context.serverStatusKey = "server.waiting";
    crypto::wipe(m_enrol.code);
    m_enrol = EnrolState{};
    m_login.start() = StartState{};
    m_login.start().noticeKey = "enrol.done";
    m_context.screen = Screen::Start;
    m_context.requestSync();
}

}  // namespace osm::kiosk
