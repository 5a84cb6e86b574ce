// sodium_free() zeroes the memory before unmapping it, so clear() needs no memzero of its own.
#include "crypto/secret_buffer.h"

#include "crypto/sodium_init.h"

#include <sodium.h>

#include <cstring>
#include <new>
#include <utility>

namespace osm::crypto {

SecretBuffer::SecretBuffer(std::size_t size) {
    if (size == 0) return;
    if (!initSodium()) throw std::bad_alloc();
    m_data = static_cast<std::uint8_t*>(sodium_malloc(size));
    if (m_data == nullptr) throw std::bad_alloc();
    sodium_memzero(m_data, size);
    m_size = size;
}

SecretBuffer::~SecretBuffer() { clear(); }

SecretBuffer::SecretBuffer(SecretBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)) {}

SecretBuffer& SecretBuffer::operator=(SecretBuffer&& other) noexcept {
    if (this != &other) {
        clear();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecretBuffer SecretBuffer::copyOf(std::span<const std::uint8_t> bytes) {
    SecretBuffer buffer(bytes.size());
    if (!bytes.empty()) std::memcpy(buffer.data(), bytes.data(), bytes.size());
    return buffer;
}

void SecretBuffer::clear() {
    if (m_data != nullptr) sodium_free(m_data);
    m_data = nullptr;
    m_size = 0;
}

void wipe(std::string& text) {
    if (!text.empty()) sodium_memzero(text.data(), text.size());
    text.clear();
    text.shrink_to_fit();
}

void wipe(std::vector<std::uint8_t>& bytes) {
    if (!bytes.empty()) sodium_memzero(bytes.data(), bytes.size());
    bytes.clear();
    bytes.shrink_to_fit();
}

void wipeMemory(void* data, std::size_t size) {
    if (data && size > 0) sodium_memzero(data, size);
}

}  // namespace osm::crypto
