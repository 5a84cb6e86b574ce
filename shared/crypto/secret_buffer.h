// SecretBuffer: move-only bytes in sodium_malloc'd memory (guard pages, mlock'd, excluded
// from core dumps where the OS allows), wiped when destroyed or cleared.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace osm::crypto {

class SecretBuffer {
public:
    SecretBuffer() = default;
    // Allocates `size` zeroed bytes; throws std::bad_alloc when sodium_malloc fails.
    explicit SecretBuffer(std::size_t size);
    ~SecretBuffer();

    SecretBuffer(SecretBuffer&& other) noexcept;
    SecretBuffer& operator=(SecretBuffer&& other) noexcept;
    SecretBuffer(const SecretBuffer&) = delete;
    SecretBuffer& operator=(const SecretBuffer&) = delete;

    static SecretBuffer copyOf(std::span<const std::uint8_t> bytes);

    std::uint8_t* data() { return m_data; }
    const std::uint8_t* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    std::span<const std::uint8_t> bytes() const { return {m_data, m_size}; }

    // Wipes and frees the memory now; the buffer becomes empty.
    void clear();

private:
    std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
};

// Overwrites a string's characters with zeros (in a way the compiler cannot drop) and empties
// it, for plaintext that must not linger in freed memory.
void wipe(std::string& text);
void wipe(std::vector<std::uint8_t>& bytes);
// Overwrites `size` bytes at `data` with zeros (for a library's structs that held a secret).
void wipeMemory(void* data, std::size_t size);

}  // namespace osm::crypto
