// QR codes for the links a terminal cannot open (Silta's instructions): the text encoded with
// libqrencode into a matrix of modules that a view draws. No ImGui here; thread-safe (each call
// has its own encoder state).
#pragma once

#include "core/result.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace osm::kiosk {

// A QR symbol's modules, row by row, without the quiet zone around it (the drawer adds that).
class QrMatrix {
public:
    QrMatrix() = default;
    QrMatrix(int size, std::vector<std::uint8_t> dark) : m_size(size), m_dark(std::move(dark)) {}

    int size() const { return m_size; }  // modules on a side (21 for version 1, +4 a version)
    bool dark(int x, int y) const { return m_dark[static_cast<std::size_t>(y * m_size + x)] != 0; }

private:
    int m_size = 0;
    std::vector<std::uint8_t> m_dark;
};

// The white border a reader needs around the symbol, in modules (ISO/IEC 18004).
constexpr int kQrQuietZone = 4;

// Encodes `text` (bytes, 8-bit mode) at error-correction level M, in the smallest version that
// holds it. InvalidInput when the text is empty, holds a NUL or is too long for a QR code.
Result<QrMatrix> encodeQr(std::string_view text);

// The matrix as a grey image with the quiet zone, `scale` pixels a module: 0 dark, 255 light,
// row by row, (size + 2 * quiet zone) * scale pixels on a side. What a test hands to a decoder.
std::vector<std::uint8_t> qrImage(const QrMatrix& matrix, int scale);

}  // namespace osm::kiosk
