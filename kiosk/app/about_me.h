// "Tiedot minusta" (My data): everything the logged-in person can see stored about them, from
// this terminal and from the server's answer to their pull at login: their roster entry, their
// records (kind, year, state, version, last saved, whether the server holds it), the agreements
// about them, and who was handed each record's content, which version, through which terminal
// or web page, and when (the server's read log: docs/protocol.md, "reads").
//
// Plain data built from the session, without ImGui (views/about_me_view.cpp draws it).
#pragma once

#include "session.h"

#include <cstdint>
#include <string>
#include <vector>

namespace osm::kiosk {

// The deliveries of one version of a record to one reader through one channel.
struct MyDataRead {
    std::string reader;   // the reader's name, or their staff number (or "hr:<account>") when unknown
    std::string channel;  // the kiosk's device id; "" for the web pages
    std::uint64_t version = 0;
    std::int64_t firstAt = 0;
    std::int64_t lastAt = 0;
    std::int64_t count = 0;
};

// Where a record stands as this screen says it.
enum class MyDataState { Draft, Submitted, Unknown };
enum class ServerCopy { Holds, NotYet, Unknown };

struct MyDataRecord {
    std::string id;
    std::string kindKey;  // "my_data.kind.development", … ("my_data.kind.other" when not known here)
    int year = 0;         // 0: not known here
    MyDataState state = MyDataState::Unknown;
    std::uint64_t version = 0;  // 0: not known here
    std::int64_t savedAt = 0;   // unix seconds; 0: not known here
    bool onThisTerminal = false;
    ServerCopy server = ServerCopy::Unknown;
    std::string author;  // for an agreement about the person: who recorded it; "" for their own
    std::vector<MyDataRead> reads;
};

struct MyDataView {
    std::string name;
    std::string staffNumber;
    std::string title;
    std::string unitName;
    std::string manager;                // name, or staff number when not on this terminal's roster; "" none
    std::vector<MyDataRecord> records;  // oldest year first
    // Whether the server answered this session's pull: only then are its reads (and the
    // agreements about the person) known here.
    bool fromServer = false;
};

// Built from the session: its own records (this terminal's), the agreements about the person it
// received, the records the server holds of theirs (also those written at other terminals), and
// the reads the server reported. A record known only from the reads is listed with
// what the reads say (its id names kind and year when it is an agreement or a confirmation).
MyDataView buildMyData(const Session& session, const std::string& unitName);

}  // namespace osm::kiosk
