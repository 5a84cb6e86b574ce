// The group discussions' summary per service area. Sections: [collect] [markdown] [html].
#include "hr/group_summary.h"

#include "core/utf8_text.h"
#include "crypto/aead.h"
#include "crypto/secret_buffer.h"
#include "domain/discussion.h"
#include "hr/hr_html.h"
#include "hr/markdown_text.h"

#include <algorithm>

namespace osm::server {

// [collect] ------------------------------------------------------------------------------------

namespace {

// The year's submitted group discussions of the service area, opened.
Result<std::vector<domain::GroupDiscussion>> discussionsOf(SyncStorage& storage, const ServerKeys& keys,
                                                           const domain::Organisation& org, int year,
                                                           const std::string& area) {
    std::vector<std::string> places{RecordStorage::kCrossUnit};
    for (const domain::Unit& unit : org.units)
        if (unit.serviceAreaId == area) places.push_back(unit.id);
    std::vector<domain::GroupDiscussion> out;
    for (const std::string& place : places) {
        auto records = storage.submittedGroupOfUnit(place);
        if (!records) return records.error();
        for (const ServerRecord& r : *records) {
            if (r.kind != sync::RecordKindWire::Group || r.year != year) continue;
            auto plain = crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload);
            if (!plain) continue;
            auto d = domain::groupDiscussionFromJson(
                std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()));
            crypto::wipe(*plain);
            if (!d) continue;
            // A cross-unit group's discussion belongs to the service area it names.
            if (place.empty() && d->serviceAreaId != area) continue;
            out.push_back(std::move(*d));
        }
    }
    return out;
}

void addThemes(const catalog::FormTemplate& form, const catalog::GroupKind& kind, catalog::Lang lang,
               const domain::GroupDiscussion& d, GroupKindSummary& summary) {
    const std::size_t views = std::max<std::size_t>(1, kind.perspectives.size());
    for (const catalog::Section& section : form.sections) {
        for (const catalog::Question& question : section.questions) {
            for (std::size_t v = 0; v < views; ++v) {
                const auto answer = d.answers.find(domain::viewpointAnswerKey(section.id, question.id, v));
                if (answer == d.answers.end() || answer->second.empty()) continue;
                // Only well-formed text reaches the channel (it is escaped there as well).
                if (!isPlainUtf8(answer->second, "\t\n\r")) continue;
                const std::string viewpoint = kind.perspectives.size() > 1 ? kind.perspectives[v].in(lang) : "";
                const std::string sectionTitle = section.title.in(lang);
                const std::string prompt = question.prompt.in(lang);
                auto at = std::find_if(summary.themes.begin(), summary.themes.end(), [&](const ThemeAnswers& x) {
                    return x.section == sectionTitle && x.question == prompt && x.viewpoint == viewpoint;
                });
                if (at == summary.themes.end())
                    at = summary.themes.insert(summary.themes.end(), {sectionTitle, prompt, viewpoint, {}});
                at->texts.push_back(answer->second);
            }
        }
    }
}

}  // namespace

Result<std::vector<GroupKindSummary>> groupSummaries(SyncStorage& storage, const ServerKeys& keys,
                                                     const domain::Organisation& org, const catalog::Catalog& catalog,
                                                     int year, const std::string& serviceAreaId, int minGroupSize,
                                                     catalog::Lang lang) {
    if (org.findServiceArea(serviceAreaId) == nullptr)
        return makeError(ErrorCode::NotFound, "no such service area: " + serviceAreaId);
    auto discussions = discussionsOf(storage, keys, org, year, serviceAreaId);
    if (!discussions) return discussions.error();
    std::vector<GroupKindSummary> out;
    for (const catalog::FormTemplate& form : catalog.forms) {
        for (const catalog::GroupKind& kind : form.groupKinds) {
            GroupKindSummary summary{kind.id, kind.name.in(lang), 0, 0, {}};
            for (const domain::GroupDiscussion& d : *discussions) {
                if (d.formId != form.id || d.groupKind != kind.id) continue;
                if (static_cast<int>(d.participants.size()) < minGroupSize) {
                    ++summary.leftOut;
                    continue;
                }
                ++summary.counted;
                addThemes(form, kind, lang, d, summary);
            }
            // Sorted, so the order of the texts says nothing of which group wrote which.
            for (ThemeAnswers& theme : summary.themes) std::sort(theme.texts.begin(), theme.texts.end());
            if (summary.counted + summary.leftOut > 0) out.push_back(std::move(summary));
        }
    }
    return out;
}

