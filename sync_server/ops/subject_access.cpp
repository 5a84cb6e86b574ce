// The subject-access export: one pass over what the server holds about a person, written as
// plain text with Markdown headings (readable as it is, and printable).
#include "ops/subject_access.h"

#include "crypto/aead.h"
#include "crypto/secret_buffer.h"
#include "domain/annual_clock.h"
#include "domain/discussion.h"
#include "hr/hr_html.h"
#include "storage/catalog_resolver.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>

namespace osm::server {
namespace {

using catalog::Lang;

enum class Label {
    Title,
    Created,
    Person,
    StaffNumber,
    Name,
    JobTitle,
    Unit,
    ServiceArea,
    Roles,
    Manager,
    PinSet,
    SetupPending,
    Records,
    NoRecords,
    Kind,
    Year,
    Form,
    State,
    Draft,
    Submitted,
    Updated,
    Versions,
    Conflicts,
    DraftSealed,
    NotOpened,
    Answers,
    Ratings,
    Goals,
    Methods,
    Competence,
    Confirms,
    Groups,
    GroupWithheld,
    RecordedBy,
    Readers,
    ReadersText,
    ReadBy,
    Terminal,
    Web,
    Oss,
    Times,
    Yes,
    No,
    Completions,
    InPriima,
    InOss,
};

// fi, sv, en for each label, in the order of Label.
constexpr const char* kLabels[][3] = {
    {"Henkilötiedot Osaamissillassa", "Personuppgifter i Osaamissilta", "Personal data in Osaamissilta"},
    {"Koottu", "Sammanställt", "Compiled"},
    {"Henkilö", "Person", "Person"},
    {"Henkilönumero", "Personalnummer", "Staff number"},
    {"Nimi", "Namn", "Name"},
    {"Nimike", "Befattning", "Job title"},
    {"Yksikkö", "Enhet", "Unit"},
    {"Palvelualue", "Serviceområde", "Service area"},
    {"Roolit", "Roller", "Roles"},
    {"Esihenkilö", "Chef", "Manager"},
    {"PIN-koodi asetettu", "PIN-kod angiven", "PIN set"},
    {"Kertakäyttökoodi odottaa käyttöä", "Engångskod väntar", "One-time code pending"},
    {"Tallenteet", "Registreringar", "Records"},
    {"Palvelimella ei ole tallenteita.", "Servern har inga registreringar.", "The server holds no records."},
    {"Laji", "Typ", "Kind"},
    {"Vuosi", "År", "Year"},
    {"Lomake", "Blankett", "Form"},
    {"Tila", "Status", "State"},
    {"luonnos", "utkast", "draft"},
    {"lähetetty", "skickad", "submitted"},
    {"Päivitetty", "Uppdaterad", "Updated"},
    {"Versiot", "Versioner", "Versions"},
    {"Ristiriitakopioita", "Konfliktkopior", "Conflict copies"},
    {"Luonnos on salattu tekijänsä avaimella; palvelin ei voi avata sitä. Sisällön näet kirjautumalla "
     "päätteelle PIN-koodillasi.",
     "Utkastet är krypterat med upphovspersonens nyckel; servern kan inte öppna det. Innehållet ser du "
     "genom att logga in på terminalen med din PIN-kod.",
     "A draft is sealed with its author's key; the server cannot open it. Its content is shown at a "
     "terminal after signing in with your PIN."},
    {"Sisältöä ei voitu avata.", "Innehållet kunde inte öppnas.", "The content could not be opened."},
    {"Vastaukset", "Svar", "Answers"},
    {"Osaamisten arviot", "Bedömning av kompetenser", "Competence ratings"},
    {"Tavoitteet", "Mål", "Goals"},
    {"oppimistavat", "inlärningssätt", "methods"},
    {"osaaminen", "kompetens", "competence"},
    {"Vahvistaa kirjauksen", "Bekräftar registreringen", "Confirms the record"},
    {"Ryhmäkeskustelut, joihin osallistuit", "Gruppdiskussioner du deltog i", "Group discussions you took part in"},
    {"Sisältöä ei luovuteta: se sisältää muiden osallistujien puheenvuoroja.",
     "Innehållet lämnas inte ut: det innehåller andra deltagares inlägg.",
     "Content withheld: it holds other participants' contributions."},
    {"Kirjaaja", "Registrerad av", "Recorded by"},
    {"Kuka tietoja lukee", "Vem läser uppgifterna", "Who reads the data"},
    {"Lähetettyä ennakkolomaketta ja kehityskeskustelun kirjausta lukee esihenkilösi (yllä). HR näkee "
     "arviot ja tavoitteet vain nimettöminä koosteina, ei koskaan vapaata tekstiä. Palvelin kirjaa jokaisen "
     "kerran, kun se antaa tallenteen sisällön muulle kuin sen kirjoittajalle: kuka, minkä version, millä "
     "päätteellä tai verkkosivulla ja milloin (\"Luettu\" kunkin tallenteen kohdalla yllä). Kirjaukset "
     "poistetaan tallenteen mukana.",
     "Din inskickade förhandsblankett och registreringen av utvecklingssamtalet läses av din chef (ovan). "
     "HR ser bedömningar och mål endast som anonyma sammanställningar, aldrig fritext. Servern loggar varje "
     "gång den lämnar ut en registrerings innehåll till någon annan än upphovspersonen: vem, vilken version, "
     "på vilken terminal eller webbsida och när (\"Läst\" vid varje registrering ovan). Loggen raderas "
     "tillsammans med registreringen.",
     "Your submitted pre-form and the record of your development discussion are read by your manager "
     "(above). HR sees ratings and goals only as anonymous aggregates, never free text. The server logs "
     "every time it hands a record's content to anyone but its author: who, which version, at which terminal "
     "or web page, and when (\"Read\" under each record above). The log is deleted with its record."},
    {"Luettu", "Läst", "Read"},
    {"pääte", "terminal", "terminal"},
    {"verkkosivu", "webbsida", "web page"},
    {"siirto Oss-järjestelmään", "överföring till Oss", "export to Oss"},
    {"kertaa", "gånger", "times"},
    {"kyllä", "ja", "yes"},
    {"ei", "nej", "no"},
    {"Suoritukset Priimassa ja Ossissa", "Genomförda i Priima och Oss", "Completed in Priima and Oss"},
    {"Priima-kurssi", "Priima-kurs", "Priima course"},
    {"koulutus Ossissa", "utbildning i Oss", "training in Oss"},
};

const char* label(Label l, Lang lang) { return kLabels[static_cast<int>(l)][static_cast<int>(lang)]; }

// fi, sv, en for each role, in the order of domain::Role.
constexpr const char* kRoles[][3] = {
    {"työntekijä", "anställd", "employee"},
    {"esihenkilö", "chef", "manager"},
    {"rehtori", "rektor", "principal"},
    {"päiväkodinjohtaja", "daghemsföreståndare", "daycare director"},
    {"palvelualuejohtaja", "serviceområdesdirektör", "service-area director"},
    {"HR", "HR", "HR"},
    {"kaupunginjohtajan johtoryhmä", "stadsdirektörens ledningsgrupp", "city manager's management group"},
    {"yhteistoimintaelin", "samarbetsorgan", "co-operation committee"},
    {"palvelualueen johtoryhmän jäsen", "medlem i serviceområdets ledningsgrupp",
     "service-area management group member"},
};
static_assert(std::size(kRoles) == static_cast<std::size_t>(domain::Role::ManagementGroup) + 1,
              "a name for every role of domain::Role");

std::string roleNames(const std::vector<domain::Role>& roles, Lang lang) {
    std::string out;
    for (domain::Role r : roles)
        out += (out.empty() ? "" : ", ") + std::string(kRoles[static_cast<int>(r)][static_cast<int>(lang)]);
    return out;
}

struct Writer {
    std::ostringstream out;
    Lang lang;
    void field(Label l, const std::string& value) { out << "- " << label(l, lang) << ": " << value << "\n"; }
    const char* yesNo(bool b) const { return label(b ? Label::Yes : Label::No, lang); }
};

std::string personName(const domain::Organisation& org, const std::string& staffNumber) {
    const domain::Person* p = org.findPerson(staffNumber);
    return p ? p->name + " (" + staffNumber + ")" : staffNumber;
}

// The catalogue of each year a record names, loaded once; nullopt when none applies.
class Catalogues {
public:
    Catalogues(SyncStorage& storage, std::filesystem::path assets) : m_storage(storage), m_assets(std::move(assets)) {}
    const catalog::Catalog* of(int year) {
        auto [it, added] = m_byYear.try_emplace(year);
        if (added) {
            auto c = resolveCatalog(&m_storage, m_assets, year);
            if (c) it->second = std::move(*c);
        }
        return it->second ? &*it->second : nullptr;
    }

private:
    SyncStorage& m_storage;
    std::filesystem::path m_assets;
    std::map<int, std::optional<catalog::Catalog>> m_byYear;
};

void writeDiscussion(Writer& w, const domain::DevelopmentDiscussion& d, const catalog::Catalog* cat) {
    const catalog::FormTemplate* form = cat ? cat->findForm(d.formId) : nullptr;
    if (!d.answers.empty()) w.out << "\n#### " << label(Label::Answers, w.lang) << "\n";
    for (const auto& [key, text] : d.answers) {
        std::string prompt = key;
        for (const catalog::Section& s : form ? form->sections : std::vector<catalog::Section>{}) {
            for (const catalog::Question& q : s.questions) {
                if (domain::answerKey(s.id, q.id) == key) prompt = q.prompt.in(w.lang);
            }
        }
        w.out << "\n**" << prompt << "**\n\n" << text << "\n";
    }
    if (!d.ratings.empty()) w.out << "\n#### " << label(Label::Ratings, w.lang) << "\n";
    for (const domain::CompetenceRating& r : d.ratings) {
        const catalog::Competence* c = cat ? cat->findCompetence(r.competenceId) : nullptr;
        const catalog::RatingLevel* level = cat ? cat->scale.level(r.value) : nullptr;
        w.out << "- " << (c ? c->name.in(w.lang) : r.competenceId) << ": " << r.value;
        if (level != nullptr) w.out << " (" << level->label.in(w.lang) << ")";
        w.out << "\n";
    }
    if (!d.goals.empty()) w.out << "\n#### " << label(Label::Goals, w.lang) << "\n";
    for (const domain::LearningGoal& g : d.goals) {
        w.out << "- " << g.text;
        if (const catalog::Competence* c = cat ? cat->findCompetence(g.competenceId) : nullptr) {
            w.out << "; " << label(Label::Competence, w.lang) << ": " << c->name.in(w.lang);
        }
        if (!g.methodIds.empty()) w.out << "; " << label(Label::Methods, w.lang) << ":";
        for (std::size_t i = 0; i < g.methodIds.size(); ++i) {
            const catalog::LearningMethod* m = cat ? cat->findMethod(g.methodIds[i]) : nullptr;
            w.out << (i ? ", " : " ") << (m ? m->name.in(w.lang) : g.methodIds[i]);
        }
        w.out << "\n";
    }
}

// The submitted content of a record about the person, opened with the storage key.
void writeContent(Writer& w, const ServerRecord& r, const ServerKeys& keys, const catalog::Catalog* cat) {
    if (r.state == sync::RecordStateWire::Draft) {
        w.out << "\n" << label(Label::DraftSealed, w.lang) << "\n";
        return;
    }
    auto plain = crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload);
    if (!plain) {
        w.out << "\n" << label(Label::NotOpened, w.lang) << "\n";
        return;
    }
    const std::string_view json(*plain);
    bool shown = false;
    if (r.kind == sync::RecordKindWire::Development) {
        if (auto d = domain::developmentDiscussionFromJson(json)) writeDiscussion(w, *d, cat), shown = true;
    } else if (r.kind == sync::RecordKindWire::Agreement) {
        if (auto a = domain::agreementFromJson(json)) writeDiscussion(w, a->discussion, cat), shown = true;
    } else if (r.kind == sync::RecordKindWire::Confirmation) {
        if (auto c = domain::confirmationFromJson(json)) {
            w.field(Label::Confirms, c->agreementId + " v" + std::to_string(c->agreementVersion));
            shown = true;
        }
    }
    crypto::wipe(*plain);
    if (!shown) w.out << "\n" << label(Label::NotOpened, w.lang) << "\n";
}

// Who was handed this record's content, one line per version, reader and channel.
void writeReads(Writer& w, const ServerRecord& r, const std::vector<ReadSummary>& reads) {
    bool headed = false;
    for (const ReadSummary& read : reads) {
        if (read.recordId != r.id) continue;
        if (!headed) w.out << "- " << label(Label::ReadBy, w.lang) << ":\n";
        headed = true;
        const std::string reader = read.readerName.empty() ? read.reader : read.readerName + " (" + read.reader + ")";
        const std::string channel = read.channel == "web"   ? label(Label::Web, w.lang)
                                    : read.channel == "oss" ? label(Label::Oss, w.lang)
                                                            : label(Label::Terminal, w.lang) + (" " + read.channel);
        w.out << "  - v" << read.version << " " << reader << ", " << channel << ": " << formatLocalTime(read.firstAt);
        if (read.count > 1)
            w.out << " – " << formatLocalTime(read.lastAt) << ", " << read.count << " " << label(Label::Times, w.lang);
        w.out << "\n";
    }
}

Status writeRecord(Writer& w, SyncStorage& storage, const ServerKeys& keys, Catalogues& catalogues,
                   const ServerRecord& r, const std::vector<ReadSummary>& reads) {
    const catalog::Catalog* cat = catalogues.of(r.year);
    const catalog::FormTemplate* form = cat ? cat->findForm(r.formId) : nullptr;
    w.out << "\n### " << (form ? form->title.in(w.lang) : r.formId) << " " << r.year << "\n\n";
    w.field(Label::Kind, sync::kindName(r.kind) + std::string(" (") + r.id + ")");
    w.field(Label::State, label(r.state == sync::RecordStateWire::Draft ? Label::Draft : Label::Submitted, w.lang));
    w.field(Label::Updated, formatLocalTime(r.updatedAt));
    auto history = storage.versionHistory(r.id);
    if (!history) return history.error();
    std::string versions;
    for (const RecordVersionInfo& v : *history) {
        versions +=
            (versions.empty() ? "" : ", ") + ("v" + std::to_string(v.version)) + " " + formatLocalTime(v.storedAt);
    }
    w.field(Label::Versions, versions.empty() ? "v" + std::to_string(r.version) : versions);
    auto conflicts = storage.conflictCount(r.id);
    if (!conflicts) return conflicts.error();
    if (*conflicts > 0) w.field(Label::Conflicts, std::to_string(*conflicts));
    writeReads(w, r, reads);
    writeContent(w, r, keys, cat);
    return {};
}

// Group discussions of the person's unit, and cross-unit groups' (filed under no unit), that
// list them as a participant: the facts only.
Status writeGroups(Writer& w, SyncStorage& storage, const ServerKeys& keys, const domain::Organisation& org,
                   const domain::Person& person) {
    auto groups = storage.submittedGroupOfUnit(RecordStorage::kCrossUnit);
    if (!groups) return groups.error();
    if (!person.unitId.empty()) {
        auto ofUnit = storage.submittedGroupOfUnit(person.unitId);
        if (!ofUnit) return ofUnit.error();
        groups->insert(groups->begin(), ofUnit->begin(), ofUnit->end());
    }
    bool headed = false;
    for (const ServerRecord& r : *groups) {
        auto plain = crypto::open(keys.storage, {r.id, r.owner, r.version}, r.payload);
        if (!plain) continue;
        auto g = domain::groupDiscussionFromJson(*plain);
        crypto::wipe(*plain);
        if (!g ||
            std::find(g->participants.begin(), g->participants.end(), person.staffNumber) == g->participants.end())
            continue;
        if (!headed)
            w.out << "\n## " << label(Label::Groups, w.lang) << "\n\n" << label(Label::GroupWithheld, w.lang) << "\n";
        headed = true;
        w.out << "\n";
        w.field(Label::Year, std::to_string(r.year) + " (" + r.id + ")");
        w.field(Label::RecordedBy, personName(org, g->recordedBy));
        w.field(Label::Updated, formatLocalTime(r.updatedAt));
    }
    return {};
}

Result<domain::Organisation> organisationOf(SyncStorage& storage) {
    domain::Organisation org;
    auto areas = storage.serviceAreas();
    if (!areas) return areas.error();
    auto units = storage.units();
    if (!units) return units.error();
    auto people = storage.people();
    if (!people) return people.error();
    org.serviceAreas = std::move(*areas);
    org.units = std::move(*units);
    for (sync::RosterEntry& e : *people) org.people.push_back(std::move(e.person));
    return org;
}

}  // namespace

