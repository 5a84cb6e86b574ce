// Every message of protocol v1 (docs/protocol.md) as a struct with its JSON form: one include
// for the server's sync service, the kiosk's sync engine, tests and fuzzers.
#pragma once

#include "sync/messages_device.h"
#include "sync/messages_pull.h"
#include "sync/messages_push.h"
