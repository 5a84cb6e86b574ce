// SyncStorage: everything the sync server keeps, as the union of the storage interfaces by
// concern (roster, catalogues, devices and nonces, records, HR's and leaders' accounts and sessions, training
// plans, the instance, HR's released figures, departures from units, retention, the read log, completions from Priima and Oss). Code that needs one concern takes
// that interface; SyncStorage is for the
// places that need many (the sync service, operator commands). The embedded default is SQLite
// (one file, WAL, synchronous=FULL, one connection shared by every concern); a PostgreSQL
// backend for county-sized deployments is another implementation of the same interfaces.
//
// Thread safety: every method may be called from any thread.
#pragma once

#include "storage/catalog_storage.h"
#include "storage/completion_storage.h"
#include "storage/departure_storage.h"
#include "storage/device_storage.h"
#include "storage/hr_account_storage.h"
#include "storage/instance_storage.h"
#include "storage/leader_account_storage.h"
#include "storage/plan_storage.h"
#include "storage/read_log_storage.h"
#include "storage/record_storage.h"
#include "storage/release_storage.h"
#include "storage/retention_storage.h"
#include "storage/roster_storage.h"

#include <memory>
#include <string>

namespace osm::server {

// The interfaces are virtual bases, so an implementation may combine one class per concern.
class SyncStorage : public virtual RosterStorage,
                    public virtual CatalogStorage,
                    public virtual DeviceStorage,
                    public virtual RecordStorage,
                    public virtual HrAccountStorage,
                    public virtual LeaderAccountStorage,
                    public virtual PlanStorage,
                    public virtual InstanceStorage,
                    public virtual ReleaseStorage,
                    public virtual DepartureStorage,
                    public virtual RetentionStorage,
                    public virtual ReadLogStorage,
                    public virtual CompletionStorage {};

enum class SchemaUpgrade { Migrate, AsIs };

// Opens (creating) the SQLite file and migrates it to this program's schema; with AsIs (for
// checking a backup without changing it) the file is read as it is.
Result<std::unique_ptr<SyncStorage>> openSqliteStorage(const std::string& path,
                                                       SchemaUpgrade upgrade = SchemaUpgrade::Migrate);

}  // namespace osm::server
