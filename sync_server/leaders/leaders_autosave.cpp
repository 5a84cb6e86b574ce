// The leaders' web forms saved in the background (assets/web/leaders_autosave.js): the script
// itself, served from this origin (the pages' CSP allows scripts from here only), and the answer
// to a background save, which says how it went and carries nothing of the form's content.
#include "leaders/leaders_web.h"

namespace osm::server {

ApiResponse LeadersWeb::autosaveScript() const {
    ApiResponse r(200, m_autosaveScript, "text/javascript; charset=utf-8");
    r.headers.push_back({"X-Content-Type-Options", "nosniff"});
    r.headers.push_back({"Cache-Control", "no-cache"});
    return r;
}

bool LeadersWeb::wantsJson(const ApiRequest& request) {
    return request.header("Accept").find("application/json") != std::string::npos;
}

ApiResponse LeadersWeb::autosaveAnswer(const EditSave& saved, std::uint64_t version) {
    std::string body;
    int status = 200;
    if (saved.kind == EditSave::Kind::Stored) {
        body = "{\"version\":" + std::to_string(version) + "}";
    } else if (saved.conflict) {
        // Another tab or a terminal saved first: the script stops and the text stays on its page.
        status = 409;
        body = "{\"problem\":\"conflict\",\"version\":" + std::to_string(version) + "}";
    } else {
        // A field no page of ours sends, or a text over its limit: the buttons show which.
        status = 400;
        body = "{\"problem\":\"invalid\"}";
    }
    ApiResponse r(status, body);
    r.headers.push_back({"Cache-Control", "no-store"});
    return r;
}

}  // namespace osm::server
