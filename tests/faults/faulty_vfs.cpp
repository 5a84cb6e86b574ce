// The wrapper forwards every call to the default VFS's file; only xWrite, xSync and
// xTruncate ask the FaultyVfs first. WAL needs the shared-memory methods, so all of
// io_methods version 3 are forwarded.
#include "faulty_vfs.h"

#include <sqlite3.h>

#include <cstring>
#include <utility>
#include <stdexcept>

namespace osm::test {
namespace {

FaultyVfs* g_active = nullptr;
sqlite3_vfs g_vfs;
sqlite3_vfs* g_real = nullptr;

struct WrappedFile {
    sqlite3_file base;
    sqlite3_file* real;  // lives right after this struct, in the same allocation
    bool faulty;         // the path matched the FaultyVfs's filter
};

sqlite3_file* realOf(sqlite3_file* file) { return reinterpret_cast<WrappedFile*>(file)->real; }

int failIfAsked(sqlite3_file* f, bool isWrite) {
    return g_active && reinterpret_cast<WrappedFile*>(f)->faulty ? g_active->verdict(isWrite) : 0;
}

int xClose(sqlite3_file* f) { return realOf(f)->pMethods->xClose(realOf(f)); }
int xRead(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
    return realOf(f)->pMethods->xRead(realOf(f), buffer, amount, offset);
}
int xWrite(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
    if (int rc = failIfAsked(f, true)) return rc;
    return realOf(f)->pMethods->xWrite(realOf(f), buffer, amount, offset);
}
int xTruncate(sqlite3_file* f, sqlite3_int64 size) {
    if (int rc = failIfAsked(f, true)) return rc;
    return realOf(f)->pMethods->xTruncate(realOf(f), size);
}
int xSync(sqlite3_file* f, int flags) {
    if (int rc = failIfAsked(f, false)) return rc;
    return realOf(f)->pMethods->xSync(realOf(f), flags);
}
int xFileSize(sqlite3_file* f, sqlite3_int64* size) { return realOf(f)->pMethods->xFileSize(realOf(f), size); }
int xLock(sqlite3_file* f, int level) { return realOf(f)->pMethods->xLock(realOf(f), level); }
int xUnlock(sqlite3_file* f, int level) { return realOf(f)->pMethods->xUnlock(realOf(f), level); }
int xCheckReservedLock(sqlite3_file* f, int* out) { return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out); }
int xFileControl(sqlite3_file* f, int op, void* arg) { return realOf(f)->pMethods->xFileControl(realOf(f), op, arg); }
int xSectorSize(sqlite3_file* f) { return realOf(f)->pMethods->xSectorSize(realOf(f)); }
int xDeviceCharacteristics(sqlite3_file* f) { return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f)); }
int xShmMap(sqlite3_file* f, int page, int size, int extend, void volatile** out) {
    return realOf(f)->pMethods->xShmMap(realOf(f), page, size, extend, out);
}
int xShmLock(sqlite3_file* f, int offset, int n, int flags) {
    return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags);
}
void xShmBarrier(sqlite3_file* f) { realOf(f)->pMethods->xShmBarrier(realOf(f)); }
int xShmUnmap(sqlite3_file* f, int deleteFlag) { return realOf(f)->pMethods->xShmUnmap(realOf(f), deleteFlag); }
int xFetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    return realOf(f)->pMethods->xFetch(realOf(f), offset, amount, out);
}
int xUnfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
    return realOf(f)->pMethods->xUnfetch(realOf(f), offset, page);
}

const sqlite3_io_methods g_methods = {3,
                                      xClose,
                                      xRead,
                                      xWrite,
                                      xTruncate,
                                      xSync,
                                      xFileSize,
                                      xLock,
                                      xUnlock,
                                      xCheckReservedLock,
                                      xFileControl,
                                      xSectorSize,
                                      xDeviceCharacteristics,
                                      xShmMap,
                                      xShmLock,
                                      xShmBarrier,
                                      xShmUnmap,
                                      xFetch,
                                      xUnfetch};

int xOpen(sqlite3_vfs*, const char* name, sqlite3_file* file, int flags, int* outFlags) {
    auto* wrapped = reinterpret_cast<WrappedFile*>(file);
    wrapped->base.pMethods = nullptr;
    wrapped->real = reinterpret_cast<sqlite3_file*>(wrapped + 1);
    wrapped->faulty = name != nullptr && g_active && std::strstr(name, g_active->pathPart().c_str()) != nullptr;
    const int rc = g_real->xOpen(g_real, name, wrapped->real, flags, outFlags);
    if (rc == SQLITE_OK && wrapped->real->pMethods) wrapped->base.pMethods = &g_methods;
    return rc;
}

}  // namespace

FaultyVfs::FaultyVfs(std::string pathPart) : m_pathPart(std::move(pathPart)) {
    if (g_active) throw std::logic_error("one FaultyVfs at a time");
    g_real = sqlite3_vfs_find(nullptr);
    m_previous = g_real;
    g_vfs = *g_real;
    g_vfs.zName = "osm-faulty";
    g_vfs.szOsFile = static_cast<int>(sizeof(WrappedFile)) + g_real->szOsFile;
    g_vfs.xOpen = xOpen;
    g_active = this;
    sqlite3_vfs_register(&g_vfs, 1);
}

FaultyVfs::~FaultyVfs() {
    heal();
    sqlite3_vfs_register(m_previous, 1);
    sqlite3_vfs_unregister(&g_vfs);
    g_active = nullptr;
}

int FaultyVfs::verdict(bool isWrite) {
    switch (m_mode.load()) {
    case Mode::Healthy: return 0;
    case Mode::Full: ++m_failures; return isWrite ? SQLITE_FULL : SQLITE_IOERR_FSYNC;
    case Mode::OneInN: {
        std::lock_guard lock(m_randomMutex);
        if (std::uniform_int_distribution<int>(1, m_oneIn)(m_random) != 1) return 0;
        ++m_failures;
        return isWrite ? SQLITE_IOERR_WRITE : SQLITE_IOERR_FSYNC;
    }
    }
    return 0;
}

}  // namespace osm::test
