// A kiosk without a window for logic tests: a real SQLite file in a temp folder, the real
// catalogue and translations, a clock the test moves by hand, and a real worker thread.
#pragma once

#include "kiosk_app.h"
#include "test_support.h"

#include "crypto/kdf.h"

#include <memory>
#include <string>

namespace osm::test {

class ManualClock : public kiosk::Clock {
public:
    double monotonic() const override { return m_seconds; }
    std::int64_t unixSeconds() const override { return 1'770'000'000 + static_cast<std::int64_t>(m_seconds); }
    domain::Date date() const override { return m_date; }
    void advance(double seconds) { m_seconds += seconds; }
    void setDate(domain::Date date) { m_date = date; }

private:
    double m_seconds = 1000;
    domain::Date m_date{2026, 2, 10};
};

// People of the fixture's unit, all with cheap KDF parameters so tests can log in often.
struct KioskFixture {
    TempDir dir;
    ManualClock clock;
    kiosk::Worker worker;
    std::unique_ptr<kiosk::KioskApp> app;
    std::string dbPath = (dir / "kiosk.db").string();

    KioskFixture();
    ~KioskFixture();

    // (Re)starts the app on the same store file, as after a power cut or restart.
    void restart();
    void addPerson(const std::string& staffNumber, const std::string& name, std::vector<domain::Role> roles,
                   const std::string& pin, const std::string& setupCode = {});
    // Drives the login screens; returns true when the home screen was reached.
    bool login(const std::string& staffNumber, const std::string& pin);
    kiosk::KioskStore openStore() const;
    kiosk::KioskConfig config;
};

}  // namespace osm::test
