// The catalogue's links to Silta's instructions: what a URL must look like to become a link on
// the leaders' web and a QR code at a terminal, and publishing's check of the hosts.
#include "catalog/catalog.h"

#include <algorithm>

namespace osm::catalog {
namespace {

constexpr std::string_view kScheme = "https://";

bool hostChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'; }

// RFC 3986's unreserved and reserved characters and '%': everything else (spaces, quotes,
// angle brackets, non-ASCII bytes) must come percent-encoded, so the URL means one thing to a
// browser, a phone's camera and an HTML attribute alike.
bool urlChar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("-._~:/?#[]@!$&'()*+,;=%").find(c) != std::string_view::npos;
}

std::string hostProblem(std::string_view host) {
    if (host.empty()) return "has no host";
    if (!std::all_of(host.begin(), host.end(), hostChar))
        return "host '" + std::string(host) + "' must use only a–z, 0–9, '-' and '.' (no user, no port)";
    if (host.front() == '.' || host.back() == '.' || host.find("..") != std::string_view::npos ||
        host.find('.') == std::string_view::npos)
        return "host '" + std::string(host) + "' is not a full host name";
    return {};
}

// The host of each instruction link, with where it is, as publishing's error names it.
template <typename Visit>
void forEachLink(const Catalog& catalog, const Visit& visit) {
    for (const FormTemplate& form : catalog.forms) {
        const std::string formPath = "forms[" + form.id + "]";
        for (Lang lang : kAllLangs) {
            if (!form.instructions.empty()) visit(formPath, lang, form.instructions.in(lang));
        }
        for (const Section& section : form.sections) {
            for (Lang lang : kAllLangs) {
                if (!section.instructions.empty())
                    visit(formPath + ".sections[" + section.id + "]", lang, section.instructions.in(lang));
            }
        }
    }
}

}  // namespace

const InstructionLink& Instructions::in(Lang lang) const {
    switch (lang) {
    case Lang::Sv: return sv;
    case Lang::En: return en;
    case Lang::Fi: break;
    }
    return fi;
}

std::string instructionUrlProblem(std::string_view url) {
    if (!url.starts_with(kScheme)) return "must start with https://";
    if (url.size() > kMaxInstructionUrl)
        return "is " + std::to_string(url.size()) + " bytes, at most " + std::to_string(kMaxInstructionUrl);
    if (!std::all_of(url.begin(), url.end(), urlChar))
        return "has a character a URL must percent-encode (a space, a quote, '<', '>' or a letter outside a–z)";
    return hostProblem(instructionUrlHost(url));
}

std::string_view instructionUrlHost(std::string_view url) {
    if (!url.starts_with(kScheme)) return {};
    url.remove_prefix(kScheme.size());
    return url.substr(0, url.find_first_of("/?#"));
}

Status checkInstructionHosts(const Catalog& catalog, const std::vector<std::string>& allowedHosts) {
    std::string problem;
    forEachLink(catalog, [&](const std::string& where, Lang lang, const InstructionLink& link) {
        const std::string_view host = instructionUrlHost(link.url);
        if (!problem.empty() || std::find(allowedHosts.begin(), allowedHosts.end(), host) != allowedHosts.end()) return;
        std::string allowed;
        for (const std::string& h : allowedHosts) allowed += (allowed.empty() ? "" : ", ") + h;
        problem = where + ".instructions." + langCode(lang) + ".url: host '" + std::string(host) +
                  "' is not an allowed Silta host (silta-hosts: " + (allowed.empty() ? "none" : allowed) + ")";
    });
    if (!problem.empty()) return makeError(ErrorCode::InvalidInput, problem);
    return {};
}

}  // namespace osm::catalog
