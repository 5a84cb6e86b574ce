// The hr-plan subcommand. Output is plain text, like the other operator commands.
#include "commands/hr_plan_command.h"

#include "core/json_reader.h"
#include "domain/annual_clock.h"
#include "hr/hr_html.h"
#include "hr/hr_release.h"
#include "hr/hr_reports.h"
#include "hr/training_plan.h"

#include <CLI/CLI.hpp>

#include <iostream>
#include <iterator>

namespace osm::server {

namespace {

// Text from the plan as one line a terminal shows as it is: control characters (ESC, NUL, CR,
// LF, the C1 range) as \xNN or \u00NN escapes, so none of them reaches the terminal raw.
std::string printable(std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == 0x7f) {
            out += std::string("\\x") + kHex[c >> 4] + kHex[c & 15];
        } else if (c == 0xc2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(text[i + 1]) <= 0x9f) {
            const auto next = static_cast<unsigned char>(text[++i]);
            out += std::string("\\u00") + kHex[next >> 4] + kHex[next & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

void describe(const TrainingPlan& plan, const domain::Organisation& org, std::ostream& out) {
    out << printable(planScopeName(org, plan.scope)) << " " << plan.year << ": " << planStateId(plan.state)
        << ", version " << plan.version << "\n";
    out << "needs (" << plan.content.needs.size() << "):\n";
    int rank = 0;
    for (const PlanNeed& n : plan.content.needs) {
        out << "  " << ++rank << ". " << (n.competenceId.empty() ? "-" : printable(n.competenceId)) << ": "
            << printable(n.text) << "\n";
    }
    out << "trainings (" << plan.content.trainings.size() << "):\n";
    for (const PlannedTraining& t : plan.content.trainings) {
        out << "  - " << printable(t.name) << " | " << printable(t.audience) << " | " << printable(t.timing) << " | "
            << printable(t.responsible) << "\n";
    }
    out << "history:\n";
    for (const PlanStep& s : plan.history) {
        out << "  " << s.seq << ". " << formatLocalTime(s.at) << "  " << planActionId(s.action) << "  "
            << planStateId(s.from) << " -> " << planStateId(s.to) << "  v" << s.version << "  by "
            << printable(s.actor.hrUser);
        if (!s.actor.body.empty()) out << " for " << printable(s.actor.body);
        if (!s.actor.reference.empty()) out << " (" << printable(s.actor.reference) << ")";
        out << "\n";
    }
}

}  // namespace

HrPlanCommand::HrPlanCommand(CLI::App& app)
    : Command(app, "hr-plan", "HR: a training plan's workflow (draft, compiled, reviewed, confirmed)") {
    cli()
        .add_option("step", m_step, "show | edit | compile | review | confirm")
        ->check(CLI::IsMember({"show", "edit", "compile", "review", "confirm"}))
        ->capture_default_str();
    cli()
        .add_option("--scope", m_scope,
                    std::string("Service area id, or ") + kCentralPlanScope + " for the central plan")
        ->required();
    cli().add_option("--year", m_year, "Plan year (default: this year)");
    cli().add_option("--as", m_as, "The HR account acting (required for every step but show)");
    cli().add_option("--body", m_body, "review: the management group");
    cli().add_option("--reference", m_reference,
                     "review, confirm: the meeting and section, e.g. \"Yt-nk 2.11.2026 § 4\"");
    cli().add_option("--content", m_contentFile,
                     "edit: the plan's content as JSON (trainings, notes, needs); - for standard input");
    cli()
        .add_option("--min-group", m_minGroup,
                    "Unused: compile reads the latest release, whose minimum was fixed when it was made")
        ->capture_default_str();
}

int HrPlanCommand::run(const CommandContext& context) {
    auto storage = openStorage(context);
    if (!storage) return fail(storage.error());
    auto keys = loadServerKeys(context.paths.keyDir);
    if (!keys) return fail(keys.error());
    return run(**storage, *keys, context.assets, unixNow(), std::cout, std::cerr);
}

int HrPlanCommand::run(SyncStorage& storage, const ServerKeys& keys, const std::filesystem::path& assetsDir,
                       std::int64_t now, std::ostream& out, std::ostream& err) const {
    const int year = m_year != 0 ? m_year : domain::today().year;
    auto data = loadHrData(storage, keys, assetsDir, year);
    if (!data) return fail(data.error(), err);
    auto plan = loadTrainingPlan(storage, data->catalog, year, m_scope);
    if (!plan) return fail(plan.error(), err);
    if (m_step == "show") {
        if (m_scope != kCentralPlanScope && data->organisation.findServiceArea(m_scope) == nullptr) {
            return fail(makeError(ErrorCode::InvalidInput, "no service area \"" + m_scope + "\""), err);
        }
        describe(*plan, data->organisation, out);
        return 0;
    }
    PlanRequest request{year, m_scope, *parsePlanAction(m_step), {m_as, m_body, m_reference}, std::nullopt, -1};
    if (m_step == "edit") {
        std::string text;
        if (m_contentFile == "-") {
            text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        } else if (m_contentFile.empty()) {
            return fail(makeError(ErrorCode::InvalidInput, "edit needs --content FILE (JSON: trainings, notes, needs)"),
                        err);
        } else {
            auto read = readTextFile(m_contentFile);
            if (!read) return fail(read.error(), err);
            text = std::move(*read);
        }
        auto content = planContentFromJson(text, data->catalog);
        if (!content) return fail(makeError(content.error().code, m_contentFile + ": " + content.error().message), err);
        request.content = std::move(*content);
    } else if (m_step == "compile") {
        auto needs = unitTrainingNeeds(storage, keys, year);
        if (!needs) return fail(needs.error(), err);
        // From the latest release only (docs/privacy.md): a plan is published too.
        auto releases = loadReleases(storage, year);
        if (!releases) return fail(releases.error(), err);
        const auto groups = releases->empty() ? std::vector<GroupAggregate>() : releases->back().groups;
        request.content = plan->content;
        request.content->needs = compiledNeeds(m_scope, data->organisation, data->catalog, groups, *needs);
    } else if (m_step == "confirm" && request.actor.body.empty()) {
        request.actor.body = "Yt-neuvottelukunta";
    }
    auto done = applyPlanStep(storage, data->organisation, data->catalog, request, now);
    if (!done) return fail(done.error(), err);
    describe(*done, data->organisation, out);
    return 0;
}

}  // namespace osm::server
