// The service areas' own input to their training plans: the development priorities of the
// cross-unit groups' discussions (recorded on the leaders' web, filed under no unit), one need a
// line written, named by the group. Free text, so it goes to the plans, never into HR's
// anonymous aggregates.
#include "hr/hr_reports.h"

#include "domain/discussion.h"
#include "storage/catalog_resolver.h"

#include "crypto/aead.h"
#include "crypto/secret_buffer.h"

namespace osm::server {

Status addCrossUnitPriorities(SyncStorage& storage, const ServerKeys& keys, int year,
                              std::vector<UnitTrainingNeeds>& needs) {
    auto records = storage.submittedGroupOfUnit(RecordStorage::kCrossUnit);
    if (!records) return records.error();
    auto catalogue = resolveCatalog(&storage, {}, year);
    for (const ServerRecord& r : *records) {
        if (r.kind != sync::RecordKindWire::Group || r.year != year) continue;
        auto plain = crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload);
        if (!plain) continue;  // a damaged row never reaches a plan
        auto d = domain::groupDiscussionFromJson(
            std::string_view(reinterpret_cast<const char*>(plain->data()), plain->size()));
        crypto::wipe(*plain);
        if (!d || d->serviceAreaId.empty()) continue;
        const catalog::FormTemplate* form = catalogue ? catalogue->findForm(d->formId) : nullptr;
        std::string name = d->groupKind;
        for (const catalog::GroupKind& kind : form != nullptr ? form->groupKinds : std::vector<catalog::GroupKind>{})
            if (kind.id == d->groupKind) name = kind.name.in(catalog::Lang::Fi);
        // Each point of view's priorities, one need a line (as the next discussion follows them up).
        for (const auto& [key, text] : d->answers) {
            if (key.rfind(domain::kGroupPrioritiesAnswer, 0) != 0) continue;
            domain::GroupDiscussion one;
            one.year = d->year;
            one.answers[std::string(domain::kGroupPrioritiesAnswer)] = text;
            for (domain::GoalFollowUp& item : domain::followUpOf(one))
                needs.push_back({"", name, "", std::move(item.text), {}, d->serviceAreaId});
        }
    }
    return {};
}

}  // namespace osm::server