namespace {

// What the person completed in Priima and Oss, as imported (docs/integrations.md); nothing when none.
Status writeCompletions(Writer& w, SyncStorage& storage, Catalogues& catalogues, const std::string& staffNumber) {
    auto done = storage.completionsOf({staffNumber});
    if (!done) return done.error();
    if (done->empty()) return {};
    w.out << "\n## " << label(Label::Completions, w.lang) << "\n\n";
    for (const sync::Completion& c : *done) {
        std::string name = c.source == "oss" ? c.name : c.course;
        const auto date = domain::parseDate(c.date);
        const catalog::Catalog* catalogue = date ? catalogues.of(date->year) : nullptr;
        if (const auto* course = catalogue ? catalogue->findMethod("priima." + c.course) : nullptr;
            c.source == "priima" && course != nullptr)
            name = course->name.in(w.lang);
        w.out << "- " << name << " (" << label(c.source == "oss" ? Label::InOss : Label::InPriima, w.lang) << ", "
              << domain::finnishDate(c.date) << (c.minutes > 0 ? ", " + sync::hoursText(c) + " h" : "") << ")\n";
    }
    return {};
}

}  // namespace

Result<std::string> subjectAccessExport(SyncStorage& storage, const ServerKeys& keys,
                                        const std::filesystem::path& assetsDir, const SubjectAccessRequest& request) {
    auto entry = storage.person(request.staffNumber);
    if (!entry) return entry.error();
    if (!*entry) {  // a leaver: as the roster last held them
        auto departures = storage.departuresOf(request.staffNumber);
        if (!departures) return departures.error();
        if (departures->empty())
            return makeError(ErrorCode::NotFound, "no person with staff number " + request.staffNumber);
        *entry = departures->back().entry;
    }
    auto org = organisationOf(storage);
    if (!org) return org.error();
    const domain::Person& p = (*entry)->person;
    Writer w{{}, request.lang};
    w.out << "# " << label(Label::Title, w.lang) << "\n\n";
    w.field(Label::Created, formatLocalTime(request.now));
    w.out << "\n## " << label(Label::Person, w.lang) << "\n\n";
    w.field(Label::StaffNumber, p.staffNumber);
    w.field(Label::Name, p.name);
    w.field(Label::JobTitle, p.title);
    const domain::Unit* unit = org->findUnit(p.unitId);
    if (unit != nullptr) w.field(Label::Unit, unit->name);
    const domain::ServiceArea* area = org->findServiceArea(p.serviceAreaId);
    if (area != nullptr) w.field(Label::ServiceArea, area->name);
    w.field(Label::Roles, roleNames(p.roles, w.lang));
    if (!p.managerStaffNumber.empty()) w.field(Label::Manager, personName(*org, p.managerStaffNumber));
    w.field(Label::PinSet, w.yesNo(!(*entry)->pin.verifierHex.empty()));
    w.field(Label::SetupPending, w.yesNo(!(*entry)->setupCode.verifierHex.empty()));

    auto records = storage.recordsAbout(p.staffNumber);
    if (!records) return records.error();
    w.out << "\n## " << label(Label::Records, w.lang) << "\n";
    if (records->empty()) w.out << "\n" << label(Label::NoRecords, w.lang) << "\n";
    auto reads = storage.readsAbout(p.staffNumber);
    if (!reads) return reads.error();
    Catalogues catalogues(storage, assetsDir);
    for (const ServerRecord& r : *records) {
        if (auto status = writeRecord(w, storage, keys, catalogues, r, *reads); !status) return status.error();
    }
    if (auto status = writeGroups(w, storage, keys, *org, p); !status) return status.error();
    if (auto status = writeCompletions(w, storage, catalogues, p.staffNumber); !status) return status.error();
    w.out << "\n## " << label(Label::Readers, w.lang) << "\n\n" << label(Label::ReadersText, w.lang) << "\n";
    return w.out.str();
}

}  // namespace osm::server
