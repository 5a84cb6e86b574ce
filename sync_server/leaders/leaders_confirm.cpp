// The agreed goals of one's own discussion on the leaders' web, and their confirmation (POST
// /leaders/confirm): the same `confirmation` record a kiosk pushes, of the agreement's current
// version and bound to exactly the content shown by its hash; a new version of the agreement
// needs a new confirmation. Shown only once the read log holds the delivery (channel `web`).
#include "leaders/leaders_web.h"

#include "domain/annual_clock.h"
#include "hr/hr_html.h"

#include "crypto/aead.h"
#include "crypto/encoding.h"
#include "crypto/secret_buffer.h"

#include <charconv>

namespace osm::server {

// The year's submitted agreement about the signed-in person, with its content, or nothing.
std::optional<std::pair<ServerRecord, std::string>> LeadersWeb::ownAgreement(const Visit& visit, int year) const {
    auto r = m_storage.record(domain::agreementRecordId(year, visit.me.person.staffNumber));
    if (!r || !r->has_value() || (*r)->state != sync::RecordStateWire::Submitted) return std::nullopt;
    auto plain = openSealed(**r);
    if (!plain) return std::nullopt;
    return std::make_pair(**r, std::move(*plain));
}

std::string LeadersWeb::agreementHtml(const Visit& visit, int year) {
    const auto t = [&](const std::string& key) { return htmlEscape(m_text(visit.lang, key)); };
    auto own = ownAgreement(visit, year);
    if (!own) return {};
    auto agreement = domain::agreementFromJson(own->second);
    const ServerRecord& r = own->first;
    const RecordRead read{r.id,           visit.me.person.staffNumber, r.version, visit.me.person.staffNumber, "web",
                          m_options.now()};
    crypto::wipe(own->second);
    if (!agreement || !m_storage.logReads({read})) return "<p class=\"error\">" + t("web.error.server") + "</p>";
    std::string out = "<h2>" + t("web.confirm.title") + "</h2><ul id=\"agreed-goals\">";
    for (const domain::LearningGoal& g : agreement->discussion.goals) out += "<li>" + htmlEscape(g.text) + "</li>";
    out += "</ul>";
    auto confirmation = m_storage.record(domain::confirmationRecordId(year, visit.me.person.staffNumber, r.version));
    if (confirmation && confirmation->has_value()) return out + "<p id=\"confirmed\">" + t("web.confirm.done") + "</p>";
    return out + "<form method=\"post\" action=\"/leaders/confirm\"><input type=\"hidden\" name=\"csrf\" value=\"" +
           htmlEscape(visit.session.session.csrf) + "\"><input type=\"hidden\" name=\"version\" value=\"" +
           std::to_string(r.version) + "\"><button type=\"submit\" id=\"confirm\">" + t("web.confirm.button") +
           "</button></form>";
}

ApiResponse LeadersWeb::confirmAgreement(Visit& visit) {
    const int year = domain::dateOfUnixSeconds(m_options.now()).year;
    const std::string versionText = parseForm(visit.request.body)["version"];
    std::uint64_t version = 0;
    const auto [end, error] = std::from_chars(versionText.data(), versionText.data() + versionText.size(), version);
    if (error != std::errc() || end != versionText.data() + versionText.size() || version == 0)
        return badForm(visit, "field version: not a version");
    auto own = ownAgreement(visit, year);
    if (!own) return refused(visit);
    const ServerRecord agreement = own->first;
    const std::string hash = crypto::contentHash(own->second);
    crypto::wipe(own->second);
    if (agreement.version != version) {
        // Changed since the page was made: what was shown is not what would be confirmed.
        return page(visit, 409, m_text(visit.lang, "web.confirm.title"),
                    "<p class=\"error\" id=\"stale\" role=\"alert\">" +
                        htmlEscape(m_text(visit.lang, "web.confirm.stale")) + "</p>");
    }
    const std::string& me = visit.me.person.staffNumber;
    auto existing = m_storage.record(domain::confirmationRecordId(year, me, version));
    if (!existing) return serverError(visit);
    if (existing->has_value()) return seeOther("/leaders/");
    ServerRecord record;
    record.id = domain::confirmationRecordId(year, me, version);
    record.owner = me;
    record.unitId = visit.me.person.unitId;
    record.kind = sync::RecordKindWire::Confirmation;
    record.formId = agreement.formId;
    record.year = year;
    record.version = 1;
    record.state = sync::RecordStateWire::Submitted;
    const std::string plain = domain::toJson(domain::Confirmation{agreement.id, version, hash});
    std::string refusal;
    auto stored = storeWritten(record, 0, plain, visit.me, refusal);
    if (!stored && !refusal.empty()) return badForm(visit, refusal);
    if (!stored) return serverError(visit);
    return seeOther("/leaders/");
}

}  // namespace osm::server
