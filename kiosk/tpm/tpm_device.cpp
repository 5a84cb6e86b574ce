// ESAPI calls behind TpmDevice. The storage key is made again from a fixed template at each
// open (the same key while the TPM is not cleared), so no persistent handle needs managing.
#include "tpm_device.h"

#include "crypto/secret_buffer.h"

#include <tss2/tss2_esys.h>
#include <tss2/tss2_mu.h>
#include <tss2/tss2_rc.h>
#include <tss2/tss2_tctildr.h>

#include <cstdlib>
#include <cstring>
#include <mutex>

namespace osm::kiosk::tpm {
namespace {

constexpr std::uint8_t kBlobVersion = 1;

// A TPM answer's code without the handle, session or parameter number it names.
TSS2_RC baseCode(TSS2_RC rc) {
    if ((rc & TSS2_RC_LAYER_MASK) != TSS2_TPM_RC_LAYER) return rc;
    return (rc & TPM2_RC_FMT1) ? (rc & (TPM2_RC_FMT1 | 0x3F)) : rc;
}

Error tpmError(const char* what, TSS2_RC rc) {
    const TSS2_RC code = baseCode(rc);
    const std::string text = std::string(what) + ": " + Tss2_RC_Decode(rc);
    if (code == TPM2_RC_AUTH_FAIL || code == TPM2_RC_BAD_AUTH) return {ErrorCode::Refused, text};
    if (code == TPM2_RC_LOCKOUT) return {ErrorCode::Locked, text};
    if (code == TPM2_RC_INTEGRITY || code == TPM2_RC_SIZE || code == TPM2_RC_VALUE || code == TPM2_RC_INSUFFICIENT)
        return {ErrorCode::InvalidInput, text};
    return {ErrorCode::Io, text};
}

// The owner hierarchy's storage key: ECC P-256 (quick to make, also in swtpm), restricted
// decryption, AES-128-CFB for its children, noDA (its empty authorisation cannot be guessed).
TPM2B_PUBLIC storageKeyTemplate() {
    TPM2B_PUBLIC t{};
    TPMT_PUBLIC& p = t.publicArea;
    p.type = TPM2_ALG_ECC;
    p.nameAlg = TPM2_ALG_SHA256;
    p.objectAttributes = TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_RESTRICTED | TPMA_OBJECT_DECRYPT |
                         TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT | TPMA_OBJECT_SENSITIVEDATAORIGIN |
                         TPMA_OBJECT_NODA;
    p.parameters.eccDetail.symmetric.algorithm = TPM2_ALG_AES;
    p.parameters.eccDetail.symmetric.keyBits.aes = 128;
    p.parameters.eccDetail.symmetric.mode.aes = TPM2_ALG_CFB;
    p.parameters.eccDetail.scheme.scheme = TPM2_ALG_NULL;
    p.parameters.eccDetail.curveID = TPM2_ECC_NIST_P256;
    p.parameters.eccDetail.kdf.scheme = TPM2_ALG_NULL;
    return t;
}

TPM2B_PUBLIC sealedObjectTemplate(bool countFailures) {
    TPM2B_PUBLIC t{};
    TPMT_PUBLIC& p = t.publicArea;
    p.type = TPM2_ALG_KEYEDHASH;
    p.nameAlg = TPM2_ALG_SHA256;
    p.objectAttributes = TPMA_OBJECT_USERWITHAUTH | TPMA_OBJECT_FIXEDTPM | TPMA_OBJECT_FIXEDPARENT;
    if (!countFailures) p.objectAttributes |= TPMA_OBJECT_NODA;
    p.parameters.keyedHashDetail.scheme.scheme = TPM2_ALG_NULL;
    return t;
}

template <typename T>
struct EsysFree {
    void operator()(T* p) const { Esys_Free(p); }
};
template <typename T>
using EsysPtr = std::unique_ptr<T, EsysFree<T>>;

// What TPM2_Create and TPM2_CreatePrimary hand back besides the object, freed when done.
struct CreationOutputs {
    TPM2B_PUBLIC* outPublic = nullptr;
    TPM2B_CREATION_DATA* creationData = nullptr;
    TPM2B_DIGEST* creationHash = nullptr;
    TPMT_TK_CREATION* ticket = nullptr;
    const TPM2B_DATA outside{};
    const TPML_PCR_SELECTION pcrs{};
    ~CreationOutputs() {
        Esys_Free(outPublic);
        Esys_Free(creationData);
        Esys_Free(creationHash);
        Esys_Free(ticket);
    }
};

}  // namespace

std::string chooseTcti(const std::string& option) {
    if (!option.empty()) return option;
    const char* env = std::getenv("OSM_TPM_TCTI");
    if (env && *env) return env;
    return "device:/dev/tpmrm0";
}

struct TpmDevice::Impl {
    std::recursive_mutex mutex;  // the kiosk's worker and its sync thread share one TPM
    TSS2_TCTI_CONTEXT* tcti = nullptr;
    ESYS_CONTEXT* esys = nullptr;
    ESYS_TR storageKey = ESYS_TR_NONE;

