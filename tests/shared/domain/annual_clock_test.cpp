// What is due for whom and when: both sectors (alternating and city default) and both
// parities of year, with the demo organisation and the 2026 catalogue.
#include "domain/annual_clock.h"

#include "test_support.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace osm;
using namespace osm::domain;

namespace {

struct Fixture {
    catalog::Catalog catalog = *catalog::loadCatalogYear(test::assetsDir(), 2026);
    Organisation org = *loadOrganisationFile(test::assetsDir() / "demo" / "organisation.json");

    std::vector<std::string> due(const std::string& staffNumber, const std::string& date) const {
        std::vector<std::string> ids;
        for (const ScheduledEvent& e : dueNow(*org.findPerson(staffNumber), catalog, *parseDate(date)))
            ids.push_back(e.event->id);
        return ids;
    }
};

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE_FIXTURE(Fixture, "early childhood education staff alternate individual and group years") {
    CHECK(due("1001", "2026-02-10") == Ids{"staff_development_discussion"});
    CHECK(due("1001", "2027-02-10") == Ids{"team_group_discussion"});
    CHECK(due("1001", "2028-01-01") == Ids{"staff_development_discussion"});
    CHECK(due("1001", "2026-04-01").empty());
    CHECK(due("1001", "2026-03-31") == Ids{"staff_development_discussion"});
}

TEST_CASE_FIXTURE(Fixture, "teaching staff follow the same alternation") {
    CHECK(due("2001", "2026-01-15") == Ids{"staff_development_discussion"});
    CHECK(due("2001", "2027-03-15") == Ids{"team_group_discussion"});
}

TEST_CASE_FIXTURE(Fixture, "the city default sector holds both every year") {
    const Ids both{"staff_development_discussion", "team_group_discussion"};
    CHECK(due("4001", "2026-02-10") == both);
    CHECK(due("4001", "2027-02-10") == both);
    CHECK(due("4002", "2026-02-10") == Ids{"team_group_discussion", "manager_development_discussion"});
}

TEST_CASE_FIXTURE(Fixture, "principals and daycare directors have their own discussion every year") {
    CHECK(due("1005", "2026-02-10") == Ids{"manager_development_discussion", "principals_directors_group_discussion"});
    CHECK(due("1005", "2027-02-10") ==
          Ids{"team_group_discussion", "manager_development_discussion", "principals_directors_group_discussion"});
    CHECK(due("2004", "2026-02-10") == Ids{"manager_development_discussion", "principals_directors_group_discussion"});
}

TEST_CASE_FIXTURE(Fixture, "service-area management, HR and the rest of the year") {
    CHECK(due("3001", "2026-02-10") == Ids{"manager_development_discussion"});
    CHECK(due("3001", "2026-06-10") == Ids{"service_area_group_discussion"});
    CHECK(due("9001", "2026-02-10").empty());
    CHECK(due("9001", "2026-09-30") == Ids{"staff_training_planning"});
    CHECK(due("1001", "2026-11-27").empty());
}

TEST_CASE_FIXTURE(Fixture, "which parity is individual is configuration") {
    catalog.clock.individualInEvenYears = false;
    CHECK(due("1001", "2026-02-10") == Ids{"team_group_discussion"});
    CHECK(due("1001", "2027-02-10") == Ids{"staff_development_discussion"});
    CHECK(due("4001", "2026-02-10") == Ids{"staff_development_discussion", "team_group_discussion"});
}

TEST_CASE_FIXTURE(Fixture, "a schedule gives each event its window") {
    const auto schedule = scheduleFor(*org.findPerson("1001"), catalog, 2024);
    REQUIRE(schedule.size() == 1);
    CHECK(schedule[0].opens == Date{2024, 1, 1});
    CHECK(schedule[0].closes == Date{2024, 3, 31});
    CHECK(daysInMonth(2024, 2) == 29);
    CHECK(daysInMonth(2026, 2) == 28);
    CHECK(daysInMonth(2100, 2) == 28);
}

TEST_CASE("dates parse strictly") {
    CHECK(*parseDate("2026-02-28") == Date{2026, 2, 28});
    CHECK_FALSE(parseDate("2026-02-29").ok());
    CHECK_FALSE(parseDate("2026-13-01").ok());
    CHECK_FALSE(parseDate("26-01-01").ok());
    CHECK_FALSE(parseDate("2026-1-011").ok());
    const Date now = today();
    CHECK(now.year >= 2024);
}

TEST_CASE_FIXTURE(Fixture, "a window ended is late, and only one not begun opens later") {
    const auto window = developmentWindow(*org.findPerson("1001"), catalog, 2026);
    REQUIRE(window.has_value());
    CHECK(window->event->id == "staff_development_discussion");
    CHECK(windowState(*window, Date{2025, 12, 31}) == WindowState::NotYetOpen);
    CHECK(windowState(*window, Date{2026, 1, 1}) == WindowState::Open);
    CHECK(windowState(*window, Date{2026, 3, 31}) == WindowState::Open);
    CHECK(windowState(*window, Date{2026, 4, 1}) == WindowState::Late);
    CHECK(windowState(*window, Date{2026, 12, 31}) == WindowState::Late);
    // In her group year she has no development discussion to be late with.
    CHECK_FALSE(developmentWindow(*org.findPerson("1001"), catalog, 2027).has_value());
}