// [markdown] -----------------------------------------------------------------------------------

namespace {

std::string countsText(const PageText& t, const GroupKindSummary& kind, int minGroupSize) {
    std::string out = t("hr.groups.counted", std::to_string(kind.counted));
    if (kind.leftOut > 0)
        out += " " + t("hr.groups.left_out", std::to_string(kind.leftOut) + "/" + std::to_string(minGroupSize));
    return out;
}

// Each line of a text as its own item: a discussion's priorities are often written one a line.
std::vector<std::string> linesOf(const std::string& text) {
    std::vector<std::string> out;
    std::size_t from = 0;
    while (from <= text.size()) {
        std::size_t end = text.find('\n', from);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(from, end - from);
        const std::size_t first = line.find_first_not_of(" \t\r-*•");
        if (first != std::string::npos) out.push_back(line.substr(first));
        from = end + 1;
    }
    return out;
}

}  // namespace

std::string groupSummaryMarkdown(const PageText& t, const std::string& areaName, int year, int minGroupSize,
                                 const std::vector<GroupKindSummary>& kinds) {
    std::string out = "# " + markdownText(t("hr.groups.title", areaName + " " + std::to_string(year))) + "\n\n" +
                      markdownText(t("hr.groups.intro", std::to_string(minGroupSize))) + "\n";
    if (kinds.empty()) out += "\n" + markdownText(t("hr.groups.none")) + "\n";
    for (const GroupKindSummary& kind : kinds) {
        out += "\n## " + markdownText(kind.kindName) + "\n\n" + markdownText(countsText(t, kind, minGroupSize)) + "\n";
        std::string section;
        for (const ThemeAnswers& theme : kind.themes) {
            if (theme.section != section) out += "\n### " + markdownText(theme.section) + "\n";
            section = theme.section;
            out += "\n**" + markdownText(theme.question) + "**" +
                   (theme.viewpoint.empty() ? std::string() : " (" + markdownText(theme.viewpoint) + ")") + "\n\n";
            for (const std::string& text : theme.texts)
                for (const std::string& line : linesOf(text)) out += "- " + markdownText(line) + "\n";
        }
    }
    return out;
}

// [html] ---------------------------------------------------------------------------------------

std::string groupSummaryHtmlBody(const PageText& t, const std::string& areaName, int year, int minGroupSize,
                                 const std::vector<GroupKindSummary>& kinds) {
    std::string out = "<h1>" + htmlEscape(t("hr.groups.title", areaName + " " + std::to_string(year))) + "</h1><p>" +
                      htmlEscape(t("hr.groups.intro", std::to_string(minGroupSize))) + "</p>";
    if (kinds.empty()) out += "<p id=\"groups-none\">" + htmlEscape(t("hr.groups.none")) + "</p>";
    for (const GroupKindSummary& kind : kinds) {
        out += "<section id=\"groups-" + htmlEscape(kind.kindId) + "\"><h2>" + htmlEscape(kind.kindName) +
               "</h2><p class=\"muted\">" + htmlEscape(countsText(t, kind, minGroupSize)) + "</p>";
        std::string section;
        for (const ThemeAnswers& theme : kind.themes) {
            if (theme.section != section) out += "<h3>" + htmlEscape(theme.section) + "</h3>";
            section = theme.section;
            out += "<h4>" + htmlEscape(theme.question) +
                   (theme.viewpoint.empty() ? std::string() : " (" + htmlEscape(theme.viewpoint) + ")") + "</h4><ul>";
            for (const std::string& text : theme.texts)
                for (const std::string& line : linesOf(text)) out += "<li>" + htmlEscape(line) + "</li>";
            out += "</ul>";
        }
        out += "</section>";
    }
    return out;
}

}  // namespace osm::server