    ~Impl() {
        if (esys && storageKey != ESYS_TR_NONE) (void)Esys_FlushContext(esys, storageKey);
        if (esys) Esys_Finalize(&esys);
        if (tcti) Tss2_TctiLdr_Finalize(&tcti);
    }

    // The storage key, made on first use.
    Result<ESYS_TR> storage() {
        if (storageKey != ESYS_TR_NONE) return storageKey;
        TPM2B_SENSITIVE_CREATE sensitive{};
        const TPM2B_PUBLIC templ = storageKeyTemplate();
        CreationOutputs out;
        const TSS2_RC rc = Esys_CreatePrimary(esys, ESYS_TR_RH_OWNER, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                                              &sensitive, &templ, &out.outside, &out.pcrs, &storageKey, &out.outPublic,
                                              &out.creationData, &out.creationHash, &out.ticket);
        if (rc != TSS2_RC_SUCCESS) {
            storageKey = ESYS_TR_NONE;
            return tpmError("creating the storage key", rc);
        }
        return storageKey;
    }

    // A salted HMAC session (salted with the storage key) that encrypts the first parameter of
    // each command and of each answer. The caller flushes it.
    Result<ESYS_TR> encryptedSession() {
        auto key = storage();
        if (!key) return key.error();
        const TPMT_SYM_DEF symmetric{TPM2_ALG_AES, {128}, {TPM2_ALG_CFB}};
        ESYS_TR session = ESYS_TR_NONE;
        TSS2_RC rc = Esys_StartAuthSession(esys, *key, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, nullptr,
                                           TPM2_SE_HMAC, &symmetric, TPM2_ALG_SHA256, &session);
        if (rc != TSS2_RC_SUCCESS) return tpmError("starting an encrypted session", rc);
        const TPMA_SESSION flags = TPMA_SESSION_DECRYPT | TPMA_SESSION_ENCRYPT | TPMA_SESSION_CONTINUESESSION;
        rc = Esys_TRSess_SetAttributes(esys, session, flags, 0xff);
        if (rc != TSS2_RC_SUCCESS) {
            (void)Esys_FlushContext(esys, session);
            return tpmError("setting the session's encryption", rc);
        }
        return session;
    }
};

TpmDevice::TpmDevice(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
TpmDevice::~TpmDevice() = default;
TpmDevice::TpmDevice(TpmDevice&& other) noexcept = default;
TpmDevice& TpmDevice::operator=(TpmDevice&& other) noexcept = default;

Result<TpmDevice> TpmDevice::open(const std::string& tcti) {
    if (tcti.empty() || tcti == "none") return makeError(ErrorCode::NotFound, "no TPM configured (TCTI \"none\")");
    // tpm2-tss logs every refused authorisation (a wrong PIN) to standard error; the kiosk reports
    // what matters itself. An operator's TSS2_LOG still wins.
    ::setenv("TSS2_LOG", "all+NONE", 0);
    auto impl = std::make_unique<Impl>();
    TSS2_RC rc = Tss2_TctiLdr_Initialize(tcti.c_str(), &impl->tcti);
    if (rc != TSS2_RC_SUCCESS) {
        impl->tcti = nullptr;
        return makeError(ErrorCode::NotFound, "no TPM at \"" + tcti + "\": " + Tss2_RC_Decode(rc));
    }
    rc = Esys_Initialize(&impl->esys, impl->tcti, nullptr);
    if (rc != TSS2_RC_SUCCESS) {
        impl->esys = nullptr;
        return makeError(ErrorCode::NotFound, "the TPM at \"" + tcti + "\" does not answer: " + Tss2_RC_Decode(rc));
    }
    // A TPM the firmware has not started yet (a simulator) is started here; one that was
    // started answers TPM_RC_INITIALIZE, which is fine.
    rc = Esys_Startup(impl->esys, TPM2_SU_CLEAR);
    if (rc != TSS2_RC_SUCCESS && baseCode(rc) != TPM2_RC_INITIALIZE)
        return makeError(ErrorCode::NotFound, "the TPM at \"" + tcti + "\" does not start: " + Tss2_RC_Decode(rc));
    return TpmDevice(std::move(impl));
}

Result<TpmStatus> TpmDevice::status() {
    const std::lock_guard lock(m_impl->mutex);
    TpmStatus status;
    TPMI_YES_NO more = TPM2_NO;
    TPMS_CAPABILITY_DATA* raw = nullptr;
    TSS2_RC rc = Esys_GetCapability(m_impl->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_TPM_PROPERTIES,
                                    TPM2_PT_MANUFACTURER, 1, &more, &raw);
    EsysPtr<TPMS_CAPABILITY_DATA> fixed(raw);
    if (rc != TSS2_RC_SUCCESS) return tpmError("reading the TPM's manufacturer", rc);
    for (std::uint32_t i = 0; i < fixed->data.tpmProperties.count; ++i) {
        const TPMS_TAGGED_PROPERTY& p = fixed->data.tpmProperties.tpmProperty[i];
        if (p.property != TPM2_PT_MANUFACTURER) continue;
        for (int shift = 24; shift >= 0; shift -= 8)
            status.manufacturer += static_cast<char>((p.value >> shift) & 0xff);
    }
    raw = nullptr;
    rc = Esys_GetCapability(m_impl->esys, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, TPM2_CAP_TPM_PROPERTIES,
                            TPM2_PT_PERMANENT, TPM2_PT_LOCKOUT_RECOVERY - TPM2_PT_PERMANENT + 1, &more, &raw);
    EsysPtr<TPMS_CAPABILITY_DATA> variable(raw);
    if (rc != TSS2_RC_SUCCESS) return tpmError("reading the TPM's lockout state", rc);
    for (std::uint32_t i = 0; i < variable->data.tpmProperties.count; ++i) {
        const TPMS_TAGGED_PROPERTY& p = variable->data.tpmProperties.tpmProperty[i];
        switch (p.property) {
        case TPM2_PT_PERMANENT:
            status.lockoutAuthSet = (p.value & TPMA_PERMANENT_LOCKOUTAUTHSET) != 0;
            status.inLockout = (p.value & TPMA_PERMANENT_INLOCKOUT) != 0;
            break;
        case TPM2_PT_LOCKOUT_COUNTER: status.failedTries = p.value; break;
        case TPM2_PT_MAX_AUTH_FAIL: status.maxTries = p.value; break;
        case TPM2_PT_LOCKOUT_INTERVAL: status.recoveryTime = p.value; break;
        case TPM2_PT_LOCKOUT_RECOVERY: status.lockoutRecovery = p.value; break;
        default: break;
        }
    }
    return status;
}

Result<bool> TpmDevice::protectAgainstGuessing(const LockoutPolicy& policy) {
    const std::lock_guard lock(m_impl->mutex);
    auto current = status();
    if (!current) return current.error();
    if (current->lockoutAuthSet) return false;
    auto session = m_impl->encryptedSession();
    if (!session) return session.error();
    ESYS_CONTEXT* esys = m_impl->esys;
    TSS2_RC rc = Esys_DictionaryAttackParameters(esys, ESYS_TR_RH_LOCKOUT, *session, ESYS_TR_NONE, ESYS_TR_NONE,
                                                 policy.maxTries, policy.recoveryTime, policy.lockoutRecovery);
    if (rc == TSS2_RC_SUCCESS) {
        // The lockout authorisation: random, sent encrypted, and forgotten at once.
        TPM2B_AUTH fresh{};
        crypto::Bytes random = crypto::randomBytes(32);
        fresh.size = static_cast<UINT16>(random.size());
        std::memcpy(fresh.buffer, random.data(), random.size());
        crypto::wipe(random);
        rc = Esys_HierarchyChangeAuth(esys, ESYS_TR_RH_LOCKOUT, *session, ESYS_TR_NONE, ESYS_TR_NONE, &fresh);
        crypto::wipeMemory(&fresh, sizeof fresh);
    }
    (void)Esys_FlushContext(esys, *session);
    if (rc != TSS2_RC_SUCCESS) return tpmError("setting the dictionary-attack protection", rc);
    return true;
}

Result<crypto::Bytes> TpmDevice::seal(std::span<const std::uint8_t> secret, std::span<const std::uint8_t> auth,
                                      bool countFailures) {
    TPM2B_SENSITIVE_CREATE sensitive{};
    if (secret.empty() || secret.size() > sizeof sensitive.sensitive.data.buffer || auth.size() > 32)
        return makeError(ErrorCode::InvalidInput, "a sealed secret is 1-128 bytes, its authorisation at most 32");
    const std::lock_guard lock(m_impl->mutex);
    auto session = m_impl->encryptedSession();
    if (!session) return session.error();
    sensitive.sensitive.userAuth.size = static_cast<UINT16>(auth.size());
    if (!auth.empty()) std::memcpy(sensitive.sensitive.userAuth.buffer, auth.data(), auth.size());
    sensitive.sensitive.data.size = static_cast<UINT16>(secret.size());
    std::memcpy(sensitive.sensitive.data.buffer, secret.data(), secret.size());
    const TPM2B_PUBLIC templ = sealedObjectTemplate(countFailures);
    CreationOutputs out;
    TPM2B_PRIVATE* outPrivate = nullptr;
    const TSS2_RC rc = Esys_Create(m_impl->esys, m_impl->storageKey, *session, ESYS_TR_NONE, ESYS_TR_NONE, &sensitive,
                                   &templ, &out.outside, &out.pcrs, &outPrivate, &out.outPublic, &out.creationData,
                                   &out.creationHash, &out.ticket);
    crypto::wipeMemory(&sensitive, sizeof sensitive);
    (void)Esys_FlushContext(m_impl->esys, *session);
    EsysPtr<TPM2B_PRIVATE> priv(outPrivate);
    const TPM2B_PUBLIC* pub = out.outPublic;
    if (rc != TSS2_RC_SUCCESS) return tpmError("sealing a secret", rc);
    crypto::Bytes blob(1 + sizeof(TPM2B_PUBLIC) + sizeof(TPM2B_PRIVATE));
    blob[0] = kBlobVersion;
    size_t offset = 1;
    if (Tss2_MU_TPM2B_PUBLIC_Marshal(pub, blob.data(), blob.size(), &offset) != TSS2_RC_SUCCESS ||
        Tss2_MU_TPM2B_PRIVATE_Marshal(priv.get(), blob.data(), blob.size(), &offset) != TSS2_RC_SUCCESS) {
        return makeError(ErrorCode::Internal, "cannot write a sealed blob");
    }
    blob.resize(offset);
    return blob;
}

Result<crypto::SecretBuffer> TpmDevice::unseal(std::span<const std::uint8_t> blob, std::span<const std::uint8_t> auth) {
    TPM2B_PUBLIC pub{};
    TPM2B_PRIVATE priv{};
    size_t offset = 1;
    if (blob.empty() || blob[0] != kBlobVersion || auth.size() > 32 ||
        Tss2_MU_TPM2B_PUBLIC_Unmarshal(blob.data(), blob.size(), &offset, &pub) != TSS2_RC_SUCCESS ||
        Tss2_MU_TPM2B_PRIVATE_Unmarshal(blob.data(), blob.size(), &offset, &priv) != TSS2_RC_SUCCESS ||
        offset != blob.size()) {
        return makeError(ErrorCode::InvalidInput, "not a sealed blob");
    }
    const std::lock_guard lock(m_impl->mutex);
    auto session = m_impl->encryptedSession();
    if (!session) return session.error();
    ESYS_CONTEXT* esys = m_impl->esys;
    ESYS_TR object = ESYS_TR_NONE;
    TSS2_RC rc =
        Esys_Load(esys, m_impl->storageKey, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE, &priv, &pub, &object);
    if (rc != TSS2_RC_SUCCESS) {
        (void)Esys_FlushContext(esys, *session);
        Error error = tpmError("loading a sealed blob", rc);
        if (error.code == ErrorCode::Io) return error;
        return makeError(ErrorCode::InvalidInput, error.message + " (damaged, or sealed by another TPM)");
    }
    TPM2B_AUTH value{};
    value.size = static_cast<UINT16>(auth.size());
    if (!auth.empty()) std::memcpy(value.buffer, auth.data(), auth.size());
    rc = Esys_TR_SetAuth(esys, object, &value);
    crypto::wipeMemory(&value, sizeof value);
    TPM2B_SENSITIVE_DATA* out = nullptr;
    if (rc == TSS2_RC_SUCCESS) rc = Esys_Unseal(esys, object, *session, ESYS_TR_NONE, ESYS_TR_NONE, &out);
    (void)Esys_FlushContext(esys, object);
    (void)Esys_FlushContext(esys, *session);
    if (rc != TSS2_RC_SUCCESS) return tpmError("unsealing", rc);
    crypto::SecretBuffer secret = crypto::SecretBuffer::copyOf({out->buffer, out->size});
    crypto::wipeMemory(out, sizeof *out);
    Esys_Free(out);
    return secret;
}

}  // namespace osm::kiosk::tpm
